using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Billing;

/// <summary>The billable items (计费项, §1.11): each is metered from the event store and priced per unit.</summary>
public enum BillingItem
{
    /// <summary>智能信息解析: one successful resolve.</summary>
    Resolve = 1,

    /// <summary>智能信息发送-通知类: one SMS segment of a card SMS under a notification signature, handed to the gateway.</summary>
    SendNotify = 2,

    /// <summary>智能信息发送-营销类: one SMS segment of a card SMS under a marketing signature.</summary>
    SendMarketing = 3,

    /// <summary>智能信息基础版 三网通道: one segment of a plain SMS (a basic send, or a card SMS's plain fallback).</summary>
    PlainSms = 4,

    /// <summary>智能信息基础版 移动单通道: one segment over the China Mobile only channel (on demand only, no package).</summary>
    PlainSmsMobile = 5,

    /// <summary>智能信息服务号 点击: one billed menu click (PV), as the menus module's rule says.</summary>
    ServiceClick = 6,
}

/// <summary>The package families (套餐包) of the catalog; which items a family's units cover is <see cref="BillingCatalog.Covers"/>.</summary>
public enum PackageFamily
{
    /// <summary>智能信息解析.</summary>
    AimResolve = 1,

    /// <summary>智能信息发送和解析-通知类: a unit covers one segment sent and the resolve of what it sent.</summary>
    AimSendNotify = 2,

    /// <summary>智能信息发送和解析-营销类.</summary>
    AimSendMarketing = 3,

    /// <summary>智能信息基础版 三网通道.</summary>
    BasicThreeNetwork = 4,

    /// <summary>智能信息服务号 点击 (PV).</summary>
    ServiceClicks = 5,
}

/// <summary>
/// A package on sale (套餐规格): a family, how many units, the price, the validity. Platform-editable; an order copies
/// what it bought, so a later edit never changes a package already sold.
/// </summary>
public sealed class PackageSpec
{
    public const int NameMax = 40;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public PackageFamily Family { get; set; }

    /// <summary>The spec's label as sold (e.g. 10万条), already normalized.</summary>
    public string Name { get; set; } = "";

    public long Units { get; set; }

    /// <summary>The price of one package, in fen.</summary>
    public long PriceFen { get; set; }

    public int ValidityMonths { get; set; } = 12;

    /// <summary>Whether it can be bought now (a spec withdrawn from sale stays for the orders that name it).</summary>
    public bool OnSale { get; set; } = true;

