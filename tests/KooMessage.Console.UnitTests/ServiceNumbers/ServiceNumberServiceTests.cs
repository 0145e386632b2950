using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceMenus;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.ServiceNumbers;

/// <summary>
/// 服务号 on real SQLite: one-stop creation, the name and remark rules, signatures and their regions, resources of the
/// right type, and the states a review moves it through (live profile kept while a change is reviewed).
/// </summary>
public sealed class ServiceNumberServiceTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser owner = default!;
    private TestUser other = default!;
    private TestUser reviewer = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner");
        other = await app.Services.CreateAccountAsync(admin, "乙公司", "other");
        reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private Guid Account => owner.AccountId!.Value;

    private Task<Result<Guid>> CreateAsync(OneStopSubmission submission, TestUser? user = null) =>
        app.Services.ServiceNumbersAsync(user ?? owner, s => s.CreateAsync(submission, CancellationToken.None));

    private Task<Result<ServiceNumberDetail>> GetAsync(Guid id) => app.Services.ServiceNumbersAsync(owner, s => s.GetAsync(id, CancellationToken.None));

    private async Task<Guid> ApprovedAsync(string name = "星河出行", string remark = "总部")
    {
        var id = TestData.Ok(await CreateAsync(await app.Services.OneStopAsync(Account, name, remark)));
        await app.Services.DecideAsync(reviewer, ServiceNumberReviewSource.KindName, id, approve: true);
        return id;
    }

    private async Task<int> OpenTicketsAsync(string kind, Guid itemId)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(Account, "test", CancellationToken.None);
        return await db.ReviewTickets.CountAsync(t => t.Kind == kind && t.ItemId == itemId && t.State == ReviewTicketState.Open);
    }

    [Fact]
    public async Task Create_OneStop_WritesProfileHomepageAndMenuInReviewWithATicketEach()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = TestData.Ok(await CreateAsync(await app.Services.OneStopAsync(Account)));

        var d = TestData.Ok(await GetAsync(id));
        Assert.Equal((ServiceNumberState.Inactive, ApproveState.Reviewing), (d.State, d.ApproveState));
        Assert.Equal(ApproveState.Reviewing, d.Homepage!.ApproveState);
        Assert.Equal(1, await OpenTicketsAsync(ServiceNumberReviewSource.KindName, id));
        Assert.Equal(1, await OpenTicketsAsync(HomepageReviewSource.KindName, d.Homepage.Id));
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(Account, "test", CancellationToken.None);
        var menu = await db.MenuVersions.SingleAsync(v => v.ServiceNumberId == id);
        Assert.Equal((1, MenuVersionState.Reviewing), (menu.Number, menu.State));
        Assert.Equal(["账户服务", "联系我们"], menu.Menu().Items.Select(i => i.Name));
        Assert.Equal(1, await OpenTicketsAsync(MenuReviewSource.KindName, menu.Id));
    }

    [Fact]
    public async Task Create_MenuBreaksItsRules_NothingIsWritten()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var submission = await app.Services.OneStopAsync(Account, "星河菜单");
        submission.Menu.Items[1].Name = submission.Menu.Items[0].Name;

        var error = (await CreateAsync(submission)).Error!;

        Assert.Equal(ErrorCodes.InvalidParameter, error.Code);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(Account, "test", CancellationToken.None);
        Assert.False(await db.ServiceNumbers.AnyAsync(s => s.Name == "星河菜单"));
        Assert.False(await db.ServiceHomepages.AnyAsync());
        Assert.False(await db.MenuVersions.AnyAsync());
    }

    [Fact]
    public async Task Create_BothPartsInvalid_EachRefusalAtItsField()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var submission = await app.Services.OneStopAsync(Account);
        submission.Profile.Name = new string('名', ServiceNumber.NameMax + 1);
        submission.Homepage.Summary = "";
        submission.Homepage.Hotlines = [new HotlineForm { Tel = "12-", Usage = "客服" }];

        var error = (await CreateAsync(submission)).Error!;

        Assert.Contains(error.Fields, f => f.Field == nameof(ServiceNumberForm.Name) && f.Message.Contains("1 到 15", StringComparison.Ordinal));
        Assert.Contains(error.Fields, f => f.Field == "Homepage.Summary");
        Assert.Contains(error.Fields, f => f.Field == "Homepage.Hotlines[0].Tel");
    }

    [Theory]
    [InlineData("星河出行", "总部", false)]
    [InlineData("星河出行", "华南", true)]
    [InlineData("星河出行", "总部\u200B", false)]
    public async Task Create_NameRepeatedInTheAccount_NeedsAnotherRemark(string name, string remark, bool accepted)
    {
        using var chinese = CultureScope.Use("zh-CN");
        TestData.Ok(await CreateAsync(await app.Services.OneStopAsync(Account, "星河出行", "总部")));

        var result = await CreateAsync(await app.Services.OneStopAsync(Account, name, remark));

        Assert.Equal(accepted, result.IsSuccess);
        if (!accepted)
        {
            Assert.Contains(result.Error!.Fields, f => f.Field == nameof(ServiceNumberForm.Remark));
        }
    }

    [Fact]
    public async Task Create_NameOfAnotherAccount_RefusedWhateverTheRemark()
    {
        using var chinese = CultureScope.Use("zh-CN");
        TestData.Ok(await CreateAsync(await app.Services.OneStopAsync(Account, "ＡＢＣ出行", "总部")));

        var result = await CreateAsync(await app.Services.OneStopAsync(other.AccountId!.Value, "ABC出行", "另一个备注"), other);

        var error = Assert.Single(result.Error!.Fields);
        Assert.Equal((nameof(ServiceNumberForm.Name), "该服务号名称已被其他企业使用。"), (error.Field, error.Message));
    }

    [Fact]
    public async Task Create_SignatureRegionsOverlap_RefusedNamingBoth()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var ids = await app.Services.ApprovedSignaturesAsync(Account, "星河", "银河");
        var submission = await app.Services.OneStopAsync(Account);
        submission.Profile.Signatures =
        [
            new SignatureRegionForm { SignatureId = ids[0], RegionCode = "44" },
            new SignatureRegionForm { SignatureId = ids[1], RegionCode = "44:4403" },
        ];

        var error = (await CreateAsync(submission)).Error!;

        var field = Assert.Single(error.Fields);
        Assert.Equal(ServiceNumberForm.RegionField(1), field.Field);
        Assert.Equal("签名【星河】（广东省）与【银河】（广东省 › 深圳市）的地区重叠。", field.Message);
    }

    [Fact]
    public async Task Create_SignaturesApartInRegions_Accepted()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var ids = await app.Services.ApprovedSignaturesAsync(Account, "星河", "银河");
        var submission = await app.Services.OneStopAsync(Account);
        submission.Profile.Signatures =
        [
            new SignatureRegionForm { SignatureId = ids[0], RegionCode = "44:4401" },
            new SignatureRegionForm { SignatureId = ids[1], RegionCode = "44:4403" },
        ];

        TestData.Ok(await CreateAsync(submission));
    }

    [Fact]
    public async Task Create_SixSignatures_Refused()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var ids = await app.Services.ApprovedSignaturesAsync(Account, "北京", "天津", "上海", "重庆", "河北", "山西");
        var submission = await app.Services.OneStopAsync(Account);
        submission.Profile.Signatures = [.. ids.Select((id, i) => new SignatureRegionForm { SignatureId = id, RegionCode = new[] { "11", "12", "31", "50", "13", "14" }[i] })];

        var error = (await CreateAsync(submission)).Error!;

        Assert.Contains(error.Fields, f => f.Field == nameof(ServiceNumberForm.Signatures) && f.Message == "签名最多5个。");
    }

    [Fact]
    public async Task Create_SignatureNotApproved_RefusedAtItsRow()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var pending = (await app.Services.ApprovedSignaturesAsync(Account, "待审")).Single();
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(Account, "test", CancellationToken.None))
        {
            await db.Signatures.Where(s => s.Id == pending).ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SignatureStatus.PendingReview));
        }

        var submission = await app.Services.OneStopAsync(Account);
        submission.Profile.Signatures = [new SignatureRegionForm { SignatureId = pending }];

        var error = (await CreateAsync(submission)).Error!;

        Assert.Equal(ServiceNumberForm.SignatureField(0), Assert.Single(error.Fields).Field);
    }

    [Fact]
    public async Task Create_ResourcesOfTheWrongTypeOrTooLarge_Refused()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var submission = await app.Services.OneStopAsync(Account);
        submission.Profile.LogoImageId = submission.Homepage.BackgroundImageId;
        submission.Profile.AuthorizationImageIds =
        [
            await app.Services.ImageAsync(Account, ServiceImageType.Other, 3 * 1024 * 1024),
            await app.Services.ImageAsync(Account, ServiceImageType.Other, (1024 * 1024) + 1),
        ];

        var error = (await CreateAsync(submission)).Error!;

        Assert.Contains(error.Fields, f => f.Field == nameof(ServiceNumberForm.LogoImageId));
        Assert.Contains(error.Fields, f => f.Field == nameof(ServiceNumberForm.AuthorizationImageIds) && f.Message.Contains("不能超过4 MB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Review_Approve_TakesEffect()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = await ApprovedAsync();

        var d = TestData.Ok(await GetAsync(id));
        Assert.Equal((ServiceNumberState.Active, ApproveState.Approved), (d.State, d.ApproveState));
        Assert.NotNull(d.OnlineAt);
    }

    [Fact]
    public async Task Review_Reject_KeepsTheReasonAndAllowsAnEditWithoutChangeReason()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = TestData.Ok(await CreateAsync(await app.Services.OneStopAsync(Account)));
        await app.Services.DecideAsync(reviewer, ServiceNumberReviewSource.KindName, id, approve: false, "LOGO 不清晰");
        var d = TestData.Ok(await GetAsync(id));
        Assert.Equal((ServiceNumberState.Inactive, ApproveState.Rejected, "LOGO 不清晰"), (d.State, d.ApproveState, d.ReviewDesc));

        var form = ServiceNumberForm.From(d.Latest);
        form.Abstract = "换了简介";
        TestData.Ok(await app.Services.ServiceNumbersAsync(owner, s => s.UpdateProfileAsync(id, d.Version, form, CancellationToken.None)));

        var after = TestData.Ok(await GetAsync(id));
        Assert.Equal(("换了简介", ApproveState.Reviewing, null), (after.Live.Abstract, after.ApproveState, after.Pending));
    }

    [Fact]
    public async Task Change_AfterApproval_NeedsAReasonAndLeavesTheLiveProfileUntilApproved()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = await ApprovedAsync();
        var d = TestData.Ok(await GetAsync(id));
        var form = ServiceNumberForm.From(d.Live);
        form.Name = "星河旅行";

        var noReason = await app.Services.ServiceNumbersAsync(owner, s => s.UpdateProfileAsync(id, d.Version, form, CancellationToken.None));
        Assert.Equal(nameof(ServiceNumberForm.ChangeReason), Assert.Single(noReason.Error!.Fields).Field);

        form.ChangeReason = "品牌升级";
        TestData.Ok(await app.Services.ServiceNumbersAsync(owner, s => s.UpdateProfileAsync(id, d.Version, form, CancellationToken.None)));
        var inReview = TestData.Ok(await GetAsync(id));
        Assert.Equal(("星河出行", "星河旅行", ServiceNumberState.Active, ApproveState.Reviewing), (inReview.Live.Name, inReview.Pending!.Name, inReview.State, inReview.ApproveState));

        await app.Services.DecideAsync(reviewer, ServiceNumberReviewSource.KindName, id, approve: true);
        var approved = TestData.Ok(await GetAsync(id));
        Assert.Equal(("星河旅行", null, ApproveState.Approved), (approved.Live.Name, approved.Pending, approved.ApproveState));
    }

    [Fact]
    public async Task Change_Rejected_TheLiveProfileStaysAndTheChangeIsKept()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = await ApprovedAsync();
        var d = TestData.Ok(await GetAsync(id));
        var form = ServiceNumberForm.From(d.Live);
        form.Abstract = "新的简介";
        form.ChangeReason = "更新简介";
        TestData.Ok(await app.Services.ServiceNumbersAsync(owner, s => s.UpdateProfileAsync(id, d.Version, form, CancellationToken.None)));

        await app.Services.DecideAsync(reviewer, ServiceNumberReviewSource.KindName, id, approve: false, "简介不实");

        var after = TestData.Ok(await GetAsync(id));
        Assert.Equal((ServiceNumberState.Active, ApproveState.Rejected, "出行服务一站送达", "新的简介"),
            (after.State, after.ApproveState, after.Live.Abstract, after.Pending!.Abstract));
    }

    [Fact]
    public async Task Homepage_DecidedBeforeTheProfile_RefusedAndUrgeWaitsForTheApproval()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = TestData.Ok(await CreateAsync(await app.Services.OneStopAsync(Account)));
        var homepageId = TestData.Ok(await GetAsync(id)).Homepage!.Id;

        var early = await app.Services.TryDecideAsync(reviewer, HomepageReviewSource.KindName, homepageId, approve: true);
        var earlyUrge = await app.Services.ServiceNumbersAsync(owner, s => s.UrgeAsync(id, ServiceNumberPart.Homepage, CancellationToken.None));
        TestData.Ok(await app.Services.ServiceNumbersAsync(owner, s => s.UrgeAsync(id, ServiceNumberPart.Profile, CancellationToken.None)));

        Assert.Equal("请先审核通过服务号资料，主页需在服务号生效后才能生效。", early.Error!.Message);
        Assert.Equal(ErrorCodes.PreconditionFailed, earlyUrge.Error!.Code);

        await app.Services.DecideAsync(reviewer, ServiceNumberReviewSource.KindName, id, approve: true);
        TestData.Ok(await app.Services.ServiceNumbersAsync(owner, s => s.UrgeAsync(id, ServiceNumberPart.Homepage, CancellationToken.None)));
        await app.Services.DecideAsync(reviewer, HomepageReviewSource.KindName, homepageId, approve: true);

        var homepage = TestData.Ok(await GetAsync(id)).Homepage!;
        Assert.Equal((ServiceNumberState.Active, ApproveState.Approved), (homepage.State, homepage.ApproveState));
        Assert.NotNull(homepage.LiveContent);
    }

    [Fact]
    public async Task Homepage_ChangeNeedsAReasonOf5To50()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = await ApprovedAsync();
        await app.Services.DecideAsync(reviewer, HomepageReviewSource.KindName, TestData.Ok(await GetAsync(id)).Homepage!.Id, approve: true);
        var d = TestData.Ok(await GetAsync(id));
        var form = HomepageForm.From(d.Homepage!.Content);
        form.Summary = "新的主页简介";
        form.ChangeReason = "四个字符";

        var shortReason = await app.Services.ServiceNumbersAsync(owner, s => s.UpdateHomepageAsync(id, d.Homepage.Version, form, CancellationToken.None));
        Assert.Equal(nameof(HomepageForm.ChangeReason), Assert.Single(shortReason.Error!.Fields).Field);

        form.ChangeReason = "更新主页简介";
        TestData.Ok(await app.Services.ServiceNumbersAsync(owner, s => s.UpdateHomepageAsync(id, d.Homepage.Version, form, CancellationToken.None)));
    }

    [Fact]
    public async Task Freeze_Live_AtOnceAndWithdrawsWhatWasInReview()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = await ApprovedAsync();
        var d = TestData.Ok(await GetAsync(id));
        var form = ServiceNumberForm.From(d.Live);
        form.Abstract = "变更中";
        form.ChangeReason = "变更";
        TestData.Ok(await app.Services.ServiceNumbersAsync(owner, s => s.UpdateProfileAsync(id, d.Version, form, CancellationToken.None)));
        var inReview = TestData.Ok(await GetAsync(id));

        TestData.Ok(await app.Services.ServiceNumbersAsync(owner, s => s.FreezeAsync(id, inReview.Version, CancellationToken.None)));

        var frozen = TestData.Ok(await GetAsync(id));
        Assert.Equal((ServiceNumberState.Frozen, ApproveState.Approved, null), (frozen.State, frozen.ApproveState, frozen.Pending));
        Assert.Equal(ServiceNumberState.Frozen, frozen.Homepage!.State);
        Assert.Equal(0, await OpenTicketsAsync(ServiceNumberReviewSource.KindName, id));
        Assert.Equal(0, await OpenTicketsAsync(HomepageReviewSource.KindName, frozen.Homepage.Id));
    }

    [Fact]
    public async Task Freeze_NotYetLive_Refused()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = TestData.Ok(await CreateAsync(await app.Services.OneStopAsync(Account)));
        var d = TestData.Ok(await GetAsync(id));

        var result = await app.Services.ServiceNumbersAsync(owner, s => s.FreezeAsync(id, d.Version, CancellationToken.None));

        Assert.Equal("只有已生效的服务号可以冻结。", result.Error!.Message);
    }

    [Fact]
    public async Task Unfreeze_Rejected_StaysFrozenWithTheReason()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = await ApprovedAsync();
        var live = TestData.Ok(await GetAsync(id));
        TestData.Ok(await app.Services.ServiceNumbersAsync(owner, s => s.FreezeAsync(id, live.Version, CancellationToken.None)));
        var frozen = TestData.Ok(await GetAsync(id));
        TestData.Ok(await app.Services.ServiceNumbersAsync(owner, s => s.RequestUnfreezeAsync(id, frozen.Version, "整改完成", CancellationToken.None)));

        await app.Services.DecideAsync(reviewer, ServiceNumberReviewSource.KindName, id, approve: false, "整改材料不足");

        var after = TestData.Ok(await GetAsync(id));
        Assert.Equal((ServiceNumberState.Frozen, ApproveState.Rejected, "整改材料不足"), (after.State, after.ApproveState, after.ReviewDesc));
    }

    [Fact]
    public async Task Roles_ReadOnlyUser_MayViewButNotCreate()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var viewer = await app.Services.CreateUserAsync(owner, "viewer", Roles.ReadOnlyAccess);
        var id = TestData.Ok(await CreateAsync(await app.Services.OneStopAsync(Account)));

        var created = await CreateAsync(await app.Services.OneStopAsync(Account, "另一个"), viewer);
        var seen = await app.Services.ServiceNumbersAsync(viewer, s => s.GetAsync(id, CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, created.Error!.Code);
        Assert.True(seen.IsSuccess);
    }
}
