using KooMessage.Console.Common;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Layout;
using KooMessage.Console.Data;

namespace KooMessage.Console.Features.Overview;

/// <summary>One step of the flow guide 企业备案 → 短消息应用 → 签名 → 模板 → 短链 → 报表, with where this account stands.</summary>
public sealed record FlowStep(NavItem Item, FlowStepState State, string? StateKey = null, string? Reason = null);

public enum FlowStepState
{
    ToDo,
    Done,
}

public sealed record OverviewData(IReadOnlyList<FlowStep> Steps, IReadOnlyList<OverviewCount> Counts);

/// <summary>总览: the flow guide (the drawer entries that carry a flow step) and every module's figures.</summary>
public sealed class OverviewService(AccessGuard guard, TenantDb dbs, IEnumerable<IOverviewFigures> figures)
{
    public async Task<Result<OverviewData>> GetAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.OverviewView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        var counts = new List<OverviewCount>();
        if (user.IsPlatformStaff)
        {
            await using var platform = await dbs.ForPlatformAsync(user, "overview counts", ct);
            foreach (var module in figures)
            {
                counts.AddRange(await module.PlatformAsync(platform, user, ct));
            }

            return new OverviewData([], counts);
        }

        await using var db = await dbs.ForAsync(user, ct);
        var progress = new Dictionary<string, FlowProgress>(StringComparer.Ordinal);
        foreach (var module in figures)
        {
            var (moduleCounts, steps) = await module.TenantAsync(db, user, ct);
            counts.AddRange(moduleCounts);
            foreach (var step in steps)
            {
                progress[step.Href] = step;
            }
        }

        return new OverviewData(NavModel.All.Where(i => i.FlowStep is not null).OrderBy(i => i.FlowStep).Select(item =>
            progress.GetValueOrDefault(item.Href) is { } p ? new FlowStep(item, p.Done ? FlowStepState.Done : FlowStepState.ToDo, p.StateKey, p.Reason)
            : new FlowStep(item, FlowStepState.ToDo)).ToList(), counts);
    }
}
