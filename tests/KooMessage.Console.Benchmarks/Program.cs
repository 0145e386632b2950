using System.Diagnostics;
using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Performance figures, each printed as a ratio to a baseline measured in the same run, with peak memory.
// Run: dotnet run -c Release --project tests/KooMessage.Console.Benchmarks
const int EntriesPerAccount = 100_000;
const int Runs = 50;

await using var app = await TestConsole.StartAsync();
var admin = await app.Services.CreateAdministratorAsync();
var ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
var ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
await SeedAuditAsync(app.Services, ownerA.AccountId!.Value, ownerB.AccountId!.Value);

await using var scope = app.Services.As(ownerA.Principal);
var audit = scope.ServiceProvider.GetRequiredService<AuditService>();
var dbs = app.Services.GetRequiredService<TenantDb>();

var console = await MeasureAsync(async () =>
{
    var page = await audit.ListAsync(new AuditQuery(), new PageRequest(10, 20), CancellationToken.None);
    return page.Value.Items.Count;
});
var baseline = await MeasureAsync(async () =>
{
    await using var db = await dbs.ForSystemAsync("test", CancellationToken.None);
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    await using var count = connection.CreateCommand();
    count.CommandText = "SELECT COUNT(*) FROM AuditEntries WHERE AccountId = $a";
    count.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$a", ownerA.AccountId.Value.ToString().ToUpperInvariant()));
    await count.ExecuteScalarAsync();
    await using var rows = connection.CreateCommand();
    rows.CommandText = "SELECT Id, At, UserName, Action, ObjectType, ObjectId, ObjectName, Before, After FROM AuditEntries WHERE AccountId = $a ORDER BY Id DESC LIMIT 20 OFFSET 200";
    rows.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$a", ownerA.AccountId.Value.ToString().ToUpperInvariant()));
    await using var reader = await rows.ExecuteReaderAsync();
    var n = 0;
    while (await reader.ReadAsync())
    {
        n++;
    }

    return n;
});

System.Console.WriteLine($"audit log page (tenant-filtered, {EntriesPerAccount:N0} entries per account, 2 accounts), median of {Runs}:");
System.Console.WriteLine($"  console AuditService.ListAsync  {console.TotalMilliseconds,8:F2} ms");
System.Console.WriteLine($"  baseline raw SQL, same page     {baseline.TotalMilliseconds,8:F2} ms");
System.Console.WriteLine($"  ratio console / baseline        {console / baseline,8:F2}");
System.Console.WriteLine($"  peak working set                {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024,8} MiB");

static async Task<TimeSpan> MeasureAsync(Func<Task<int>> run)
{
    for (var i = 0; i < 5; i++)
    {
        await run();
    }

    var times = new List<TimeSpan>();
    for (var i = 0; i < Runs; i++)
    {
        var watch = Stopwatch.StartNew();
        if (await run() != 20)
        {
            throw new InvalidOperationException("A page of 20 rows was expected.");
        }

        times.Add(watch.Elapsed);
    }

    return times.Order().ElementAt(times.Count / 2);
}

static async Task SeedAuditAsync(IServiceProvider services, Guid a, Guid b)
{
    await using var db = await services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
    var at = DateTime.UtcNow.AddDays(-30);
    foreach (var account in new[] { a, b })
    {
        for (var batch = 0; batch < EntriesPerAccount / 10_000; batch++)
        {
            db.AuditEntries.AddRange(Enumerable.Range(0, 10_000).Select(i => new AuditEntry
            {
                AccountId = account, UserId = "bench", UserName = "bench", Action = AuditActions.Update, ObjectType = KooMessage.Console.Features.Users.UsersModule.AuditType,
                ObjectId = $"{batch}-{i}", ObjectName = $"user-{i}", Before = "{\"Role\":\"Development\"}", After = "{\"Role\":\"CommonOperations\"}",
                At = at.AddSeconds((batch * 10_000) + i),
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
}
