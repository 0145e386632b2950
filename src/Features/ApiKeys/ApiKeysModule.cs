using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;

namespace KooMessage.Console.Features.ApiKeys;

/// <summary>权限管理 › API 密钥: the account's keys for the ingestion endpoint and the later REST API.</summary>
public sealed class ApiKeysModule : IConsoleModule
{
    public const string Route = "/iam/api-keys";
    public const string AuditType = "api_key";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddScoped<ApiKeyService>();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Iam, "Nav.ApiKeys", Route, MudBlazor.Icons.Material.Outlined.Key, Permission.ApiKeyView)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];
}
