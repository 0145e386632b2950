using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Features.Templates.Document;

namespace KooMessage.Console.Features.Sending;

/// <summary>发送智能信息: what the send page's form chooses.</summary>
public sealed class SendTaskForm
{
    public string Name { get; set; } = "";

    /// <summary>The card template and the approved version the user saw (a newer approval refuses the form).</summary>
    public string TplId { get; set; } = "";

    public Guid? TemplateVersionId { get; set; }

    public ShortLinkType LinkType { get; set; } = ShortLinkType.Group;

    /// <summary>A platform domain, or null for the default one.</summary>
    public Guid? DomainId { get; set; }

    public int ExpiryDays { get; set; } = 7;

    public Guid? SmsAppId { get; set; }

    public Guid? SignatureId { get; set; }

    public Guid? SmsTemplateId { get; set; }

    public SendFallback Fallback { get; set; } = SendFallback.PlainSms;

    /// <summary>Null: send at once; else the time (UTC) sending starts.</summary>
    public DateTime? ScheduledAt { get; set; }

    /// <summary>定时发送 was chosen: <see cref="ScheduledAt"/> must then be given, or the task would go out at once.</summary>
    public bool Later { get; set; }

    /// <summary>A 群发 link's values for the card template's parameters (one set for everyone).</summary>
    public Dictionary<string, string> GroupValues { get; set; } = [];

    /// <summary>Numbers typed in, one a line; a line may add the parameter values after commas, in the columns' order.</summary>
    public string Numbers { get; set; } = "";
}

/// <summary>A card template the page offers: approved, enabled, pinned to its approved version.</summary>
public sealed record SendTemplate(string TplId, string Name, Guid VersionId, IReadOnlyList<string> Parameters)
{
    /// <summary>A static template (no parameters) goes only as 群发.</summary>
    public bool IsStatic => Parameters.Count == 0;
}

public sealed record SendSmsApp(Guid Id, string Name);

public sealed record SendSignature(Guid Id, string Name, Guid AppId, Signatures.SignatureType Type);

/// <summary>An approved SMS template with the short-link slot (NEWTEXT).</summary>
public sealed record SendSmsTemplate(Guid Id, string Name, Guid SignatureId, string Content, IReadOnlyList<SmsTemplateVariable> Variables);

public sealed record SendChoices(
    IReadOnlyList<SendTemplate> Templates, IReadOnlyList<DomainChoice> Domains, IReadOnlyList<SendSmsApp> Apps, IReadOnlyList<SendSignature> Signatures,
    IReadOnlyList<SendSmsTemplate> SmsTemplates);

/// <summary>Per vendor, how many of a task's numbers render the card there.</summary>
public sealed record VendorCount(Vendor Vendor, int Capable);

/// <summary>A refused line or row: where (the header is row 1 of a file; typed lines count from 1) and why.</summary>
public sealed record SendProblem(int Row, string Message);

/// <summary>
/// How many valid rows of a dry run compose an SMS <see cref="Length"/> characters long without its signature's name
/// and its link (both may change after the dry run), among the rows a vendor renders the card for and the rest.
/// </summary>
public sealed record SmsLengthCount(int Length, int Renderable, int Unrenderable);

/// <summary>
/// A dry run of the numbers: counts, the first problems, the opt-outs it will skip and the capability pre-check; the
/// valid rows wait on disk (<see cref="Stage"/>) for the task that uses them, and <see cref="Lengths"/> says how long
/// their SMS are, for the cost estimate.
/// </summary>
public sealed record SendPlan(
    Guid Stage, string? FileName, int Rows, int Valid, IReadOnlyList<SendProblem> FirstProblems, int OptedOut, IReadOnlyList<VendorCount> Vendors, int Renderable,
    IReadOnlyList<SmsLengthCount> Lengths)
{
    public int Invalid => Rows - Valid;

    /// <summary>Valid numbers the send goes to: the opted-out ones are skipped.</summary>
    public int ToSend => Valid - OptedOut;

    /// <summary>Valid numbers no vendor renders the card for: they take the fallback.</summary>
    public int Unrenderable => Valid - Renderable;
}

/// <summary>The send page's rules that need no database.</summary>
public static class SendTaskRules
{
    /// <summary>A trial send (试发) goes to at most this many numbers.</summary>
    public const int TrialMax = 10;

    /// <summary>The link types a template allows: a static one only 群发 (KooMessage console).</summary>
    public static IReadOnlyList<ShortLinkType> LinkTypes(SendTemplate template) =>
        template.IsStatic ? [ShortLinkType.Group] : [ShortLinkType.Group, ShortLinkType.Individual];

    public static bool TrialCountValid(int numbers) => numbers is >= 1 and <= TrialMax;

    /// <summary>A later start must come after now and before the links expire (created now, valid <paramref name="expiryDays"/> days).</summary>
    public static bool ScheduleValid(DateTime? at, int expiryDays, DateTime now) => at is not { } time || (time > now && time < now.AddDays(expiryDays));

    /// <summary>The SMS template's variables a recipient's row fills: all but the link slot, named by their index.</summary>
    public static IReadOnlyList<string> SmsColumns(SendSmsTemplate template) =>
        [.. template.Variables.Where(v => v.Type != SmsVariableType.NEWTEXT).OrderBy(v => v.Index).Select(v => v.Index.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The values a recipient's row gives the SMS template's variables (all but the link slot), by index; a missing one is empty.</summary>
    public static Dictionary<int, string> SmsValues(IEnumerable<SmsTemplateVariable> variables, IReadOnlyDictionary<string, string> row) =>
        variables.Where(v => v.Type != SmsVariableType.NEWTEXT)
            .ToDictionary(v => v.Index, v => row.GetValueOrDefault(v.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), ""));

    /// <summary>The length of the SMS a row composes without its signature's name and its links: what the cost estimate adds them to.</summary>
    public static int BodyLength(SendSmsTemplate sms, IReadOnlyDictionary<string, string> row) =>
        SmsComposer.Compose("", sms.Content, sms.Variables, SmsValues(sms.Variables, row), "").Length;

    /// <summary>How many times the SMS template writes its link.</summary>
    public static int LinkSlots(string content, IEnumerable<SmsTemplateVariable> variables)
    {
        var links = variables.Where(v => v.Type == SmsVariableType.NEWTEXT).Select(v => v.Index).ToHashSet();
        return SmsTemplateRules.Placeholders(content).Count(p => p.Index is { } i && links.Contains(i));
    }

    /// <summary>What a link of a task on <paramref name="linkBase"/> looks like before its code exists: as long as the real one.</summary>
    public static string SampleLink(string linkBase) => $"{linkBase}/{new string('x', ResolveTaskRules.StandardCodeLength)}";

    /// <summary>The per-recipient columns after 手机号: the card's parameters for 个性化 links, then the SMS template's variables.</summary>
    public static IReadOnlyList<string> Columns(SendTemplate template, ShortLinkType type, SendSmsTemplate sms) =>
        [.. (type == ShortLinkType.Individual ? template.Parameters : []), .. SmsColumns(sms)];

    /// <summary>138****1234: the first three and last four digits; anything shorter than 8 characters all stars.</summary>
    public static string Mask(string mobile) =>
        mobile.Length < 8 ? new string('*', mobile.Length) : string.Concat(mobile.AsSpan(0, 3), new string('*', mobile.Length - 7), mobile.AsSpan(mobile.Length - 4));
}
