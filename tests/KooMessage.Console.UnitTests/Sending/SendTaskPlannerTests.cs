using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Sending;

/// <summary>The send page's service: dry run, create, the preparing job's composed rows, and who may see and change a task.</summary>
public sealed class SendTaskPlannerTests
{
    private const string Base = "http://console.test/";

    [Fact]
    public async Task DryRun_TypedLines_CountsProblemsAndOptOuts()
    {
        await using var app = await StartAsync();
        var owner = await OwnerAsync(app);
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        await OptOutAsync(app, owner, "13800000002");

        form.Numbers = "13800000001,张三,88,王先生\n13800000002,李四,9,李女士\n12345,王五,1,x\n13800000001,张三,88,王先生\n13800000003,,1,x\n13800000004,赵六,1,x,13800000005";
        var plan = (await PlannerCall(app, owner, p => p.DryRunAsync(form, null, null, CancellationToken.None))).Value;

        Assert.Equal((6, 2, 4, 1, 1), (plan.Rows, plan.Valid, plan.Invalid, plan.OptedOut, plan.ToSend));
        Assert.Equal(1, plan.Lengths.Sum(c => c.Renderable + c.Unrenderable));
        Assert.Equal([3, 4, 5, 6], plan.FirstProblems.Select(p => p.Row));
        Assert.Contains("1", plan.FirstProblems[1].Message, StringComparison.Ordinal);
        Assert.Contains("${name}", plan.FirstProblems[2].Message, StringComparison.Ordinal);
        Assert.Equal("More values than the 4 columns: write one number a line, followed only by its values.", plan.FirstProblems[3].Message);
    }

    [Fact]
    public async Task Create_Individual_ComposesEachMessageWithItsOwnLinkAndStartsSending()
    {
        var gateway = new AcceptingGateway();
        await using var app = await StartAsync(gateway);
        var owner = await OwnerAsync(app);
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        form.Numbers = "13800000001,张三,88,王先生\n13800000002,李四,9,李女士";

        var id = await CreateAsync(app, owner, form);
        await app.Services.RunDueJobsAsync();

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var task = await db.SendTasks.SingleAsync(t => t.Id == id);
        var links = await db.ShortLinks.Where(k => k.TaskId == task.ResolveTaskId).ToDictionaryAsync(k => k.CustFlag, k => k.Code);
        var messages = await db.SendMessages.Where(m => m.TaskId == id).OrderBy(m => m.Mobile).ToListAsync();
        Assert.Equal(2, links.Count);
        Assert.StartsWith("console.test/", task.LinkBase, StringComparison.Ordinal);
        Assert.Equal($"【星河】王先生您好，账单详情请查看 {task.LinkBase}/{links["13800000001"]} 。拒收请回复R", messages[0].Text);
        Assert.Contains(links["13800000002"], messages[1].Text, StringComparison.Ordinal);
        Assert.Equal((SendTaskState.Completed, 2, 2), (task.State, task.Total, messages.Count(m => m.State == SendMessageState.Submitted)));
        Assert.Equal(2, gateway.Sent.Count);
    }

