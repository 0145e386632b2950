namespace KooMessage.Console.Features.Events;

/// <summary>
/// An event on its way to the store, as a producer hands it to <see cref="IEventSink"/>. Times are UTC.
/// <see cref="Problem"/> is checked before the event enters the channel, so the writer never meets a malformed one.
/// </summary>
public sealed record EventRecord(Guid AccountId, EventKind Kind, DateTime OccurredAt)
{
    public string? ExternalId { get; init; }

    public string? TemplateId { get; init; }

    public string? LinkCode { get; init; }

    public string? ServiceNumber { get; init; }

    public string? MenuItem { get; init; }

    public string? Vendor { get; init; }

    /// <summary>A menu click's action (OPEN_URL, CALLING, …), filled in by the menus module.</summary>
    public string? MenuAction { get; init; }

    /// <summary>Whether the event is billed, where its kind does not say by itself (a menu click, by the menu's PV rule).</summary>
    public bool? Billed { get; init; }

    public string? NumberHash { get; init; }

    /// <summary>The resolve host's first-party visitor id (its cookie), for visits.</summary>
    public string? VisitorId { get; init; }

    public string? Agent { get; init; }

    public bool IsBot { get; init; }

    /// <summary>Not stored: what the producer tells the <see cref="IEventBatchHandler"/> of its kind (e.g. a gateway's own words).</summary>
    public string? Detail { get; init; }

    /// <summary>What makes this event unfit for the store (for the log; the ingestion endpoint tells pushers in their language), or null.</summary>
    public string? Problem()
    {
        if (AccountId == Guid.Empty)
        {
            return "no account";
        }

        if (!Enum.IsDefined(Kind))
        {
            return $"unknown kind {(int)Kind}";
        }

        if (OccurredAt.Kind != DateTimeKind.Utc)
        {
            return "time not in UTC";
        }

        return TooLong(ExternalId, PlatformEvent.ExternalIdMax, "external id")
            ?? TooLong(TemplateId, PlatformEvent.SubjectMax, "template id")
            ?? TooLong(LinkCode, PlatformEvent.SubjectMax, "link code")
            ?? TooLong(ServiceNumber, PlatformEvent.SubjectMax, "service number")
            ?? TooLong(MenuItem, PlatformEvent.SubjectMax, "menu item")
            ?? TooLong(Vendor, PlatformEvent.VendorMax, "vendor")
            ?? TooLong(MenuAction, PlatformEvent.MenuActionMax, "menu action")
            ?? TooLong(NumberHash, PlatformEvent.NumberHashMax, "number hash")
            ?? TooLong(VisitorId, PlatformEvent.VisitorIdMax, "visitor id")
            ?? TooLong(Agent, PlatformEvent.AgentMax, "agent");
    }

    private static string? TooLong(string? value, int max, string what) =>
        value is { Length: var n } && n > max ? $"{what} longer than {max}" : null;
}

/// <summary>The kinds' names on the wire (<c>"kind": "menu_click"</c>).</summary>
public static class EventKinds
{
    private static readonly Dictionary<string, EventKind> ByName = new(StringComparer.Ordinal)
    {
        ["resolve"] = EventKind.Resolve,
        ["visit"] = EventKind.Visit,
        ["send"] = EventKind.Send,
        ["delivery_report"] = EventKind.DeliveryReport,
        ["exposure"] = EventKind.Exposure,
        ["click"] = EventKind.Click,
        ["menu_click"] = EventKind.MenuClick,
    };

    /// <summary>What vendors' platforms push; the others the console records itself.</summary>
    public static readonly IReadOnlySet<EventKind> Pushed = new HashSet<EventKind> { EventKind.Exposure, EventKind.Click, EventKind.MenuClick };

    public static bool TryParse(string? name, out EventKind kind) => ByName.TryGetValue(name ?? "", out kind);

    public static string NameOf(EventKind kind) => ByName.First(p => p.Value == kind).Key;
}
