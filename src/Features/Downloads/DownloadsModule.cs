using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Downloads;

/// <summary>下载中心: every list's exports, their jobs, and their expiry.</summary>
public sealed class DownloadsModule : IConsoleModule
{
    public const string Route = "/reports/downloads";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExportOptions>().Bind(configuration.GetSection(ExportOptions.Section));
        services.AddScoped<ExportService>();
        services.AddScoped<IJobHandler, ExportJob>();
        services.AddScoped<IJobHandler, ExportExpiryJob>();
        services.AddSingleton(ExportExpiryJob.Schedule);
        services.AddScoped<IJobListener, ExportNotifier>();
        services.AddSingleton<IFileOwner, ExportFiles>();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Reports, "Nav.Downloads", Route, MudBlazor.Icons.Material.Outlined.Download, Permission.DownloadView)];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<JobState>().Select(s => $"JobState.{s}")
            .Concat(new[] { JobState.Succeeded, JobState.Failed, JobState.Cancelled }.Select(s => $"Downloads.Notice.{s}"))
            .Concat(["Jobs.Error.Abandoned", "Jobs.Error.Unexpected", "Jobs.Error.UnknownKind"]);

    /// <summary>An export's file is downloaded by whoever may view the list it came from.</summary>
    private sealed class ExportFiles(IEnumerable<IExportSource> sources) : IFileOwner
    {
        public async Task<Permission?> ViewPermissionAsync(KooMessageDb db, Guid fileId, CancellationToken ct)
        {
            var key = await db.Exports.AsNoTracking().Where(e => e.FileId == fileId).Select(e => e.Source).FirstOrDefaultAsync(ct);
            return sources.FirstOrDefault(s => s.Key == key)?.ViewPermission;
        }
    }

    /// <summary>Tells the requester that an export ended, in the language they read notifications in.</summary>
    private sealed class ExportNotifier(TenantDb dbs, NotificationService notifications) : IJobListener
    {
        public async Task EndedAsync(Job job, JobState state, CancellationToken ct)
        {
            if (job.Kind != ExportService.JobKind || job.AccountId is not { } accountId || job.RequestedById is not { } userId)
            {
                return;
            }

            await using var db = await dbs.ForAccountAsync(accountId, $"notify the end of export {job.Id}", ct);
            var name = await db.Exports.AsNoTracking().Where(e => e.Id == job.Id).Select(e => e.FileName).SingleOrDefaultAsync(ct);
            if (name is null)
            {
                return;
            }

            notifications.Add(db, accountId, userId, $"Downloads.Notice.{state}", [name], Route);
            await db.SaveChangesAsync(ct);
        }
    }
}
