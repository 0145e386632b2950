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

/// <summary>The one-time setup: until it is done, every page leads here to create the first platform administrator.</summary>
public sealed class SetupService(TenantDb dbs, UserDirectory directory, IValidator<UserCredentialsForm> validator, TimeProvider clock, IStringLocalizer<SharedResource> l) : IDisposable
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

        // Setup is done when its row exists (written with the first administrator), whoever holds a role now.
        await using var db = await dbs.ForSystemAsync("is setup done", ct);
        done = await db.Set<SetupState>().AnyAsync(ct);
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

            var created = await directory.RunAsync<AppUser>(DbScope.Tenant(null),
                async (users, db) =>
                {
                    var admin = await directory.CreateAsync(users, db, null, null, form, Roles.PlatformAdmin, AuditActions.Setup);
                    if (admin.Error is null)
                    {
                        // The primary key makes a second, concurrent setup fail here rather than create a second administrator.
                        db.Set<SetupState>().Add(new SetupState { CompletedAt = clock.GetUtcNow().UtcDateTime, AdministratorId = admin.Value.Id });
                        await db.SaveChangesAsync(ct);
                    }

                    return admin;
                }, ct);
            done = created.IsSuccess;
            return created;
        }
        finally
        {
            gate.Release();
        }
    }
}
