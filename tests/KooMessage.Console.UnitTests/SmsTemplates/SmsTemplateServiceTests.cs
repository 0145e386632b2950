using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.SmsTemplates;

/// <summary>The template's life through the service and the review queue: create, review, edit after a rejection, delete; versions and accounts.</summary>
public sealed class SmsTemplateServiceTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser admin = default!;
    private TestUser reviewer = default!;
    private TestUser owner = default!;
    private Guid signature;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        admin = await app.Services.CreateAdministratorAsync();
        reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        signature = await ApprovedSignatureAsync(owner);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<Guid> ApprovedSignatureAsync(TestUser user)
    {
        var appId = await app.Services.ReadyForSignaturesAsync(user, reviewer);
        var id = await app.Services.RegisterSignatureAsync(user, appId);
        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: true);
        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: true, input: "1069000001");
        return id;
    }

    private static SmsTemplateForm Form(Guid signatureId, string name = "会员通知", string content = "您的权益已到账，点击 ${1} 查看。") => new()
    {
        Name = name, SignatureId = signatureId, Content = content, Variables = [new SmsVariableForm { Index = 1, Type = SmsVariableType.NEWTEXT, Description = "直发" }],
    };

    private async Task<T> AsAsync<T>(TestUser user, Func<SmsTemplateService, Task<T>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<SmsTemplateService>());
    }

    private Task<Result<Guid>> SaveAsync(Guid? id, int version, SmsTemplateForm form, TestUser? user = null) =>
        AsAsync(user ?? owner, s => s.SaveAsync(id, version, form, CancellationToken.None));

    private async Task<SmsTemplateDetail> DetailAsync(Guid id) => (await AsAsync(owner, s => s.GetAsync(id, CancellationToken.None))).Value;

    private async Task<Guid> CreateAsync(string name = "会员通知")
    {
        var saved = await SaveAsync(null, 0, Form(signature, name));
        TestData.Ok(saved);
        return saved.Value;
    }

    [Fact]
    public async Task Create_ValidForm_InReviewWithTicketAndAudit()
    {
        var id = await CreateAsync();

        var detail = await DetailAsync(id);
        Assert.Equal(SmsTemplateStatus.Reviewing, detail.Status);
        Assert.Equal("星河", detail.SignatureName);
        Assert.Equal(SmsVariableType.NEWTEXT, Assert.Single(detail.Form.Variables).Type);
        await app.Services.OpenTicketAsync(SmsTemplateReviewSource.KindName, id);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ObjectType == SmsTemplatesModule.AuditType && e.Action == AuditActions.Create));
    }

    [Fact]
    public async Task Create_NameNormalizedAndContentTrimmed()
    {
        var form = Form(signature, "  会员\u200B  通知 ");
        form.Content = "  点击 ${1} 查看  ";

        var id = (await SaveAsync(null, 0, form)).Value;

        var detail = await DetailAsync(id);
        Assert.Equal("会员 通知", detail.Form.Name);
        Assert.Equal("点击 ${1} 查看", detail.Form.Content);
    }

    [Fact]
    public async Task Create_SignatureNotApproved_RefusedAtSignatureWithKooMessageCode()
    {
        Guid appId;
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            appId = await db.Signatures.Where(s => s.Id == signature).Select(s => s.AppId).SingleAsync();
        }

        var waiting = await app.Services.RegisterSignatureAsync(owner, appId, "待审签名");

        var saved = await SaveAsync(null, 0, Form(waiting));

        Assert.Equal("KM.00001483", saved.Error?.Code);
        Assert.Equal(nameof(SmsTemplateForm.SignatureId), Assert.Single(saved.Error!.Fields).Field);
    }

    [Fact]
    public async Task Create_SameNameTwice_RefusedAtName()
    {
        await CreateAsync();

        var again = await SaveAsync(null, 0, Form(signature, "会员通知", "另一条 ${1}"));

        Assert.Equal(ErrorCodes.Conflict, again.Error?.Code);
        Assert.Equal(nameof(SmsTemplateForm.Name), Assert.Single(again.Error!.Fields).Field);
    }

    [Fact]
    public async Task Create_PlaceholderMismatch_RefusedWithFieldErrorAndNothingWritten()
    {
        var saved = await SaveAsync(null, 0, Form(signature, content: "点击 ${2} 查看"));

        Assert.Equal(ErrorCodes.InvalidParameter, saved.Error?.Code);
        Assert.Contains(saved.Error!.Fields, f => f.Field == nameof(SmsTemplateForm.Content));
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.False(await db.SmsTemplates.AnyAsync());
    }

    [Fact]
    public async Task Review_Approve_AdoptedOwnerNotifiedNotEditable()
    {
        var id = await CreateAsync();

        await app.Services.DecideAsync(reviewer, SmsTemplateReviewSource.KindName, id, approve: true);

        var detail = await DetailAsync(id);
        Assert.Equal(SmsTemplateStatus.Adopted, detail.Status);
        var edit = await SaveAsync(id, detail.Version, Form(signature, "改名"));
        Assert.Equal("KM.00001484", edit.Error?.Code);
        await using var scope = app.Services.As(owner.Principal);
        var (items, _) = await scope.ServiceProvider.GetRequiredService<NotificationService>().ListMineAsync(CancellationToken.None);
        Assert.Contains(items, n => n.Title.Contains("会员通知", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Review_RejectThenEdit_ResubmittedWithNewContentAndReasonCleared()
    {
        var id = await CreateAsync();
        await app.Services.DecideAsync(reviewer, SmsTemplateReviewSource.KindName, id, approve: false, reason: "内容须说明活动时间");
        var rejected = await DetailAsync(id);
        Assert.Equal(SmsTemplateStatus.Reject, rejected.Status);
        Assert.Equal("内容须说明活动时间", rejected.ReviewDesc);

        var edited = await SaveAsync(id, rejected.Version, Form(signature, "会员通知", "本周六前有效，点击 ${1} 查看。"));

        TestData.Ok(edited);
        var resubmitted = await DetailAsync(id);
        Assert.Equal(SmsTemplateStatus.Reviewing, resubmitted.Status);
        Assert.Null(resubmitted.ReviewDesc);
        Assert.Equal("本周六前有效，点击 ${1} 查看。", resubmitted.Form.Content);
        await app.Services.DecideAsync(reviewer, SmsTemplateReviewSource.KindName, id, approve: true);
        Assert.Equal(SmsTemplateStatus.Adopted, (await DetailAsync(id)).Status);
    }

    [Fact]
    public async Task Review_ShowsContentAndVariables()
    {
        var id = await CreateAsync();
        var ticket = await app.Services.OpenTicketAsync(SmsTemplateReviewSource.KindName, id);
        await using var scope = app.Services.As(reviewer.Principal);

        var shown = await scope.ServiceProvider.GetRequiredService<ReviewQueueService>().GetAsync(ticket, CancellationToken.None);

        Assert.Contains(shown.Value.Fields, f => f.LabelKey == "Field.SmsTemplateContent" && f.Value == "您的权益已到账，点击 ${1} 查看。");
        Assert.Contains(shown.Value.Fields, f => f.LabelKey == "Field.Variables" && f.Value.Contains("${1}", StringComparison.Ordinal) && f.Value.Contains("直发", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Edit_WhileInReview_Refused()
    {
        var id = await CreateAsync();
        var detail = await DetailAsync(id);

        var edit = await SaveAsync(id, detail.Version, Form(signature, "改名"));

        Assert.Equal("KM.00001484", edit.Error?.Code);
        Assert.Equal("会员通知", (await DetailAsync(id)).Form.Name);
    }

    [Fact]
    public async Task Edit_TwoTabsOnTheSameRejectedTemplate_SecondRefusedAsStale()
    {
        var id = await CreateAsync();
        await app.Services.DecideAsync(reviewer, SmsTemplateReviewSource.KindName, id, approve: false, reason: "请修改");
        var seen = (await DetailAsync(id)).Version;

        var first = await SaveAsync(id, seen, Form(signature, "甲标签页"));
        TestData.Ok(first);
        await app.Services.DecideAsync(reviewer, SmsTemplateReviewSource.KindName, id, approve: false, reason: "再改");
        var second = await SaveAsync(id, seen, Form(signature, "乙标签页"));

        Assert.Equal(ErrorCodes.Conflict, second.Error?.Code);
        Assert.Equal("甲标签页", (await DetailAsync(id)).Form.Name);
    }

    [Fact]
    public async Task Delete_InReviewRefused_DecidedDeletedWithVersion()
    {
        var id = await CreateAsync();
        var inReview = await AsAsync(owner, s => s.DeleteAsync(id, 0, CancellationToken.None));
        await app.Services.DecideAsync(reviewer, SmsTemplateReviewSource.KindName, id, approve: true);
        var stale = await AsAsync(owner, s => s.DeleteAsync(id, 0, CancellationToken.None));

        var deleted = await AsAsync(owner, s => s.DeleteAsync(id, 1, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, inReview.Error?.Code);
        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        Assert.True(deleted.IsSuccess);
        Assert.Equal(ErrorCodes.NotFound, (await AsAsync(owner, s => s.GetAsync(id, CancellationToken.None))).Error?.Code);
    }

    [Fact]
    public async Task OtherAccount_ReadEditOrDelete_NotFoundAndListEmpty()
    {
        var id = await CreateAsync();
        await app.Services.DecideAsync(reviewer, SmsTemplateReviewSource.KindName, id, approve: false, reason: "请修改");
        var other = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        var otherSignature = await ApprovedSignatureAsync(other);

        var read = await AsAsync(other, s => s.GetAsync(id, CancellationToken.None));
        var edit = await SaveAsync(id, 1, Form(otherSignature, "劫持"), other);
        var delete = await AsAsync(other, s => s.DeleteAsync(id, 1, CancellationToken.None));
        var listed = await AsAsync(other, s => s.ListAsync(new SmsTemplateQuery(), new PageRequest(), CancellationToken.None));
        var underOwnersSignature = await SaveAsync(null, 0, Form(signature, "借用签名"), other);

        Assert.All(new Result[] { read, edit, delete }, r => Assert.Equal(ErrorCodes.NotFound, r.Error?.Code));
        Assert.Empty(listed.Value.Items);
        Assert.Equal("KM.00001483", underOwnersSignature.Error?.Code);
    }

    [Fact]
    public async Task Write_RoleLoweredToReadOnlyAfterSignIn_RefusedReadStillAllowed()
    {
        var id = await CreateAsync();
        await app.Services.DecideAsync(reviewer, SmsTemplateReviewSource.KindName, id, approve: true);
        var operatorUser = await app.Services.CreateUserAsync(owner, "operator", Roles.CommonOperations);
        await using (var scope = app.Services.As(owner.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<UserService>().SetRoleAsync(UserScope.Tenant, operatorUser.Id, Roles.ReadOnlyAccess, CancellationToken.None));
        }

        // The principal still says CommonOperations: the service reads the role in the database.
        var listed = await AsAsync(operatorUser, s => s.ListAsync(new SmsTemplateQuery(), new PageRequest(), CancellationToken.None));
        var delete = await AsAsync(operatorUser, s => s.DeleteAsync(id, 1, CancellationToken.None));
        var create = await SaveAsync(null, 0, Form(signature, "只读用户"), operatorUser);

        Assert.Single(listed.Value.Items);
        Assert.Equal(ErrorCodes.Unauthorized, delete.Error?.Code);
        Assert.Equal(ErrorCodes.Unauthorized, create.Error?.Code);
    }

    [Fact]
    public async Task List_FiltersByStateAndTypeAndSearchesContent()
    {
        var adopted = await CreateAsync("甲模板");
        await CreateAsync("乙模板");
        await app.Services.DecideAsync(reviewer, SmsTemplateReviewSource.KindName, adopted, approve: true);

        var byState = await AsAsync(owner, s => s.ListAsync(new SmsTemplateQuery(SmsTemplateStatus.Adopted), new PageRequest(), CancellationToken.None));
        var byType = await AsAsync(owner, s => s.ListAsync(new SmsTemplateQuery(Type: SignatureType.Promotion), new PageRequest(), CancellationToken.None));
        var byContent = await AsAsync(owner, s => s.ListAsync(new SmsTemplateQuery(), new PageRequest(Search: "权益"), CancellationToken.None));

        Assert.Equal(["甲模板"], byState.Value.Items.Select(t => t.Name));
        Assert.Empty(byType.Value.Items);
        Assert.Equal(2, byContent.Value.Total);
    }

    [Fact]
    public async Task DeleteSignature_TakesItsTemplatesAndWithdrawsTheirTickets()
    {
        var id = await CreateAsync();
        await using (var scope = app.Services.As(owner.Principal))
        {
            var signatures = scope.ServiceProvider.GetRequiredService<SignatureService>();
            var plan = await signatures.DeletionPlanAsync(signature, CancellationToken.None);
            Assert.Equal(["会员通知"], plan.Value.Templates);
            TestData.Ok(await signatures.DeleteAsync(signature, CancellationToken.None));
        }

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.False(await db.SmsTemplates.AnyAsync(t => t.Id == id));
        Assert.False(await db.ReviewTickets.AnyAsync(t => t.ItemId == id && t.State == ReviewTicketState.Open));
    }
}
