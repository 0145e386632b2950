using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.ApiKeys;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceMenus;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.ServiceMenus;

/// <summary>
/// Menus through the real app: versions and their review, another account's service number, a frozen one, a stale
/// version; menu clicks pushed to POST /api/events stored with their action and billed flag.
/// </summary>
public sealed class ServiceMenuTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private TestUser reviewer = default!;
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;
    private Guid snA;
    private Guid snB;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        snA = await app.Services.ServiceNumberAsync(ownerA.AccountId!.Value, "甲服务号");
        snB = await app.Services.ServiceNumberAsync(ownerB.AccountId!.Value, "乙服务号");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<T> AsAsync<T>(TestUser user, Func<ServiceMenuService, Task<T>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<ServiceMenuService>());
    }

    private Task<Result<MenuVersionInfo>> SubmitAsync(TestUser user, Guid sn, MenuVersionInfo? working, MenuDraft menu, string? reason = null) =>
        AsAsync(user, s => s.SubmitAsync(sn, working?.Id, working?.Version ?? 0, menu, reason, CancellationToken.None));

    private async Task<MenuVersionInfo> LiveMenuAsync()
    {
        var submitted = TestData.Ok(await SubmitAsync(ownerA, snA, null, MenuData.Menu()));
        await app.Services.DecideAsync(reviewer, MenuReviewSource.KindName, submitted.Id, approve: true);
        return TestData.Ok(await AsAsync(ownerA, s => s.GetAsync(snA, CancellationToken.None))).Live!;
    }

    [Fact]
    public async Task Submit_ThenApprove_LiveUntilTheNextIsApproved()
    {
        var first = await LiveMenuAsync();

        var next = MenuData.Menu();
        next.Items[1].Name = "联系客服";
        var noReason = await SubmitAsync(ownerA, snA, null, next);
        Assert.Equal("ChangeReason", Assert.Single(noReason.Error!.Fields).Field);

        var second = TestData.Ok(await SubmitAsync(ownerA, snA, null, next, "更名"));
        var inReview = TestData.Ok(await AsAsync(ownerA, s => s.GetAsync(snA, CancellationToken.None)));
        Assert.Equal((first.Id, MenuVersionState.Reviewing), (inReview.Live!.Id, inReview.Working!.State));
        Assert.Equal("联系我们", inReview.Live.Menu.Items[1].Name);

        var edit = await AsAsync(ownerA, s => s.SaveDraftAsync(snA, second.Id, second.Version, next, CancellationToken.None));
        Assert.Equal(ErrorCodes.PreconditionFailed, edit.Error!.Code);

        var urged = TestData.Ok(await AsAsync(ownerA, s => s.UrgeAsync(second.Id, second.Version, CancellationToken.None)));
        Assert.Equal(ErrorCodes.Conflict, (await AsAsync(ownerA, s => s.UrgeAsync(urged.Id, urged.Version, CancellationToken.None))).Error!.Code);

        await app.Services.DecideAsync(reviewer, MenuReviewSource.KindName, second.Id, approve: true);
        var after = TestData.Ok(await AsAsync(ownerA, s => s.GetAsync(snA, CancellationToken.None)));
        Assert.Equal((second.Id, "联系客服"), (after.Live!.Id, after.Live.Menu.Items[1].Name));
        Assert.Null(after.Working);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.Equal(MenuVersionState.Retired, await db.MenuVersions.Where(v => v.Id == first.Id).Select(v => v.State).SingleAsync());
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ObjectType == ServiceMenusModule.AuditType && e.Action == AuditActions.Urge));
    }

    [Fact]
    public async Task Reject_LiveStays_VersionEditableAgain()
    {
        var live = await LiveMenuAsync();
        var second = TestData.Ok(await SubmitAsync(ownerA, snA, null, MenuData.Menu(), "调整"));

        await app.Services.DecideAsync(reviewer, MenuReviewSource.KindName, second.Id, approve: false, reason: "名称不规范");

        var state = TestData.Ok(await AsAsync(ownerA, s => s.GetAsync(snA, CancellationToken.None)));
        Assert.Equal((live.Id, MenuVersionState.Rejected, "名称不规范"), (state.Live!.Id, state.Working!.State, state.Working.ReviewDesc));
        TestData.Ok(await AsAsync(ownerA, s => s.SaveDraftAsync(snA, state.Working.Id, state.Working.Version, MenuData.Menu(), CancellationToken.None)));
    }

    [Fact]
    public async Task AnotherAccountsServiceNumber_NotFoundForReadAndWrite()
    {
        var read = await AsAsync(ownerA, s => s.GetAsync(snB, CancellationToken.None));
        var write = await SubmitAsync(ownerA, snB, null, MenuData.Menu());
        var draft = await AsAsync(ownerA, s => s.SaveDraftAsync(snB, null, 0, MenuData.Menu(), CancellationToken.None));

        Assert.Equal((ErrorCodes.NotFound, ErrorCodes.NotFound, ErrorCodes.NotFound), (read.Error!.Code, write.Error!.Code, draft.Error!.Code));
        Assert.DoesNotContain(await AsAsync(ownerA, s => s.ServiceNumbersAsync(CancellationToken.None)), n => n.Id == snB);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.False(await db.MenuVersions.AnyAsync(v => v.ServiceNumberId == snB));
    }

    [Fact]
    public async Task AnotherAccountsVersion_CannotBeUrged()
    {
        var submitted = TestData.Ok(await SubmitAsync(ownerB, snB, null, MenuData.Menu()));

        var urge = await AsAsync(ownerA, s => s.UrgeAsync(submitted.Id, submitted.Version, CancellationToken.None));

        Assert.Equal(ErrorCodes.NotFound, urge.Error!.Code);
    }

    [Fact]
    public async Task FrozenServiceNumber_MenuWritesRefused()
    {
        var submitted = TestData.Ok(await SubmitAsync(ownerA, snA, null, MenuData.Menu()));
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            await db.ServiceNumbers.Where(s => s.Id == snA).ExecuteUpdateAsync(set => set.SetProperty(s => s.State, ServiceNumberState.Frozen));
        }

        var frozen = await app.Services.ServiceNumberAsync(ownerA.AccountId!.Value, "冻结服务号", ServiceNumberState.Frozen);
        var draft = await AsAsync(ownerA, s => s.SaveDraftAsync(frozen, null, 0, MenuData.Menu(), CancellationToken.None));
        var urge = await AsAsync(ownerA, s => s.UrgeAsync(submitted.Id, submitted.Version, CancellationToken.None));

        Assert.Equal((ErrorCodes.PreconditionFailed, ErrorCodes.PreconditionFailed), (draft.Error!.Code, urge.Error!.Code));
        Assert.Contains("冻结", draft.Error.Message, StringComparison.Ordinal);

        // The version already in review cannot go live while its service number is frozen; it can still be rejected.
        var approve = await app.Services.TryDecideAsync(reviewer, MenuReviewSource.KindName, submitted.Id, approve: true);
        Assert.Equal(ErrorCodes.PreconditionFailed, approve.Error?.Code);
        await app.Services.DecideAsync(reviewer, MenuReviewSource.KindName, submitted.Id, approve: false, reason: "服务号已冻结");
        var state = TestData.Ok(await AsAsync(ownerA, s => s.GetAsync(snA, CancellationToken.None)));
        Assert.Equal((null, MenuVersionState.Rejected), (state.Live, state.Working?.State));
    }

    [Fact]
    public async Task StaleVersion_Refused()
    {
        var saved = TestData.Ok(await AsAsync(ownerA, s => s.SaveDraftAsync(snA, null, 0, MenuData.Menu(), CancellationToken.None)));
        TestData.Ok(await AsAsync(ownerA, s => s.SaveDraftAsync(snA, saved.Id, saved.Version, MenuData.Menu(), CancellationToken.None)));

        var stale = await AsAsync(ownerA, s => s.SaveDraftAsync(snA, saved.Id, saved.Version, MenuData.Menu(), CancellationToken.None));
        var staleStart = await AsAsync(ownerA, s => s.SaveDraftAsync(snA, null, 0, MenuData.Menu(), CancellationToken.None));

        Assert.Equal((ErrorCodes.Conflict, ErrorCodes.Conflict), (stale.Error!.Code, staleStart.Error!.Code));
    }

    [Fact]
    public async Task DemotedUser_CannotWrite_RoleReadFromTheDatabase()
    {
        var operator_ = await app.Services.CreateUserAsync(ownerA, "ops-a", Roles.CommonOperations);
        TestData.Ok(await AsAsync(operator_, s => s.SaveDraftAsync(snA, null, 0, MenuData.Menu(), CancellationToken.None)));
        await using (var scope = app.Services.As(ownerA.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<UserService>().SetRoleAsync(UserScope.Tenant, operator_.Id, Roles.ReadOnlyAccess, CancellationToken.None));
        }

        // The principal still says CommonOperations; the database says ReadOnlyAccess.
        var state = TestData.Ok(await AsAsync(operator_, s => s.GetAsync(snA, CancellationToken.None)));
        var write = await SubmitAsync(operator_, snA, state.Working, MenuData.Menu());

        Assert.Equal(ErrorCodes.Unauthorized, write.Error!.Code);
    }

    [Fact]
    public async Task Submit_BrokenRules_FieldMessagesAtTheItems()
    {
        var menu = MenuData.Menu();
        menu.Items[0].Children[0].Content = "ftp://example.com";
        menu.Items[1].Name = "余额查询";

        var refused = await SubmitAsync(ownerA, snA, null, menu);

        Assert.Equal(["items[0].children[0].Content", "items[1].Name"], refused.Error!.Fields.Select(f => f.Field));
    }

    [Fact]
    public async Task MenuClicks_Pushed_StoredWithActionAndBilledFlag_AnotherAccountsRefused()
    {
        var live = await LiveMenuAsync();
        var parent = live.Menu.Items[0];
        var child = parent.Children[0];
        var single = live.Menu.Items[1];
        var key = await KeyAsync(ownerA);
        var liveB = TestData.Ok(await SubmitAsync(ownerB, snB, null, MenuData.Menu()));
        await app.Services.DecideAsync(reviewer, MenuReviewSource.KindName, liveB.Id, approve: true);
        var itemOfB = TestData.Ok(await AsAsync(ownerB, s => s.GetAsync(snB, CancellationToken.None))).Live!.Menu.Items[0].Key;
        object[] batch =
        [
            Click("m-1", snA, parent.Key),
            Click("m-2", snA, child.Key),
            Click("m-3", snA, single.Key),
            Click("m-4", snB, itemOfB),
            Click("m-5", snA, itemOfB),
            Click("m-6", snA, "000000000000"),
        ];

        var response = await PostAsync(key, batch);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<IngestionAnswer>())!;
        Assert.Equal(3, answer.Accepted);
        Assert.Equal([("m-4", ErrorCodes.NotFound), ("m-5", ErrorCodes.NotFound), ("m-6", ErrorCodes.NotFound)], answer.Rejected.Select(r => (r.EventId, r.ErrorCode)));
        Assert.All(answer.Rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.ErrorMsg)));
        var stored = await StoredAsync(3);
        Assert.Equal(
            [("m-1", "OPEN_SUBMENU", (bool?)false), ("m-2", "OPEN_URL", true), ("m-3", "CALLING", true)],
            stored.Select(e => (e.ExternalId!, e.MenuAction!, e.Billed)));
        Assert.All(stored, e => Assert.Equal((EventKind.MenuClick, snA.ToString(), ownerA.AccountId), (e.Kind, e.ServiceNumber, e.AccountId)));
        Assert.Equal(new string('a', 64), stored[0].NumberHash);
    }

    [Fact]
    public async Task MenuClicks_PushedThroughTheIngestion_BilledOnesDrawTheServiceClickPackage_FreeOnesNothing()
    {
        var live = await LiveMenuAsync();
        var key = await KeyAsync(ownerA);
        var account = ownerA.AccountId!.Value;
        var now = DateTime.UtcNow;
        Guid package;
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None))
        {
            var order = new PackageOrder
            {
                AccountId = account, IdempotencyKey = "test", SpecId = CatalogSeed.Specs[^1].Id, Family = PackageFamily.ServiceClicks, SpecName = "30万次", UnitsPerPackage = 300_000,
                Quantity = 1, State = OrderState.Paid, CreatedAt = now, PaidAt = now, CreatedBy = "test",
            };
            var bought = new ResourcePackage
            {
                AccountId = account, OrderId = order.Id, Family = PackageFamily.ServiceClicks, SpecName = "30万次", Units = 300_000, StartsAt = now.AddMinutes(-1), ExpiresAt = now.AddYears(1),
            };
            db.PackageOrders.Add(order);
            db.ResourcePackages.Add(bought);
            await db.SaveChangesAsync();
            package = bought.Id;
        }

        var parent = live.Menu.Items[0];
        object[] batch = [Click("b-1", snA, parent.Key), Click("b-2", snA, parent.Children[0].Key), Click("b-3", snA, live.Menu.Items[1].Key), Click("b-2", snA, parent.Children[0].Key)];
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(key, batch)).StatusCode);

        await StoredAsync(3);
        await using var check = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        var usage = await check.UsageRecords.AsNoTracking().ToListAsync();
        Assert.Equal(2, usage.Count);
        Assert.All(usage, u => Assert.Equal((BillingItem.ServiceClick, UsageMode.Package, (Guid?)package, 1L), (u.Item, u.Mode, u.PackageId, u.Quantity)));
        Assert.Equal(2, await check.ResourcePackages.Where(p => p.Id == package).Select(p => p.Used).SingleAsync());
    }

    [Fact]
    public async Task CreateFirstVersion_InTheCallersTransaction_WithANewServiceNumber()
    {
        await using var scope = app.Services.As(ownerA.Principal);
        var menus = scope.ServiceProvider.GetRequiredService<ServiceMenuService>();
        var user = await scope.ServiceProvider.GetRequiredService<CurrentUser>().GetAsync();
        var now = DateTime.UtcNow;
        Guid created;
        await using (var db = await scope.ServiceProvider.GetRequiredService<TenantDb>().ForAsync(user, CancellationToken.None))
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var sn = new ServiceNumber
            {
                AccountId = ownerA.AccountId!.Value, Name = "一站式", Remark = "官方", Abstract = "一站式创建", State = ServiceNumberState.Inactive,
                ApproveState = ApproveState.Reviewing, SubmittedAt = now, CreatedAt = now, UpdatedAt = now,
            };
            db.ServiceNumbers.Add(sn);
            var broken = MenuData.Menu();
            broken.Items[0].Children[0].Content = "";
            Assert.Equal("items[0].children[0].Content", Assert.Single((await menus.CreateFirstVersionAsync(db, user, sn, broken, now, CancellationToken.None)).Error!.Fields).Field);

            created = TestData.Ok(await menus.CreateFirstVersionAsync(db, user, sn, MenuData.Menu(), now, CancellationToken.None));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        await app.Services.OpenTicketAsync(MenuReviewSource.KindName, created);
        await using var check = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var version = await check.MenuVersions.SingleAsync(v => v.Id == created);
        Assert.Equal((1, MenuVersionState.Reviewing, 2), (version.Number, version.State, version.Menu().Items.Count));
    }

    [Fact]
    public async Task DemoData_LiveMenuAndOneInReview_ClicksPushedThroughTheIngestionWithBilledFlags()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        // The service-number demo data has one approved, active service number (示例银行): it gets the menus; the one in
        // review, the rejected and the frozen ones get none.
        Guid demo;
        Guid sn;
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            demo = await db.Accounts.Where(a => a.IsDemo).Select(a => a.Id).SingleAsync();
            sn = await db.ServiceNumbers.Where(s => s.AccountId == demo && s.State == ServiceNumberState.Active && s.ApproveState == ApproveState.Approved)
                .Select(s => s.Id).SingleAsync();
            Assert.All(await db.MenuVersions.Where(v => v.AccountId == demo).ToListAsync(), v => Assert.Equal(sn, v.ServiceNumberId));
        }

        // The menus' own demo clicks (the reports' demo adds 90 days of others of its own ids).
        var clicks = await StoredAsync(40, "demo-menu-");
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            Assert.Equal([(1, MenuVersionState.Live), (2, MenuVersionState.Reviewing)],
                (await db.MenuVersions.Where(v => v.AccountId == demo).OrderBy(v => v.Number).ToListAsync()).Select(v => (v.Number, v.State)));
            Assert.True(await db.ReviewTickets.AnyAsync(t => t.Kind == MenuReviewSource.KindName && t.AccountId == demo));
        }

        Assert.All(clicks, c => Assert.Equal((demo, sn.ToString()), (c.AccountId, c.ServiceNumber)));
        Assert.Contains(clicks, c => c.Billed == false && c.MenuAction == nameof(MenuAction.OPEN_SUBMENU));
        Assert.Contains(clicks, c => c.Billed == true && c.MenuAction == nameof(MenuAction.OPEN_QUICK));
        Assert.All(clicks, c => Assert.Equal(c.MenuAction != nameof(MenuAction.OPEN_SUBMENU), c.Billed));
    }

    private static Dictionary<string, object?> Click(string id, Guid serviceNumber, string item) => new()
    {
        ["event_id"] = id,
        ["kind"] = "menu_click",
        ["time"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
        ["service_number"] = serviceNumber.ToString(),
        ["menu_item"] = item,
        ["number_hash"] = new string('a', 64),
    };

    private async Task<HttpResponseMessage> PostAsync(string key, object body)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsModule.IngestRoute)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request);
    }

    private async Task<List<PlatformEvent>> StoredAsync(int count, string idPrefix = "")
    {
        var channel = app.Services.GetRequiredService<EventChannel>();
        var writer = app.Services.GetRequiredService<EventWriter>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (writer.Handled < channel.Accepted)
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var rows = await db.Events.AsNoTracking().Where(e => e.Kind == EventKind.MenuClick && e.ExternalId!.StartsWith(idPrefix)).OrderBy(e => e.ExternalId).ToListAsync();
        Assert.Equal(count, rows.Count);
        return rows;
    }

    private async Task<string> KeyAsync(TestUser user)
    {
        await using var scope = app.Services.As(user.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyForm { Name = "推送", Role = Roles.Development }, CancellationToken.None);
        return TestData.Ok(created).Token;
    }
}
