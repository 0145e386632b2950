using FluentValidation;
using KooMessage.Console.Identity;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

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
                o.FilesFolder = Path.GetFullPath(Path.Combine(contentRoot, o.FilesFolder));
            });
        var dataFolder = Path.GetFullPath(Path.Combine(contentRoot, configuration[$"{ConsoleOptions.Section}:{nameof(ConsoleOptions.DataFolder)}"] ?? "App_Data"));
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(PrivateFolder.Create(Path.Combine(PrivateFolder.Create(dataFolder), "keys"))));
        var connectionString = Database.ResolveConnectionString(
            configuration.GetConnectionString("Default") ?? "Data Source=App_Data/koomessage.db", contentRoot);
        services.AddDbContextFactory<KooMessageDb>(o => o
            .UseSqlite(connectionString)
            .ReplaceService<IModelCacheKeyFactory, TenantModelCacheKeyFactory>());
        services.AddScoped(sp =>
        {
            // Identity's stores use this one; it sees every tenant, so Identity can find a user by name at sign-in.
            var db = sp.GetRequiredService<IDbContextFactory<KooMessageDb>>().CreateDbContext();
            db.Unscope();
            return db;
        });

        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 8;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<KooMessageDb>()
            .AddSignInManager<ConsoleSignInManager>()
            .AddClaimsPrincipalFactory<ConsoleClaimsFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>();
        services.AddHttpContextAccessor();

        services.AddLocalization();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<IValidator<UserCredentialsForm>, UserCredentialsValidator>();
        services.AddSingleton<IValidator<NewUserForm>, NewUserFormValidator>();
        services.AddSingleton<IValidator<PasswordForm>, PasswordFormValidator>();
        services.AddSingleton<IValidator<ChangePasswordForm>, ChangePasswordFormValidator>();
        services.AddSingleton<IValidator<NewAccountForm>, NewAccountFormValidator>();
        services.AddSingleton<IValidator<LoginForm>, LoginFormValidator>();
        services.AddSingleton<IValidator<EnterpriseForm>, EnterpriseFormValidator>();
        services.AddSingleton<IValidator<SmsAppForm>, SmsAppFormValidator>();
        services.AddSingleton<IValidator<SignatureForm>, SignatureFormValidator>();

        services.AddSingleton<TenantDb>();
        services.AddSingleton<FileStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<SetupService>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AccessGuard>();
        services.AddScoped<NotificationService>();
        services.AddScoped<SettingsService>();
        services.AddScoped<UserService>();
        services.AddScoped<AccountService>();
        services.AddScoped<AuditService>();
        services.AddScoped<Features.Overview.OverviewService>();
        services.AddScoped<DemoSeeder>();

        services.AddOptions<ReviewOptions>().Bind(configuration.GetSection(ReviewOptions.Section));
        services.AddSingleton<WorkingHoursClock>();
        services.AddSingleton<SensitiveWordMatcher>();
        services.AddScoped<SensitiveWordService>();
        services.AddScoped<EnterpriseService>();
        services.AddScoped<SmsAppService>();
        services.AddScoped<SignatureService>();
        services.AddScoped<IReviewSource, FilingReviewSource>();
        services.AddScoped<IReviewSource, SmsAppReviewSource>();
        services.AddScoped<IReviewSource, SignatureReviewSource>();
        services.AddScoped<ReviewQueueService>();
        return services;
    }
}
