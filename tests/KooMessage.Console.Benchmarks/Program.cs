using System.Diagnostics;
using System.Globalization;
using KooMessage.Console.Benchmarks;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Performance figures, each printed as a ratio to a baseline measured in the same run, with peak memory.
// Run: dotnet run -c Release --project tests/KooMessage.Console.Benchmarks [-- --small]
// --small (or CI=true) seeds a fiftieth of the data: a quick check that every figure still runs, not one to quote.
// --previews prints only the template builder's figure (it needs no database); --events only the event writer's;
// --resolve only the short-link resolve host's; --bulk-links only individual links from a file; --sending only sending
// through Kannel (it starts a Kannel of its own); --rollups only the report rollups' (--rollups N: N events for the report).
// --figure NAME DB ROWS runs one export alone (ExportFigures starts it as a child process, so its peak is its own).
if (args is [ExportFigures.FigureArgument, var figure, var exportDb, var exportRows])
{
    await ExportFigures.RunChildAsync(figure, exportDb, int.Parse(exportRows, CultureInfo.InvariantCulture));
    return;
}

var small = args.Contains("--small") || Environment.GetEnvironmentVariable("CI") == "true";
var entriesPerAccount = small ? 2_000 : 100_000;
var ticketAccounts = small ? 20 : 200;
var tickets = small ? 400 : 20_000;
const int Runs = 50;

// First, so that its peak is its own.
if (args.Contains("--events"))
{
    await EventFigures.PrintAsync(small);
    return;
}

if (args.Contains("--bulk-links"))
{
    await BulkLinkFigures.PrintAsync(small);
    return;
}

if (args.Contains("--resolve"))
{
    await ResolveFigures.PrintAsync(small);
    return;
}

if (Array.IndexOf(args, "--rollups") is var rollups and >= 0)
{
    await RollupFigures.PrintAsync(small, rollups + 1 < args.Length && int.TryParse(args[rollups + 1], out var reportEvents) ? reportEvents : null);
    return;
}

if (args.Contains("--sending"))
{
    await SendFigures.PrintAsync(small);
    return;
}

await PreviewFigures.PrintAsync(small);
if (args.Contains("--previews"))
{
    return;
}

await EventFigures.PrintAsync(small);
await ResolveFigures.PrintAsync(small);
await BulkLinkFigures.PrintAsync(small);
await SendFigures.PrintAsync(small);
await RollupFigures.PrintAsync(small);

await using var app = await TestConsole.StartAsync();
var admin = await app.Services.CreateAdministratorAsync();
var ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
var ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
var reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
var dbs = app.Services.GetRequiredService<TenantDb>();

// Each figure seeds its data just before it is measured; the peak is the process's so far, so the first figure's is its own.
await SeedTicketsAsync(app.Services, ticketAccounts, tickets);
await using (var scope = app.Services.As(reviewer.Principal))
{
    var queue = scope.ServiceProvider.GetRequiredService<ReviewQueueService>();
    var console = await MeasureAsync(async () =>
    {
        var page = await queue.ListAsync(new ReviewQuery(), new PageRequest(0, 20), CancellationToken.None);
        return page.Value.Items.Count;
    });
    var baseline = await MeasureAsync(() => RawPageAsync(
        dbs,
        "SELECT COUNT(*) FROM ReviewTickets WHERE State = 0",
        """
        SELECT t.Id, t.Kind, t.ItemId, t.Desk, t.Title, t.StateKey, t.SubmittedAt, t.UrgedAt, (SELECT a.Name FROM Accounts a WHERE a.Id = t.AccountId)
        FROM ReviewTickets t WHERE t.State = 0 ORDER BY t.IsUrged DESC, t.SubmittedAt, t.Id LIMIT 20
        """,
        null));
    Print($"review queue first page ({tickets:N0} open tickets over {ticketAccounts} accounts)", "ReviewQueueService.ListAsync", console, baseline);
}

await SeedAuditAsync(app.Services, ownerA.AccountId!.Value, ownerB.AccountId!.Value, entriesPerAccount);
await using (var scope = app.Services.As(ownerA.Principal))
{
    var audit = scope.ServiceProvider.GetRequiredService<AuditService>();
    var console = await MeasureAsync(async () =>
    {
        var page = await audit.ListAsync(new AuditQuery(), new PageRequest(10, 20), CancellationToken.None);
        return page.Value.Items.Count;
    });
    var accountId = ownerA.AccountId!.Value.ToString().ToUpperInvariant();
    var baseline = await MeasureAsync(() => RawPageAsync(
        dbs,
        "SELECT COUNT(*) FROM AuditEntries WHERE AccountId = $a",
        "SELECT Id, At, UserName, Action, ObjectType, ObjectId, ObjectName, Before, After FROM AuditEntries WHERE AccountId = $a ORDER BY Id DESC LIMIT 20 OFFSET 200",
        accountId));
    Print($"audit log page (tenant-filtered, {entriesPerAccount:N0} entries per account, 2 accounts)", "AuditService.ListAsync", console, baseline);
}

