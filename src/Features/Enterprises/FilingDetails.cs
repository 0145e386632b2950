using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Shared;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KooMessage.Console.Features.Enterprises;

/// <summary>How a filing reads outside its form: the list's state tag, a draft's name, and 查看.</summary>
public static class FilingDetails
{
    public static Color StatusColor(FilingStatus status) => status switch
    {
        FilingStatus.Approved => Color.Success,
        FilingStatus.Rejected => Color.Error,
        FilingStatus.Reviewing => Color.Info,
        _ => Color.Default,
    };

    /// <summary>A draft may not have a name yet.</summary>
    public static string DisplayName(string name, IStringLocalizer l) => name.Length > 0 ? name : l["Filings.Untitled"];

    /// <summary>The filing as 查看 shows it, the fields under the labels of its form; approved materials can be downloaded.</summary>
    public static ItemDetail For(EnterpriseDetail d, IStringLocalizer l, UserContext me)
    {
        var f = d.Form;
        return new ItemDetail(
            l[$"FilingStatus.{d.Status}"], StatusColor(d.Status), d.Status == FilingStatus.Rejected ? d.ReviewReason : null,
            [
                new(l["Field.CertificateType"], l[$"CertificateType.{f.CertificateType}"]),
                new(l["Field.EnterpriseName"], f.Name),
                new(l[f.CertificateType == CertificateType.NonProfit ? "Field.OrganizationCode" : "Field.Uscc"], f.CreditCode),
                new(l["Field.ContactName"], f.ContactName),
                new(l["Field.ContactPhone"], f.ContactPhone),
                new(l["Field.ContactEmail"], f.ContactEmail),
                new(l["Field.EnterpriseType"], f.EnterpriseType is { } type ? l[$"EnterpriseType.{type}"].Value : null),
                new(l["Field.Industry"], f.Industry is { } industry ? l[$"Industry.{industry}"].Value : null),
                new(l["Field.Scenarios"], MaterialCatalog.ScenarioNames(f.Scenarios, l)),
                new(l["Field.SubmittedAt"], d.SubmittedAt is { } at ? UserTime.Format(at, me) : null),
            ],
            [
                .. d.License is { } license ? [new DetailFile(l["Field.License"], license)] : Array.Empty<DetailFile>(),
                .. d.Materials.Select(m => new DetailFile(l[$"Material.{m.Kind}"], m.File, m.Approved)),
            ]);
    }
}