    public int Version { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// The on-demand unit price of one item from a moment on (price history): usage is priced by the row in force when it
/// happened. Prices are integers of 0.0001 CNY (<see cref="Money.UnitsPerYuan"/>).
/// </summary>
public sealed class UnitPrice
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public BillingItem Item { get; set; }

    /// <summary>Price per unit, in 0.0001 CNY.</summary>
    public long Price { get; set; }

    public DateTime EffectiveFrom { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

public enum ArrearsState
{
    /// <summary>Balance at or above zero.</summary>
    Normal = 0,

    /// <summary>宽限期: the balance went below zero; service continues for the grace period, fees are due.</summary>
    Grace = 1,

    /// <summary>保留期: the grace period ran out below zero; sending, new links and purchases other than top-ups are refused.</summary>
    Retention = 2,
}

/// <summary>An account's wallet: its prepaid balance, arrears state and alert thresholds. One row per account, made on first use.</summary>
public sealed class BillingAccount : ITenantOwned
{
    public Guid AccountId { get; set; }

    /// <summary>Prepaid balance in fen; below zero is arrears. Changed only by <see cref="Ledger.PostAsync"/>, so it always equals the sum of the account's ledger entries.</summary>
    public long BalanceFen { get; set; }

    public ArrearsState Arrears { get; set; }

    /// <summary>When the balance last went below zero (the grace period counts from here); null when not in arrears.</summary>
    public DateTime? ArrearsSince { get; set; }

    /// <summary>Alert when a package has no more than this share of its units left (percent, 0 = off).</summary>
    public int AlertRemainingPercent { get; set; } = 10;

    /// <summary>Alert when a package expires within this many days (0 = off).</summary>
    public int AlertExpiryDays { get; set; } = 30;

    /// <summary>Alert when the balance falls below this many fen (0 = only when in arrears).</summary>
    public long AlertBalanceFen { get; set; }

    public int Version { get; set; }
}

public enum LedgerKind
{
    /// <summary>充值: the platform admin tops up the prepaid balance.</summary>
    TopUp = 1,

    /// <summary>A package order paid from the balance.</summary>
    Purchase = 2,

    /// <summary>An hourly on-demand settlement charge.</summary>
    Settlement = 3,

    /// <summary>A manual credit (positive) or debit (negative) by the platform, with a reason.</summary>
    Adjustment = 4,
}

/// <summary>One movement of an account's balance, in fen (credit positive, debit negative). Appended only.</summary>
public sealed class LedgerEntry : ITenantOwned
{
    public const int ReasonMax = 200;

    public long Id { get; set; }

    public Guid AccountId { get; set; }

    public DateTime At { get; set; }

    public LedgerKind Kind { get; set; }

    public long AmountFen { get; set; }

    /// <summary>The balance right after this entry.</summary>
    public long BalanceAfterFen { get; set; }

    public string? Reason { get; set; }

    public Guid? OrderId { get; set; }

    public Guid? ChargeId { get; set; }

    /// <summary>Who posted it (user name), or the job's name.</summary>
    public string CreatedBy { get; set; } = "";
}

public enum OrderState
{
    /// <summary>Created; payment not yet answered.</summary>
    Pending = 0,
    Paid = 1,
    Failed = 2,
}

/// <summary>An order for packages (订单): what was bought, at what price, paid through a payment provider.</summary>
public sealed class PackageOrder : ITenantOwned
{
    public const int IdempotencyKeyMax = 64;
    public const int FailReasonMax = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    /// <summary>The client's key: a double click or a retried request with the same key finds this order instead of making another.</summary>
    public string IdempotencyKey { get; set; } = "";

    public Guid SpecId { get; set; }

    public PackageFamily Family { get; set; }

    /// <summary>The spec's name, units and price as sold.</summary>
    public string SpecName { get; set; } = "";

    public long UnitsPerPackage { get; set; }

    public int Quantity { get; set; }

    public long UnitPriceFen { get; set; }

    public long TotalFen { get; set; }

    public OrderState State { get; set; }

    public string? FailReason { get; set; }

    /// <summary>Whether the packages it makes renew themselves on expiry.</summary>
    public bool AutoRenew { get; set; }

    /// <summary>The package whose expiry placed this order (an automatic renewal), if any.</summary>
    public Guid? RenewalOf { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? PaidAt { get; set; }

    public string CreatedBy { get; set; } = "";
}

public enum PackageState
{
    Active,

    /// <summary>Every unit used: usage goes on demand.</summary>
    Exhausted,

    /// <summary>Past its validity: what was left is lost, usage goes on demand.</summary>
    Expired,
}

/// <summary>A resource package (资源包) made by a paid order: units of one family, drawn on first, valid for its period.</summary>
public sealed class ResourcePackage : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public Guid OrderId { get; set; }

    public PackageFamily Family { get; set; }

    public string SpecName { get; set; } = "";

    public long Units { get; set; }

    /// <summary>Units drawn so far (never above <see cref="Units"/>).</summary>
    public long Used { get; set; }

    public DateTime StartsAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public bool AutoRenew { get; set; }

    /// <summary>Set once its automatic renewal has been ordered (so a rerun never orders it twice).</summary>
    public Guid? RenewedBy { get; set; }

    public int Version { get; set; }

    public PackageState StateAt(DateTime now) =>
        now >= ExpiresAt ? PackageState.Expired : Used >= Units ? PackageState.Exhausted : PackageState.Active;
}

public enum UsageMode
{
    /// <summary>Drawn from a package (amount 0).</summary>
    Package = 1,

    /// <summary>按需: priced at the unit price in force at usage time, settled hourly.</summary>
    OnDemand = 2,

    /// <summary>Covered by another usage (a resolve of what a 发送和解析 unit sent): no units, no amount.</summary>
    Included = 3,
}

/// <summary>
/// One metered use (明细): made from one billable event, exactly once (the event id and part are unique). A use split
/// between a package and on demand is two parts. On-demand parts are settled by an hourly <see cref="Charge"/>.
/// </summary>
public sealed class UsageRecord : ITenantOwned
{
    public long Id { get; set; }

    public Guid AccountId { get; set; }

    /// <summary>The event store row it was metered from.</summary>
    public long EventId { get; set; }

    public int Part { get; set; }

    public BillingItem Item { get; set; }

    /// <summary>When the use happened (UTC; 消费时间).</summary>
    public DateTime OccurredAt { get; set; }

    public DateTime RecordedAt { get; set; }

    public long Quantity { get; set; }

    public UsageMode Mode { get; set; }

    public Guid? PackageId { get; set; }

    /// <summary>The on-demand unit price in force at <see cref="OccurredAt"/>, in 0.0001 CNY; 0 for package and included parts.</summary>
    public long UnitPrice { get; set; }

    /// <summary>What it was for (template id, link code or service number), for the detail bill.</summary>
    public string? Subject { get; set; }

    /// <summary>The settlement charge that took it; null until settled (package and included parts are settled at amount 0).</summary>
    public Guid? ChargeId { get; set; }
}

/// <summary>
/// One charge (流水): an hour's usage of one item in one mode at one price (and one package), settled at once. The
/// amount is quantity × unit price rounded once, half up, to the fen (<see cref="Money.ChargeFen"/>).
/// </summary>
public sealed class Charge : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public BillingItem Item { get; set; }

    public UsageMode Mode { get; set; }

    public Guid? PackageId { get; set; }

    /// <summary>The usage hour (UTC) it settles: [UsageFrom, UsageFrom + 1 h).</summary>
    public DateTime UsageFrom { get; set; }

    /// <summary>When it was charged (扣费时间).</summary>
    public DateTime ChargedAt { get; set; }

    public long Quantity { get; set; }

    /// <summary>In 0.0001 CNY.</summary>
    public long UnitPrice { get; set; }

    public long AmountFen { get; set; }
}

internal sealed class BillingConfiguration :
    IEntityTypeConfiguration<PackageSpec>, IEntityTypeConfiguration<UnitPrice>, IEntityTypeConfiguration<BillingAccount>,
    IEntityTypeConfiguration<LedgerEntry>, IEntityTypeConfiguration<PackageOrder>, IEntityTypeConfiguration<ResourcePackage>,
    IEntityTypeConfiguration<UsageRecord>, IEntityTypeConfiguration<Charge>
{
    public void Configure(EntityTypeBuilder<PackageSpec> builder)
    {
        builder.ToTable("PackageSpecs");
        builder.Property(s => s.Name).HasMaxLength(PackageSpec.NameMax);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.Family, s.Name }).IsUnique();
        builder.HasData(CatalogSeed.Specs);
    }

