using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using KooMessage.Console.Features.Events;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// Kannel's calls back to the console: <c>{prefix}/{secret}/dlr</c> (a delivery report, on the <c>dlr-url</c> each
/// message carries) and <c>{prefix}/{secret}/mo</c> (a reply, smsbox's <c>sms-service get-url</c>, written by
/// <c>scripts/gateway.sh</c>). Only the gateway
/// knows the secret; a request without it (compared in constant time) is answered 404 like any unknown path. A report
/// is handed to the event store's channel and answered at once; the writer applies it to the message.
/// </summary>
public sealed partial class GatewayCallbacks(IOptions<KannelOptions> options, IEventSink sink, ReplyHandler replies, TimeProvider clock, ILogger<GatewayCallbacks> logger)
{
    public const string Prefix = "/gateway/kannel";
    public const string DlrAction = "dlr";
    public const string MoAction = "mo";

    public static string DeliveryReportUrl(KannelOptions o, Guid accountId, Guid messageId) =>
        $"{o.CallbackBaseUrl.TrimEnd('/')}{Prefix}/{o.CallbackSecret}/{DlrAction}?a={accountId:N}&m={messageId:N}&t=%d&at=%T&r=%A";

    /// <summary>The report's event id: one per message and report type, so a repeated report is stored (and applied) once.</summary>
    public static string ReportEventId(Guid messageId, int type) => $"{ReportIdPrefix}{messageId:N}:{type.ToString(CultureInfo.InvariantCulture)}";

    public static string SendEventId(Guid messageId) => $"{SendIdPrefix}{messageId:N}";

    /// <summary>The console's own event ids (<see cref="OwnEventIdPrefix"/>): no pushed event may start with these.</summary>
    public const string ReportIdPrefix = "dlr:";

    public const string SendIdPrefix = "send:";

    /// <summary>The action a request names with the right secret, or null when it is not a gateway callback.</summary>
    public string? Match(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (!path.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = path[(Prefix.Length + 1)..].Split('/');
        var secret = options.Value.CallbackSecret;
        if (parts.Length != 2 || secret.Length == 0 || !SameSecret(parts[0], secret))
        {
            return null;
        }

        return parts[1] is DlrAction or MoAction ? parts[1] : null;
    }

    public static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    public async Task<IResult> HandleAsync(HttpContext context, string action)
    {
        var q = context.Request.Query;
        if (action == MoAction)
        {
            await replies.HandleAsync(q["from"].ToString(), ReplyText(context.Request.QueryString.Value, q["coding"].ToString(), q["charset"].ToString()), context.RequestAborted);
            return TypedResults.Text("", statusCode: StatusCodes.Status200OK);
        }

        if (!Guid.TryParseExact(q["a"].ToString(), "N", out var account) || !Guid.TryParseExact(q["m"].ToString(), "N", out var message)
            || !int.TryParse(q["t"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var type))
        {
            LogMalformed(context.Request.QueryString.Value ?? "");
            return TypedResults.BadRequest();
        }

        var now = clock.GetUtcNow();
        // The SMSC's time when it is a plausible one (the last three days), else the time the report came.
        var at = long.TryParse(q["at"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            && unix <= now.ToUnixTimeSeconds() && unix > now.AddDays(-3).ToUnixTimeSeconds() ? DateTimeOffset.FromUnixTimeSeconds(unix) : now;
        var answer = q["r"].ToString();
        try
        {
            await sink.WriteAsync(
                new EventRecord(account, EventKind.DeliveryReport, at.UtcDateTime)
                {
                    ExternalId = ReportEventId(message, type),
                    Detail = SendMessage.CutResult(answer),
                },
                context.RequestAborted);
        }
        catch (ChannelClosedException)
        {
            // Stopping: Kannel keeps the report and calls again (http-request-retry).
            return TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Text("ok");
    }

    /// <summary>
    /// A reply's text from its raw bytes (<c>%b</c>): Kannel passes UCS-2 (coding 2) as UTF-16BE bytes, other text in its
    /// charset (UTF-8 when none is named, which also reads plain ASCII).
    /// </summary>
    public static string ReplyText(string? rawQuery, string coding, string charset)
    {
        var raw = (rawQuery ?? "").TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .FirstOrDefault(p => p.Length == 2 && p[0] == "text")?[1] ?? "";
        var bytes = System.Net.WebUtility.UrlDecodeToBytes(Encoding.ASCII.GetBytes(raw), 0, raw.Length) ?? [];
        if (coding == "2")
        {
            return Encoding.BigEndianUnicode.GetString(bytes);
        }

        try
        {
            return (charset.Length > 0 ? Encoding.GetEncoding(charset) : Encoding.UTF8).GetString(bytes);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8.GetString(bytes);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery report with the right secret but unreadable parameters: {Query}")]
    private partial void LogMalformed(string query);
}

/// <summary>Puts the gateway's callbacks ahead of the console's middleware (no culture, sign-in, gates or antiforgery).</summary>
public static class GatewayCallbackPipeline
{
    public static IApplicationBuilder UseGatewayCallbacks(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var callbacks = context.RequestServices.GetRequiredService<GatewayCallbacks>();
            if (callbacks.Match(context.Request) is not { } action)
            {
                await next();
                return;
            }

            var result = await callbacks.HandleAsync(context, action);
            await result.ExecuteAsync(context);
        });
}
