using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>A service number as the modules under it (menus, channel-number bindings) see it.</summary>
public sealed record ServiceNumberRef(Guid Id, string Name, string Remark, ServiceNumberState State, ApproveState ApproveState)
{
    /// <summary>The name, with the remark beside it (an account may have two of one name with different remarks).</summary>
    public string Display => $"{Name}（{Remark}）";
}

/// <summary>
/// What the modules under a service number ask of it: the account's service numbers for a picker, and whether one may
/// be written under now. A frozen service number freezes everything under it at once (§1.9), so every write under
/// one asks <see cref="RequireWritableAsync"/> in the transaction that writes.
/// </summary>
public sealed class ServiceNumberDirectory(IStringLocalizer<SharedResource> l)
{
    /// <summary>The account's service numbers (the context's account), by name.</summary>
    public async Task<IReadOnlyList<ServiceNumberRef>> ListAsync(KooMessageDb db, CancellationToken ct) =>
        await db.ServiceNumbers.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Remark)
            .Select(s => new ServiceNumberRef(s.Id, s.Name, s.Remark, s.State, s.ApproveState)).ToListAsync(ct);

    /// <summary>The service number when it belongs to the context's account and is not frozen; otherwise the error to show.</summary>
    public async Task<Result<ServiceNumberRef>> RequireWritableAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var found = await db.ServiceNumbers.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new ServiceNumberRef(s.Id, s.Name, s.Remark, s.State, s.ApproveState)).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return new KmError(ErrorCodes.NotFound, l["ServiceNumbers.NotFound"]);
        }

        return found.State == ServiceNumberState.Frozen
            ? new KmError(ErrorCodes.PreconditionFailed, l["ServiceNumbers.Frozen", found.Display])
            : found;
    }
}
