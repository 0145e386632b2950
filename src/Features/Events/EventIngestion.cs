using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Web;
using KooMessage.Console.Features.ApiKeys;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Identity;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Events;

/// <summary>One pushed event as the endpoint reads it (snake_case, as KooMessage's API names fields).</summary>
public sealed class PushedEvent
{
    [JsonPropertyName("event_id")]
    public string? EventId { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>ISO 8601 with an offset, e.g. <c>2026-11-29T16:00:00+08:00</c>.</summary>
    [JsonPropertyName("time")]
    [JsonConverter(typeof(OffsetTimeConverter))]
    public DateTimeOffset? Time { get; set; }

    [JsonPropertyName("tpl_id")]
    public string? TemplateId { get; set; }

    [JsonPropertyName("link_code")]
    public string? LinkCode { get; set; }

    [JsonPropertyName("service_number")]
    public string? ServiceNumber { get; set; }

    [JsonPropertyName("menu_item")]
    public string? MenuItem { get; set; }

    [JsonPropertyName("vendor")]
    public string? Vendor { get; set; }

    [JsonPropertyName("number_hash")]
    public string? NumberHash { get; set; }
}

/// <summary>
/// Reads <c>time</c> as ISO 8601 with its offset (<c>Z</c> or ±hh:mm). A time without one would be read in the server's
/// zone, so it, like anything that is not a time, reads as <see cref="DateTimeOffset.MinValue"/>: outside the window
/// the endpoint accepts, so the event is refused with the time's own message rather than stored at a guessed time.
/// </summary>
public sealed partial class OffsetTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        return reader.TokenType == JsonTokenType.String && reader.GetString() is { } text && WithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : DateTimeOffset.MinValue;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteStringValue(time);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T[^+\-Zz]+(?:[Zz]|[+\-]\d{2}:?\d{2})$")]
    private static partial Regex WithOffset();
}

/// <summary>The answer: how many events entered the store's channel, and each refused one with its place and reason.</summary>
public sealed record IngestionAnswer(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] IReadOnlyList<RejectedEvent> Rejected);

/// <summary>What <see cref="EventIngestion.IngestAsync"/> came to; <paramref name="Stopped"/> when the console stopped taking events part way.</summary>
public sealed record IngestionOutcome(IngestionAnswer Answer, bool Stopped);

public sealed record RejectedEvent(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("event_id")] string? EventId,
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("error_msg")] string ErrorMsg);

