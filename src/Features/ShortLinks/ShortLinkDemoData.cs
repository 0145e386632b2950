using System.Text.Json;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>
/// For each approved, enabled demo template: a group task (some visits, bots among them, and resolves) and an
/// individual task of five customers, two of whom opened their link.
/// </summary>
internal sealed class ShortLinkDemoData : IDemoData
{
    private static readonly string[] Agents = [UserAgents.Phone, UserAgents.Phone, UserAgents.Bot, UserAgents.Phone, UserAgents.Desktop];

    public int Order => 70;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.ResolveTasks.AnyAsync(ct))
        {
            return;
        }

        var templates = await (
            from t in db.AimTemplates
            join v in db.AimTemplateVersions on t.ApprovedVersionId equals v.Id
            where t.Enabled && t.AuditState == TemplateAuditState.Approved
            select new { t.TplId, t.Name, VersionId = v.Id, v.Document }).ToListAsync(ct);
        var created = demo.Now.AddDays(-2);
        created = created.AddTicks(-(created.Ticks % TimeSpan.TicksPerSecond));
        foreach (var template in templates)
        {
            var parameters = ShortLinkService.Parameters(template.Document);
            var examples = TemplateJson.Parse(template.Document).Params.ToDictionary(p => TemplateTexts.BareName(p.Name), p => p.Example);
            var group = Task(demo, template.TplId, template.Name, template.VersionId, ShortLinkType.Group, $"{template.Name}群发", 1000, created, 30);
            var groupLink = Link(demo, group, "campaign", parameters.ToDictionary(p => p, p => examples.GetValueOrDefault(p) ?? "示例"), created);
            groupLink.Resolved = 4;
            groupLink.FirstResolvedAt = created.AddHours(1);
            db.ResolveTasks.Add(group);
            db.ShortLinks.Add(groupLink);
            for (var i = 0; i < Agents.Length; i++)
            {
                var at = created.AddHours(1 + i);
                var bot = Agents[i] == UserAgents.Bot;
                db.Events.Add(Event(demo, bot ? EventKind.Visit : EventKind.Resolve, at, groupLink, template.TplId, Agents[i], bot));
            }

            var individual = Task(demo, template.TplId, template.Name, template.VersionId, ShortLinkType.Individual, $"{template.Name}个性化", 1, created, 7);
            db.ResolveTasks.Add(individual);
            for (var i = 0; i < 5; i++)
            {
                var mobile = $"1380013800{i}";
                var link = Link(demo, individual, mobile, parameters.ToDictionary(p => p, p => $"{examples.GetValueOrDefault(p) ?? "示例"}{i + 1}"), created);
                link.NumberHash = ShortLinkService.NumberHashOf(mobile);
                if (i < 2)
                {
                    link.Resolved = 1;
                    link.FirstResolvedAt = created.AddHours(3 + i);
                    db.Events.Add(Event(demo, EventKind.Resolve, link.FirstResolvedAt.Value, link, template.TplId, UserAgents.Phone, false));
                }

                db.ShortLinks.Add(link);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static ResolveTask Task(DemoAccount demo, string tplId, string tplName, Guid versionId, ShortLinkType type, string name, int max, DateTime created, int days) => new()
    {
        AccountId = demo.AccountId, Name = name.Length > ResolveTask.NameMax ? name[..ResolveTask.NameMax] : name, TplId = tplId, TplName = tplName, VersionId = versionId,
        Type = type, ExpiresAt = created.AddDays(days), MaxResolves = max, Signatures = "示例科技", CreatedBy = demo.Owner.UserName, CreatedAt = created, UpdatedAt = created,
    };

    private static ShortLink Link(DemoAccount demo, ResolveTask task, string flag, Dictionary<string, string> values, DateTime created) => new()
    {
        AccountId = demo.AccountId, TaskId = task.Id, Code = ResolveTaskRules.NewCode(), CustFlag = flag, Values = JsonSerializer.Serialize(values),
        MaxResolves = task.MaxResolves, ExpiresAt = task.ExpiresAt, CreatedAt = created,
    };

    private static PlatformEvent Event(DemoAccount demo, EventKind kind, DateTime at, ShortLink link, string tplId, string agent, bool bot) => new()
    {
        AccountId = demo.AccountId, Kind = kind, OccurredAt = at, ReceivedAt = at, LinkCode = link.Code, TemplateId = tplId, Agent = agent, IsBot = bot,
        Vendor = bot ? null : nameof(Vendor.Huawei).ToUpperInvariant(), NumberHash = link.NumberHash,
    };
}
