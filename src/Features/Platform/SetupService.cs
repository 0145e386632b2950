using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Platform;

/// <summary>The one-time setup: while no platform administrator exists, every page leads here to create the first one.</summary>
public sealed class SetupService(TenantDb dbs, UserDirectory directory, IValidator<UserCredentialsForm> validator, IStringLocalizer<SharedResource> l) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool done;

    public void Dispose() => gate.Dispose();

    public async Task<bool> IsDoneAsync(CancellationToken ct)
    {
        if (done)
        {
            return true;
        }

        // Set up means a platform administrator exists: demo data seeded first must not lock the platform out.
        await using var db = await dbs.ForSystemAsync(ct);
        done = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == Roles.PlatformAdmin select ur).AnyAsync(ct);
        return done;
    }

    public async Task<Result<AppUser>> CreateAdministratorAsync(UserCredentialsForm form, CancellationToken ct)
    {
        if (await validator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (await IsDoneAsync(ct))
            {
                return new KmError(ErrorCodes.Conflict, l["Setup.AlreadyDone"]);
            }

            var created = await directory.RunAsync<AppUser>(
                (users, db) => directory.CreateAsync(users, db, null, null, form, Roles.PlatformAdmin, AuditActions.Setup), ct);
            done = created.IsSuccess;
            return created;
        }
        finally
        {
            gate.Release();
        }
    }
}
