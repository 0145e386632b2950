using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Shared;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KooMessage.Console.Features.Signatures;

/// <summary>How a signature reads outside its form: the list's state tag and 查看.</summary>
public static class SignatureDetails
{
    public static Color StatusColor(SignatureStatus status) => status switch
    {
        SignatureStatus.ReviewPassed => Color.Success,
        SignatureStatus.ReviewNotPass => Color.Error,
        SignatureStatus.ToBeActivated => Color.Warning,
        _ => Color.Info,
    };

    /// <summary>The signature as 查看 shows it, the fields under the labels of its form, with its channel number once it has one.</summary>
    public static ItemDetail For(SignatureDetail d, IStringLocalizer l, UserContext me)
    {
        var f = d.Form;
        List<DetailField> fields =
        [
            new(l["Field.SignatureName"], $"【{f.Name}】"),
            new(l["Field.SignatureType"], l[$"SignatureType.{f.Type}"]),
            new(l["Field.App"], d.AppName),
            new(l["Field.SignatureSource"], l[$"SignatureSource.{f.Source}"]),
            .. SignatureForm.NeedsSourceTitle(f.Source) ? [new DetailField(l[SignatureForm.SourceTitleLabel(f.Source)], f.SourceTitleContent)] : Array.Empty<DetailField>(),
            new(l["Field.InvolvedThird"], l[f.IsInvolvedThird ? "Common.Yes" : "Common.No"]),
            new(l["Field.ApplyDesc"], f.ApplyDesc),
            .. d.ChannelNumber is { } channel ? [new DetailField(l["Field.ChannelNumber"], channel)] : Array.Empty<DetailField>(),
            new(l["Field.SubmittedAt"], UserTime.Format(d.SubmittedAt, me)),
        ];
        return new ItemDetail(
            l[$"SignatureStatus.{d.Status}"], StatusColor(d.Status), d.ReviewDesc, fields,
            [
                .. d.Licenses.Select(file => new DetailFile(l["Field.License"], file)),
                .. d.PowerOfAttorney is { } attorney ? [new DetailFile(l["Field.PowerOfAttorney"], attorney)] : Array.Empty<DetailFile>(),
            ]);
    }
}
