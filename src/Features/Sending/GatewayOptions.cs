namespace KooMessage.Console.Features.Sending;

/// <summary>
/// The <c>Gateway:Kannel</c> section: where smsbox takes <c>sendsms</c> requests, where bearerbox's admin status
/// answers, and how Kannel reaches the console back (delivery reports, replies). Empty <see cref="SendSmsUrl"/> means no
/// gateway is configured: the console starts, and sending says so. <c>scripts/gateway.sh start</c> prints these settings.
/// </summary>
public sealed class KannelOptions
{
    public const string Section = "Gateway:Kannel";

    /// <summary>smsbox's sendsms address, e.g. <c>http://127.0.0.1:13013/cgi-bin/sendsms</c>.</summary>
    public string SendSmsUrl { get; set; } = "";

    public string User { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>bearerbox's admin <c>status.xml</c>, e.g. <c>http://127.0.0.1:13000/status.xml</c>.</summary>
    public string StatusUrl { get; set; } = "";

    public string StatusPassword { get; set; } = "";

    /// <summary>The console's own address as Kannel reaches it, e.g. <c>http://127.0.0.1:5000</c>.</summary>
    public string CallbackBaseUrl { get; set; } = "";

    /// <summary>Kannel names it in every callback's path; a callback without it is refused.</summary>
    public string CallbackSecret { get; set; } = "";

    /// <summary>The sender address (通道号) messages go out from.</summary>
    public string From { get; set; } = "10690000";

    /// <summary>How long one sendsms request may take before it counts as "retry later".</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>sendsms requests in flight at once (smsbox answers each on its own thread).</summary>
    public int Concurrency { get; set; } = 50;

    public bool IsConfigured => SendSmsUrl.Length > 0 && CallbackBaseUrl.Length > 0 && CallbackSecret.Length > 0;
}

/// <summary>The <c>Sending</c> section: how the dispatcher takes a task's rows through the gateway.</summary>
public sealed class SendingOptions
{
    public const string Section = "Sending";

    /// <summary>Rows claimed (written Submitting) at once, and answers recorded at most in one transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Batches claimed and not yet recorded at most: the next is claimed while earlier ones are in flight. A crash leaves
    /// at most <see cref="BatchSize"/> × this many rows unknown.
    /// </summary>
    public int Window { get; set; } = 2;

    /// <summary>The first retry waits this long; each further one twice as long, up to <see cref="RetryMaxMs"/>.</summary>
    public int RetryBaseMs { get; set; } = 1_000;

    public int RetryMaxMs { get; set; } = 60_000;

    /// <summary>Submissions of one message before a "retry later" answer becomes its failure.</summary>
    public int MaxAttempts { get; set; } = 10;
}