    [Fact]
    public async Task Create_Group_OneLinkForEveryNumber()
    {
        await using var app = await StartAsync(new AcceptingGateway());
        var owner = await OwnerAsync(app);
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        form.LinkType = ShortLinkType.Group;
        form.GroupValues = new() { ["name"] = "会员", ["amount"] = "10" };
        form.Numbers = "13800000001,王先生\n13800000002,李女士\n13800000003,赵先生";

        var id = await CreateAsync(app, owner, form);
        await app.Services.RunDueJobsAsync();

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var task = await db.SendTasks.SingleAsync(t => t.Id == id);
        var code = Assert.Single(await db.ShortLinks.Where(k => k.TaskId == task.ResolveTaskId).Select(k => k.Code).ToListAsync());
        var texts = await db.SendMessages.Where(m => m.TaskId == id).Select(m => m.Text).ToListAsync();
        Assert.Equal(3, texts.Count);
        Assert.All(texts, t => Assert.Contains($"{task.LinkBase}/{code} ", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Estimate_ValuesEitherSideOfSeventyCharacters_TheSegmentsTheComposedMessagesAreBilled()
    {
        await using var app = await StartAsync(new AcceptingGateway());
        var owner = await OwnerAsync(app);
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None))
        {
            var sms = await db.SmsTemplates.SingleAsync(t => t.Id == form.SmsTemplateId);
            sms.Content = "${1}" + new string('文', 20) + SendData.SmsContent[4..];
            await db.SaveChangesAsync();
        }

        // 【星河】 4 + the name + 20 + 您好，账单详情请查看 11 + console.test/s/ and a 7-character code 22 + " 。" 2 + 拒收请回复R 6.
        form.Numbers = "13800000001,张三,88,王先生您好\n13800000002,李四,9,王先生您好呀";
        var plan = (await PlannerCall(app, owner, p => p.DryRunAsync(form, null, null, CancellationToken.None))).Value;
        var estimate = (await PlannerCall(app, owner, p => p.EstimateAsync(form, plan, Base, CancellationToken.None))).Value;
        var id = await CreateAsync(app, owner, form);
        await app.Services.RunDueJobsAsync();

        await using var check = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var messages = await check.SendMessages.Where(m => m.TaskId == id).OrderBy(m => m.Mobile).Select(m => new { m.Text, m.Segments }).ToListAsync();
        Assert.Equal([(70, 1), (71, 2)], messages.Select(m => (m.Text.Length, m.Segments)));
        Assert.Equal([(Features.Billing.BillingItem.SendNotify, 0L), (Features.Billing.BillingItem.PlainSms, 3L)], estimate.Uses.Select(u => (u.Item, u.Units)));
    }

    [Fact]
    public async Task Create_DontSendAndNoVendorRendersTheCard_LeavesEveryNumberOutAndEnds()
    {
        await using var app = await StartAsync(new AcceptingGateway());
        var owner = await OwnerAsync(app);
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        form.Fallback = SendFallback.DontSend;
        form.Numbers = "13800000001,张三,88,王先生";

        var id = await CreateAsync(app, owner, form);
        await app.Services.RunDueJobsAsync();

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var task = await db.SendTasks.SingleAsync(t => t.Id == id);
        Assert.Equal((SendTaskState.Completed, 0, 1), (task.State, task.Total, task.Unrenderable));
        Assert.False(await db.SendMessages.AnyAsync(m => m.TaskId == id));
    }

    [Fact]
    public async Task Create_StaticRulesStaleVersionAndOtherAccountsTemplate_AreRefusedAtTheirFields()
    {
        await using var app = await StartAsync(new AcceptingGateway());
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var other = await app.Services.CreateAccountAsync(admin, "云帆网络有限公司", "other");
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        await app.Services.SendSetupAsync(other.AccountId!.Value, "600000009");
        form.Numbers = "13800000001,张三,88,王先生";
        var plan = (await PlannerCall(app, owner, p => p.DryRunAsync(form, null, null, CancellationToken.None))).Value;

        form.TemplateVersionId = Guid.NewGuid();
        var stale = await PlannerCall(app, owner, p => p.CreateAsync(form, plan.Stage, Base, CancellationToken.None));
        form.TemplateVersionId = null;
        form.TplId = "600000009";
        var foreign = await PlannerCall(app, owner, p => p.CreateAsync(form, plan.Stage, Base, CancellationToken.None));
        form.TplId = "600000001";
        form.ScheduledAt = DateTime.UtcNow.AddDays(8);
        var late = await PlannerCall(app, owner, p => p.CreateAsync(form, plan.Stage, Base, CancellationToken.None));

        // 定时发送 without a time (the picker held no valid one): refused, not sent at once.
        (form.Later, form.ScheduledAt) = (true, null);
        var noTime = await PlannerCall(app, owner, p => p.CreateAsync(form, plan.Stage, Base, CancellationToken.None));

        Assert.Contains(stale.Error!.Fields, f => f.Field == nameof(SendTaskForm.TplId));
        Assert.Contains(foreign.Error!.Fields, f => f.Field == nameof(SendTaskForm.TplId));
        Assert.Contains(late.Error!.Fields, f => f.Field == nameof(SendTaskForm.ScheduledAt));
        Assert.Contains(noTime.Error!.Fields, f => f.Field == nameof(SendTaskForm.ScheduledAt) && f.Message == "Choose the start time, or choose Now.");
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        Assert.False(await db.SendTasks.AnyAsync());
    }

    [Fact]
    public async Task Create_EveryValidNumberOptedOut_IsRefusedAtTheNumbers()
    {
        await using var app = await StartAsync(new AcceptingGateway());
        var owner = await OwnerAsync(app);
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        await OptOutAsync(app, owner, "13800000002");

        form.Numbers = "13800000002,李四,9,李女士\n12345,王五,1,x";
        var plan = (await PlannerCall(app, owner, p => p.DryRunAsync(form, null, null, CancellationToken.None))).Value;
        var created = await PlannerCall(app, owner, p => p.CreateAsync(form, plan.Stage, Base, CancellationToken.None));

        Assert.Equal((1, 1, 0), (plan.Valid, plan.OptedOut, plan.ToSend));
        var error = Assert.Single(created.Error!.Fields);
        Assert.Equal((SendTaskPlanner.NumbersField, "Every valid number is on the opt-out list: there is no one to send to."), (error.Field, error.Message));
        await using var check = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        Assert.False(await check.SendTasks.AnyAsync());
    }

    [Fact]
    public async Task TaskOfAnotherAccount_IsNotFoundAndItsVersionGuardsChanges()
    {
        await using var app = await StartAsync(new AcceptingGateway());
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var other = await app.Services.CreateAccountAsync(admin, "云帆网络有限公司", "other");
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        form.ScheduledAt = DateTime.UtcNow.AddDays(1);
        form.Numbers = "13800000001,张三,88,王先生";
        var id = await CreateAsync(app, owner, form);
        await app.Services.RunDueJobsAsync();

        await using var otherScope = app.Services.As(other.Principal);
        var tasks = otherScope.ServiceProvider.GetRequiredService<SendTaskService>();
        Assert.Equal(ErrorCodes.NotFound, (await tasks.GetAsync(id, CancellationToken.None)).Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await tasks.ProgressAsync(id, CancellationToken.None)).Error?.Code);
        Assert.False((await tasks.CancelAsync(id, 1, CancellationToken.None)).IsSuccess);

        await using var scope = app.Services.As(owner.Principal);
        var mine = scope.ServiceProvider.GetRequiredService<SendTaskService>();
        var progress = (await mine.ProgressAsync(id, CancellationToken.None)).Value;
        Assert.Equal(SendTaskState.Sending, progress.State);
        Assert.Equal(ErrorCodes.Conflict, (await mine.PauseAsync(id, progress.Version - 1, CancellationToken.None)).Error?.Code);
        Assert.True((await mine.PauseAsync(id, progress.Version, CancellationToken.None)).IsSuccess);
    }

