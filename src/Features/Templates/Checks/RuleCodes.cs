namespace KooMessage.Console.Features.Templates.Checks;

/// <summary>
/// A kind of violation: a stable <see cref="Code"/> (KooMessage's own where it has one, KM.*; the console's KMC.0017xxxx
/// otherwise) and the resource key of its message (SharedResource, arguments in <see cref="TemplateViolation.Args"/>).
/// </summary>
public sealed record RuleCode(string Code, string MessageKey);

/// <summary>Every rule code the template check reports.</summary>
public static class RuleCodes
{
    /// <summary>The layout {0} is not known.</summary>
    public static readonly RuleCode UnknownLayout = new("KMC.00170001", "TemplateRule.UnknownLayout");

    /// <summary>The template name must have {0}–{1} characters.</summary>
    public static readonly RuleCode NameLength = new("KMC.00170002", "TemplateRule.NameLength");

    /// <summary>A commercial template must not contain “{0}”.</summary>
    public static readonly RuleCode CommercialTestWord = new("KMC.00170003", "TemplateRule.CommercialTestWord");

    /// <summary>A trial commercial template needs “{0}” in its name.</summary>
    public static readonly RuleCode TrialNameTestWord = new("KMC.00170004", "TemplateRule.TrialNameTestWord");

    /// <summary>A trial commercial template needs “{0}” in its main title.</summary>
    public static readonly RuleCode TrialTitleTestWord = new("KMC.00170005", "TemplateRule.TrialTitleTestWord");

    /// <summary>The SMS example may have at most {0} characters.</summary>
    public static readonly RuleCode SmsExampleTooLong = new("KMC.00170006", "TemplateRule.SmsExampleTooLong");

    /// <summary>At most {0} SMS signatures.</summary>
    public static readonly RuleCode SmsSignsTooMany = new("KMC.00170007", "TemplateRule.SmsSignsTooMany");

    /// <summary>An SMS signature must have {0}–{1} characters.</summary>
    public static readonly RuleCode SmsSignLength = new("KMC.00170008", "TemplateRule.SmsSignLength");

    /// <summary>An SMS signature is written without brackets.</summary>
    public static readonly RuleCode SmsSignBrackets = new("KMC.00170009", "TemplateRule.SmsSignBrackets");

    /// <summary>SMS signatures are required when VIVO is a target.</summary>
    public static readonly RuleCode SmsSignsRequired = new("KMC.00170010", "TemplateRule.SmsSignsRequired");

    /// <summary>The SMS template text is required when VIVO is a target.</summary>
    public static readonly RuleCode SmsTemplateRequired = new("KMC.00170011", "TemplateRule.SmsTemplateRequired");

    /// <summary>The SMS template text may have at most {0} characters with every slot at its maximum ({1} now).</summary>
    public static readonly RuleCode SmsTemplateTooLong = new("KMC.00170012", "TemplateRule.SmsTemplateTooLong");

    /// <summary>The SMS template text must contain “{0}”.</summary>
    public static readonly RuleCode SmsTemplateOptOut = new("KMC.00170013", "TemplateRule.SmsTemplateOptOut");

    /// <summary>The slot {0} is not valid: use [文本a-b], [字母a-b] or [数字a-b] with b at most {1}.</summary>
    public static readonly RuleCode SmsTemplateSlot = new("KMC.00170014", "TemplateRule.SmsTemplateSlot");

    /// <summary>At most {0} dynamic parameters.</summary>
    public static readonly RuleCode ParamsTooMany = new("KMC.00170015", "TemplateRule.ParamsTooMany");

    /// <summary>A parameter name must have {0}–{1} characters.</summary>
    public static readonly RuleCode ParamNameLength = new("KMC.00170016", "TemplateRule.ParamNameLength");

    /// <summary>A parameter example must have {0}–{1} characters.</summary>
    public static readonly RuleCode ParamExampleLength = new("KMC.00170017", "TemplateRule.ParamExampleLength");

    /// <summary>The parameter {0} is declared twice.</summary>
    public static readonly RuleCode ParamDuplicate = new("KMC.00170018", "TemplateRule.ParamDuplicate");

    /// <summary>The parameters used in the card ({0}) differ from the declared ones ({1}).</summary>
    public static readonly RuleCode ParamsMismatch = new("KM.90016802", "TemplateRule.ParamsMismatch");

    /// <summary>An image cannot be a dynamic parameter.</summary>
    public static readonly RuleCode DynamicImage = new("KMC.00170019", "TemplateRule.DynamicImage");

    /// <summary>Texts must not contain &lt;, &gt; or &amp;.</summary>
    public static readonly RuleCode ForbiddenCharacters = new("KMC.00170020", "TemplateRule.ForbiddenCharacters");

    /// <summary>Texts must not contain several spaces in a row.</summary>
    public static readonly RuleCode RepeatedSpaces = new("KMC.00170021", "TemplateRule.RepeatedSpaces");

    /// <summary>An image or button must have an action.</summary>
    public static readonly RuleCode ActionRequired = new("KMC.00170022", "TemplateRule.ActionRequired");

    /// <summary>The action's target must have {0}–{1} characters.</summary>
    public static readonly RuleCode ActionTargetLength = new("KMC.00170023", "TemplateRule.ActionTargetLength");

