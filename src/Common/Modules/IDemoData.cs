using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;

namespace KooMessage.Console.Common.Modules;

/// <summary>What demo data a module adds to the demo account, once: <c>--seed-demo</c> runs every contribution in order.</summary>
public interface IDemoData
{
    /// <summary>Lower runs first (a signature needs the app and the filing before it).</summary>
    int Order { get; }

    /// <summary>Adds this module's demo rows unless it added them before; the caller saves, in one transaction.</summary>
    Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct);
}

/// <summary>The demo account, its owner (who submits what the demo data submits) and the time the seeding runs at.</summary>
public sealed record DemoAccount(Guid AccountId, UserContext Owner, string OwnerId, DateTime Now)
{
    /// <summary>
    /// Work to run once the seeding has committed, for data that goes through a path of its own connection (events pushed
    /// through the ingestion service, whose checks read what the seeding wrote).
    /// </summary>
    public List<Func<CancellationToken, Task>> AfterCommit { get; } = [];
}
