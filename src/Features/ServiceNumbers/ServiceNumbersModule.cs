using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>智能信息服务号: image resources, service numbers with their homepages, and what the modules under them ask of them.</summary>
public sealed class ServiceNumbersModule : IConsoleModule
{
    public const string Route = "/service-numbers";
    public const string ImagesRoute = "/service-numbers/images";
    public const string DetailPattern = Route + "/{Id:guid}";
    public const string AuditType = "service_number";
    public const string HomepageAuditType = "service_homepage";
    public const string ImageAuditType = "service_image";

    public static string DetailRoute(Guid id) => $"{Route}/{id}";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ServiceNumberDirectory>();
        services.AddSingleton(ChinaRegions.Default);
        services.AddScoped<ServiceNumberNames>();
        services.AddScoped<ServiceImageService>();
        services.AddScoped<ServiceNumberService>();
        services.AddScoped<IReviewSource, ServiceNumberReviewSource>();
        services.AddScoped<IReviewSource, HomepageReviewSource>();
        services.AddSingleton<IFileOwner, ServiceImageFiles>();
        services.AddScoped<IDemoData, ServiceNumberDemoData>();
    }

    public IEnumerable<NavItem> NavItems =>
    [
        new(NavGroups.ServiceNumbers, "Nav.ServiceNumbers", Route, MudBlazor.Icons.Material.Outlined.Badge, Permission.ServiceNumberView),
        new(NavGroups.ServiceNumbers, "Nav.ServiceImages", ImagesRoute, MudBlazor.Icons.Material.Outlined.Collections, Permission.ServiceNumberView),
    ];

    public IEnumerable<string> AuditObjectTypes => [AuditType, HomepageAuditType, ImageAuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<ServiceNumberState>().Select(v => $"ServiceNumberState.{v}")
            .Concat(Enum.GetNames<ApproveState>().Select(v => $"ApproveState.{v}"))
            .Concat(Enum.GetNames<ServiceNumberIndustry>().Select(v => $"ServiceNumberIndustry.{v}"))
            .Concat(Enum.GetNames<ServiceImageType>().Select(v => $"ServiceImageType.{v}"))
            .Concat(Enum.GetNames<ServiceImageType>().Select(v => $"ServiceImageType.{v}.Rule"))
            .Concat([
                "Regions.Nationwide",
                $"Review.Kind.{ServiceNumberReviewSource.KindName}", $"Review.Kind.{HomepageReviewSource.KindName}",
                ServiceNumberReviewSource.NewKey, ServiceNumberReviewSource.ChangeKey, ServiceNumberReviewSource.UnfreezeKey,
                "ServiceNumbers.Notify.Approved", "ServiceNumbers.Notify.Rejected", "ServiceNumbers.Notify.Unfrozen", "ServiceNumbers.Notify.UnfreezeRejected",
                "Homepage.Notify.Approved", "Homepage.Notify.Rejected",
                "ServiceImages.WrongFormat", "ServiceImages.TooLarge", "ServiceImages.Unreadable", "ServiceImages.TooManyPixels", "ServiceImages.WrongRatio", "ServiceImages.TooSmall",
            ]);

    /// <summary>An image resource's file is viewed with the service numbers' view permission.</summary>
    private sealed class ServiceImageFiles : IFileOwner
    {
        public async Task<Permission?> ViewPermissionAsync(KooMessageDb db, Guid fileId, CancellationToken ct) =>
            await db.ServiceImages.AnyAsync(i => i.FileId == fileId, ct) ? Permission.ServiceNumberView : null;
    }
}

public static class ServiceNumberSets
{
    extension(KooMessageDb db)
    {
        public DbSet<ServiceNumber> ServiceNumbers => db.Set<ServiceNumber>();
    }
}
