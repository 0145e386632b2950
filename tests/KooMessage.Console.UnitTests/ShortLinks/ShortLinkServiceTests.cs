using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.ShortLinks;

public sealed class ShortLinkServiceTests
{
    [Fact]
    public async Task CreateAsync_GroupLink_PinsTheApprovedVersionAndExpiresToTheSecond()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);

        var created = await app.Services.CreateTaskAsync(owner, ShortLinkData.GroupForm(tplId));

        TestData.Ok(created);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var task = await db.ResolveTasks.SingleAsync();
        var link = await db.ShortLinks.SingleAsync();
        var approved = await db.AimTemplates.Select(t => t.ApprovedVersionId).SingleAsync();
        Assert.Equal(approved, task.VersionId);
        Assert.Equal(task.CreatedAt.AddDays(30), link.ExpiresAt);
        Assert.Equal(0, task.CreatedAt.Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal((100, 0), (link.MaxResolves, link.Resolved));
        Assert.Equal(ResolveTaskRules.StandardCodeLength, link.Code.Length);
        Assert.Contains("王女士", link.Values, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(ResolveTaskForm.ExpiryDays), 181)]
    [InlineData(nameof(ResolveTaskForm.ExpiryDays), 0)]
    [InlineData(nameof(ResolveTaskForm.MaxResolves), 1)]
    [InlineData(nameof(ResolveTaskForm.MaxResolves), 10_000_001)]
    public async Task CreateAsync_GroupLimitsBreached_RefusedAtTheField(string field, int value)
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var form = ShortLinkData.GroupForm(tplId);
        if (field == nameof(ResolveTaskForm.ExpiryDays))
        {
            form.ExpiryDays = value;
        }
        else
        {
            form.MaxResolves = value;
        }

        var created = await app.Services.CreateTaskAsync(owner, form);

        Assert.Equal(ErrorCodes.InvalidParameter, created.Error?.Code);
        Assert.Equal(field, Assert.Single(created.Error!.Fields).Field);
    }

    [Fact]
    public async Task CreateAsync_IndividualLimits_SevenDaysAndOneResolve()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var form = ShortLinkData.GroupForm(tplId);
        form.Type = ShortLinkType.Individual;
        form.MaxResolves = 500;
        form.ExpiryDays = 8;
        Assert.Equal(nameof(ResolveTaskForm.ExpiryDays), Assert.Single((await app.Services.CreateTaskAsync(owner, form)).Error!.Fields).Field);

        form.ExpiryDays = 7;
        form.Links = [.. Enumerable.Range(0, 100).Select(i => new LinkInput { CustFlag = $"1380013{i:D4}", Values = new() { ["name"] = $"客户{i}", ["amount"] = "1" } })];
        TestData.Ok(await app.Services.CreateTaskAsync(owner, form));

        form.Links.Add(new LinkInput { CustFlag = "13800139999", Values = new() { ["name"] = "多", ["amount"] = "1" } });
        Assert.Equal(nameof(ResolveTaskForm.Links), Assert.Single((await app.Services.CreateTaskAsync(owner, form)).Error!.Fields).Field);

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        Assert.Equal(100, await db.ShortLinks.CountAsync(k => k.MaxResolves == 1 && k.NumberHash != null));
    }

    [Fact]
    public async Task CreateAsync_TwoLinksForAGroup_Refused()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var form = ShortLinkData.GroupForm(tplId);
        form.Links.Add(new LinkInput { CustFlag = "b", Values = new() { ["name"] = "a", ["amount"] = "1" } });

        var created = await app.Services.CreateTaskAsync(owner, form);

        Assert.Equal(nameof(ResolveTaskForm.Links), Assert.Single(created.Error!.Fields).Field);
    }

    [Fact]
    public async Task CreateAsync_MissingParameter_KM90016802()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var form = ShortLinkData.GroupForm(tplId);
        form.Links[0].Values.Remove("amount");

        var created = await app.Services.CreateTaskAsync(owner, form);

        Assert.Equal(ShortLinkErrors.ParamsMismatch, created.Error?.Code);
        Assert.Equal(nameof(ResolveTaskForm.Links), Assert.Single(created.Error!.Fields).Field);
    }

    [Theory]
    [InlineData("", nameof(ResolveTaskForm.Signatures))]
    [InlineData("星河\n一\n二\n三\n四\n五", nameof(ResolveTaskForm.Signatures))]
    [InlineData("【星河】", nameof(ResolveTaskForm.Signatures))]
    [InlineData("别家", nameof(ResolveTaskForm.Signatures))]
    public async Task CreateAsync_BadSignatures_RefusedAtTheField(string signatures, string field)
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var form = ShortLinkData.GroupForm(tplId);
        form.Signatures = signatures;

        var created = await app.Services.CreateTaskAsync(owner, form);

        Assert.Equal(field, Assert.Single(created.Error!.Fields).Field);
    }

    [Fact]
    public async Task CreateAsync_CustomUrl_OnlyHttpWithStandardCodes()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var form = ShortLinkData.GroupForm(tplId);
        form.CustomUrl = "ftp://shop.example.com";
        Assert.Equal(nameof(ResolveTaskForm.CustomUrl), Assert.Single((await app.Services.CreateTaskAsync(owner, form)).Error!.Fields).Field);

        form.CustomUrl = "https://shop.example.com/spring";
        form.Generation = CodeGeneration.Custom;
        form.Links[0].CustomCode = "Spring1";
        Assert.Equal(nameof(ResolveTaskForm.CustomUrl), Assert.Single((await app.Services.CreateTaskAsync(owner, form)).Error!.Fields).Field);

        form.Generation = CodeGeneration.Standard;
        TestData.Ok(await app.Services.CreateTaskAsync(owner, form));
    }

    [Fact]
    public async Task CreateAsync_TemplateDisabledOrOfAnotherAccount_Refused()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        var (disabled, _) = await app.Services.ApprovedTemplateAsync(ownerA.AccountId!.Value, "600000001", enabled: false);
        var (others, _) = await app.Services.ApprovedTemplateAsync(ownerB.AccountId!.Value, "600000002");

        var a = await app.Services.CreateTaskAsync(ownerA, ShortLinkData.GroupForm(disabled));
        var b = await app.Services.CreateTaskAsync(ownerA, ShortLinkData.GroupForm(others));

        Assert.Contains(a.Error!.Fields, f => f.Field == nameof(ResolveTaskForm.TplId));
        Assert.Contains(b.Error!.Fields, f => f.Field == nameof(ResolveTaskForm.TplId));
    }

    [Fact]
    public async Task CreateAsync_CustomCodes_UniquePerDomainAcrossAccounts_CaseSensitive()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        var (tplA, _) = await app.Services.ApprovedTemplateAsync(ownerA.AccountId!.Value, "600000001");
        var (tplB, _) = await app.Services.ApprovedTemplateAsync(ownerB.AccountId!.Value, "600000002");

        TestData.Ok(await app.Services.CreateTaskAsync(ownerA, Custom(tplA, "Spring")));
        var duplicate = await app.Services.CreateTaskAsync(ownerB, Custom(tplB, "Spring"));
        var otherCase = await app.Services.CreateTaskAsync(ownerB, Custom(tplB, "spring"));

        Assert.Equal(ShortLinkErrors.DuplicateCode, duplicate.Error?.Code);
        Assert.Equal(nameof(ResolveTaskForm.Links), Assert.Single(duplicate.Error!.Fields).Field);
        TestData.Ok(otherCase);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("abcdefghijk")]
    [InlineData("ab_c")]
    public async Task CreateAsync_BadCustomCode_Refused(string code)
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);

        var created = await app.Services.CreateTaskAsync(owner, Custom(tplId, code));

        Assert.Equal(ErrorCodes.InvalidParameter, created.Error?.Code);
        Assert.Equal(nameof(ResolveTaskForm.Links), Assert.Single(created.Error!.Fields).Field);
    }

    [Fact]
    public async Task ChangeExpiry_WithinLimits_AndConditionalOnTheVersionSeen()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var form = ShortLinkData.GroupForm(tplId);
        var created = await app.Services.CreateTaskAsync(owner, form);
        await using var scope = app.Services.As(owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<ShortLinkService>();
        var task = (await service.GetAsync(created.Value.Id, CancellationToken.None)).Value;

        var tooLate = await service.ChangeExpiryAsync(task.Id, task.Version, task.CreatedAt.AddDays(180).AddSeconds(1), CancellationToken.None);
        var inThePast = await service.ChangeExpiryAsync(task.Id, task.Version, task.CreatedAt.AddSeconds(-1), CancellationToken.None);
        TestData.Ok(await service.ChangeExpiryAsync(task.Id, task.Version, task.CreatedAt.AddDays(180), CancellationToken.None));
        var stale = await service.ChangeExpiryAsync(task.Id, task.Version, task.CreatedAt.AddDays(3), CancellationToken.None);

        Assert.Equal(ShortLinkService.ExpiresAtField, Assert.Single(tooLate.Error!.Fields).Field);
        Assert.Equal(ShortLinkService.ExpiresAtField, Assert.Single(inThePast.Error!.Fields).Field);
        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        var links = (await service.LinksAsync(new PageRequest(), new LinkFilter(task.Id), CancellationToken.None)).Value;
        Assert.Equal(task.CreatedAt.AddDays(180), Assert.Single(links.Items).ExpiresAt);
    }

    [Fact]
    public async Task DisableTask_DisablesItsLinks_AndAStaleVersionIsAConflict()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var created = await app.Services.CreateTaskAsync(owner, ShortLinkData.GroupForm(tplId));
        await using var scope = app.Services.As(owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<ShortLinkService>();

        Assert.Equal(ErrorCodes.Conflict, (await service.DisableTaskAsync(created.Value.Id, 7, CancellationToken.None)).Error?.Code);
        TestData.Ok(await service.DisableTaskAsync(created.Value.Id, 0, CancellationToken.None));

        var link = Assert.Single((await service.LinksAsync(new PageRequest(), new LinkFilter(created.Value.Id), CancellationToken.None)).Value.Items);
        Assert.False(link.Enabled);
        Assert.False((await service.GetAsync(created.Value.Id, CancellationToken.None)).Value.Enabled);
    }

    private static ResolveTaskForm Custom(string tplId, string code)
    {
        var form = ShortLinkData.GroupForm(tplId);
        form.Generation = CodeGeneration.Custom;
        form.Links[0].CustomCode = code;
        return form;
    }

    private static async Task<TestUser> OwnerAsync(TestConsole app)
    {
        var admin = await app.Services.CreateAdministratorAsync();
        return await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }
}

public sealed class LinkExportSourceTests
{
    [Fact]
    public async Task RowsAsync_OneRowPerLink_WithAimUrlOnTheDefaultDomain()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var created = await app.Services.CreateTaskAsync(owner, ShortLinkData.GroupForm(tplId));
        var source = app.Services.GetRequiredService<LinkExportSource>();
        var parameters = source.Parameters(created.Value.Id, "https://km.example.com/");
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var l = app.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.SharedResource>>();

        var rows = await source.RowsAsync(db, parameters, "Asia/Shanghai", l, CancellationToken.None).ToListAsync();

        Assert.Equal(1, await source.CountAsync(db, parameters, CancellationToken.None));
        var row = Assert.Single(rows);
        Assert.Equal(source.Fields.Count, row.Length);
        Assert.Equal($"km.example.com/s/{created.Value.Codes[0]}", row[2]);
    }
}
