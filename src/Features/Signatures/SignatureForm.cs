using FluentValidation;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Signatures;

/// <summary>The signature's fields as typed (OAS AddAimMsgSignature); files travel beside it.</summary>
public sealed class SignatureForm
{
    public string Name { get; set; } = "";

    public SignatureType Type { get; set; } = SignatureType.Notify;

    public Guid? AppId { get; set; }

    public SignatureSource Source { get; set; }

    public string? SourceTitleContent { get; set; }

    /// <summary>是否涉及第三方权益 (KooMessage's API spells it "yes"/"no"); true asks for a power of attorney.</summary>
    public bool IsInvolvedThird { get; set; }

    public string? ApplyDesc { get; set; }

    /// <summary>These sources name something (a site, an app, an account, a shop) whose title must be given.</summary>
    public static bool NeedsSourceTitle(SignatureSource source) =>
        source is SignatureSource.IcpWebsite or SignatureSource.App or SignatureSource.OfficialAccount or SignatureSource.OnlineShop;

    /// <summary>The resource key of the title's label, which names what the source is (e.g. 工信部备案网站域名).</summary>
    public static string SourceTitleLabel(SignatureSource source) => $"SignatureSource.{source}.Title";
}

public sealed class SignatureFormValidator : AbstractValidator<SignatureForm>
{
    public const string NameLengthCode = "KM.00001485";

    public SignatureFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => TextNormalizer.Name(x.Name)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.SignatureName"]]).OverridePropertyName(nameof(SignatureForm.Name)).WithErrorCode(NameLengthCode)
            .Must(v => v.Length is >= Signature.NameMin and <= Signature.NameMax).WithMessage(_ => l["Signatures.NameLength"]).WithErrorCode(NameLengthCode)
            .Must(v => v.IndexOfAny(['【', '】', '[', ']']) < 0).WithMessage(_ => l["Signatures.NameBrackets"]);
        RuleFor(x => x.Type).IsInEnum().WithMessage(_ => l["Validation.Required", l["Field.SignatureType"]]);
        RuleFor(x => x.AppId).NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.App"]]);
        RuleFor(x => x.Source).IsInEnum().WithMessage(_ => l["Validation.Required", l["Field.SignatureSource"]]);
        RuleFor(x => x.SourceTitleContent).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(x => l["Validation.Required", l[$"SignatureSource.{x.Source}.Title"]])
            .When(x => SignatureForm.NeedsSourceTitle(x.Source));
        RuleFor(x => x.SourceTitleContent)
            .Must(v => v is null || v.Trim().Length <= Signature.SourceTitleMax)
            .WithMessage(_ => l["Validation.MaxLength", l["Field.SourceTitle"], Signature.SourceTitleMax]);
        RuleFor(x => x.ApplyDesc)
            .Must(v => v is null || v.Trim().Length <= Signature.ApplyDescMax)
            .WithMessage(_ => l["Validation.MaxLength", l["Field.ApplyDesc"], Signature.ApplyDescMax]);
    }
}
