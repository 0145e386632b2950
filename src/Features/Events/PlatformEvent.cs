using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Events;

/// <summary>What happened. The wire names (<see cref="EventKinds"/>) are what the ingestion endpoint reads.</summary>
public enum EventKind
{
    /// <summary>A short-link visit that counted as a resolve (what is billed). Every visit is one event: this or <see cref="Visit"/>.</summary>
    Resolve = 1,

    /// <summary>A short-link visit that counted nothing: a bot, a repeat visit of an individual link, a used-up, expired or stopped link.</summary>
    Visit = 2,
    Send = 3,
    DeliveryReport = 4,
    Exposure = 5,
    Click = 6,
    MenuClick = 7,
}

/// <summary>
/// One row of the platform's one event store: every resolve, visit, send, delivery report, exposure, card click and
/// service-number menu click, appended once. Billing meters and reports roll up from here; no module keeps a copy.
/// Rows are never updated; the rollup job's retention removes those older than its configured age once rolled up.
/// </summary>
public sealed class PlatformEvent : ITenantOwned
{
    public const int ExternalIdMax = 64;
    public const int SubjectMax = 64;
    public const int VendorMax = 16;
    public const int NumberHashMax = 128;
    public const int AgentMax = 32;
    public const int MenuActionMax = 16;
    public const int VisitorIdMax = 32;

    /// <summary>The row's place in the store (SQLite's rowid: cheap to append, ordered by arrival).</summary>
    public long Id { get; set; }

    public Guid AccountId { get; set; }

    public EventKind Kind { get; set; }

    /// <summary>When it happened (UTC), as its source says.</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>When the console accepted it (UTC).</summary>
    public DateTime ReceivedAt { get; set; }

    /// <summary>The pusher's own event id: unique per account, so a repeated push is stored once. Null for the console's own events.</summary>
    public string? ExternalId { get; set; }

    /// <summary>tpl_id of the template concerned.</summary>
    public string? TemplateId { get; set; }

    /// <summary>The short link's code (aim_code).</summary>
    public string? LinkCode { get; set; }

    public string? ServiceNumber { get; set; }

    public string? MenuItem { get; set; }

    /// <summary>HUAWEI, XIAOMI, OPPO, VIVO, MEIZU or SAMSUNG, when known.</summary>
    public string? Vendor { get; set; }

    /// <summary>A menu click's action (action_type of the item tapped).</summary>
    public string? MenuAction { get; set; }

    /// <summary>Whether the event is billed where its kind does not say by itself (a menu click: the menus module's PV rule); null otherwise.</summary>
    public bool? Billed { get; set; }

    /// <summary>A keyed hash of the phone number, never the number.</summary>
    public string? NumberHash { get; set; }

    /// <summary>
    /// The first-party visitor id the resolve host keeps in a cookie, for visits: a report's UV counts the number hash
    /// where a link has one, else this.
    /// </summary>
    public string? VisitorId { get; set; }

    /// <summary>The user-agent's class (phone, desktop, bot, ...), for visits.</summary>
    public string? Agent { get; set; }

    /// <summary>A link-preview bot or security scanner: counted apart from people, never billed.</summary>
    public bool IsBot { get; set; }
}

internal sealed class PlatformEventConfiguration : IEntityTypeConfiguration<PlatformEvent>
{
    public void Configure(EntityTypeBuilder<PlatformEvent> builder)
    {
        builder.ToTable(EventStore.Table);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.ExternalId).HasMaxLength(PlatformEvent.ExternalIdMax);
        builder.Property(e => e.TemplateId).HasMaxLength(PlatformEvent.SubjectMax);
        builder.Property(e => e.LinkCode).HasMaxLength(PlatformEvent.SubjectMax);
        builder.Property(e => e.ServiceNumber).HasMaxLength(PlatformEvent.SubjectMax);
        builder.Property(e => e.MenuItem).HasMaxLength(PlatformEvent.SubjectMax);
        builder.Property(e => e.Vendor).HasMaxLength(PlatformEvent.VendorMax);
        builder.Property(e => e.MenuAction).HasMaxLength(PlatformEvent.MenuActionMax);
        builder.Property(e => e.NumberHash).HasMaxLength(PlatformEvent.NumberHashMax);
        builder.Property(e => e.Agent).HasMaxLength(PlatformEvent.AgentMax);
        builder.Property(e => e.VisitorId).HasMaxLength(PlatformEvent.VisitorIdMax);

        // One account's events of one kind over a time range (a report's raw check, retention). Reports and meters read
        // roll-ups kept from the rowid onwards, so no per-template or per-link index slows every append.
        builder.HasIndex(e => new { e.AccountId, e.Kind, e.OccurredAt });

        // Idempotency: a pushed event id is stored once per account (NULLs, the console's own events, never collide).
        builder.HasIndex(e => new { e.AccountId, e.ExternalId }).IsUnique().HasFilter("\"ExternalId\" IS NOT NULL");
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class EventSets
{
    extension(KooMessageDb db)
    {
        public DbSet<PlatformEvent> Events => db.Set<PlatformEvent>();
    }
}
