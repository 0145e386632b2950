using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Overview;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Templates;

/// <summary>The overview's 模板 step: the furthest a template got — approved, then in review, then failed (with the reason).</summary>
internal sealed class TemplateFigures : IOverviewFigures
{
    public async Task<(IReadOnlyList<OverviewCount> Counts, IReadOnlyList<FlowProgress> Steps)> TenantAsync(KooMessageDb db, UserContext user, CancellationToken ct)
    {
        var best = await db.AimTemplates.AsNoTracking()
            .OrderBy(t => t.AuditState == TemplateAuditState.Approved ? 0 : t.AuditState == TemplateAuditState.InReview ? 1 : t.AuditState == TemplateAuditState.Failed ? 2 : 3)
            .ThenByDescending(t => t.UpdatedAt)
            .Select(t => new { t.AuditState, t.AuditDesc })
            .FirstOrDefaultAsync(ct);
        FlowProgress[] steps = best is null ? [] :
            [new(TemplatesModule.Route, best.AuditState == TemplateAuditState.Approved, $"TemplateAuditState.{best.AuditState}",
                best.AuditState == TemplateAuditState.Failed ? best.AuditDesc : null)];
        var count = await db.AimTemplates.CountAsync(ct);
        return ([new("Overview.Templates", count, user.Can(Permission.TemplateView) ? TemplatesModule.Route : null)], steps);
    }
}
