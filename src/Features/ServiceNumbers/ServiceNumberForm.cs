using FluentValidation;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>A service number's profile as typed (OAS CreatePubInfo / UpdatePubInfo).</summary>
public sealed class ServiceNumberForm
{
    public string Name { get; set; } = "";

    public string Remark { get; set; } = "";

    public string Abstract { get; set; } = "";

    public ServiceNumberIndustry Industry { get; set; } = ServiceNumberIndustry.Other;

    public Guid? LogoImageId { get; set; }

    public List<Guid> AuthorizationImageIds { get; set; } = [];

    public List<SignatureRegionForm> Signatures { get; set; } = [];

    /// <summary>change_reason (1–200): asked for once the service number has been approved.</summary>
    public string? ChangeReason { get; set; }

    /// <summary>Set by the service from the stored row (and by the dialog to show the field), never trusted from the caller.</summary>
    public bool RequiresChangeReason { get; set; }

    /// <summary>
    /// Prose as stored (abstract, summary, descriptions, reasons): invisible characters removed, ends trimmed, full-width
    /// punctuation kept. Names and remarks are compared, so they go through <see cref="TextNormalizer.Name"/> (NFKC) instead.
    /// </summary>
    public static string CleanText(string? text) => TextNormalizer.Visible(text).Trim();

    public static string SignatureField(int row) => $"{nameof(Signatures)}[{row}].{nameof(SignatureRegionForm.SignatureId)}";

    public static string RegionField(int row) => $"{nameof(Signatures)}[{row}].{nameof(SignatureRegionForm.RegionCode)}";

    public static ServiceNumberForm From(ServiceNumberProfile p) => new()
    {
        Name = p.Name, Remark = p.Remark, Abstract = p.Abstract, Industry = p.Industry,
        LogoImageId = p.LogoImageId == Guid.Empty ? null : p.LogoImageId,
        AuthorizationImageIds = [.. p.AuthorizationImageIds],
        Signatures = [.. p.Signatures.Select(s => new SignatureRegionForm { SignatureId = s.SignatureId, RegionCode = s.RegionCode })],
    };
}

public sealed class SignatureRegionForm
{
    public Guid? SignatureId { get; set; }

    /// <summary>A <see cref="RegionScope.Code"/>; 全国 unless narrowed.</summary>
    public string RegionCode { get; set; } = RegionScope.NationwideCode;
}

public sealed class ServiceNumberFormValidator : AbstractValidator<ServiceNumberForm>
{
    public ServiceNumberFormValidator(IStringLocalizer<SharedResource> l, ChinaRegions regions)
    {
        Text(x => x.Name, nameof(ServiceNumberForm.Name), "ServiceNumbers.Field.Name", 1, ServiceNumber.NameMax, l);
        Text(x => x.Remark, nameof(ServiceNumberForm.Remark), "ServiceNumbers.Field.Remark", 1, ServiceNumber.RemarkMax, l);
        Text(x => x.Abstract, nameof(ServiceNumberForm.Abstract), "ServiceNumbers.Field.Abstract", 1, ServiceNumber.AbstractMax, l, ServiceNumberForm.CleanText);
        RuleFor(x => x.Industry).IsInEnum().WithMessage(_ => l["Validation.Required", l["ServiceNumbers.Field.Industry"]]);
        RuleFor(x => x.LogoImageId).NotEmpty().WithMessage(_ => l["Validation.Required", l["ServiceNumbers.Field.Logo"]]);
        RuleFor(x => x.AuthorizationImageIds)
            .Must(ids => ids.Count <= ServiceNumberRules.AuthorizationFilesMax)
            .WithMessage(_ => l["ServiceNumbers.TooManyFiles", ServiceNumberRules.AuthorizationFilesMax])
            .Must(ids => ids.Distinct().Count() == ids.Count).WithMessage(_ => l["ServiceNumbers.FileTwice"]);
        RuleFor(x => x.Signatures).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["ServiceNumbers.SignatureRequired"])
            .Must(s => s.Count <= ServiceNumberRules.SignaturesMax).WithMessage(_ => l["ServiceNumbers.TooManySignatures", ServiceNumberRules.SignaturesMax]);
        RuleForEach(x => x.Signatures).ChildRules(row =>
        {
            row.RuleFor(s => s.SignatureId).NotEmpty().WithMessage(_ => l["Validation.Required", l["ServiceNumbers.Field.Signature"]]);
            row.RuleFor(s => s.RegionCode).Must(code => regions.Parse(code) is not null).WithMessage(_ => l["ServiceNumbers.RegionUnknown"]);
        });
        RuleFor(x => x.Signatures)
            .Must(s => s.Where(r => r.SignatureId is not null).GroupBy(r => r.SignatureId).All(g => g.Count() == 1))
            .WithMessage(_ => l["ServiceNumbers.SignatureTwice"]);
        When(x => x.RequiresChangeReason, () =>
            Text(x => x.ChangeReason, nameof(ServiceNumberForm.ChangeReason), "ServiceNumbers.Field.ChangeReason",
                ServiceNumberRules.ChangeReasonMin, ServiceNumber.ChangeReasonMax, l, ServiceNumberForm.CleanText));
    }

    private void Text(Func<ServiceNumberForm, string?> value, string field, string labelKey, int min, int max, IStringLocalizer l, Func<string?, string>? clean = null) =>
        RuleFor(x => (clean ?? TextNormalizer.Name)(value(x))).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l[labelKey]])
            .Must(v => v.Length >= min && v.Length <= max).WithMessage(_ => l["Validation.Length", l[labelKey], min, max])
            .OverridePropertyName(field);
}
