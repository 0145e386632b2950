using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ShortLinks;

public sealed class ShortDomainForm
{
    public string Host { get; set; } = "";

    /// <summary>Zero, one or two path levels, e.g. <c>a1/b2</c>.</summary>
    public string Path { get; set; } = "";

    public DomainStatus Status { get; set; }
}

public sealed record ShortDomainRow(Guid Id, string Host, string Path, string Display, DomainStatus Status, DateTime CreatedAt, int Version);

/// <summary>域名管理: the platform administrator adds and changes the host names short links may use.</summary>
public sealed class ShortDomainService(AccessGuard guard, TenantDb dbs, AuditLog audit, LinkSnapshot snapshot, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<Result<PagedResult<ShortDomainRow>>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SettingsManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.ShortDomains.AsNoTracking();
        if (page.Term is { } term)
        {
            query = query.Where(d => d.Host.Contains(term) || d.Path.Contains(term));
        }

        var found = await query.OrderBy(d => d.Host).ThenBy(d => d.Path).ToPageAsync(page, ct);
        return new PagedResult<ShortDomainRow>([.. found.Items.Select(d => new ShortDomainRow(d.Id, d.Host, d.Path, d.Display, d.Status, d.CreatedAt, d.Version))], found.Total);
    }

    public async Task<Result<Guid>> SaveAsync(Guid? id, int version, ShortDomainForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SettingsManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var host = form.Host.Trim().TrimEnd('.').ToLowerInvariant();
        var path = form.Path.Trim().Trim('/');
        if (!ResolveTaskRules.HostValid(host))
        {
            return Invalid(nameof(form.Host), l["ShortDomains.HostInvalid"]);
        }

        if (!ResolveTaskRules.DomainPathValid(path))
        {
            return Invalid(nameof(form.Path), l["ShortDomains.PathInvalid"]);
        }

        var user = auth.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.ForAsync(user, ct);
        ShortDomain domain;
        object? before = null;
        if (id is { } existing)
        {
            var found = await db.ShortDomains.SingleOrDefaultAsync(d => d.Id == existing, ct);
            if (found is null)
            {
                return new KmError(ErrorCodes.NotFound, l["ShortDomains.NotFound"]);
            }

            domain = found;
            before = new { domain.Host, domain.Path, domain.Status };
            db.Entry(domain).Property(d => d.Version).OriginalValue = version;
            domain.Version = version + 1;
        }
        else
        {
            domain = new ShortDomain { CreatedAt = now };
            db.ShortDomains.Add(domain);
        }

        (domain.Host, domain.Path, domain.Status, domain.UpdatedAt) = (host, path, form.Status, now);
        audit.Record(db, user, new AuditChange(null, id is null ? AuditActions.Create : AuditActions.Update, ShortLinksModule.DomainAuditType, domain.Id.ToString(), domain.Display,
            before, new { domain.Host, domain.Path, domain.Status }));
        if (await db.SaveOrConflictAsync(l["ShortDomains.Taken", domain.Display], ct, nameof(form.Host)) is { } conflict)
        {
            return conflict;
        }

        snapshot.Invalidate();
        return domain.Id;
    }

    private static KmError Invalid(string field, string message) => new KmError(ErrorCodes.InvalidParameter, message).OnField(field);
}