    public void Configure(EntityTypeBuilder<UnitPrice> builder)
    {
        builder.ToTable("UnitPrices");
        builder.Property(p => p.CreatedBy).HasMaxLength(256);
        builder.HasIndex(p => new { p.Item, p.EffectiveFrom }).IsUnique();
        builder.HasData(CatalogSeed.Prices);
    }

    public void Configure(EntityTypeBuilder<BillingAccount> builder)
    {
        builder.ToTable("BillingAccounts");
        builder.HasKey(b => b.AccountId);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasOne<Account>().WithOne().HasForeignKey<BillingAccount>(b => b.AccountId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("LedgerEntries");
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Reason).HasMaxLength(LedgerEntry.ReasonMax);
        builder.Property(e => e.CreatedBy).HasMaxLength(256);
        builder.HasIndex(e => new { e.AccountId, e.At });
        builder.HasIndex(e => e.ChargeId).IsUnique().HasFilter("\"ChargeId\" IS NOT NULL");
        builder.HasIndex(e => new { e.OrderId, e.Kind }).IsUnique().HasFilter("\"OrderId\" IS NOT NULL");
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PackageOrder> builder)
    {
        builder.ToTable("PackageOrders");
        builder.Property(o => o.IdempotencyKey).HasMaxLength(PackageOrder.IdempotencyKeyMax);
        builder.Property(o => o.SpecName).HasMaxLength(PackageSpec.NameMax);
        builder.Property(o => o.FailReason).HasMaxLength(PackageOrder.FailReasonMax);
        builder.Property(o => o.CreatedBy).HasMaxLength(256);
        builder.HasIndex(o => new { o.AccountId, o.IdempotencyKey }).IsUnique();
        builder.HasIndex(o => new { o.AccountId, o.CreatedAt });
        builder.HasIndex(o => o.RenewalOf).IsUnique().HasFilter("\"RenewalOf\" IS NOT NULL");
        builder.HasOne<Account>().WithMany().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ResourcePackage> builder)
    {
        builder.ToTable("ResourcePackages", t => t.HasCheckConstraint("CK_ResourcePackages_Used", "\"Used\" >= 0 AND \"Used\" <= \"Units\""));
        builder.Property(p => p.SpecName).HasMaxLength(PackageSpec.NameMax);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => new { p.AccountId, p.Family, p.ExpiresAt });
        builder.HasOne<PackageOrder>().WithMany().HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.ToTable("UsageRecords");
        builder.Property(u => u.Id).ValueGeneratedOnAdd();
        builder.Property(u => u.Subject).HasMaxLength(64);

        // Exactly once: an event is metered once whatever retries the writer makes.
        builder.HasIndex(u => new { u.EventId, u.Part }).IsUnique();
        builder.HasIndex(u => new { u.AccountId, u.OccurredAt });
        builder.HasIndex(u => new { u.AccountId, u.ChargeId });
        builder.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Charge> builder)
    {
        builder.ToTable("Charges");
        builder.HasIndex(c => new { c.AccountId, c.UsageFrom });
        builder.HasIndex(c => new { c.AccountId, c.ChargedAt });
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class BillingSets
{
    extension(KooMessageDb db)
    {
        public DbSet<PackageSpec> PackageSpecs => db.Set<PackageSpec>();

        public DbSet<UnitPrice> UnitPrices => db.Set<UnitPrice>();

        public DbSet<BillingAccount> BillingAccounts => db.Set<BillingAccount>();

        public DbSet<LedgerEntry> LedgerEntries => db.Set<LedgerEntry>();

        public DbSet<PackageOrder> PackageOrders => db.Set<PackageOrder>();

        public DbSet<ResourcePackage> ResourcePackages => db.Set<ResourcePackage>();

        public DbSet<UsageRecord> UsageRecords => db.Set<UsageRecord>();

        public DbSet<Charge> Charges => db.Set<Charge>();
    }
}