await ExportFigures.PrintAsync(small);

// Every list page in Chromium, as a ratio to the not-found page; the demo account holds the audit entries here.
await InteractiveTime.RunAsync(small ? 1 : 21, async (services, demoAccount) =>
{
    await SeedTicketsAsync(services, ticketAccounts, tickets);
    await SeedAuditAsync(services, demoAccount, demoAccount, entriesPerAccount / 2);
});

static void Print(string figure, string method, TimeSpan console, TimeSpan baseline)
{
    System.Console.WriteLine($"{figure}, median of {Runs}:");
    System.Console.WriteLine($"  {"console " + method,-42} {console.TotalMilliseconds,8:F2} ms");
    System.Console.WriteLine($"  {"baseline raw SQL, same page",-42} {baseline.TotalMilliseconds,8:F2} ms");
    System.Console.WriteLine($"  {"ratio console / baseline",-42} {console / baseline,8:F2}");
    System.Console.WriteLine($"  {"peak working set so far",-42} {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024,8} MiB");
}

// The baseline: the page's count and rows read with plain ADO.NET on a fresh context's connection.
static async Task<int> RawPageAsync(TenantDb dbs, string countSql, string rowsSql, string? accountId)
{
    await using var db = await dbs.ForSystemAsync("test", CancellationToken.None);
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    await using var count = connection.CreateCommand();
    count.CommandText = countSql;
    await using var rows = connection.CreateCommand();
    rows.CommandText = rowsSql;
    if (accountId is not null)
    {
        count.Parameters.Add(new SqliteParameter("$a", accountId));
        rows.Parameters.Add(new SqliteParameter("$a", accountId));
    }

    await count.ExecuteScalarAsync();
    await using var reader = await rows.ExecuteReaderAsync();
    var n = 0;
    while (await reader.ReadAsync())
    {
        n++;
    }

    return n;
}

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

static async Task SeedAuditAsync(IServiceProvider services, Guid a, Guid b, int perAccount)
{
    await using var db = await services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
    var at = DateTime.UtcNow.AddDays(-30);
    const int Batch = 10_000;
    foreach (var account in new[] { a, b })
    {
        for (var start = 0; start < perAccount; start += Batch)
        {
            db.AuditEntries.AddRange(Enumerable.Range(start, Math.Min(Batch, perAccount - start)).Select(i => new AuditEntry
            {
                AccountId = account, UserId = "bench", UserName = "bench", Action = AuditActions.Update, ObjectType = KooMessage.Console.Features.Users.UsersModule.AuditType,
                ObjectId = $"{i}", ObjectName = $"user-{i}", Before = "{\"Role\":\"Development\"}", After = "{\"Role\":\"CommonOperations\"}",
                At = at.AddSeconds(i),
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
}

// Open tickets of every kind spread over the last 30 days, one in fifty urged, as the submitting services write them.
static async Task SeedTicketsAsync(IServiceProvider services, int accounts, int count)
{
    await using var db = await services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
    var now = DateTime.UtcNow;
    var tenants = Enumerable.Range(0, accounts).Select(i => new Account { Name = $"租户{i:D3}", CreatedAt = now }).ToList();
    db.Accounts.AddRange(tenants);
    await db.SaveChangesAsync();
    var kinds = new[] { FilingReviewSource.KindName, SmsAppReviewSource.KindName, SignatureReviewSource.KindName };
    var states = new[] { "FilingStatus.Reviewing", "SmsAppStatus.Created", "SignatureStatus.PendingReview" };
    var random = new Random(6);
    for (var i = 0; i < count; i++)
    {
        var kind = i % kinds.Length;
        var submitted = now.AddMinutes(-random.Next(30 * 24 * 60));
        var urged = i % 50 == 0;
        db.ReviewTickets.Add(new ReviewTicket
        {
            AccountId = tenants[i % accounts].Id, Kind = kinds[kind], ItemId = Guid.CreateVersion7(), Title = kind == 2 ? $"【签名{i}】" : $"待审事项{i}",
            StateKey = states[kind], SubmittedAt = submitted, UrgedAt = urged ? submitted.AddHours(1) : null, IsUrged = urged,
        });
        if ((i + 1) % 5_000 == 0 || i == count - 1)
        {
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
}
