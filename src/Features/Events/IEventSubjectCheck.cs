namespace KooMessage.Console.Features.Events;

/// <summary>What a pushed event may name, each checked by the module that owns such things.</summary>
public enum EventSubject
{
    /// <summary>tpl_id: the templates module.</summary>
    Template,

    /// <summary>A short link's code: the short-link module (not yet registered: such events are refused until it is).</summary>
    LinkCode,

    /// <summary>A service number: the service-number module.</summary>
    ServiceNumber,

    /// <summary>A menu item of a service number, named <c>service_number/menu_item</c>: the menus module.</summary>
    MenuItem,
}

/// <summary>
/// A module's answer to "does this account own these?", for the ingestion endpoint: one call per subject kind and
/// request, so a batch of 100 events costs one query per kind. A subject kind with no registered check is refused
/// (fail closed), so an event can never name what nobody verified.
/// </summary>
public interface IEventSubjectCheck
{
    EventSubject Subject { get; }

    /// <summary>Which of <paramref name="ids"/> belong to <paramref name="accountId"/>; anything else (another account's, unknown) is left out.</summary>
    Task<IReadOnlySet<string>> OwnedAsync(Guid accountId, IReadOnlyCollection<string> ids, CancellationToken ct);
}

/// <summary>
/// What only a subject's module knows about a pushed event, added after its subjects are checked and before it is
/// stored (a menu click's action and whether it is billed). One call per kind and request.
/// </summary>
public interface IEventCompletion
{
    EventKind Kind { get; }

    /// <summary><paramref name="events"/> completed, in the same order (each one's subjects are the account's).</summary>
    Task<IReadOnlyList<EventRecord>> CompleteAsync(Guid accountId, IReadOnlyList<EventRecord> events, CancellationToken ct);
}

/// <summary>
/// The start of the event ids a module gives the events the console records itself (sends, delivery reports), which
/// share the store's one (account, event id) key with pushed events: a pushed event may not use one, or it would be
/// stored in that event's place and the real one dropped as a repeat. A module registers its own.
/// </summary>
public sealed record OwnEventIdPrefix(string Prefix);
