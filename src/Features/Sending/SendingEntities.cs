using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.ShortLinks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Sending;

public enum SendTaskState
{
    /// <summary>Created with its rows; not started.</summary>
    Ready,
    Sending,
    Paused,

    /// <summary>Every row went through the gateway (reports may still come).</summary>
    Completed,
    Cancelled,

    /// <summary>Created from the send page; a job is turning its checked numbers into rows (and their links).</summary>
    Preparing,
}

/// <summary>What happens to a number no vendor renders the card for (不发送 / 降级为普通短信).</summary>
public enum SendFallback
{
    DontSend,

    /// <summary>The same SMS goes out: a plain text whose link opens in the browser.</summary>
    PlainSms,
}

public enum SendMessageState
{
    Queued,

    /// <summary>Handed to the gateway, its answer not yet recorded. Written before the request goes out.</summary>
    Submitting,

    /// <summary>The gateway took it.</summary>
    Submitted,
    Delivered,
    Failed,

    /// <summary>In doubt: a run died between handing it to the gateway and recording the answer. Never resent automatically.</summary>
    Unknown,

    /// <summary>Not sent: the number is on the account's opt-out list.</summary>
    OptedOut,

    /// <summary>Not sent: the task was cancelled first.</summary>
    Cancelled,
}

/// <summary>A send task (发送任务): its rows go through the gateway at its rate, as one job.</summary>
public sealed class SendTask : ITenantOwned
{
    public const int NameMax = 30;
    public const int DefaultRatePerSecond = 1_000;
    public const int MaxRatePerSecond = 100_000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public string Name { get; set; } = "";

    public SendTaskState State { get; set; }

    /// <summary>Messages a second at most (KooMessage: ≤1000条/秒).</summary>
    public int RatePerSecond { get; set; } = DefaultRatePerSecond;

    /// <summary>Rows the task was created with.</summary>
    public int Total { get; set; }

    /// <summary>Rows skipped because their number opted out.</summary>
    public int OptedOut { get; set; }

    /// <summary>The job that sends it now (a resume queues a new one).</summary>
    public Guid? JobId { get; set; }

    /// <summary>When its run failed for good and paused it (<see cref="SendRunFailures"/>); null once it runs again, and for a user's pause.</summary>
    public DateTime? RunFailedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public int Version { get; set; }

    // What the send page chose; null for a task created straight through the engine (tests, the benchmark).

    /// <summary>The card template (9 digits) and the approved version the task is pinned to.</summary>
    public string? TplId { get; set; }

    public string? TplName { get; set; }

    public Guid? TemplateVersionId { get; set; }

    public ShortLinkType? LinkType { get; set; }

    public Guid? DomainId { get; set; }

    public int? ExpiryDays { get; set; }

    /// <summary>The resolve task that holds the task's short links.</summary>
    public Guid? ResolveTaskId { get; set; }

    public Guid? SmsAppId { get; set; }

    public Guid? SignatureId { get; set; }

    public Guid? SmsTemplateId { get; set; }

    public SendFallback Fallback { get; set; } = SendFallback.PlainSms;

    /// <summary>Not sent before this time (UTC); null: at once.</summary>
    public DateTime? ScheduledAt { get; set; }

    /// <summary>A trial send (试发) of at most <see cref="SendTaskRules.TrialMax"/> numbers.</summary>
    public bool Trial { get; set; }

    /// <summary>The links' address without the code (host and path), fixed when the task was created.</summary>
    public string? LinkBase { get; set; }

    /// <summary>The dry run's staged rows, until the preparing job has turned them all into messages.</summary>
    public Guid? StageId { get; set; }

    /// <summary>Staged rows the preparing job has handled (its restart point; saved with each batch).</summary>
    public int Expanded { get; set; }

    /// <summary>Numbers no vendor renders the card for (not sent, or sent as a plain SMS, per <see cref="Fallback"/>).</summary>
    public int Unrenderable { get; set; }

    /// <summary>The capability pre-check per vendor: JSON of <see cref="VendorCount"/>s.</summary>
    public string? Capability { get; set; }
}

/// <summary>One message of a task to one number: its composed text and where it is on its way.</summary>
public sealed class SendMessage : ITenantOwned
{
    public const int MobileMax = 21;
    public const int TextMax = 1_000;
    public const int ResultMax = 200;
    public const int IdempotencyKeyMax = 64;

    /// <summary><paramref name="text"/> cut to what <see cref="ResultCode"/> holds (a gateway's or carrier's words may be longer).</summary>
    public static string CutResult(string text) => text.Length > ResultMax ? text[..ResultMax] : text;

