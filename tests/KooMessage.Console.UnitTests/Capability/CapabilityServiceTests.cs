using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Capability;

public sealed class CapabilityServiceTests
{
    private const string Number = "13800138000";

    [Fact]
    public async Task CheckAsync_PlainAndSha1Query_FindTheSameRow()
    {
        await using var app = await TestConsole.StartAsync();
        var tenant = await TenantAsync(app);
        await app.Services.GetRequiredService<CapabilityLearning>().RecordAsync(MobileNumbers.Sha1Of("86" + Number), Vendor.Xiaomi, CancellationToken.None);

        var plain = await CheckAsync(app, tenant, new CapabilityQuery($"{Number}\n+86{Number}\n0086{Number}\n86{Number}"));
        var hashed = await CheckAsync(app, tenant, new CapabilityQuery(MobileNumbers.Sha1Of("86" + Number).ToUpperInvariant(), EncryptionAlg.Sha1));

        Assert.Equal(4, plain.Value.Supported.Count);
        var answer = Assert.Single(hashed.Value.Supported);
        var vendor = Assert.Single(answer.Vendors);
        Assert.Equal((Vendor.Xiaomi, true, CapabilitySource.Learned), (vendor.Vendor, vendor.Capable, vendor.Source));
        Assert.All(plain.Value.Supported, n => Assert.Equal(answer.Vendors, n.Vendors));
    }

    [Fact]
    public async Task CheckAsync_NumberWithoutRows_UnsupportedAndUnknown()
    {
        await using var app = await TestConsole.StartAsync();
        var tenant = await TenantAsync(app);

        var result = await CheckAsync(app, tenant, new CapabilityQuery("13600136000"));

        var answer = Assert.Single(result.Value.Unsupported);
        Assert.Empty(answer.Vendors);
        Assert.Empty(result.Value.Supported);
    }

    [Fact]
    public async Task Table_AfterRecording_HoldsOnlyTheKeyedHash()
    {
        await using var app = await TestConsole.StartAsync();
        var sha1 = MobileNumbers.Sha1Of("86" + Number);
        await app.Services.GetRequiredService<CapabilityLearning>().RecordAsync(sha1, Vendor.Huawei, CancellationToken.None);

        // The whole database file as bytes: neither the number, nor its SHA1 (as hex or as bytes), is anywhere in it.
        SqliteConnection.ClearAllPools();
        var path = new SqliteConnectionStringBuilder(app.Services.GetRequiredService<DbConnectionSettings>().ConnectionString).DataSource;
        var dump = await File.ReadAllBytesAsync(path);
        var text = System.Text.Encoding.ASCII.GetString(dump);
        Assert.DoesNotContain(Number, text, StringComparison.Ordinal);
        Assert.DoesNotContain(sha1, text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(-1, dump.AsSpan().IndexOf(Convert.FromHexString(sha1)));

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var row = await db.MobileCapabilities.SingleAsync();
        Assert.Equal(MobileCapability.KeyLength, row.NumberKey.Length);
        Assert.NotEqual(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(sha1)), row.NumberKey);
    }

    [Fact]
    public async Task RecordAsync_AfterAnImportSaidNo_LearnedCapableWins()
    {
        await using var app = await TestConsole.StartAsync();
        var tenant = await TenantAsync(app);
        var sha1 = MobileNumbers.Sha1Of("86" + Number);
        var key = (await app.Services.GetRequiredService<CapabilityKeys>().GetAsync(CancellationToken.None)).Of(sha1);
        await app.Services.GetRequiredService<CapabilityTable>().WriteAsync([new CapabilityFact(key, Vendor.Huawei, false)], CapabilitySource.Imported, CancellationToken.None);
        var before = await CheckAsync(app, tenant, new CapabilityQuery(Number));

        await app.Services.GetRequiredService<CapabilityLearning>().RecordAsync(sha1, Vendor.Huawei, CancellationToken.None);
        var after = await CheckAsync(app, tenant, new CapabilityQuery(Number));

        Assert.Equal(new { Capable = false, Source = CapabilitySource.Imported }, Assert.Single(Assert.Single(before.Value.Unsupported).Vendors) is var b ? new { b.Capable, b.Source } : null);
        Assert.Equal(new { Capable = true, Source = CapabilitySource.Learned }, Assert.Single(Assert.Single(after.Value.Supported).Vendors) is var a ? new { a.Capable, a.Source } : null);
    }

