using System.Runtime.CompilerServices;
using System.Text.Json;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>A task's links as an export carries them; <see cref="DefaultDomain"/> is the default domain's host and prefix when the export was asked for.</summary>
public sealed record LinkExportFilter(Guid TaskId, string DefaultDomain);

/// <summary>解析任务's export: one row per link, aim_code and aim_url with times and resolve state.</summary>
public sealed class LinkExportSource(IOptions<ShortLinkOptions> options, TimeProvider clock) : IExportSource
{
    public const string SourceKey = "short_links";

    public string Key => SourceKey;

    public string TitleKey => "ShortLinks.LinksTitle";

    public Permission ViewPermission => Permission.ShortLinkView;

    /// <summary>Whoever sees the links may take them away: they are what the SMS must carry.</summary>
    public Permission ExportPermission => Permission.ShortLinkView;

    public IReadOnlyList<ExportField> Fields { get; } =
    [
        new("task", "Field.TaskName", ExportCellKind.Text, 20),
        new("code", "ShortLinks.AimCode", ExportCellKind.Identifier, 12),
        new("url", "ShortLinks.AimUrl", ExportCellKind.Text, 36),
        new("flag", "ShortLinks.CustFlag", ExportCellKind.Identifier, 20),
        new("status", "ShortLinks.ResolveStatus", ExportCellKind.Text, 12),
        new("resolved", "ShortLinks.Resolved", ExportCellKind.Whole, 10),
        new("generated", "ShortLinks.GeneratedAt", ExportCellKind.DateTime, 18),
        new("expires", "ShortLinks.ExpiresAt", ExportCellKind.DateTime, 18),
        new("resolvedAt", "ShortLinks.ResolvedAt", ExportCellKind.DateTime, 18),
    ];

    /// <summary>The export's parameters: the task, and the default domain as the page shows it (<paramref name="consoleBase"/> when none is configured).</summary>
    public string Parameters(Guid taskId, string consoleBase) =>
        JsonSerializer.Serialize(new LinkExportFilter(taskId, ShortLinkUrls.AimUrl(null, "", options.Value, consoleBase).TrimEnd('/')));

    public IReadOnlyList<ExportCondition> Describe(string parameters, IStringLocalizer l) => [new("ShortLinks.TaskId", Read(parameters).TaskId.ToString())];

    public Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct)
    {
        var taskId = Read(parameters).TaskId;
        return db.ShortLinks.Where(k => k.TaskId == taskId).LongCountAsync(ct);
    }

    public async IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        var filter = Read(parameters);
        var domains = await db.ShortDomains.AsNoTracking().ToDictionaryAsync(d => d.Id.ToString(), d => d.Display, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = from k in db.ShortLinks.AsNoTracking()
                   join t in db.ResolveTasks.AsNoTracking() on k.TaskId equals t.Id
                   where k.TaskId == filter.TaskId
                   orderby k.CreatedAt, k.Code
                   select new { t.Name, k.Code, k.DomainKey, k.CustFlag, k.Resolved, k.Enabled, k.CreatedAt, k.ExpiresAt, k.FirstResolvedAt };
        await foreach (var k in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var status = k.Resolved > 0 ? ResolveStatus.Success : k.Enabled && k.ExpiresAt > now ? ResolveStatus.Unresolved : ResolveStatus.Fail;
            var url = domains.TryGetValue(k.DomainKey, out var domain) ? $"{domain}/{k.Code}" : $"{filter.DefaultDomain}/{k.Code}";
            yield return
            [
                k.Name, k.Code, url, k.CustFlag, l[$"ResolveStatus.{status}"].Value, k.Resolved, UserTime.ToLocal(k.CreatedAt, timeZone),
                UserTime.ToLocal(k.ExpiresAt, timeZone), k.FirstResolvedAt is { } at ? UserTime.ToLocal(at, timeZone) : null,
            ];
        }
    }

    private static LinkExportFilter Read(string parameters) =>
        JsonSerializer.Deserialize<LinkExportFilter>(parameters) ?? throw new JsonException("No link filter.");
}
