using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Platform;

public sealed record PlatformSettingsView(bool SignUpEnabled);

public sealed class SettingsService(AccessGuard guard, TenantDb dbs, AuditLog audit, IOptions<ConsoleOptions> options)
{
    public async Task<PlatformSettingsView> GetAsync(CancellationToken ct)
    {
        await using var db = await dbs.ForSystemAsync("read the platform settings", ct);
        var row = await db.PlatformSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        return new PlatformSettingsView(row?.SignUpEnabled ?? options.Value.SignUpEnabled);
    }

    public async Task<Result> SaveAsync(PlatformSettingsView settings, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SettingsManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "save platform settings", ct);
        var row = await db.PlatformSettings.SingleOrDefaultAsync(ct);
        var before = new PlatformSettingsView(row?.SignUpEnabled ?? options.Value.SignUpEnabled);
        if (row is null)
        {
            row = new PlatformSettings();
            db.PlatformSettings.Add(row);
        }

        row.SignUpEnabled = settings.SignUpEnabled;
        audit.Record(db, auth.Value, new AuditChange(null, AuditActions.Update, PlatformModule.SettingsAuditType, "platform", null, before, settings));
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }
}