    [Theory]
    [InlineData("13800138000")]
    [InlineData("d08d34f991404450e729a04a72d2b48d299dc69")]
    public async Task RecordAsync_NotASha1_Refused(string notSha1)
    {
        await using var app = await TestConsole.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => app.Services.GetRequiredService<CapabilityLearning>().RecordAsync(notSha1, Vendor.Huawei, CancellationToken.None));
    }

    [Fact]
    public void NumberKeys_AnotherSecret_AnotherKey()
    {
        var sha1 = MobileNumbers.Sha1Of("86" + Number);

        Assert.NotEqual(new NumberKeys(new byte[32]).Of(sha1), new NumberKeys(Enumerable.Repeat((byte)1, 32).ToArray()).Of(sha1));
        Assert.Equal(new NumberKeys(new byte[32]).Of(sha1), new NumberKeys(new byte[32]).Of(sha1.ToUpperInvariant()));
    }

    [Fact]
    public async Task CapabilityKeys_NextStart_SameSecret()
    {
        await using var first = await TestConsole.StartAsync();
        var before = (await first.Services.GetRequiredService<CapabilityKeys>().GetAsync(CancellationToken.None)).Of(MobileNumbers.Sha1Of("86" + Number));
        await using var second = await first.RestartAsync();

        var after = (await second.Services.GetRequiredService<CapabilityKeys>().GetAsync(CancellationToken.None)).Of(MobileNumbers.Sha1Of("86" + Number));

        Assert.Equal(before, after);
    }

    [Fact]
    public async Task CheckAsync_Template_NarrowsToTheVendorsThatActivatedIt()
    {
        await using var app = await TestConsole.StartAsync();
        var tenant = await TenantAsync(app);
        var learning = app.Services.GetRequiredService<CapabilityLearning>();
        await learning.RecordAsync(MobileNumbers.Sha1Of("86" + Number), Vendor.Xiaomi, CancellationToken.None);
        await learning.RecordAsync(MobileNumbers.Sha1Of("8613900139000"), Vendor.Oppo, CancellationToken.None);
        var tplId = await ApprovedTemplateAsync(app, tenant.AccountId!.Value, "200000001", (Vendor.Oppo, VendorActivationState.Activated), (Vendor.Xiaomi, VendorActivationState.Pending));

        var all = await CheckAsync(app, tenant, new CapabilityQuery($"{Number}\n13900139000"));
        var narrowed = await CheckAsync(app, tenant, new CapabilityQuery($"{Number}\n13900139000", TplId: tplId));

        Assert.Equal(2, all.Value.Supported.Count);
        Assert.Equal([Vendor.Oppo], narrowed.Value.Vendors);
        Assert.Equal("13900139000", Assert.Single(narrowed.Value.Supported).Number);
        Assert.Equal(Number, Assert.Single(narrowed.Value.Unsupported).Number);
    }

    [Fact]
    public async Task CheckAsync_AnotherAccountsOrUnapprovedTemplate_RefusedAtTheTemplateField()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var tenant = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var other = await app.Services.CreateAccountAsync(admin, "乙公司", "other");
        var theirs = await ApprovedTemplateAsync(app, other.AccountId!.Value, "200000002", (Vendor.Huawei, VendorActivationState.Activated));

        var result = await CheckAsync(app, tenant, new CapabilityQuery(Number, TplId: theirs));
        var malformed = await CheckAsync(app, tenant, new CapabilityQuery(Number, TplId: "12345"));

        Assert.Equal(ErrorCodes.NotFound, result.Error?.Code);
        Assert.Equal(nameof(CapabilityQuery.TplId), Assert.Single(result.Error!.Fields).Field);
        Assert.Equal(nameof(CapabilityQuery.TplId), Assert.Single(malformed.Error!.Fields).Field);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(99, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public async Task CheckAsync_Count_OneToHundred(int count, bool accepted)
    {
        await using var app = await TestConsole.StartAsync();
        var tenant = await TenantAsync(app);
        var numbers = string.Join(",", Enumerable.Range(0, count).Select(i => $"138{i:D8}"));

        var result = await CheckAsync(app, tenant, new CapabilityQuery(numbers));

        Assert.Equal(accepted, result.IsSuccess);
        if (!accepted)
        {
            Assert.Contains("100", Assert.Single(result.Error!.Fields).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CheckAsync_NoNumber_Required()
    {
        await using var app = await TestConsole.StartAsync();
        var tenant = await TenantAsync(app);

        var result = await CheckAsync(app, tenant, new CapabilityQuery(" \n ,"));

        Assert.Equal(nameof(CapabilityQuery.Numbers), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task CheckAsync_BadLines_OneErrorPerLineWithLineNumberAndReason()
    {
        await using var app = await TestConsole.StartAsync(culture: "en-US");
        var tenant = await TenantAsync(app);

        using var _ = CultureScope.Use("zh-CN");
        var result = await CheckAsync(app, tenant, new CapabilityQuery($"{Number}\n138a\n\n12"));

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        Assert.Collection(result.Error!.Fields,
            f => Assert.Equal("第 2 行“138a”：号码只能包含数字（可以 + 或 00 开头）。", f.Message),
            f => Assert.Equal("第 4 行“12”：号码过短。", f.Message));
    }

    private static async Task<TestUser> TenantAsync(TestConsole app)
    {
        var admin = await app.Services.CreateAdministratorAsync();
        return await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    private static async Task<Result<CapabilityAnswer>> CheckAsync(TestConsole app, TestUser user, CapabilityQuery query)
    {
        await using var scope = app.Services.As(user.Principal);
        return await scope.ServiceProvider.GetRequiredService<CapabilityService>().CheckAsync(query, CancellationToken.None);
    }

    private static async Task<string> ApprovedTemplateAsync(TestConsole app, Guid accountId, string tplId, params (Vendor Vendor, VendorActivationState State)[] vendors)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test template", CancellationToken.None);
        var template = new AimTemplate { AccountId = accountId, TplId = tplId, Name = "测试", SearchName = "测试", CardId = "card", Vendors = AimTemplate.VendorList(vendors.Select(v => v.Vendor)), AuditState = TemplateAuditState.Approved };
        var version = new AimTemplateVersion { AccountId = accountId, TemplateId = template.Id, Number = 1, Document = "{}", State = TemplateVersionState.Approved };
        template.ApprovedVersionId = version.Id;
        db.AimTemplates.Add(template);
        db.AimTemplateVersions.Add(version);
        db.AimTemplateVendors.AddRange(vendors.Select(v => new AimTemplateVendor { AccountId = accountId, TemplateId = template.Id, VersionId = version.Id, Vendor = v.Vendor, State = v.State }));
        await db.SaveChangesAsync();
        return tplId;
    }
}
