using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Internal;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Enterprises;

/// <summary>The filing's fields as typed; files travel beside it (see <see cref="EnterpriseService.SaveAsync"/>).</summary>
public sealed class EnterpriseForm
{
    private string creditCode = "";

    public CertificateType CertificateType { get; set; } = CertificateType.ThreeInOne;

    public string Name { get; set; } = "";

    /// <summary>Upper-cased as typed: codes are printed in capitals, and people type them in any case.</summary>
    public string CreditCode
    {
        get => creditCode;
        set => creditCode = (value ?? "").Trim().ToUpperInvariant();
    }

    public string ContactName { get; set; } = "";

    public string ContactPhone { get; set; } = "";

    public string ContactEmail { get; set; } = "";

    /// <summary>Null until chosen.</summary>
    public EnterpriseType? EnterpriseType { get; set; }

    /// <summary>Null until chosen.</summary>
    public Industry? Industry { get; set; }

    public FilingScenarios Scenarios { get; set; } = FilingScenarios.Aim;
}

/// <summary>
/// Field limits the reference leaves UNKNOWN (§5) are the console's choice and live here: name 2–100, contact 2–30,
/// e-mail ≤ 100, phone a mainland mobile number or a landline with area code.
/// </summary>
public static class EnterpriseRules
{
    public const int NameMin = 2;
    public const int NameMax = 100;
    public const int ContactMin = 2;
    public const int ContactMax = 30;
    public const int EmailMax = 100;
    public const int PhoneMax = 20;
    public const string MobilePattern = @"^1[3-9]\d{9}$";
    public const string LandlinePattern = @"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$";
}

/// <summary>
/// Two rule sets: the default one checks what is filled in (a draft may leave any field empty, as it may leave its
/// uploads out), <see cref="Submit"/> adds that everything is filled in. Submitting runs both (<see cref="SubmitRuleSets"/>).
/// </summary>
public sealed class EnterpriseFormValidator : AbstractValidator<EnterpriseForm>
{
    public const string Submit = "Submit";

    public static readonly IReadOnlyList<string> DraftRuleSets = [RulesetValidatorSelector.DefaultRuleSetName];

    public static readonly IReadOnlyList<string> SubmitRuleSets = [RulesetValidatorSelector.DefaultRuleSetName, Submit];

    public EnterpriseFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.CertificateType).IsInEnum().WithMessage(_ => l["Validation.Required", l["Field.CertificateType"]]);
        RuleFor(x => TextNormalizer.Name(x.Name))
            .Must(v => v.Length is >= EnterpriseRules.NameMin and <= EnterpriseRules.NameMax).When(x => TextNormalizer.Name(x.Name).Length > 0)
            .WithMessage(_ => l["Validation.Length", l["Field.EnterpriseName"], EnterpriseRules.NameMin, EnterpriseRules.NameMax])
            .OverridePropertyName(nameof(EnterpriseForm.Name));
        RuleFor(x => x.CreditCode)
            .Must((x, code) => x.CertificateType == CertificateType.NonProfit ? CreditCode.IsValidOrganizationCode(code) : CreditCode.IsValidUscc(code))
            .When(x => x.CreditCode.Length > 0)
            .WithMessage(x => x.CertificateType == CertificateType.NonProfit ? l["Validation.OrganizationCode"] : l["Validation.Uscc"]);
        RuleFor(x => x.ContactName)
            .Must(v => v.Trim().Length is >= EnterpriseRules.ContactMin and <= EnterpriseRules.ContactMax).When(x => !string.IsNullOrWhiteSpace(x.ContactName))
            .WithMessage(_ => l["Validation.Length", l["Field.ContactName"], EnterpriseRules.ContactMin, EnterpriseRules.ContactMax]);
        RuleFor(x => x.ContactPhone)
            .Must(v => Regex.IsMatch(v, EnterpriseRules.MobilePattern) || Regex.IsMatch(v, EnterpriseRules.LandlinePattern)).When(x => x.ContactPhone.Length > 0)
            .WithMessage(_ => l["Validation.Phone"]);
        RuleFor(x => x.ContactEmail).Cascade(CascadeMode.Stop)
            .MaximumLength(EnterpriseRules.EmailMax).WithMessage(_ => l["Validation.MaxLength", l["Field.ContactEmail"], EnterpriseRules.EmailMax])
            .EmailAddress().WithMessage(_ => l["Validation.Email"])
            .When(x => x.ContactEmail.Length > 0);
        RuleFor(x => x.EnterpriseType).IsInEnum().WithMessage(_ => l["Validation.Required", l["Field.EnterpriseType"]]);
        RuleFor(x => x.Industry).IsInEnum().WithMessage(_ => l["Validation.Required", l["Field.Industry"]]);
        RuleFor(x => x.Scenarios)
            .Must(s => (s & ~(FilingScenarios.Aim | FilingScenarios.ServiceNumber | FilingScenarios.Basic)) == 0)
            .WithMessage(_ => l["Validation.Scenarios"]);

        RuleSet(Submit, () =>
        {
            RuleFor(x => TextNormalizer.Name(x.Name)).NotEmpty()
                .WithMessage(_ => l["Validation.Required", l["Field.EnterpriseName"]]).OverridePropertyName(nameof(EnterpriseForm.Name));
            RuleFor(x => x.CreditCode).NotEmpty().WithMessage(x => l["Validation.Required", l[CodeField(x)]]);
            RuleFor(x => x.ContactName).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(_ => l["Validation.Required", l["Field.ContactName"]]);
            RuleFor(x => x.ContactPhone).NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.ContactPhone"]]);
            RuleFor(x => x.ContactEmail).NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.ContactEmail"]]);
            RuleFor(x => x.EnterpriseType).NotNull().WithMessage(_ => l["Validation.Required", l["Field.EnterpriseType"]]);
            RuleFor(x => x.Industry).NotNull().WithMessage(_ => l["Validation.Required", l["Field.Industry"]]);
            RuleFor(x => x.Scenarios).NotEqual(FilingScenarios.None).WithMessage(_ => l["Validation.Scenarios"]);
        });
    }

    private static string CodeField(EnterpriseForm form) =>
        form.CertificateType == CertificateType.NonProfit ? "Field.OrganizationCode" : "Field.Uscc";
}
