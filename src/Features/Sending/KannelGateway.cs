using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// Submits through Kannel's smsbox (<c>GET /cgi-bin/sendsms</c>): UCS-2 with the text in UTF-8 (without <c>charset</c>
/// Chinese arrives garbled, without <c>coding=2</c> as question marks), every report but "buffered" asked for, and a
/// <c>dlr-url</c> back to the console that carries the message's own id and the callback secret. The status comes
/// from bearerbox's admin <c>status.xml</c>.
/// </summary>
public sealed class KannelGateway(IHttpClientFactory clients, IOptions<KannelOptions> options) : ISmsGateway
{
    public const string ClientName = "kannel";

    /// <summary>Delivered (1), undelivered (2), accepted by the SMSC (8), rejected by the SMSC (16).</summary>
    public const int DlrMask = 1 | 2 | 8 | 16;

    private const string AuthorizationFailed = "Authorization failed";

    public async Task<SubmitOutcome> SubmitAsync(OutgoingSms sms, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.IsConfigured)
        {
            return SubmitOutcome.RetryLater(ResultCodes.NoGateway);
        }

        var client = clients.CreateClient(ClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        try
        {
            // A request without a body that the server closes before answering is sent again by SocketsHttpHandler, which
            // takes the close for an idle connection's time-out; smsbox may have taken the message the first time. With
            // an empty body it gives up instead, and the outcome is in doubt.
            using var request = new HttpRequestMessage(HttpMethod.Get, SendUrl(o, sms)) { Content = new ByteArrayContent([]) };
            using var response = await client.SendAsync(request, timeout.Token);
            var body = (await response.Content.ReadAsStringAsync(timeout.Token)).Trim();
            return Classify((int)response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return SubmitOutcome.InDoubt(ResultCodes.NoAnswer(o.TimeoutSeconds));
        }
        catch (HttpRequestException e)
        {
            return Classify(e);
        }
    }

    /// <summary>
    /// A request that failed on its way: when no connection was made smsbox never saw it (retry later); once one was,
    /// it may have taken the message before the answer was lost (in doubt).
    /// </summary>
    public static SubmitOutcome Classify(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => SubmitOutcome.RetryLater(ResultCodes.ConnectionRefused),
        HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError => SubmitOutcome.RetryLater(e.Message),
        _ => SubmitOutcome.InDoubt(e.Message),
    };

    /// <summary>
    /// smsbox's answer as a verdict: 202 (or 200) "0: Accepted for delivery" / "3: Queued for later delivery" is taken;
    /// another 4xx (403 "Not routable. Do not try again.", 400 a bad request) is final; 5xx, 408 and 429 mean later.
    /// 403 "Authorization failed for sendsms" means later too: smsbox 1.4.5 opens its sendsms port before it reads its
    /// sendsms-users (gw/smsbox.c main: init_smsbox, then urltrans_add_cfg), so a request in that gap is refused
    /// unsent; a password that is truly wrong fails each message once its attempts run out, with this reason.
    /// </summary>
    public static SubmitOutcome Classify(int status, string body)
    {
        var reason = SendMessage.CutResult(body);
        return status switch
        {
            (int)HttpStatusCode.OK or (int)HttpStatusCode.Accepted => SubmitOutcome.Accepted(reason),
            (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests => SubmitOutcome.RetryLater(reason.Length > 0 ? reason : $"HTTP {status}"),
            (int)HttpStatusCode.Forbidden when reason.StartsWith(AuthorizationFailed, StringComparison.Ordinal) => SubmitOutcome.RetryLater(reason),
            >= 400 and < 500 => SubmitOutcome.Refused(reason.Length > 0 ? reason : $"HTTP {status}"),
            _ => SubmitOutcome.RetryLater(reason.Length > 0 ? $"HTTP {status}: {reason}" : $"HTTP {status}"),
        };
    }

    public static string SendUrl(KannelOptions o, OutgoingSms sms)
    {
        var dlrUrl = GatewayCallbacks.DeliveryReportUrl(o, sms.AccountId, sms.MessageId);
        var url = new StringBuilder(o.SendSmsUrl)
            .Append(o.SendSmsUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?')
            .Append("username=").Append(Uri.EscapeDataString(o.User))
            .Append("&password=").Append(Uri.EscapeDataString(o.Password))
            .Append("&from=").Append(Uri.EscapeDataString(o.From))
            .Append("&to=").Append(Uri.EscapeDataString(sms.Mobile))
            .Append("&text=").Append(Uri.EscapeDataString(sms.Text))
            .Append("&coding=2&charset=UTF-8")
            .Append("&dlr-mask=").Append(DlrMask.ToString(CultureInfo.InvariantCulture))
            .Append("&dlr-url=").Append(Uri.EscapeDataString(dlrUrl));
        return url.ToString();
    }

    public async Task<GatewayStatus> StatusAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.IsConfigured || o.StatusUrl.Length == 0)
        {
            return new GatewayStatus(false, false, "not configured");
        }

        try
        {
            var client = clients.CreateClient(ClientName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var url = $"{o.StatusUrl}{(o.StatusUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?')}password={Uri.EscapeDataString(o.StatusPassword)}";
            var xml = await client.GetStringAsync(url, timeout.Token);
            return ReadStatus(xml);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Xml.XmlException && !ct.IsCancellationRequested)
        {
            return new GatewayStatus(true, false, e.Message);
        }
    }

    /// <summary>
    /// Connected when the status lists an SMS box and at least one SMSC online (a gateway with several SMSCs still sends
    /// while one reconnects); the others' states are in the detail.
    /// </summary>
    public static GatewayStatus ReadStatus(string xml)
    {
        var doc = XDocument.Parse(xml);
        var smsbox = doc.Descendants("box").Any(b => (string?)b.Element("type") == "smsbox");
        var smscs = doc.Descendants("smsc").Select(s => (Id: (string?)s.Element("id") ?? "", Status: ((string?)s.Element("status") ?? "").Trim())).ToList();
        var offline = smscs.Where(s => !s.Status.StartsWith("online", StringComparison.Ordinal)).Select(s => $"{s.Id} {s.Status}").ToList();
        var connected = smsbox && smscs.Count > offline.Count;
        var detail = !smsbox ? "no smsbox connected" : smscs.Count == 0 ? "no SMSC configured" : offline.Count > 0 ? $"not online: {string.Join(", ", offline)}" : "online";
        return new GatewayStatus(true, connected, detail);
    }
}
