using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Text;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Enterprises;

/// <summary>One material a scenario asks for: its kind, whether it must be there to submit, and what files it takes.</summary>
public sealed record MaterialRequirement(MaterialKind Kind, bool Required, UploadRule Rule);

/// <summary>
/// Which 备案资料 each scenario asks for. The reference lists the materials (§1.2) but not which scenario needs which,
/// nor which are optional; this table is the console's choice, kept as data so it can change in one place:
/// 服务号 always needs 公司关系授权函 (the FAQ says so even for the same company); 视频短信承诺函 is only needed when
/// 基础版 copy has dynamic parameters, links or QR codes, so it is optional here; 特殊资料 is optional everywhere.
/// </summary>
public static class MaterialCatalog
{
    public static readonly IReadOnlyDictionary<FilingScenarios, IReadOnlyList<MaterialRequirement>> ByScenario =
        new Dictionary<FilingScenarios, IReadOnlyList<MaterialRequirement>>
        {
            [FilingScenarios.Aim] =
            [
                new(MaterialKind.AimMaterialCommitment, true, UploadRule.Pdf),
                new(MaterialKind.SignatureAuthorization, true, UploadRule.Pdf),
                new(MaterialKind.CompanyRelationAuthorization, false, UploadRule.Pdf),
                new(MaterialKind.SpecialMaterials, false, UploadRule.Archive),
            ],
            [FilingScenarios.ServiceNumber] =
            [
                new(MaterialKind.HuaweiAuthorization, true, UploadRule.Pdf),
                new(MaterialKind.CompanyRelationAuthorization, true, UploadRule.Pdf),
                new(MaterialKind.PortCustomerRegistration, true, UploadRule.Pdf),
                new(MaterialKind.SpecialMaterials, false, UploadRule.Archive),
            ],
            [FilingScenarios.Basic] =
            [
                new(MaterialKind.SignatureAuthorization, true, UploadRule.Pdf),
                new(MaterialKind.PortCustomerRegistration, true, UploadRule.Pdf),
                new(MaterialKind.VideoSmsCommitment, false, UploadRule.Pdf),
                new(MaterialKind.SpecialMaterials, false, UploadRule.Archive),
            ],
        };

    public static readonly IReadOnlyList<FilingScenarios> Scenarios = [FilingScenarios.Aim, FilingScenarios.ServiceNumber, FilingScenarios.Basic];

    /// <summary>The chosen scenarios in words, as a list in the user's language.</summary>
    public static string ScenarioNames(FilingScenarios chosen, IStringLocalizer l) =>
        l.JoinList(Scenarios.Where(s => chosen.HasFlag(s)).Select(s => l[$"Scenario.{s}"].Value));

    /// <summary>The materials the chosen scenarios ask for, each kind once; required if any chosen scenario requires it.</summary>
    public static IReadOnlyList<MaterialRequirement> For(FilingScenarios chosen) =>
        Scenarios.Where(s => chosen.HasFlag(s))
            .SelectMany(s => ByScenario[s])
            .GroupBy(r => r.Kind)
            .Select(g => g.First() with { Required = g.Any(r => r.Required) })
            .OrderBy(r => r.Kind)
            .ToList();
}
