using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Platform;

/// <summary>The <c>Console</c> section of appsettings.json.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The database's and the data-protection keys' folder; absolute after start-up (relative ones are taken from the content root).</summary>
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>Uploaded files; absolute after start-up.</summary>
    public string FilesFolder { get; set; } = "App_Data/files";

    /// <summary>Whether sign-up is open until the platform administrator saves the settings page.</summary>
    public bool SignUpEnabled { get; set; } = true;

    public string DefaultCulture { get; set; } = "zh-CN";

    public string DefaultTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>共支持添加应用数: how many SMS apps an account may have (the reference shows the count, not its value).</summary>
    public int SmsAppLimit { get; set; } = 10;

    /// <summary>How long a signature must wait in review before 催审 is offered (minutes).</summary>
    public int UrgeAfterMinutes { get; set; } = 30;

    /// <summary>The least time between two 催审 of one item (minutes).</summary>
    public int UrgeIntervalMinutes { get; set; } = 60;
}

public sealed record PlatformSettingsView(bool SignUpEnabled);

public sealed class SettingsService(AccessGuard guard, TenantDb dbs, AuditLog audit, IOptions<ConsoleOptions> options)
{
    public async Task<PlatformSettingsView> GetAsync(CancellationToken ct)
    {
        await using var db = await dbs.ForSystemAsync(ct);
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
        audit.Record(db, auth.Value, new AuditChange(null, AuditActions.Update, AuditObjectTypes.Settings, "platform", null, before, settings));
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }
}
