using KooMessage.Console.Features.Billing;

namespace KooMessage.Console.UnitTests.Billing;

/// <summary>Package-first deduction, the price in force and Money's one rounding, without a database.</summary>
public sealed class DeductionTests
{
    private static readonly Guid Account = Guid.CreateVersion7();
    private static readonly DateTime At = new(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Draw_TwoPackages_EarliestExpiryFirstThenSplitsOnDemand()
    {
        var later = new PackageLeft(Guid.CreateVersion7(), Account, PackageFamily.AimResolve, 100, 0, At.AddYears(-1), At.AddMonths(6));
        var sooner = new PackageLeft(Guid.CreateVersion7(), Account, PackageFamily.AimResolve, 10, 7, At.AddYears(-1), At.AddDays(1));
        var other = new PackageLeft(Guid.CreateVersion7(), Account, PackageFamily.ServiceClicks, 1000, 0, At.AddYears(-1), At.AddDays(1));
        var deduction = new Deduction([later, sooner, other]);

        Assert.Equal([new DrawnPart(sooner.Id, PackageFamily.AimResolve, 2)], deduction.Draw(Account, BillingItem.Resolve, At, 2));
        Assert.Equal(
            [new DrawnPart(sooner.Id, PackageFamily.AimResolve, 1), new DrawnPart(later.Id, PackageFamily.AimResolve, 100), new DrawnPart(null, null, 4)],
            deduction.Draw(Account, BillingItem.Resolve, At, 105));
        Assert.Equal([new DrawnPart(null, null, 1)], deduction.Draw(Account, BillingItem.Resolve, At, 1));
        Assert.Equal((10L, 100L, 0L), (sooner.Used, later.Used, other.Used));
        Assert.Equal(new[] { sooner.Id, later.Id }.Order(), deduction.Drawn.Select(p => p.Id).Order());
    }

    [Fact]
    public void Draw_PackageExpiringMidHour_UsedBeforeOnDemandAfter()
    {
        var expires = new DateTime(2027, 1, 1, 0, 30, 0, DateTimeKind.Utc);
        var package = new PackageLeft(Guid.CreateVersion7(), Account, PackageFamily.BasicThreeNetwork, 1000, 0, expires.AddYears(-1), expires);
        var deduction = new Deduction([package]);

        Assert.NotNull(deduction.Draw(Account, BillingItem.PlainSms, expires.AddTicks(-1), 3)[0].PackageId);
        Assert.Null(deduction.Draw(Account, BillingItem.PlainSms, expires, 3)[0].PackageId);
        Assert.Null(deduction.Draw(Account, BillingItem.PlainSms, expires.AddYears(-2), 3)[0].PackageId);

        // 移动单通道 has no package family: always on demand.
        Assert.Equal([new DrawnPart(null, null, 5)], deduction.Draw(Account, BillingItem.PlainSmsMobile, expires.AddHours(-1), 5));
    }

    [Fact]
    public void PriceBook_PriceChangedMidDay_PriceInForceAtUsageTime()
    {
        var change = new DateTime(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var book = new PriceBook(
        [
            new UnitPrice { Item = BillingItem.Resolve, Price = 500, EffectiveFrom = CatalogSeed.PricesFrom },
            new UnitPrice { Item = BillingItem.Resolve, Price = 450, EffectiveFrom = change },
            new UnitPrice { Item = BillingItem.SendNotify, Price = 550, EffectiveFrom = CatalogSeed.PricesFrom },
        ]);

        Assert.Equal(500, book.At(BillingItem.Resolve, change.AddTicks(-1)));
        Assert.Equal(450, book.At(BillingItem.Resolve, change));
        Assert.Equal(550, book.At(BillingItem.SendNotify, change.AddDays(1)));
        Assert.Null(book.At(BillingItem.Resolve, CatalogSeed.PricesFrom.AddTicks(-1)));
        Assert.Null(book.At(BillingItem.ServiceClick, change));
    }

    [Theory]
    [InlineData(1, 49, 0)]
    [InlineData(1, 50, 1)]
    [InlineData(3, 550, 17)]
    [InlineData(10_001, 500, 50_005)]
    [InlineData(0, 500, 0)]
    public void Money_ChargeFen_RoundsHalfUpOnce(long quantity, long unitPrice, long fen) =>
        Assert.Equal(fen, Money.ChargeFen(quantity, unitPrice));

    [Theory]
    [InlineData("12", 1200)]
    [InlineData("1,200.50", 120050)]
    [InlineData("１２．５", 1250)]
    [InlineData("￥１００", 10000)]
    [InlineData("1\u200B00", 10000)]
    public void Money_TryParseYuan_TypedAmountsAfterNormalization(string text, long fen)
    {
        Assert.True(Money.TryParseYuan(System.Text.RegularExpressions.Regex.Unescape(text), out var parsed));
        Assert.Equal(fen, parsed);
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("abc")]
    [InlineData("")]
    public void Money_TryParseYuan_RefusesWhatIsNotAnAmount(string text) =>
        Assert.False(Money.TryParseYuan(text, out _));

    [Fact]
    public void Money_ChargeFen_RoundsTheSumNotEachUse()
    {
        // Three uses at 0.0050 CNY: rounded each they would be 3 fen; rounded once they are 2 (1.5 half up).
        Assert.Equal(2, Money.ChargeFen(3, 50));
        Assert.Equal(3, Enumerable.Range(0, 3).Sum(_ => Money.ChargeFen(1, 50)));
    }

    [Fact]
    public void CatalogSeed_EveryItemHasAPriceAndEveryFamilySpecs()
    {
        Assert.Equal(Enum.GetValues<BillingItem>().Order(), CatalogSeed.Prices.Select(p => p.Item).Order());
        Assert.Equal(Enum.GetValues<PackageFamily>().Order(), CatalogSeed.Specs.Select(s => s.Family).Distinct().Order());
        Assert.All(CatalogSeed.Specs, s => Assert.Equal(12, s.ValidityMonths));
        Assert.Contains(CatalogSeed.Specs, s => s is { Family: PackageFamily.ServiceClicks, Units: 300_000 });
    }
}