    [Fact]
    public async Task Sample_IsMaskedForEveryRoleButFullAccess()
    {
        await using var app = await StartAsync(new AcceptingGateway());
        var owner = await OwnerAsync(app);
        var ops = await app.Services.CreateUserAsync(owner, "ops", Roles.CommonOperations);
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        form.Numbers = "13812341234,张三,88,王先生";
        var id = await CreateAsync(app, owner, form);
        await app.Services.RunDueJobsAsync();

        Assert.Equal("13812341234", await SampleMobileAsync(app, owner, id));
        Assert.Equal("138****1234", await SampleMobileAsync(app, ops, id));
    }

    [Fact]
    public async Task Trial_MoreThanTenNumbers_IsRefusedAndTenGoAsATrialTask()
    {
        await using var app = await StartAsync(new AcceptingGateway());
        var owner = await OwnerAsync(app);
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        string Lines(int n) => string.Join('\n', Enumerable.Range(1, n).Select(i => $"138000000{i:00},张三,88,王先生"));

        var tooMany = await PlannerCall(app, owner, p => p.TrialAsync(form, Lines(11), Base, CancellationToken.None));
        var ten = await PlannerCall(app, owner, p => p.TrialAsync(form, Lines(10), Base, CancellationToken.None));
        await app.Services.RunDueJobsAsync();

        Assert.Equal(SendTaskPlanner.TrialField, Assert.Single(tooMany.Error!.Fields).Field);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var task = await db.SendTasks.SingleAsync(t => t.Id == ten.Value);
        Assert.Equal((true, 10), (task.Trial, task.Total));
    }

    private static async Task<string?> SampleMobileAsync(TestConsole app, TestUser user, Guid id)
    {
        await using var scope = app.Services.As(user.Principal);
        return (await scope.ServiceProvider.GetRequiredService<SendTaskService>().GetAsync(id, CancellationToken.None)).Value.Sample?.Mobile;
    }

    private static async Task OptOutAsync(TestConsole app, TestUser owner, string mobile)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        db.OptOuts.Add(new OptOut { AccountId = owner.AccountId!.Value, Mobile = mobile, Keyword = "R", CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    private static async Task<Guid> CreateAsync(TestConsole app, TestUser owner, SendTaskForm form)
    {
        var plan = await PlannerCall(app, owner, p => p.DryRunAsync(form, null, null, CancellationToken.None));
        var created = await PlannerCall(app, owner, p => p.CreateAsync(form, plan.Value.Stage, Base, CancellationToken.None));
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    private static async Task<T> PlannerCall<T>(TestConsole app, TestUser user, Func<SendTaskPlanner, Task<T>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<SendTaskPlanner>());
    }

    private static Task<TestConsole> StartAsync(ISmsGateway? gateway = null) =>
        TestConsole.StartAsync(s => s.AddSingleton(gateway ?? new AcceptingGateway()));

    private static async Task<TestUser> OwnerAsync(TestConsole app) =>
        await app.Services.CreateAccountAsync(await app.Services.CreateAdministratorAsync(), "星河科技有限公司", "owner");

    private sealed class AcceptingGateway : ISmsGateway
    {
        public System.Collections.Concurrent.ConcurrentBag<OutgoingSms> Sent { get; } = [];

        public Task<SubmitOutcome> SubmitAsync(OutgoingSms sms, CancellationToken ct)
        {
            Sent.Add(sms);
            return Task.FromResult(SubmitOutcome.Accepted("0: Accepted for delivery"));
        }

        public Task<GatewayStatus> StatusAsync(CancellationToken ct) => Task.FromResult(new GatewayStatus(true, true, "online"));
    }
}
