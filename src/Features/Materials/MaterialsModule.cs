using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Materials;

/// <summary>素材库: the account's pictures and videos for templates.</summary>
public sealed class MaterialsModule : IConsoleModule
{
    public const string Route = "/aim/materials";
    public const string AuditType = "material";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MaterialOptions>().Bind(configuration.GetSection(MaterialOptions.Section));
        services.AddScoped<MaterialService>();
        services.AddSingleton<IFileOwner, MaterialFiles>();
        services.AddScoped<IDemoData, MaterialDemoData>();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Aim, "Nav.Materials", Route, MudBlazor.Icons.Material.Outlined.PermMedia, Permission.MaterialView)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<MaterialKind>().Select(k => $"MaterialKind.{k}");

    /// <summary>A material's picture, video and cover are viewed with the library's view permission.</summary>
    private sealed class MaterialFiles : IFileOwner
    {
        public async Task<Permission?> ViewPermissionAsync(KooMessageDb db, Guid fileId, CancellationToken ct) =>
            await db.Materials.AnyAsync(m => m.FileId == fileId || m.CoverFileId == fileId, ct) ? Permission.MaterialView : null;
    }
}
