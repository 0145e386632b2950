using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Audit;

public sealed record AuditQuery(string? UserName = null, string? ObjectType = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

public sealed record AuditRow(long Id, DateTime At, string UserName, string Action, string ObjectType, string ObjectId, string? ObjectName, string? Before, string? After, string? AccountName);

/// <summary>Reads the audit log: a tenant its own account's entries; the platform administrator every entry, through the audited platform path.</summary>
public sealed class AuditService(AccessGuard guard, TenantDb dbs)
{
    // Entries are numbered in the order they are written: the time column sorts by that number, on its index.
    private static readonly SortColumns<AuditEntry> Sorts = new SortColumns<AuditEntry>().Add(nameof(AuditRow.At), e => e.Id);

    public async Task<Result<PagedResult<AuditRow>>> ListAsync(AuditQuery filter, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AuditView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var actor = auth.Value;
        await using var db = actor.IsPlatformStaff
            ? await dbs.ForPlatformAsync(actor, "read the audit log", ct)
            : await dbs.ForAsync(actor, ct);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.UserName))
        {
            var name = filter.UserName.Trim();
            query = query.Where(e => e.UserName.Contains(name));
        }

        if (!string.IsNullOrWhiteSpace(filter.ObjectType))
        {
            query = query.Where(e => e.ObjectType == filter.ObjectType);
        }

        if (filter.FromUtc is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(e => e.At < to);
        }

        if (page.Term is { } term)
        {
            query = query.Where(e => e.ObjectName!.Contains(term) || e.ObjectId == term);
        }

        return await Sorts.Apply(query, page, q => q.OrderByDescending(e => e.Id))
            .Select(e => new AuditRow(
                e.Id, e.At, e.UserName, e.Action, e.ObjectType, e.ObjectId, e.ObjectName, e.Before, e.After,
                db.Set<Account>().Where(a => a.Id == e.AccountId).Select(a => a.Name).FirstOrDefault()))
            .ToPageAsync(page, ct);
    }
}