    /// <summary>The address must start with {0}.</summary>
    public static readonly RuleCode ActionScheme = new("KMC.00170024", "TemplateRule.ActionScheme");

    /// <summary>The action needs {0}.</summary>
    public static readonly RuleCode ActionFieldRequired = new("KMC.00170025", "TemplateRule.ActionFieldRequired");

    /// <summary>{0} may have at most {1} characters.</summary>
    public static readonly RuleCode ActionFieldTooLong = new("KMC.00170026", "TemplateRule.ActionFieldTooLong");

    /// <summary>This layout takes {0}–{1} pages.</summary>
    public static readonly RuleCode PageCount = new("KMC.00170027", "TemplateRule.PageCount");

    /// <summary>{0}: this layout takes {1}–{2} here ({3} now).</summary>
    public static readonly RuleCode ZoneCount = new("KMC.00170028", "TemplateRule.ZoneCount");

    /// <summary>This layout has no place for a {0}.</summary>
    public static readonly RuleCode ComponentNotInLayout = new("KMC.00170029", "TemplateRule.ComponentNotInLayout");

    /// <summary>A text may have at most {0} characters.</summary>
    public static readonly RuleCode ContentTooLong = new("KMC.00170030", "TemplateRule.ContentTooLong");

    /// <summary>The service-number component is not supported yet.</summary>
    public static readonly RuleCode FollowPubUnsupported = new("KMC.00170031", "TemplateRule.FollowPubUnsupported");

    /// <summary>Images of this layout cannot have an action; the button's action is used.</summary>
    public static readonly RuleCode ImageActionIgnored = new("KMC.00170032", "TemplateRule.ImageActionIgnored");

    /// <summary>“{1}” contains the sensitive word “{0}”.</summary>
    public static readonly RuleCode SensitiveWord = new("KM.90016801", "TemplateRule.SensitiveWord");

    /// <summary>The file type {0} is not accepted here ({1}).</summary>
    public static readonly RuleCode MaterialFormat = new("KMC.00170033", "TemplateRule.MaterialFormat");

    /// <summary>The file may be at most {0} bytes ({1} now).</summary>
    public static readonly RuleCode MaterialTooLarge = new("KMC.00170034", "TemplateRule.MaterialTooLarge");

    /// <summary>Videos of at most {0} seconds are suggested ({1} now).</summary>
    public static readonly RuleCode VideoTooLong = new("KMC.00170035", "TemplateRule.VideoTooLong");

    /// <summary>This vendor does not support the layout {0}.</summary>
    public static readonly RuleCode LayoutUnsupported = new("KMC.00170036", "TemplateRule.LayoutUnsupported");

    /// <summary>This vendor shows at most {0} characters here ({1} now).</summary>
    public static readonly RuleCode TextTooLong = new("KMC.00170037", "TemplateRule.TextTooLong");

    /// <summary>This vendor shows at most {0} lines here ({1} now).</summary>
    public static readonly RuleCode TextTooManyLines = new("KMC.00170038", "TemplateRule.TextTooManyLines");

    /// <summary>This vendor does not support the action {0}.</summary>
    public static readonly RuleCode ActionUnsupported = new("KMC.00170039", "TemplateRule.ActionUnsupported");

    /// <summary>This vendor may refuse the action {0}.</summary>
    public static readonly RuleCode ActionDiscouraged = new("KMC.00170040", "TemplateRule.ActionDiscouraged");

    /// <summary>This vendor does not support the fallback {0}.</summary>
    public static readonly RuleCode FloorTypeUnsupported = new("KMC.00170041", "TemplateRule.FloorTypeUnsupported");

    /// <summary>This vendor does not support the fallback {0}; with other vendors selected its fallback does not take effect.</summary>
    public static readonly RuleCode FloorTypeIgnored = new("KMC.00170042", "TemplateRule.FloorTypeIgnored");

    /// <summary>This vendor needs a fallback address for the fallback {0}.</summary>
    public static readonly RuleCode FloorUrlRequired = new("KMC.00170043", "TemplateRule.FloorUrlRequired");

    /// <summary>This vendor needs an image of ratio {0} ({1} now).</summary>
    public static readonly RuleCode ImageRatio = new("KMC.00170044", "TemplateRule.ImageRatio");

    /// <summary>This vendor needs at least {0} pixels ({1} now).</summary>
    public static readonly RuleCode ImageTooSmall = new("KMC.00170045", "TemplateRule.ImageTooSmall");

    /// <summary>This vendor accepts at most {0} bytes ({1} now).</summary>
    public static readonly RuleCode VendorFileTooLarge = new("KMC.00170046", "TemplateRule.VendorFileTooLarge");

    /// <summary>This vendor accepts videos as {0} ({1} now).</summary>
    public static readonly RuleCode VideoFormat = new("KMC.00170047", "TemplateRule.VideoFormat");

    /// <summary>This vendor does not support the sub-type {0} of this layout.</summary>
    public static readonly RuleCode SubTypeUnsupported = new("KMC.00170048", "TemplateRule.SubTypeUnsupported");

    public static readonly IReadOnlyList<RuleCode> All = typeof(RuleCodes).GetFields()
        .Where(f => f.FieldType == typeof(RuleCode))
        .Select(f => (RuleCode)f.GetValue(null)!)
        .ToList();
}
