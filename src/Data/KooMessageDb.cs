using KooMessage.Console.Common.Files;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Data;

/// <summary>
/// The console's database. Tenant-owned rows are filtered to <see cref="TenantId"/>; a new context sees none of
/// them until it is scoped to an account (<see cref="ScopeTo"/>) or explicitly opened for the platform
/// (<see cref="Unscope"/>), which only <see cref="TenantDb"/> and the start-up code do.
/// </summary>
public sealed class KooMessageDb(DbContextOptions<KooMessageDb> options) : IdentityDbContext<AppUser, IdentityRole, string>(options)
{
    public Guid? TenantId { get; private set; }

    public bool IsUnscoped { get; private set; }

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<PlatformSettings> PlatformSettings => Set<PlatformSettings>();

    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();

    public DbSet<SensitiveWord> SensitiveWords => Set<SensitiveWord>();

    public DbSet<Enterprise> Enterprises => Set<Enterprise>();

    public DbSet<EnterpriseMaterial> EnterpriseMaterials => Set<EnterpriseMaterial>();

    public DbSet<SmsApp> SmsApps => Set<SmsApp>();

    public DbSet<Signature> Signatures => Set<Signature>();

    public DbSet<SignatureFile> SignatureFiles => Set<SignatureFile>();

    public DbSet<ReviewTicket> ReviewTickets => Set<ReviewTicket>();

    /// <summary>Call before the first query: the model (with or without filters) is chosen then.</summary>
    public void ScopeTo(Guid? accountId)
    {
        TenantId = accountId;
        IsUnscoped = false;
    }

    public void Unscope()
    {
        TenantId = null;
        IsUnscoped = true;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KooMessageDb).Assembly);

        // Two models are built and cached (see TenantModelCacheKeyFactory): the tenant model filters every tenant-owned
        // set to the context's account with a plain equality SQLite can answer from an index; the unscoped one has none.
        if (!IsUnscoped)
        {
            builder.Entity<AppUser>().HasQueryFilter(u => u.AccountId == TenantId);
            builder.Entity<AuditEntry>().HasQueryFilter(e => e.AccountId == TenantId);
            builder.Entity<Notification>().HasQueryFilter(n => n.AccountId == TenantId);
            builder.Entity<StoredFile>().HasQueryFilter(f => f.AccountId == TenantId);
            builder.Entity<Enterprise>().HasQueryFilter(e => e.AccountId == TenantId);
            builder.Entity<EnterpriseMaterial>().HasQueryFilter(m => m.AccountId == TenantId);
            builder.Entity<SmsApp>().HasQueryFilter(a => a.AccountId == TenantId);
            builder.Entity<Signature>().HasQueryFilter(s => s.AccountId == TenantId);
            builder.Entity<SignatureFile>().HasQueryFilter(f => f.AccountId == TenantId);
            builder.Entity<ReviewTicket>().HasQueryFilter(t => t.AccountId == TenantId);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
