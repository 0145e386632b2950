using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Enterprises;

/// <summary>A filing's draft keeps whatever has been filled in; only submitting asks for everything.</summary>
public sealed class FilingDraftTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser admin = default!;
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<Result<Guid>> SaveAsync(Guid? id, EnterpriseForm form, bool submit)
    {
        await using var scope = app.Services.As(owner.Principal);
        return await scope.ServiceProvider.GetRequiredService<EnterpriseService>().SaveAsync(id, form, FilingUploads.None, submit, CancellationToken.None);
    }

    private async Task<KooMessageDb> SystemDbAsync() => await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    [Fact]
    public async Task SaveDraft_EverythingEmpty_SavedTwiceWithNullTypeAndIndustry()
    {
        var first = await SaveAsync(null, new EnterpriseForm { Scenarios = FilingScenarios.None }, submit: false);
        var second = await SaveAsync(null, new EnterpriseForm(), submit: false);

        Assert.True(first.IsSuccess, first.Error?.Message);
        Assert.True(second.IsSuccess, second.Error?.Message);
        await using var db = await SystemDbAsync();
        var drafts = await db.Enterprises.ToListAsync();
        Assert.Equal(2, drafts.Count);
        Assert.All(drafts, d =>
        {
            Assert.Equal(FilingStatus.Draft, d.Status);
            Assert.Equal("", d.CreditCode);
            Assert.Null(d.EnterpriseType);
            Assert.Null(d.Industry);
        });
        Assert.False(await db.ReviewTickets.AnyAsync());
    }

    [Fact]
    public async Task Submit_EverythingEmpty_RefusedWithOneErrorPerMissingFieldAndUploadNothingWritten()
    {
        using var chinese = CultureScope.Use("zh-CN");

        var result = await SaveAsync(null, new EnterpriseForm(), submit: true);

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        string[] expected =
        [
            nameof(EnterpriseForm.Name), nameof(EnterpriseForm.CreditCode), nameof(EnterpriseForm.ContactName), nameof(EnterpriseForm.ContactPhone),
            nameof(EnterpriseForm.ContactEmail), nameof(EnterpriseForm.EnterpriseType), nameof(EnterpriseForm.Industry), nameof(FilingUploads.License),
            .. MaterialCatalog.For(FilingScenarios.Aim).Where(r => r.Required).Select(r => FilingUploads.MaterialField(r.Kind)),
        ];
        Assert.Equal(expected.Order(), result.Error!.Fields.Select(f => f.Field).Order());
        Assert.Equal("请填写企业联系人。", result.Error.Fields.Single(f => f.Field == nameof(EnterpriseForm.ContactName)).Message);
        await using var db = await SystemDbAsync();
        Assert.False(await db.Enterprises.AnyAsync());
    }

    [Fact]
    public async Task Submit_DraftMissingOneField_RefusedAtThatFieldDraftKept()
    {
        var form = FilingData.Form();
        form.Industry = null;
        var draft = await SaveAsync(null, form, submit: false);

        var submitted = await SaveAsync(draft.Value, form, submit: true);

        Assert.Contains(submitted.Error!.Fields, f => f.Field == nameof(EnterpriseForm.Industry));
        Assert.DoesNotContain(submitted.Error.Fields, f => f.Field == nameof(EnterpriseForm.EnterpriseType));
        await using var db = await SystemDbAsync();
        Assert.Equal(FilingStatus.Draft, (await db.Enterprises.SingleAsync()).Status);
    }

    [Fact]
    public async Task SaveDraft_WrongCodeFilledIn_RefusedAtTheCode()
    {
        var result = await SaveAsync(null, new EnterpriseForm { CreditCode = "914403001922038210" }, submit: false);

        Assert.Equal(nameof(EnterpriseForm.CreditCode), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task CreditCodeIndex_EmptyCodesInOneAccount_AllowedSameCodeTwiceRefused()
    {
        await using var db = await SystemDbAsync();
        var accountId = owner.AccountId!.Value;
        Enterprise Filing(string code) => new() { AccountId = accountId, CreditCode = code, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Enterprises.AddRange(Filing(""), Filing(""), Filing("914403001922038216"));
        await db.SaveChangesAsync();

        db.Enterprises.Add(Filing("914403001922038216"));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Review_FilingWithoutIndustry_QueueShowsADash()
    {
        var reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        var id = await app.Services.SubmitFilingAsync(owner);
        await using (var db = await SystemDbAsync())
        {
            await db.Enterprises.Where(e => e.Id == id).ExecuteUpdateAsync(set => set.SetProperty(e => e.Industry, (Industry?)null));
        }

        var ticket = await app.Services.OpenTicketAsync(FilingReviewSource.KindName, id);
        await using var scope = app.Services.As(reviewer.Principal);
        var detail = await scope.ServiceProvider.GetRequiredService<ReviewQueueService>().GetAsync(ticket, CancellationToken.None);

        Assert.Equal("—", detail.Value.Fields.Single(f => f.LabelKey == "Field.Industry").Value);
    }
}