/// <summary>
/// <c>POST /api/events</c>: vendors' platforms (through the account's integration) push exposures, card clicks and
/// menu clicks with an account API key. Each event is checked on its own (a bad one is named, the others go on),
/// its subject must be the account's own (<see cref="IEventSubjectCheck"/>), and the accepted ones enter the store's
/// channel before the answer (202); the writer stores each event id once per account.
/// </summary>
public sealed class EventIngestion(
    ApiKeyAuthenticator keys,
    IEventSink sink,
    IEnumerable<IEventSubjectCheck> checks,
    IEnumerable<IEventCompletion> completions,
    IEnumerable<OwnEventIdPrefix> ownIds,
    KeyRefusals refusals,
    IOptions<EventOptions> options,
    IOptions<ConsoleOptions> console,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public const string InvalidKey = "KMC.00000401";
    public const string TooLarge = "KMC.00000413";
    public const string Stopping = "KMC.00000503";

    /// <summary>KooMessage: 模板ID为空.</summary>
    public const string TemplateMissing = "KM.00001081";

    /// <summary>KooMessage: 模板不存在 (also for another account's template: its existence is not told).</summary>
    public const string TemplateNotFound = "KM.00001478";

    /// <summary>KooMessage: 参数对象集合为空.</summary>
    public const string EmptyBatch = "KM.90016415";

    /// <summary>A subject no module can check yet (links, service numbers before their modules land).</summary>
    public const string SubjectUnverifiable = "KMC.00000422";

    public const int MaxBodyBytes = 256 * 1024;
    public static readonly TimeSpan MaxFuture = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    private static readonly IReadOnlyList<string> Vendors = [.. Enum.GetValues<Vendor>().Select(v => v.ToString().ToUpperInvariant())];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var culture = ConsoleLocalization.FromAcceptLanguage(context.Request.Headers.AcceptLanguage, console.Value.DefaultCulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;

        var address = SignInRateLimits.ClientKey(context.Connection.RemoteIpAddress);
        if (refusals.Exhausted(address))
        {
            context.Response.Headers.RetryAfter = "60";
            return Error(EventRateLimitPolicy.TooManyRequests, l["Events.TooManyRequests"], StatusCodes.Status429TooManyRequests);
        }

        if (await keys.AuthenticateAsync(context.Request.Headers.Authorization, ct) is not { } caller)
        {
            refusals.Refused(address);
            context.Response.Headers.WWWAuthenticate = ApiKeySecrets.Scheme;
            return Error(InvalidKey, l["Events.InvalidKey"], StatusCodes.Status401Unauthorized);
        }

        if (!caller.Can(Permission.EventIngest))
        {
            return new KmError(ErrorCodes.Unauthorized, l["Events.RoleCannotPush", l[$"Role.{caller.Role}"]]).ToHttpResult();
        }

        if (caller.AccountFrozen)
        {
            return new KmError(ErrorCodes.AccountFrozen, l["Errors.AccountFrozen"]).ToHttpResult();
        }

        var body = await ReadAsync(context.Request, ct);
        if (body is null)
        {
            return Error(TooLarge, l["Events.TooLarge", MaxBodyBytes / 1024], StatusCodes.Status413PayloadTooLarge);
        }

        List<JsonElement> items;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                return new KmError(ErrorCodes.InvalidParameter, l["Events.NotJson"]).ToHttpResult();
            }

            items = document.RootElement.ValueKind == JsonValueKind.Object
                ? [document.RootElement.Clone()]
                : [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
        }
        catch (JsonException)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Events.NotJson"]).ToHttpResult();
        }

        if (items.Count == 0)
        {
            return new KmError(EmptyBatch, l["Events.Empty"]).ToHttpResult();
        }

        if (items.Count > options.Value.MaxEventsPerRequest)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Events.TooMany", options.Value.MaxEventsPerRequest]).ToHttpResult();
        }

        var pushed = new List<PushedEvent?>(items.Count);
        foreach (var item in items)
        {
            try
            {
                pushed.Add(item.ValueKind == JsonValueKind.Object ? item.Deserialize<PushedEvent>(Json) : null);
            }
            catch (JsonException)
            {
                pushed.Add(null);
            }
        }

        var outcome = await IngestAsync(caller.AccountId, pushed, ct);
        if (outcome.Stopped)
        {
            return Error(Stopping, l["Events.Stopping", outcome.Answer.Accepted], StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Json(outcome.Answer, statusCode: outcome.Answer.Accepted > 0 ? StatusCodes.Status202Accepted : StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// The endpoint's work after the caller is known: each event checked on its own (null: not an event), its subjects
    /// asked of their modules, completed by its kind's module, and handed to the store's channel. The demo data pushes
    /// its menu clicks through here too. <see cref="IngestionOutcome.Stopped"/>: the console is stopping, and only the
    /// events counted as accepted entered the channel.
    /// </summary>
    public async Task<IngestionOutcome> IngestAsync(Guid accountId, IReadOnlyList<PushedEvent?> pushed, CancellationToken ct)
    {
        var rejected = new List<RejectedEvent>();
        var valid = new List<(int Index, EventRecord Event)>();
        var now = clock.GetUtcNow();
        for (var i = 0; i < pushed.Count; i++)
        {
            if (pushed[i] is not { } p)
            {
                rejected.Add(new RejectedEvent(i, null, ErrorCodes.InvalidParameter, l["Events.NotAnEvent"]));
                continue;
            }

            var result = Check(p, accountId, now);
            if (result.Error is { } error)
            {
                rejected.Add(new RejectedEvent(i, p.EventId, error.Code, error.Message));
            }
            else
            {
                valid.Add((i, result.Value));
            }
        }

        var owned = await OwnedSubjectsAsync(accountId, valid.Select(v => v.Event), ct);
        var ready = new List<(int Index, EventRecord Event)>(valid.Count);
        foreach (var (index, e) in valid)
        {
            if (SubjectError(e, owned) is { } error)
            {
                rejected.Add(new RejectedEvent(index, e.ExternalId, error.Code, error.Message));
            }
            else
            {
                ready.Add((index, e));
            }
        }

        foreach (var completion in completions)
        {
            var positions = Enumerable.Range(0, ready.Count).Where(i => ready[i].Event.Kind == completion.Kind).ToList();
            if (positions.Count > 0)
            {
                var completed = await completion.CompleteAsync(accountId, [.. positions.Select(i => ready[i].Event)], ct);
                for (var k = 0; k < positions.Count; k++)
                {
                    ready[positions[k]] = (ready[positions[k]].Index, completed[k]);
                }
            }
        }

        var accepted = 0;
        foreach (var (_, e) in ready)
        {
            try
            {
                await sink.WriteAsync(e, ct);
                accepted++;
            }
            catch (ChannelClosedException)
            {
                // The console is stopping: what entered the channel is written; the pusher retries the rest (ids make it safe).
                return new IngestionOutcome(new IngestionAnswer(accepted, rejected), Stopped: true);
            }
        }

        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new IngestionOutcome(new IngestionAnswer(accepted, rejected), Stopped: false);
    }

    /// <summary>The event's own checks (fields, limits, time window), before its subject's owner is asked.</summary>
    private Result<EventRecord> Check(PushedEvent p, Guid accountId, DateTimeOffset now)
    {
        var eventId = p.EventId?.Trim();
        if (string.IsNullOrEmpty(eventId))
        {
            return Required("Events.Field.EventId");
        }

        if (eventId.Length > PlatformEvent.ExternalIdMax)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.Length", l["Events.Field.EventId"], 1, PlatformEvent.ExternalIdMax]);
        }

        if (ownIds.FirstOrDefault(o => eventId.StartsWith(o.Prefix, StringComparison.OrdinalIgnoreCase)) is { } own)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Events.OwnEventId", own.Prefix]);
        }

        if (!EventKinds.TryParse(p.Kind?.Trim(), out var kind) || !EventKinds.Pushed.Contains(kind))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Events.BadKind", p.Kind ?? ""]);
        }

        if (p.Time is not { } time)
        {
            return Required("Events.Field.Time");
        }

        if (time > now + MaxFuture || time < now - MaxAge)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Events.BadTime", (int)MaxAge.TotalDays]);
        }

        var template = Blank(p.TemplateId);
        var service = Blank(p.ServiceNumber);
        var menu = Blank(p.MenuItem);
        if (kind is EventKind.Exposure or EventKind.Click)
        {
            if (template is null)
            {
                return new KmError(TemplateMissing, l["Events.TemplateMissing"]);
            }

            if (template.Length != Templates.AimTemplate.TplIdLength || !template.All(char.IsAsciiDigit))
            {
                return new KmError(ErrorCodes.InvalidParameter, l["Events.BadTemplateId"]);
            }
        }
        else
        {
            if (service is null)
            {
                return Required("Events.Field.ServiceNumber");
            }

            if (menu is null)
            {
                return Required("Events.Field.MenuItem");
            }
        }

        var link = Blank(p.LinkCode);
        foreach (var (value, field) in new[] { (service, "Events.Field.ServiceNumber"), (menu, "Events.Field.MenuItem"), (link, "Events.Field.LinkCode") })
        {
            if (value is { Length: > PlatformEvent.SubjectMax })
            {
                return new KmError(ErrorCodes.InvalidParameter, l["Validation.MaxLength", l[field], PlatformEvent.SubjectMax]);
            }
        }

        var vendor = Blank(p.Vendor)?.ToUpperInvariant();
        if (vendor is not null && !Vendors.Contains(vendor))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Events.BadVendor", string.Join(", ", Vendors)]);
        }

        var hash = Blank(p.NumberHash)?.ToLowerInvariant();
        if (hash is not null && (hash.Length is not (40 or 64) || !hash.All(char.IsAsciiHexDigitLower)))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Events.BadNumberHash"]);
        }

        return new EventRecord(accountId, kind, time.UtcDateTime)
        {
            ExternalId = eventId,
            TemplateId = template,
            LinkCode = link,
            ServiceNumber = service,
            MenuItem = menu,
            Vendor = vendor,
            NumberHash = hash,
        };
    }

    private KmError Required(string field) => new(ErrorCodes.InvalidParameter, l["Validation.Required", l[field]]);

    private async Task<Dictionary<EventSubject, IReadOnlySet<string>>> OwnedSubjectsAsync(Guid accountId, IEnumerable<EventRecord> events, CancellationToken ct)
    {
        var named = events.SelectMany(Subjects).GroupBy(s => s.Subject, s => s.Id).ToList();
        var owned = new Dictionary<EventSubject, IReadOnlySet<string>>();
        foreach (var group in named)
        {
            if (checks.FirstOrDefault(c => c.Subject == group.Key) is { } check)
            {
                owned[group.Key] = await check.OwnedAsync(accountId, [.. group.Distinct(StringComparer.Ordinal)], ct);
            }
        }

        return owned;
    }

    private KmError? SubjectError(EventRecord e, Dictionary<EventSubject, IReadOnlySet<string>> owned)
    {
        foreach (var (subject, id) in Subjects(e))
        {
            if (!owned.TryGetValue(subject, out var ids))
            {
                return new KmError(SubjectUnverifiable, l["Events.SubjectUnverifiable", l[$"Events.Subject.{subject}"]]);
            }

            if (!ids.Contains(id))
            {
                return subject == EventSubject.Template
                    ? new KmError(TemplateNotFound, l["Events.TemplateNotFound", id])
                    : new KmError(ErrorCodes.NotFound, l["Events.SubjectNotFound", l[$"Events.Subject.{subject}"], id]);
            }
        }

        return null;
    }

    private static IEnumerable<(EventSubject Subject, string Id)> Subjects(EventRecord e)
    {
        if (e.TemplateId is { } template)
        {
            yield return (EventSubject.Template, template);
        }

        if (e.LinkCode is { } link)
        {
            yield return (EventSubject.LinkCode, link);
        }

        if (e.ServiceNumber is { } service)
        {
            yield return (EventSubject.ServiceNumber, service);
            if (e.MenuItem is { } menu)
            {
                yield return (EventSubject.MenuItem, MenuItemSubject(service, menu));
            }
        }
    }

    /// <summary>How a menu item is named to its module: it is one service number's (<c>service_number/menu_item</c>).</summary>
    public static string MenuItemSubject(string serviceNumber, string menuItem) => $"{serviceNumber}/{menuItem}";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The body, or null when it exceeds <see cref="MaxBodyBytes"/> (read no further).</summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<ResultHttp.ErrorBody> Error(string code, string message, int status) =>
        TypedResults.Json(new ResultHttp.ErrorBody(code, message), statusCode: status);
}
