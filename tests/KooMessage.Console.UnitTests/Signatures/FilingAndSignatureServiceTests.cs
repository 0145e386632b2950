using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Signatures;

public sealed class FilingAndSignatureServiceTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser admin = default!;
    private TestUser reviewer = default!;
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        admin = await app.Services.CreateAdministratorAsync();
        reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<T> AsOwnerAsync<T>(Func<IServiceProvider, Task<T>> call)
    {
        await using var scope = app.Services.As(owner.Principal);
        return await call(scope.ServiceProvider);
    }

    private async Task<KooMessageDb> SystemDbAsync() => await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    [Fact]
    public async Task SaveFiling_SubmitWithoutMaterials_RefusedAndNothingWritten()
    {
        var license = await app.Services.StageAsync("营业执照.png", DemoFiles.Png);
        var uploads = new FilingUploads(license, new Dictionary<MaterialKind, UploadedFile>());

        var result = await AsOwnerAsync(s => s.GetRequiredService<EnterpriseService>().SaveAsync(null, FilingData.Form(), uploads, submit: true, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        Assert.Equal(
            MaterialCatalog.For(FilingData.Form().Scenarios).Where(r => r.Required).Select(r => FilingUploads.MaterialField(r.Kind)),
            result.Error!.Fields.Select(f => f.Field));
        await using var db = await SystemDbAsync();
        Assert.False(await db.Enterprises.AnyAsync());
        Assert.False(await db.StoredFiles.AnyAsync());
        Assert.Empty(app.Services.StoredPaths());
        Assert.True(license.IsAvailable);
        license.Dispose();
        Assert.Empty(app.Services.StagedPaths());
    }

    [Fact]
    public async Task SaveFiling_DraftThenSubmit_KeepsTheFilesAlreadyUploaded()
    {
        var service = (IServiceProvider s) => s.GetRequiredService<EnterpriseService>();
        var draft = await AsOwnerAsync(async s => await service(s).SaveAsync(null, FilingData.Form(), await s.CompleteUploadsAsync(), submit: false, CancellationToken.None));

        var submitted = await AsOwnerAsync(s => service(s).SaveAsync(draft.Value, FilingData.Form(), FilingUploads.None, submit: true, CancellationToken.None));

        Assert.True(submitted.IsSuccess);
        var detail = await AsOwnerAsync(s => service(s).GetAsync(draft.Value, CancellationToken.None));
        Assert.Equal(FilingStatus.Reviewing, detail.Value.Status);
        Assert.NotNull(detail.Value.License);
        Assert.Equal(2, detail.Value.Materials.Count);
    }

    [Fact]
    public async Task SaveFiling_SameCodeTwice_RefusedAsConflict()
    {
        await app.Services.SubmitFilingAsync(owner);

        var second = await AsOwnerAsync(async s => await s.GetRequiredService<EnterpriseService>().SaveAsync(null, FilingData.Form("另一家"), await s.CompleteUploadsAsync(), submit: false, CancellationToken.None));

        Assert.Equal(ErrorCodes.Conflict, second.Error?.Code);
        Assert.Equal(nameof(EnterpriseForm.CreditCode), Assert.Single(second.Error!.Fields).Field);
    }

    [Fact]
    public async Task SaveFiling_PdfAsLicenceAndPictureAsMaterial_EveryRefusalAtItsUpload()
    {
        var uploads = await app.Services.CompleteUploadsAsync(license: DemoFiles.Pdf("licence"));
        var kind = uploads.Materials.Keys.First();
        var materials = uploads.Materials.ToDictionary(m => m.Key, m => m.Value);
        materials[kind].Dispose();
        materials[kind] = await app.Services.StageAsync("material.pdf", DemoFiles.Png);

        var result = await AsOwnerAsync(s => s.GetRequiredService<EnterpriseService>().SaveAsync(null, FilingData.Form(), uploads with { Materials = materials }, submit: false, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        Assert.Equal([nameof(FilingUploads.License), FilingUploads.MaterialField(kind)], result.Error!.Fields.Select(f => f.Field));
    }

    [Fact]
    public async Task SaveFiling_WhileInReview_NotEditable()
    {
        var id = await app.Services.SubmitFilingAsync(owner);

        var edit = await AsOwnerAsync(s => s.GetRequiredService<EnterpriseService>().SaveAsync(id, FilingData.Form("改名"), FilingUploads.None, submit: false, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, edit.Error?.Code);
    }

    [Fact]
    public async Task Review_ApproveFiling_ApprovedMaterialsApprovedOwnerNotifiedAudited()
    {
        var id = await app.Services.SubmitFilingAsync(owner);

        await app.Services.DecideAsync(reviewer, FilingReviewSource.KindName, id, approve: true);

        await using var db = await SystemDbAsync();
        var filing = await db.Enterprises.Include(e => e.Materials).SingleAsync();
        Assert.Equal(FilingStatus.Approved, filing.Status);
        Assert.All(filing.Materials, m => Assert.True(m.Approved));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.Approve && e.UserName == "reviewer" && e.AccountId == owner.AccountId));
        var (items, _) = await AsOwnerAsync(s => s.GetRequiredService<NotificationService>().ListMineAsync(CancellationToken.None));
        Assert.Contains(items, n => n.Title.Contains("星河科技有限公司", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Review_RejectWithoutReason_Refused()
    {
        var id = await app.Services.SubmitFilingAsync(owner);

        var blank = await app.Services.TryDecideAsync(reviewer, FilingReviewSource.KindName, id, approve: false, reason: "  ");
        var tooLong = await app.Services.TryDecideAsync(reviewer, FilingReviewSource.KindName, id, approve: false, reason: new string('x', 501));

        Assert.Equal(ErrorCodes.InvalidParameter, blank.Error?.Code);
        Assert.Equal(ErrorCodes.InvalidParameter, tooLong.Error?.Code);
        Assert.Equal(nameof(ReviewDecision.Reason), Assert.Single(blank.Error!.Fields).Field);
        Assert.Equal(nameof(ReviewDecision.Reason), Assert.Single(tooLong.Error!.Fields).Field);
    }

    [Fact]
    public async Task Review_DecideTwice_SecondRefused()
    {
        var id = await app.Services.SubmitFilingAsync(owner);
        var ticket = await app.Services.OpenTicketAsync(FilingReviewSource.KindName, id);
        await app.Services.DecideAsync(reviewer, FilingReviewSource.KindName, id, approve: false, reason: "照片模糊");
        await using var scope = app.Services.As(reviewer.Principal);

        var again = await scope.ServiceProvider.GetRequiredService<ReviewQueueService>().DecideAsync(ticket, new ReviewDecision(true, null, null, "FilingStatus.Reviewing"), CancellationToken.None);

        Assert.Equal(ErrorCodes.Conflict, again.Error?.Code);
    }

    [Fact]
    public async Task Review_TenantUser_CannotReadQueue()
    {
        var listed = await AsOwnerAsync(s => s.GetRequiredService<ReviewQueueService>().ListAsync(new ReviewQuery(), new PageRequest(), CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, listed.Error?.Code);
    }

    [Fact]
    public async Task SaveSignature_WithoutApprovedFiling_RefusedWithPrecondition()
    {
        await app.Services.SubmitFilingAsync(owner);

        var result = await AsOwnerAsync(async s => await s.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(Guid.NewGuid()), await s.SignatureUploadsAsync(), CancellationToken.None));

        Assert.Equal(ErrorCodes.PreconditionFailed, result.Error?.Code);
    }

    [Fact]
    public async Task SaveSignature_SameNameAndType_KooMessageConflictCode()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        await app.Services.RegisterSignatureAsync(owner, appId);

        var again = await AsOwnerAsync(async s => await s.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(appId), await s.SignatureUploadsAsync(), CancellationToken.None));
        var otherType = FilingData.Signature(appId);
        otherType.Type = SignatureType.Promotion;
        var promotion = await AsOwnerAsync(async s => await s.GetRequiredService<SignatureService>().SaveAsync(null, otherType, await s.SignatureUploadsAsync(), CancellationToken.None));

        Assert.Equal("KM.00001486", again.Error?.Code);
        Assert.Equal(nameof(SignatureForm.Name), Assert.Single(again.Error!.Fields).Field);
        Assert.True(promotion.IsSuccess);
    }

    /// <summary>Issue 6 §7: the same signature submitted from four tabs at once, each with its own staged files.</summary>
    [Fact]
    public async Task SaveSignature_SameFromFourTabsAtOnce_OneSavedOthersConflictOneSetOfFilesNothingStaged()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        var tabs = new List<SignatureUploads>();
        for (var i = 0; i < 4; i++)
        {
            tabs.Add(await app.Services.SignatureUploadsAsync(withAttorney: true));
        }

        var results = await Task.WhenAll(tabs.Select(uploads => Task.Run(() =>
            AsOwnerAsync(s => s.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(appId, third: true), uploads, CancellationToken.None)))));
        foreach (var upload in tabs.SelectMany(t => t.Licenses.Append(t.PowerOfAttorney!)))
        {
            upload.Dispose();
        }

        Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal("KM.00001486", r.Error!.Code));
        await using var db = await SystemDbAsync();
        var signature = await db.Signatures.Include(s => s.Files).SingleAsync();
        Assert.Equal(2, signature.Files.Count);
        var rows = await db.StoredFiles.Select(f => f.StoragePath).ToListAsync();
        Assert.Equal(rows.Order(), app.Services.StoredPaths());
        Assert.Empty(app.Services.StagedPaths());
    }

    [Fact]
    public async Task SaveSignature_SensitiveWord_KooMessageCodeNamingTheWord()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        using var chinese = CultureScope.Use("zh-CN");

        var result = await AsOwnerAsync(async s => await s.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(appId, "全网第一"), await s.SignatureUploadsAsync(), CancellationToken.None));

        Assert.Equal("KM.90016801", result.Error?.Code);
        Assert.Contains("“第一”", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(SignatureForm.Name), Assert.Single(result.Error.Fields).Field);
    }

    [Fact]
    public async Task SaveSignature_PdfAsLicence_RefusedAtTheLicences()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        var uploads = new SignatureUploads([await app.Services.StageAsync("营业执照.png", DemoFiles.Pdf("not a picture"))], null);

        var result = await AsOwnerAsync(s => s.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(appId), uploads, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        Assert.Equal(nameof(SignatureUploads.Licenses), Assert.Single(result.Error!.Fields).Field);
    }

    [Theory]
    [InlineData("星\u200B河")]
    [InlineData("星河\u00A0")]
    [InlineData("\uFEFF星河")]
    public async Task SaveSignature_NameSameOnceNormalized_KooMessageConflictCode(string name)
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        await app.Services.RegisterSignatureAsync(owner, appId);

        var again = await AsOwnerAsync(async s => await s.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(appId, name), await s.SignatureUploadsAsync(), CancellationToken.None));

        Assert.Equal("KM.00001486", again.Error?.Code);
    }

    [Theory]
    [InlineData("全网第\u200B一")]
    [InlineData("全网第\u3000一")]
    [InlineData("全网最\u00A0佳")]
    public async Task SaveSignature_SensitiveWordWithHiddenCharacter_StillRefused(string name)
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);

        var result = await AsOwnerAsync(async s => await s.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(appId, name), await s.SignatureUploadsAsync(), CancellationToken.None));

        Assert.Equal("KM.90016801", result.Error?.Code);
    }

    [Fact]
    public async Task SensitiveWords_AdminRemovesWord_NoLongerRefused()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        await using (var scope = app.Services.As(admin.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<SensitiveWordService>().RemoveAsync("第一", CancellationToken.None));
        }

        var result = await AsOwnerAsync(async s => await s.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(appId, "全网第一"), await s.SignatureUploadsAsync(), CancellationToken.None));

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task SaveSignature_ThirdPartyWithoutAttorney_Refused()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);

        var result = await AsOwnerAsync(async s => await s.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(appId, third: true), await s.SignatureUploadsAsync(), CancellationToken.None));
        var withLetter = await AsOwnerAsync(async s => await s.GetRequiredService<SignatureService>().SaveAsync(null, FilingData.Signature(appId, third: true), await s.SignatureUploadsAsync(withAttorney: true), CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        Assert.Equal(nameof(SignatureUploads.PowerOfAttorney), Assert.Single(result.Error!.Fields).Field);
        Assert.True(withLetter.IsSuccess);
    }

    [Fact]
    public async Task SaveSignature_PendingReview_NotEditable()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);

        var edit = await AsOwnerAsync(s => s.GetRequiredService<SignatureService>().SaveAsync(id, FilingData.Signature(appId, "新名"), SignatureUploads.None, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, edit.Error?.Code);
    }

    [Fact]
    public async Task Review_SignatureThroughEveryStep_PassesWithChannelNumber()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);

        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: false, reason: "缺少授权");
        TestData.Ok(await AsOwnerAsync(s => s.GetRequiredService<SignatureService>().SaveAsync(id, FilingData.Signature(appId), SignatureUploads.None, CancellationToken.None)));
        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: true);
        var missing = await app.Services.TryDecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: true, input: "abc");
        Assert.Equal("KM.00001098", missing.Error?.Code);
        Assert.Equal(nameof(ReviewDecision.Input), Assert.Single(missing.Error!.Fields).Field);

        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: true, input: "10690001");

        var detail = await AsOwnerAsync(s => s.GetRequiredService<SignatureService>().GetAsync(id, CancellationToken.None));
        Assert.Equal(SignatureStatus.ReviewPassed, detail.Value.Status);
        Assert.Equal("10690001", detail.Value.ChannelNumber);
    }

    [Fact]
    public async Task Urge_TooEarly_RefusedThenQueuedFirstOnceAllowed()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var timed = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var admin2 = await timed.Services.CreateAdministratorAsync();
        var reviewer2 = await timed.Services.CreateUserAsync(admin2, "reviewer", Roles.Reviewer);
        var owner2 = await timed.Services.CreateAccountAsync(admin2, "甲公司", "owner");
        var appId = await timed.Services.ReadyForSignaturesAsync(owner2, reviewer2);
        var first = await timed.Services.RegisterSignatureAsync(owner2, appId, "先提交");
        clock.Advance(TimeSpan.FromMinutes(5));
        var second = await timed.Services.RegisterSignatureAsync(owner2, appId, "后提交");
        await using var scope = timed.Services.As(owner2.Principal);
        var signatures = scope.ServiceProvider.GetRequiredService<SignatureService>();

        var early = await signatures.UrgeAsync(second, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(30));
        var urged = await signatures.UrgeAsync(second, CancellationToken.None);
        var twice = await signatures.UrgeAsync(second, CancellationToken.None);

        Assert.Equal(ErrorCodes.InvalidParameter, early.Error?.Code);
        Assert.True(urged.IsSuccess);
        Assert.Equal(ErrorCodes.InvalidParameter, twice.Error?.Code);
        await using var review = timed.Services.As(reviewer2.Principal);
        var queue = await review.ServiceProvider.GetRequiredService<ReviewQueueService>().ListAsync(new ReviewQuery(SignatureReviewSource.KindName), new PageRequest(), CancellationToken.None);
        Assert.Equal([second, first], queue.Value.Items.Select(r => r.ItemId));
    }

    [Fact]
    public async Task Delete_ApprovedSignature_PlanShownThenEverythingRemoved()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);
        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: true);
        await app.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, id, approve: true, input: "10690001");
        await using var scope = app.Services.As(owner.Principal);
        var signatures = scope.ServiceProvider.GetRequiredService<SignatureService>();
        await using var before = await SystemDbAsync();
        var fileIds = await before.SignatureFiles.Where(f => f.SignatureId == id).Select(f => f.FileId).ToListAsync();
        var paths = await before.StoredFiles.Where(f => fileIds.Contains(f.Id)).Select(f => f.StoragePath).ToListAsync();

        var plan = await signatures.DeletionPlanAsync(id, CancellationToken.None);
        var deleted = await signatures.DeleteAsync(id, CancellationToken.None);

        Assert.Equal(("星河", SignatureStatus.ReviewPassed, "10690001", 1), (plan.Value.Name, plan.Value.Status, plan.Value.ChannelNumber, plan.Value.FileCount));
        Assert.True(deleted.IsSuccess);
        await using var db = await SystemDbAsync();
        Assert.False(await db.Signatures.AnyAsync(s => s.Id == id));
        Assert.False(await db.SignatureFiles.AnyAsync(f => f.SignatureId == id));
        Assert.False(await db.StoredFiles.AnyAsync(f => fileIds.Contains(f.Id)));
        Assert.All(paths, p => Assert.DoesNotContain(p, app.Services.StoredPaths()));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.Delete && e.ObjectId == id.ToString()));
    }
}
