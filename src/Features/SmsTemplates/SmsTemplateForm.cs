using FluentValidation;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.SmsTemplates;

/// <summary>The template's fields as typed (OAS CreateAimMsgTemplate).</summary>
public sealed class SmsTemplateForm
{
    public string Name { get; set; } = "";

    public Guid? SignatureId { get; set; }

    public SignatureType Type { get; set; } = SignatureType.Notify;

    public string Content { get; set; } = "";

    public string? Description { get; set; }

    public List<SmsVariableForm> Variables { get; set; } = [];

    /// <summary>The content as stored: invisible characters removed, line breaks unified, ends trimmed (full-width punctuation kept).</summary>
    public static string CleanContent(string? content) => TextNormalizer.Visible(content).Trim();

    /// <summary>The field a variable row's errors are reported on (its description, as FluentValidation names it).</summary>
    public static string RowField(int row) => $"{nameof(Variables)}[{row}].{nameof(SmsVariableForm.Description)}";
}

public sealed class SmsVariableForm
{
    public int Index { get; set; }

    public SmsVariableType Type { get; set; } = SmsVariableType.TEXT;

    public string? Description { get; set; }
}

public sealed class SmsTemplateFormValidator : AbstractValidator<SmsTemplateForm>
{
    public SmsTemplateFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => TextNormalizer.Name(x.Name)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.SmsTemplateName"]])
            .Must(v => v.Length <= SmsTemplate.NameMax).WithMessage(_ => l["Validation.Length", l["Field.SmsTemplateName"], SmsTemplate.NameMin, SmsTemplate.NameMax])
            .OverridePropertyName(nameof(SmsTemplateForm.Name));
        RuleFor(x => x.SignatureId).NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.SmsSignature"]]);
        RuleFor(x => x.Type).IsInEnum().WithMessage(_ => l["Validation.Required", l["Field.SmsTemplateType"]]);
        RuleFor(x => SmsTemplateForm.CleanContent(x.Content)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.SmsTemplateContent"]])
            .Must(v => v.Length <= SmsTemplate.ContentMax).WithMessage(_ => l["Validation.Length", l["Field.SmsTemplateContent"], SmsTemplate.ContentMin, SmsTemplate.ContentMax])
            .Must(v => SmsTemplateRules.Malformed(v).Count == 0)
            .WithMessage(x => l["SmsTemplates.Malformed", string.Join(" ", SmsTemplateRules.Malformed(x.Content))])
            .Must((x, v) => SmsTemplateRules.Undeclared(v, x.Variables.Select(r => r.Index)).Count == 0)
            .WithMessage(x => l["SmsTemplates.Undeclared", Placeholders(SmsTemplateRules.Undeclared(x.Content, x.Variables.Select(r => r.Index)))])
            .Must((x, v) => SmsTemplateRules.Unused(v, x.Variables.Select(r => r.Index)).Count == 0)
            .WithMessage(x => l["SmsTemplates.Unused", Placeholders(SmsTemplateRules.Unused(x.Content, x.Variables.Select(r => r.Index)))])
            .Must((x, v) => x.Variables.Where(r => r.Type == SmsVariableType.NEWTEXT).All(r => SmsTemplateRules.Occurrences(v, r.Index) == 1))
            .WithMessage(_ => l["SmsTemplates.LinkOnce"])
            .OverridePropertyName(nameof(SmsTemplateForm.Content));
        RuleFor(x => x.Description)
            .Must(v => v is null || v.Trim().Length <= SmsTemplate.DescMax)
            .WithMessage(_ => l["Validation.MaxLength", l["Field.ApplyDesc"], SmsTemplate.DescMax]);
        RuleFor(x => x.Variables).Cascade(CascadeMode.Stop)
            .Must(v => v.Count is >= SmsTemplate.VariablesMin and <= SmsTemplate.VariablesMax)
            .WithMessage(_ => l["SmsTemplates.VariableCount", SmsTemplate.VariablesMin, SmsTemplate.VariablesMax])
            .Must(v => v.Count(r => r.Type == SmsVariableType.NEWTEXT) == SmsTemplateRules.LinkSlots)
            .WithMessage(_ => l["SmsTemplates.LinkSlot"]).WithErrorCode("KM.00001377")
            .Must(v => v.All(r => r.Index is >= 1 and <= SmsTemplate.VariablesMax) && v.Select(r => r.Index).Distinct().Count() == v.Count)
            .WithMessage(_ => l["SmsTemplates.IndexTaken"]);
        RuleForEach(x => x.Variables).ChildRules(row =>
        {
            row.RuleFor(r => r.Type).IsInEnum().WithMessage(_ => l["Validation.Required", l["Field.VariableType"]]);
            row.RuleFor(r => r.Description).Cascade(CascadeMode.Stop)
                .Must(v => !string.IsNullOrWhiteSpace(v)).When(r => r.Type == SmsVariableType.TEXT)
                .WithMessage(r => l["SmsTemplates.TextNeedsDesc", SmsTemplateRules.Placeholder(r.Index)]);
            row.RuleFor(r => r.Description)
                .Must(v => v is null || v.Trim().Length <= SmsTemplate.VariableDescMax)
                .WithMessage(_ => l["Validation.MaxLength", l["Field.VariableDesc"], SmsTemplate.VariableDescMax]);
        });
    }

    private static string Placeholders(IEnumerable<int> indexes) => string.Join(" ", indexes.Select(SmsTemplateRules.Placeholder));
}
