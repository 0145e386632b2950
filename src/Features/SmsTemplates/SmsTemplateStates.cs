using KooMessage.Console.Components.Shared;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Signatures;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KooMessage.Console.Features.SmsTemplates;

/// <summary>A template's states as the reference names them and what each allows; how it reads outside its form.</summary>
public static class SmsTemplateStates
{
    public static string WireName(SmsTemplateStatus status) => status.ToString();

    /// <summary>Only a rejected template may be changed, and changing it submits it again (OAS UpdateAimMsgTemplate, KM.00001484).</summary>
    public static bool IsEditable(SmsTemplateStatus status) => status == SmsTemplateStatus.Reject;

    /// <summary>A template in review stays until it is decided: the reviewer would otherwise decide on nothing.</summary>
    public static bool IsDeletable(SmsTemplateStatus status) => status != SmsTemplateStatus.Reviewing;

    public static Color StatusColor(SmsTemplateStatus status) => status switch
    {
        SmsTemplateStatus.Adopted => Color.Success,
        SmsTemplateStatus.Reject => Color.Error,
        _ => Color.Info,
    };

    /// <summary>A variable as a line: <c>${1} 解析标识（直发）</c>.</summary>
    public static string Describe(SmsTemplateVariable v, IStringLocalizer l) =>
        string.IsNullOrEmpty(v.Description)
            ? l["SmsTemplates.Variable", SmsTemplateRules.Placeholder(v.Index), l[$"SmsVariableType.{v.Type}"]]
            : l["SmsTemplates.VariableWithDesc", SmsTemplateRules.Placeholder(v.Index), l[$"SmsVariableType.{v.Type}"], v.Description];

    /// <summary>The template as 查看 shows it.</summary>
    public static ItemDetail Detail(SmsTemplateDetail d, IStringLocalizer l, UserContext me) => new(
        l[$"SmsTemplateStatus.{d.Status}"], StatusColor(d.Status), d.ReviewDesc,
        [
            new(l["Field.SmsTemplateName"], d.Form.Name),
            new(l["Field.SmsTemplateType"], l[$"SignatureType.{d.Form.Type}"]),
            new(l["Field.SmsSignature"], $"【{d.SignatureName}】"),
            new(l["Field.App"], d.AppName),
            new(l["Field.SmsTemplateContent"], d.Form.Content),
            new(l["Field.Variables"], string.Join(l["Common.ClauseSeparator"].Value, d.Variables.Select(v => Describe(v, l)))),
            new(l["Field.ApplyDesc"], d.Form.Description),
            new(l["Field.SubmittedAt"], UserTime.Format(d.SubmittedAt, me)),
        ],
        []);
}