    /// <summary>The console's own message id; the gateway carries it back in the delivery report URL.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public Guid TaskId { get; set; }

    public string Mobile { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>SMS parts it is billed as (70 characters for one, 67 per part when longer).</summary>
    public int Segments { get; set; }

    /// <summary>Sent as a plain SMS (a number no vendor renders the card for, under the 降级为普通短信 fallback): billed as one.</summary>
    public bool Plain { get; set; }

    public SendMessageState State { get; set; }

    /// <summary>Submissions so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not submitted before this time (UTC): a retry's backoff.</summary>
    public DateTime NextAttemptAt { get; set; }

    public DateTime? SubmittedAt { get; set; }

    public DateTime? ReportedAt { get; set; }

    /// <summary>The gateway's or the SMSC's last word on it (e.g. "0: Accepted for delivery", "Not routable").</summary>
    public string? ResultCode { get; set; }

    /// <summary>Task and number: one row per number per task, however often a task is expanded.</summary>
    public string IdempotencyKey { get; set; } = "";
}

/// <summary>A number that replied R / TD / T / 退订: the account sends it nothing more.</summary>
public sealed class OptOut : ITenantOwned
{
    public const int KeywordMax = 16;
    public const int NoteMax = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public string Mobile { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>The message the reply answered.</summary>
    public Guid? MessageId { get; set; }

    public string Keyword { get; set; } = "";

    /// <summary>Why a user put the number on the list by hand; empty for a reply.</summary>
    public string Note { get; set; } = "";

    /// <summary>The user who added it by hand; empty for a reply.</summary>
    public string CreatedBy { get; set; } = "";
}

internal sealed class SendingConfiguration : IEntityTypeConfiguration<SendTask>, IEntityTypeConfiguration<SendMessage>, IEntityTypeConfiguration<OptOut>
{
    public const string MessagesTable = "SendMessages";

    public void Configure(EntityTypeBuilder<SendTask> builder)
    {
        builder.ToTable("SendTasks");
        builder.Property(t => t.Name).HasMaxLength(SendTask.NameMax);
        builder.Property(t => t.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.CreatedBy).HasMaxLength(256);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.Property(t => t.TplId).HasMaxLength(16);
        builder.Property(t => t.TplName).HasMaxLength(64);
        builder.Property(t => t.LinkType).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Fallback).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.LinkBase).HasMaxLength(256);
        builder.Property(t => t.Capability).HasMaxLength(1_000);
        builder.HasIndex(t => new { t.AccountId, t.CreatedAt });
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<SendMessage> builder)
    {
        builder.ToTable(MessagesTable);
        builder.Property(m => m.Mobile).HasMaxLength(SendMessage.MobileMax);
        builder.Property(m => m.Text).HasMaxLength(SendMessage.TextMax);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ResultCode).HasMaxLength(SendMessage.ResultMax);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(SendMessage.IdempotencyKeyMax);
        builder.HasIndex(m => m.IdempotencyKey).IsUnique();

        // The dispatcher's claim: a task's queued rows that are due, oldest first; progress counts by state.
        builder.HasIndex(m => new { m.TaskId, m.State, m.NextAttemptAt });

        // A reply names only its number: the latest message sent to it is the one it answered.
        builder.HasIndex(m => new { m.Mobile, m.SubmittedAt });

        // Send details (发送任务明细): an account's or a task's rows newest first, within a time window.
        builder.HasIndex(m => new { m.AccountId, m.SubmittedAt });
        builder.HasIndex(m => new { m.TaskId, m.SubmittedAt });
        builder.HasOne<SendTask>().WithMany().HasForeignKey(m => m.TaskId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<OptOut> builder)
    {
        builder.ToTable("OptOuts");
        builder.Property(o => o.Mobile).HasMaxLength(SendMessage.MobileMax);
        builder.Property(o => o.Keyword).HasMaxLength(OptOut.KeywordMax);
        builder.Property(o => o.Note).HasMaxLength(OptOut.NoteMax);
        builder.Property(o => o.CreatedBy).HasMaxLength(256);
        builder.HasIndex(o => new { o.AccountId, o.CreatedAt });
        builder.HasIndex(o => new { o.AccountId, o.Mobile }).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class SendingSets
{
    extension(KooMessageDb db)
    {
        public DbSet<SendTask> SendTasks => db.Set<SendTask>();

        public DbSet<SendMessage> SendMessages => db.Set<SendMessage>();

        public DbSet<OptOut> OptOuts => db.Set<OptOut>();
    }
}
