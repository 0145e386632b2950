using KooMessage.Console.Common;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Platform;

public sealed class SensitiveWordTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser admin = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        admin = await app.Services.CreateAdministratorAsync();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private SensitiveWordMatcher Matcher => app.Services.GetRequiredService<SensitiveWordMatcher>();

    private async Task<Result> AddAsync(string word)
    {
        await using var scope = app.Services.As(admin.Principal);
        return await scope.ServiceProvider.GetRequiredService<SensitiveWordService>().AddAsync(word, CancellationToken.None);
    }

    private async Task<IReadOnlyList<string>> ListAsync()
    {
        await using var scope = app.Services.As(admin.Principal);
        return await scope.ServiceProvider.GetRequiredService<SensitiveWordService>().ListAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("全网最\u200B佳", "最佳")]
    [InlineData("全网最\u00A0佳", "最佳")]
    [InlineData("全网最 佳", "最佳")]
    [InlineData("全网最\u3000佳", "最佳")]
    [InlineData("全网最\u00AD佳", "最佳")]
    [InlineData("全网最\uFEFF\u2060佳", "最佳")]
    [InlineData("行业第\u200C一", "第一")]
    [InlineData("１００％纯天然", "100%")]
    [InlineData("1 0 0 %纯天然", "100%")]
    [InlineData("最\u2800佳店铺", "最佳")]
    [InlineData("最\u0301佳店铺", "最佳")]
    public async Task FindAsync_BannedWordHiddenInside_Found(string text, string word)
    {
        Assert.Equal(word, await Matcher.FindAsync(text, CancellationToken.None));
    }

    [Theory]
    [InlineData("星河科技")]
    [InlineData("\u200B\u00A0")]
    [InlineData(null)]
    public async Task FindAsync_CleanText_Nothing(string? text)
    {
        Assert.Null(await Matcher.FindAsync(text, CancellationToken.None));
    }

    [Fact]
    public async Task AddAsync_FullWidthWithInvisible_StoredNormalizedAndMatchedAnyWidth()
    {
        TestData.Ok(await AddAsync("ＳＵＰＥＲ\u200B ＳＡＬＥ"));

        Assert.Contains("SUPER SALE", await ListAsync());
        Assert.Equal("SUPER SALE", await Matcher.FindAsync("a supersale today", CancellationToken.None));
    }

    [Theory]
    [InlineData("最\u200B佳")]
    [InlineData("最 佳")]
    [InlineData("１００％")]
    [InlineData("第一\u00A0")]
    public async Task AddAsync_SameAsListedOnceNormalized_RefusedWithFieldMessage(string word)
    {
        var result = await AddAsync(word);

        Assert.Equal(ErrorCodes.Conflict, result.Error?.Code);
        Assert.Equal(nameof(SensitiveWord.Word), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task AddAsync_OtherCaseOfAddedWord_Refused()
    {
        TestData.Ok(await AddAsync("Sale"));

        var result = await AddAsync("ｓａｌｅ");

        Assert.Equal(ErrorCodes.Conflict, result.Error?.Code);
    }

    [Theory]
    [InlineData("\u200B\u00AD")]
    [InlineData("\u3000")]
    public async Task AddAsync_EmptyOnceNormalized_RefusedWithFieldMessage(string word)
    {
        var before = await ListAsync();

        var result = await AddAsync(word);

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        Assert.Single(result.Error!.Fields);
        Assert.Equal(before, await ListAsync());
    }
}
