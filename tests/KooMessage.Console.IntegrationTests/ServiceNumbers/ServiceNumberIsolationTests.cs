using System.Net;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.IntegrationTests.ServiceNumbers;

/// <summary>
/// Against the running app: another account's service number and image resources are not found (pages' services, the
/// file endpoint), a frozen service number refuses every write under it until a reviewed unfreeze, and a write decided
/// on an old version (a second tab) is refused.
/// </summary>
public sealed class ServiceNumberIsolationTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;
    private TestUser reviewer = default!;
    private Guid numberA;
    private ServiceImageRow logoA = default!;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        using var image = new Image<Rgba32>(240, 240, new Rgba32(10, 20, 30));
        using var png = new MemoryStream();
        await image.SaveAsPngAsync(png);
        png.Position = 0;
        var staged = await app.Services.GetRequiredService<FileStore>().StageAsync("logo.png", png, ServiceImageRules.LogoMaxBytes, CancellationToken.None);
        await using (var scope = app.Services.As(ownerA.Principal))
        {
            logoA = TestData.Ok(await scope.ServiceProvider.GetRequiredService<ServiceImageService>()
                .UploadAsync(new ServiceImageUpload(ServiceImageType.PubLogo, staged), CancellationToken.None));
        }

        var submission = await app.Services.OneStopAsync(ownerA.AccountId!.Value);
        submission.Profile.LogoImageId = logoA.Id;
        numberA = TestData.Ok(await app.Services.ServiceNumbersAsync(ownerA, s => s.CreateAsync(submission, CancellationToken.None)));
        await app.Services.DecideAsync(reviewer, ServiceNumberReviewSource.KindName, numberA, approve: true);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private Task<Result<ServiceNumberDetail>> GetAsync(TestUser user) => app.Services.ServiceNumbersAsync(user, s => s.GetAsync(numberA, CancellationToken.None));

    [Fact]
    public async Task OtherAccount_ServiceNumber_NotFoundToReadOrWrite()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var version = TestData.Ok(await GetAsync(ownerA)).Version;
        var form = ServiceNumberForm.From(TestData.Ok(await GetAsync(ownerA)).Live);
        form.ChangeReason = "想改别人的";

        var read = await GetAsync(ownerB);
        var edit = await app.Services.ServiceNumbersAsync(ownerB, s => s.UpdateProfileAsync(numberA, version, form, CancellationToken.None));
        var freeze = await app.Services.ServiceNumbersAsync(ownerB, s => s.FreezeAsync(numberA, version, CancellationToken.None));
        var homepage = await app.Services.ServiceNumbersAsync(ownerB, s => s.UpdateHomepageAsync(numberA, 0, new HomepageForm(), CancellationToken.None));
        var list = await app.Services.ServiceNumbersAsync(ownerB, s => s.ListAsync(new ServiceNumberQuery(), new PageRequest(), CancellationToken.None));

        Assert.All([read.Error, edit.Error, freeze.Error, homepage.Error], e => Assert.Equal(ErrorCodes.NotFound, e!.Code));
        Assert.Equal(0, TestData.Ok(list).Total);
        Assert.Equal(ApproveState.Approved, TestData.Ok(await GetAsync(ownerA)).ApproveState);
    }

    [Fact]
    public async Task OtherAccount_ImageResource_NotUsableNorListedNorServed()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var submission = await app.Services.OneStopAsync(ownerB.AccountId!.Value, "乙的服务号");
        submission.Profile.LogoImageId = logoA.Id;

        var created = await app.Services.ServiceNumbersAsync(ownerB, s => s.CreateAsync(submission, CancellationToken.None));
        await using var scope = app.Services.As(ownerB.Principal);
        var listed = await scope.ServiceProvider.GetRequiredService<ServiceImageService>().ChoicesAsync(ServiceImageType.PubLogo, CancellationToken.None);

        Assert.Contains(created.Error!.Fields, f => f.Field == nameof(ServiceNumberForm.LogoImageId));
        Assert.DoesNotContain(listed, i => i.Id == logoA.Id);
        Assert.Equal(HttpStatusCode.NotFound, await FileStatusAsync("owner-b"));
        Assert.Equal(HttpStatusCode.OK, await FileStatusAsync("owner-a"));
        Assert.Equal(HttpStatusCode.OK, await FileStatusAsync("reviewer"));
    }

    private async Task<HttpStatusCode> FileStatusAsync(string user)
    {
        using var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(user, TestData.Password);
        using var response = await client.GetAsync(logoA.Url);
        return response.StatusCode;
    }

    [Fact]
    public async Task Frozen_ProfileAndHomepageEditsRefused_UnfreezeGoesToReview()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var live = TestData.Ok(await GetAsync(ownerA));
        TestData.Ok(await app.Services.ServiceNumbersAsync(ownerA, s => s.FreezeAsync(numberA, live.Version, CancellationToken.None)));
        var frozen = TestData.Ok(await GetAsync(ownerA));
        var profile = ServiceNumberForm.From(frozen.Live);
        profile.ChangeReason = "冻结中修改";
        var homepage = HomepageForm.From(frozen.Homepage!.Content);
        homepage.ChangeReason = "冻结中修改主页";

        var editProfile = await app.Services.ServiceNumbersAsync(ownerA, s => s.UpdateProfileAsync(numberA, frozen.Version, profile, CancellationToken.None));
        var editHomepage = await app.Services.ServiceNumbersAsync(ownerA, s => s.UpdateHomepageAsync(numberA, frozen.Homepage.Version, homepage, CancellationToken.None));
        await using (var scope = app.Services.As(ownerA.Principal))
        {
            await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(ownerA.AccountId!.Value, "test", CancellationToken.None);
            var underIt = await scope.ServiceProvider.GetRequiredService<ServiceNumberDirectory>().RequireWritableAsync(db, numberA, CancellationToken.None);
            Assert.Equal(ErrorCodes.PreconditionFailed, underIt.Error!.Code);
        }

        Assert.Equal(ErrorCodes.PreconditionFailed, editProfile.Error!.Code);
        Assert.Contains("已冻结", editProfile.Error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.PreconditionFailed, editHomepage.Error!.Code);

        TestData.Ok(await app.Services.ServiceNumbersAsync(ownerA, s => s.RequestUnfreezeAsync(numberA, frozen.Version, "已整改", CancellationToken.None)));
        var requested = TestData.Ok(await GetAsync(ownerA));
        Assert.Equal((ServiceNumberState.Frozen, ApproveState.Reviewing), (requested.State, requested.ApproveState));

        await app.Services.DecideAsync(reviewer, ServiceNumberReviewSource.KindName, numberA, approve: true);
        var unfrozen = TestData.Ok(await GetAsync(ownerA));
        Assert.Equal((ServiceNumberState.Active, ApproveState.Approved), (unfrozen.State, unfrozen.ApproveState));
    }

    [Fact]
    public async Task TwoTabs_TheSecondWriteOnTheSameVersion_RefusedAsStale()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var seen = TestData.Ok(await GetAsync(ownerA));
        var first = ServiceNumberForm.From(seen.Live);
        first.Abstract = "第一个标签页";
        first.ChangeReason = "标签一";
        var second = ServiceNumberForm.From(seen.Live);
        second.Abstract = "第二个标签页";
        second.ChangeReason = "标签二";

        TestData.Ok(await app.Services.ServiceNumbersAsync(ownerA, s => s.UpdateProfileAsync(numberA, seen.Version, first, CancellationToken.None)));
        var late = await app.Services.ServiceNumbersAsync(ownerA, s => s.UpdateProfileAsync(numberA, seen.Version, second, CancellationToken.None));
        var lateFreeze = await app.Services.ServiceNumbersAsync(ownerA, s => s.FreezeAsync(numberA, seen.Version, CancellationToken.None));

        Assert.Equal(ErrorCodes.Conflict, late.Error!.Code);
        Assert.Equal(ErrorCodes.Conflict, lateFreeze.Error!.Code);
        Assert.Equal("第一个标签页", TestData.Ok(await GetAsync(ownerA)).Pending!.Abstract);
    }
}
