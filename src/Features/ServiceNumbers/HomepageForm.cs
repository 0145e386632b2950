using FluentValidation;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>A homepage as typed (OAS UpdatePortalInfo).</summary>
public sealed class HomepageForm
{
    public const int QuickAppNameMax = 30;
    public const int QuickAppDescriptionMax = 38;
    public const int EngineVersionMax = 50;
    public const int HotlineUsageMax = 30;

    public Guid? BackgroundImageId { get; set; }

    public string Summary { get; set; } = "";

    public List<QuickAppForm> QuickApps { get; set; } = [];

    public List<HotlineForm> Hotlines { get; set; } = [];

    /// <summary>The modification reason (5–50), asked for every change after the homepage was first submitted.</summary>
    public string? ChangeReason { get; set; }

    /// <summary>Set by the service from the stored homepage, never trusted from the caller.</summary>
    public bool RequiresChangeReason { get; set; }

    public static string QuickAppField(int row, string field) => $"{nameof(QuickApps)}[{row}].{field}";

    public static string HotlineField(int row, string field) => $"{nameof(Hotlines)}[{row}].{field}";

    public static HomepageForm From(HomepageContent c) => new()
    {
        BackgroundImageId = c.BackgroundImageId == Guid.Empty ? null : c.BackgroundImageId,
        Summary = c.Summary,
        QuickApps = [.. c.QuickApps.Select(a => new QuickAppForm
        {
            Name = a.Name, Description = a.Description, Deeplink = a.Deeplink, EngineVersion = a.EngineVersion, LogoImageId = a.LogoImageId,
        })],
        Hotlines = [.. c.Hotlines.Select(h => new HotlineForm { Tel = h.Tel, Usage = h.Usage })],
    };

    /// <summary>The content as stored: texts normalized and trimmed.</summary>
    public HomepageContent ToContent() => new(
        BackgroundImageId ?? Guid.Empty,
        ServiceNumberForm.CleanText(Summary),
        [.. QuickApps.Select(a => new QuickApp(TextNormalizer.Name(a.Name), ServiceNumberForm.CleanText(a.Description), (a.Deeplink ?? "").Trim(),
            TextNormalizer.Name(a.EngineVersion), a.LogoImageId ?? Guid.Empty))],
        [.. Hotlines.Select(h => new Hotline((h.Tel ?? "").Trim(), ServiceNumberForm.CleanText(h.Usage)))]);
}

public sealed class QuickAppForm
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string Deeplink { get; set; } = "hap://app/";

    public string EngineVersion { get; set; } = "";

    public Guid? LogoImageId { get; set; }
}

public sealed class HotlineForm
{
    public string Tel { get; set; } = "";

    public string Usage { get; set; } = "";
}

public sealed class HomepageFormValidator : AbstractValidator<HomepageForm>
{
    public HomepageFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.BackgroundImageId).NotEmpty().WithMessage(_ => l["Validation.Required", l["Homepage.Field.Background"]]);
        RuleFor(x => ServiceNumberForm.CleanText(x.Summary)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Homepage.Field.Summary"]])
            .Must(v => v.Length <= ServiceHomepage.SummaryMax).WithMessage(_ => l["Validation.Length", l["Homepage.Field.Summary"], 1, ServiceHomepage.SummaryMax])
            .OverridePropertyName(nameof(HomepageForm.Summary));
        RuleFor(x => x.QuickApps).Must(a => a.Count <= ServiceHomepage.QuickAppsMax)
            .WithMessage(_ => l["Homepage.TooManyQuickApps", ServiceHomepage.QuickAppsMax]);
        RuleFor(x => x.Hotlines).Must(h => h.Count <= ServiceHomepage.HotlinesMax)
            .WithMessage(_ => l["Homepage.TooManyHotlines", ServiceHomepage.HotlinesMax]);
        RuleForEach(x => x.QuickApps).ChildRules(app =>
        {
            Wide(app.RuleFor(a => TextNormalizer.Name(a.Name)), nameof(QuickAppForm.Name), "Homepage.Field.QuickAppName", HomepageForm.QuickAppNameMax, l);
            Wide(app.RuleFor(a => ServiceNumberForm.CleanText(a.Description)), nameof(QuickAppForm.Description), "Homepage.Field.QuickAppDescription", HomepageForm.QuickAppDescriptionMax, l);
            Wide(app.RuleFor(a => TextNormalizer.Name(a.EngineVersion)), nameof(QuickAppForm.EngineVersion), "Homepage.Field.EngineVersion", HomepageForm.EngineVersionMax, l);
            app.RuleFor(a => a.Deeplink).Must(ServiceNumberRules.IsDeeplink).WithMessage(_ => l["Homepage.BadDeeplink"]);
            app.RuleFor(a => a.LogoImageId).NotEmpty().WithMessage(_ => l["Validation.Required", l["Homepage.Field.QuickAppLogo"]]);
        });
        RuleForEach(x => x.Hotlines).ChildRules(line =>
        {
            line.RuleFor(h => h.Tel).Must(ServiceNumberRules.IsHotline).WithMessage(_ => l["Homepage.BadHotline"]);
            Wide(line.RuleFor(h => ServiceNumberForm.CleanText(h.Usage)), nameof(HotlineForm.Usage), "Homepage.Field.HotlineUsage", HomepageForm.HotlineUsageMax, l);
        });
        When(x => x.RequiresChangeReason, () =>
            RuleFor(x => ServiceNumberForm.CleanText(x.ChangeReason)).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["Validation.Required", l["Homepage.Field.ChangeReason"]])
                .Must(v => v.Length is >= ServiceHomepage.ChangeReasonMin and <= ServiceHomepage.ChangeReasonMax)
                .WithMessage(_ => l["Validation.Length", l["Homepage.Field.ChangeReason"], ServiceHomepage.ChangeReasonMin, ServiceHomepage.ChangeReasonMax])
                .OverridePropertyName(nameof(HomepageForm.ChangeReason)));
    }

    // "中文占2个字符": the width counts a character beyond ASCII twice.
    private static void Wide<T>(IRuleBuilderInitial<T, string> rule, string field, string labelKey, int max, IStringLocalizer l) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l[labelKey]])
            .Must(v => ServiceNumberRules.Width(v) <= max).WithMessage(_ => l["Homepage.TooWide", l[labelKey], max])
            .OverridePropertyName(field);
}
