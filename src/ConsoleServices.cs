using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.AspNetCore.DataProtection;

namespace KooMessage.Console;

public static class ConsoleServices
{
    /// <summary>The console's services without the web host: the app and the component tests both start from here.</summary>
    public static IServiceCollection AddConsoleCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<ConsoleOptions>()
            .Bind(configuration.GetSection(ConsoleOptions.Section))
            .PostConfigure(o =>
            {
                o.DataFolder = Path.GetFullPath(Path.Combine(contentRoot, o.DataFolder));
                o.FilesFolder = Path.GetFullPath(Path.Combine(contentRoot, o.FilesFolder is { Length: > 0 } files ? files : Path.Combine(o.DataFolder, "files")));
            });
        var dataFolder = Path.GetFullPath(Path.Combine(contentRoot, configuration[$"{ConsoleOptions.Section}:{nameof(ConsoleOptions.DataFolder)}"] ?? "App_Data"));
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(PrivateFolder.Create(Path.Combine(PrivateFolder.Create(dataFolder), "keys"))));
        services.AddSingleton(new DbConnectionSettings(Database.ResolveConnectionString(
            configuration.GetConnectionString("Default") ?? "Data Source=App_Data/koomessage.db", contentRoot)));
        services.AddSingleton<TenantDb>();
        services.AddSingleton<WriteGate>();
        services.AddHttpContextAccessor();
        services.AddLocalization();
        services.AddSingleton(TimeProvider.System);
        services.AddValidatorsFromAssemblyContaining<ConsoleOptions>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton<FileStore>();
        services.AddSingleton<FileSweep>();
        services.AddJobs(configuration);
        services.AddScoped<IJobHandler, FileSweepJob>();
        services.AddSingleton(FileSweepJob.Schedule);
        services.AddScoped<CurrentUser>();
        services.AddScoped<AccessGuard>();
        services.AddScoped<DemoSeeder>();
        foreach (var module in ConsoleModules.All)
        {
            module.AddServices(services, configuration);
        }

        return services;
    }

    /// <summary>The shell's endpoints and every module's.</summary>
    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder endpoints)
    {
        Common.Web.Endpoints.MapShellEndpoints(endpoints);
        foreach (var module in ConsoleModules.All)
        {
            module.MapEndpoints(endpoints);
        }

        return endpoints;
    }
}
