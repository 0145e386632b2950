using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Overview;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Reviews;

/// <summary>Review tickets: written with each submission, closed with each decision or withdrawal, paged in SQL.</summary>
public sealed class ReviewQueueTests : IAsyncLifetime
{
    // Monday 2026-11-30 12:00 in Beijing.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero));
    private TestConsole app = default!;
    private TestUser reviewer = default!;
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<ReviewOptions>(o => o.Holidays.Add(new DateOnly(2026, 11, 27)));
        });
        var admin = await app.Services.CreateAdministratorAsync();
        reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<KooMessageDb> SystemDbAsync() => await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    private async Task<List<ReviewTicket>> TicketsAsync()
    {
        await using var db = await SystemDbAsync();
        return await db.ReviewTickets.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
    }

    private async Task<Result<PagedResult<ReviewRow>>> ListAsync(ReviewQuery query, PageRequest? page = null)
    {
        await using var scope = app.Services.As(reviewer.Principal);
        return await scope.ServiceProvider.GetRequiredService<ReviewQueueService>().ListAsync(query, page ?? new PageRequest(), CancellationToken.None);
    }

    [Fact]
    public async Task SaveFiling_DraftThenSubmit_OneOpenTicketOnlyOnceSubmitted()
    {
        await using var scope = app.Services.As(owner.Principal);
        var filings = scope.ServiceProvider.GetRequiredService<EnterpriseService>();
        var draft = await filings.SaveAsync(null, FilingData.Form(), await scope.ServiceProvider.CompleteUploadsAsync(), submit: false, CancellationToken.None);
        var none = await TicketsAsync();

        TestData.Ok(await filings.SaveAsync(draft.Value, FilingData.Form(), FilingUploads.None, submit: true, CancellationToken.None));

        Assert.Empty(none);
        var ticket = Assert.Single(await TicketsAsync());
        Assert.Equal((FilingReviewSource.KindName, draft.Value, owner.AccountId!.Value, "星河科技有限公司", "FilingStatus.Reviewing", ReviewDesks.Platform, ReviewTicketState.Open),
            (ticket.Kind, ticket.ItemId, ticket.AccountId, ticket.Title, ticket.StateKey, ticket.Desk, ticket.State));
        Assert.Equal(clock.GetUtcNow().UtcDateTime, ticket.SubmittedAt);
    }

    [Fact]
    public async Task SaveSignature_Refused_NoTicketWritten()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        var before = await TicketsAsync();
        await using var scope = app.Services.As(owner.Principal);

        var refused = await scope.ServiceProvider.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(appId), SignatureUploads.None, CancellationToken.None);

        Assert.Equal(ErrorCodes.InvalidParameter, refused.Error?.Code);
        Assert.Equal(before.Select(t => t.Id), (await TicketsAsync()).Select(t => t.Id));
    }

    [Fact]
    public async Task CreateApp_WaitingAppChanged_SubmittedAgainOnANewTicket()
    {
        await using var scope = app.Services.As(owner.Principal);
        var apps = scope.ServiceProvider.GetRequiredService<SmsAppService>();
        var created = await apps.SaveAsync(null, new SmsAppForm { Name = "会员通知" }, CancellationToken.None);

        TestData.Ok(await apps.SaveAsync(created.Value, new SmsAppForm { Name = "会员服务" }, CancellationToken.None));

        var tickets = await TicketsAsync();
        Assert.Equal([ReviewTicketState.Withdrawn, ReviewTicketState.Open], tickets.Select(t => t.State));
        var open = tickets[1];
        Assert.Equal((SmsAppReviewSource.KindName, created.Value, "会员服务", "SmsAppStatus.Created"), (open.Kind, open.ItemId, open.Title, open.StateKey));
    }

    [Fact]
    public async Task Decide_AppChangedAfterTheReviewerOpenedIt_RefusedAndNothingLaunched()
    {
        await using var scope = app.Services.As(owner.Principal);
        var apps = scope.ServiceProvider.GetRequiredService<SmsAppService>();
        var id = (await apps.SaveAsync(null, new SmsAppForm { Name = "会员通知", UpLinkAddress = "https://reviewed.example/uplink" }, CancellationToken.None)).Value;
        var shown = await app.Services.OpenTicketAsync(SmsAppReviewSource.KindName, id);

        TestData.Ok(await apps.SaveAsync(id, new SmsAppForm { Name = "会员通知", UpLinkAddress = "https://attacker.example/collect" }, CancellationToken.None));
        await using var review = app.Services.As(reviewer.Principal);
        var decided = await review.ServiceProvider.GetRequiredService<ReviewQueueService>()
            .DecideAsync(shown, new ReviewDecision(true, null, null, "SmsAppStatus.Created"), CancellationToken.None);

        Assert.Equal(ErrorCodes.Conflict, decided.Error?.Code);
        await using var db = await SystemDbAsync();
        Assert.Equal(SmsAppStatus.Created, (await db.SmsApps.SingleAsync(a => a.Id == id)).Status);
    }

    [Fact]
    public async Task CreateApp_SuspendedAppSavedAgain_BackInTheQueue()
    {
        await using var scope = app.Services.As(owner.Principal);
        var apps = scope.ServiceProvider.GetRequiredService<SmsAppService>();
        var id = (await apps.SaveAsync(null, new SmsAppForm { Name = "会员通知" }, CancellationToken.None)).Value;
        await app.Services.DecideAsync(reviewer, SmsAppReviewSource.KindName, id, approve: false, reason: "上行地址无法访问");

        TestData.Ok(await apps.SaveAsync(id, new SmsAppForm { Name = "会员通知", UpLinkAddress = "https://fixed.example/uplink" }, CancellationToken.None));

        await using var db = await SystemDbAsync();
        Assert.Equal(SmsAppStatus.Created, (await db.SmsApps.SingleAsync(a => a.Id == id)).Status);
        Assert.Single(await TicketsAsync(), t => t.ItemId == id && t.State == ReviewTicketState.Open);
    }

    [Fact]
    public async Task Review_SignatureContentApproved_TicketDecidedAndProcessingStepQueued()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);

        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: true);

        var tickets = (await TicketsAsync()).Where(t => t.ItemId == id).ToList();
        Assert.Equal([(ReviewTicketState.Decided, "SignatureStatus.PendingReview"), (ReviewTicketState.Open, "SignatureStatus.Processing")],
            tickets.Select(t => (t.State, t.StateKey)));
        Assert.Equal("reviewer", tickets[0].DecidedBy);
        Assert.Equal("【星河】", tickets[1].Title);
    }

    [Fact]
    public async Task Urge_WaitingSignature_OpenTicketUrged()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);
        clock.Advance(TimeSpan.FromMinutes(31));
        await using var scope = app.Services.As(owner.Principal);

        TestData.Ok(await scope.ServiceProvider.GetRequiredService<SignatureService>().UrgeAsync(id, CancellationToken.None));

        var ticket = (await TicketsAsync()).Single(t => t.ItemId == id);
        Assert.True(ticket.IsUrged);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, ticket.UrgedAt);
    }

    [Fact]
    public async Task RequestActivation_ToBeActivated_QueuedAsPendingActivate()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);
        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: true);
        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: true, input: "10690001");
        await using (var db = await SystemDbAsync())
        {
            await db.Signatures.Where(s => s.Id == id).ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SignatureStatus.ToBeActivated));
        }

        await using var scope = app.Services.As(owner.Principal);
        TestData.Ok(await scope.ServiceProvider.GetRequiredService<SignatureService>().RequestActivationAsync(id, CancellationToken.None));

        var open = (await TicketsAsync()).Single(t => t.ItemId == id && t.State == ReviewTicketState.Open);
        Assert.Equal("SignatureStatus.PendingActivate", open.StateKey);
    }

    [Fact]
    public async Task DeleteSignature_Waiting_TicketWithdrawnAndQueueEmpty()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);
        await using var scope = app.Services.As(owner.Principal);

        TestData.Ok(await scope.ServiceProvider.GetRequiredService<SignatureService>().DeleteAsync(id, CancellationToken.None));

        var ticket = (await TicketsAsync()).Single(t => t.ItemId == id);
        Assert.Equal((ReviewTicketState.Withdrawn, "owner"), (ticket.State, ticket.DecidedBy));
        Assert.Equal(0, (await ListAsync(new ReviewQuery(SignatureReviewSource.KindName))).Value.Total);
    }

    [Fact]
    public async Task Overview_Platform_CountsOpenTickets()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        await app.Services.RegisterSignatureAsync(owner, appId);
        await using var scope = app.Services.As(reviewer.Principal);

        var overview = await scope.ServiceProvider.GetRequiredService<OverviewService>().GetAsync(CancellationToken.None);

        // The SMS app waiting to be launched and the signature; the approved filing no longer waits.
        Assert.Equal(2, overview.Value.Counts.Single(c => c.LabelKey == "Overview.Waiting").Value);
    }

    [Fact]
    public async Task TenantContext_ReviewTickets_OnlyItsOwnAccount()
    {
        await SeedTicketsAsync(accounts: 3, perAccount: 4);
        var accountId = (await TicketsAsync()).First().AccountId;
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test", CancellationToken.None);

        var seen = await db.ReviewTickets.Select(t => t.AccountId).Distinct().ToListAsync();

        Assert.Equal([accountId], seen);
    }

    [Fact]
    public async Task ListAsync_ManyAccounts_UrgedFirstThenOldestPagedWithTotal()
    {
        var seeded = await SeedTicketsAsync(accounts: 5, perAccount: 12);
        var expected = seeded.OrderByDescending(t => t.IsUrged).ThenBy(t => t.SubmittedAt).ThenBy(t => t.Id).Skip(20).Take(20).Select(t => t.Id).ToList();

        var page = await ListAsync(new ReviewQuery(), new PageRequest(1, 20));

        Assert.Equal(60, page.Value.Total);
        Assert.Equal(expected, page.Value.Items.Select(r => r.TicketId));
        Assert.Contains(seeded, t => t.IsUrged);
    }

    [Fact]
    public async Task ListAsync_KindAndAccountName_FilteredInSqlIgnoringAsciiCase()
    {
        var seeded = await SeedTicketsAsync(accounts: 4, perAccount: 6);
        await using (var db = await SystemDbAsync())
        {
            await db.Accounts.Where(a => a.Name == "Bench 2 Trading").ExecuteUpdateAsync(set => set.SetProperty(a => a.Name, "Bench 2 Trading_%"));
        }

        var byName = await ListAsync(new ReviewQuery(AccountName: " bench 2 "), new PageRequest(0, 100));
        var literal = await ListAsync(new ReviewQuery(AccountName: "_%"), new PageRequest(0, 100));
        var byKind = await ListAsync(new ReviewQuery(Kind: SignatureReviewSource.KindName), new PageRequest(0, 100));

        Assert.Equal(6, byName.Value.Total);
        Assert.All(byName.Value.Items, r => Assert.Equal("Bench 2 Trading_%", r.AccountName));
        Assert.Equal(6, literal.Value.Total);
        Assert.Equal(seeded.Count(t => t.Kind == SignatureReviewSource.KindName), byKind.Value.Total);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(27)]
    public async Task ListAsync_MinWorkingHours_SameRowsAsCountingEachTicketsDesk(int hours)
    {
        var seeded = await SeedTicketsAsync(accounts: 2, perAccount: 90);
        var workingHours = app.Services.GetRequiredService<WorkingHoursClock>();
        var now = clock.GetUtcNow().UtcDateTime;
        var expected = seeded.Where(t => workingHours.Between(t.Desk, t.SubmittedAt, now) >= TimeSpan.FromHours(hours))
            .OrderByDescending(t => t.IsUrged).ThenBy(t => t.SubmittedAt).ThenBy(t => t.Id).Take(100).Select(t => t.Id).ToList();

        var page = await ListAsync(new ReviewQuery(MinWorkingHours: hours), new PageRequest(0, 100));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, page.Value.Items.Select(r => r.TicketId));
        Assert.All(page.Value.Items, r => Assert.True(r.WorkingAge >= TimeSpan.FromHours(hours)));
        Assert.Equal(seeded.Count(t => workingHours.Between(t.Desk, t.SubmittedAt, now) >= TimeSpan.FromHours(hours)), page.Value.Total);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(SignatureReviewSource.KindName)]
    public async Task Query_OpenTickets_OrderComesFromAnIndexNotASort(string? kind)
    {
        await SeedTicketsAsync(accounts: 3, perAccount: 10);
        await using var scope = app.Services.As(reviewer.Principal);
        var queue = scope.ServiceProvider.GetRequiredService<ReviewQueueService>();
        await using var db = await SystemDbAsync();

        var plan = await ExplainAsync(db, queue.Query(db, new ReviewQuery(kind), clock.GetUtcNow().UtcDateTime).Take(20).ToQueryString());

        Assert.Contains(kind is null ? "INDEX IX_ReviewTickets_State_IsUrged_SubmittedAt" : "INDEX IX_ReviewTickets_State_Kind_IsUrged_SubmittedAt", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_WaitingItemsFromBeforeTickets_SameOpenTicketsAsTheServicesWrite()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        await app.Services.SubmitFilingAsync(owner, "星河商贸有限公司", CreditCode.WithUsccCheck("91440300192203822"));
        var urged = await app.Services.RegisterSignatureAsync(owner, appId, "待审");
        clock.Advance(TimeSpan.FromMinutes(40));
        await using (var scope = app.Services.As(owner.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<SignatureService>().UrgeAsync(urged, CancellationToken.None));
        }

        var processing = await app.Services.RegisterSignatureAsync(owner, appId, "处理中");
        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, processing, approve: true);
        var written = await OpenTicketsAsync();

        await using (var db = await SystemDbAsync())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_ReviewTickets", StringComparison.Ordinal)) - 1];
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(before);
            await migrator.MigrateAsync();
        }

        Assert.Equal(4, written.Count);
        Assert.Equal(written, await OpenTicketsAsync());
    }

    private async Task<List<string>> OpenTicketsAsync()
    {
        var open = (await TicketsAsync()).Where(t => t.State == ReviewTicketState.Open).OrderBy(t => t.ItemId);
        return open.Select(t => $"{t.AccountId} {t.Kind} {t.ItemId} {t.Vendor} {t.Desk} {t.Title} {t.StateKey} {t.SubmittedAt:O} {t.UrgedAt:O} {t.IsUrged}").ToList();
    }

    /// <summary>Open tickets straight into the table: accounts "Bench n Trading", every kind, some urged, some on vendor desks.</summary>
    private async Task<List<ReviewTicket>> SeedTicketsAsync(int accounts, int perAccount)
    {
        await using var db = await SystemDbAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var kinds = new[] { FilingReviewSource.KindName, SmsAppReviewSource.KindName, SignatureReviewSource.KindName };
        var desks = new[] { ReviewDesks.Platform, ReviewDesks.Platform, ReviewDesks.Xiaomi, "HONOR" };
        var tickets = new List<ReviewTicket>();
        for (var a = 0; a < accounts; a++)
        {
            var account = new Account { Name = $"Bench {a} Trading", CreatedAt = now };
            db.Accounts.Add(account);
            for (var i = 0; i < perAccount; i++)
            {
                var n = (a * perAccount) + i;
                var submitted = now.AddMinutes((-67 * n) - (n % 7 * 3));
                tickets.Add(new ReviewTicket
                {
                    AccountId = account.Id, Kind = kinds[n % 3], ItemId = Guid.CreateVersion7(), Desk = desks[n % 4], Title = $"item {n}",
                    StateKey = "FilingStatus.Reviewing", SubmittedAt = submitted, UrgedAt = n % 11 == 0 ? now : null, IsUrged = n % 11 == 0,
                });
            }
        }

        db.ReviewTickets.AddRange(tickets);
        await db.SaveChangesAsync();
        return tickets;
    }

    /// <summary>SQLite's plan for a query EF would run, with its parameters written in as literals.</summary>
    private static async Task<string> ExplainAsync(KooMessageDb db, string queryString)
    {
        const string ParamSet = ".param set ";
        var lines = queryString.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var sql = string.Join('\n', lines.Where(line => !line.StartsWith(ParamSet, StringComparison.Ordinal)));
        foreach (var parameter in lines.Where(line => line.StartsWith(ParamSet, StringComparison.Ordinal)).Select(line => line[ParamSet.Length..].Split(' ', 2)).OrderByDescending(p => p[0].Length))
        {
            sql = sql.Replace(parameter[0], parameter[1], StringComparison.Ordinal);
        }

        return string.Join('\n', await db.PlanAsync(sql));
    }
}
