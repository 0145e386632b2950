using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ChannelNumbers;

/// <summary>服务号 › 通道号: channel numbers, their review, their bindings to service numbers by region, import and export.</summary>
public sealed class ChannelNumbersModule : IConsoleModule
{
    public const string Route = "/service-numbers/channels";
    public const string ImportTemplateRoute = "/service-numbers/channels/import/template";
    public const string ImportReportRoute = "/service-numbers/channels/import/report/{stage:guid}";
    public const string AuditType = "channel_number";
    public const string BindingAuditType = "channel_binding";

    public static string ImportReportOf(Guid stage) => ImportReportRoute.Replace("{stage:guid}", stage.ToString(), StringComparison.Ordinal);

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ChannelNumberService>();
        services.AddScoped<ChannelImportService>();
        services.AddScoped<IJobHandler, ChannelImportJob>();
        services.AddScoped<IReviewSource, ChannelNumberReviewSource>();
        services.AddScoped<IDemoData, ChannelNumberDemoData>();
        services.AddSingleton<IFileOwner, ChannelNumberFiles>();
        services.AddSingleton<IExportSource, ChannelPortExportSource>();
        services.AddSingleton<IExportSource, ChannelBindingExportSource>();
    }

    /// <summary>The import template and a dry run's report go out over HTTP, never over the circuit; the service decides who may have them.</summary>
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ImportTemplateRoute, async Task<IResult> (HttpContext context, [FromServices] ChannelImportService import, CancellationToken ct) =>
        {
            context.Response.Headers.CacheControl = "private, no-store";
            var file = await import.TemplateFileAsync(ct);
            return file.Error is null
                ? TypedResults.File(file.Value.Content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Value.FileName)
                : TypedResults.NotFound();
        }).RequireAuthorization();
        endpoints.MapGet(ImportReportRoute, async Task<IResult> (HttpContext context, Guid stage, [FromServices] ChannelImportService import, CancellationToken ct) =>
        {
            context.Response.Headers.CacheControl = "private, no-store";
            var report = await import.ReportAsync(stage, ct);
            return report is { Error: null, Value: { } found }
                ? TypedResults.File(new FileStream(found.Path, FileMode.Open, FileAccess.Read, FileShare.Read), "text/csv; charset=utf-8", found.FileName)
                : TypedResults.NotFound();
        }).RequireAuthorization();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.ServiceNumbers, "Nav.Channels", Route, MudBlazor.Icons.Material.Outlined.Numbers, Permission.ChannelView)];

    public IEnumerable<string> AuditObjectTypes => [AuditType, BindingAuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<ChannelNumberType>().Select(v => $"ChannelNumberType.{v}")
            .Append($"Review.Kind.{ChannelNumberReviewSource.KindName}")
            .Append("ChannelNumbers.Import.Error.FileGone")
            .Append("Notify.ChannelNumberApproved")
            .Append("Notify.ChannelNumberRejected");

    /// <summary>A channel number's proofs are viewed with the channel view permission.</summary>
    private sealed class ChannelNumberFiles : IFileOwner
    {
        public async Task<Permission?> ViewPermissionAsync(KooMessageDb db, Guid fileId, CancellationToken ct) =>
            await db.ChannelNumberFiles.AnyAsync(f => f.FileId == fileId, ct) ? Permission.ChannelView : null;
    }
}

public static class ChannelNumberSets
{
    extension(KooMessageDb db)
    {
        public DbSet<ChannelNumber> ChannelNumbers => db.Set<ChannelNumber>();

        public DbSet<ChannelNumberFile> ChannelNumberFiles => db.Set<ChannelNumberFile>();

        public DbSet<ChannelBinding> ChannelBindings => db.Set<ChannelBinding>();
    }
}
