namespace KooMessage.Console.Features.Billing;

/// <summary>
/// The catalog as the console ships it (seeded by the model, so present on every start): the reference's package specs
/// per family, valid 12 months, and an on-demand unit price for every item. The reference gives no numbers: these
/// prices are the console's own choice, kept as data (the platform edits specs and adds prices from a date).
/// </summary>
public static class CatalogSeed
{
    /// <summary>When the seeded prices take effect (before any usage the console can meter).</summary>
    public static readonly DateTime PricesFrom = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The seeded specs: family, name as sold, units, price in fen.</summary>
    public static readonly IReadOnlyList<PackageSpec> Specs =
    [
        Spec("0195b0c0-0001-7000-8000-000000000001", PackageFamily.AimResolve, "1万条", 10_000, 40_000),
        Spec("0195b0c0-0001-7000-8000-000000000002", PackageFamily.AimResolve, "10万条", 100_000, 380_000),
        Spec("0195b0c0-0001-7000-8000-000000000003", PackageFamily.AimResolve, "100万条", 1_000_000, 3_500_000),
        Spec("0195b0c0-0002-7000-8000-000000000001", PackageFamily.AimSendNotify, "1万条", 10_000, 50_000),
        Spec("0195b0c0-0002-7000-8000-000000000002", PackageFamily.AimSendNotify, "10万条", 100_000, 480_000),
        Spec("0195b0c0-0002-7000-8000-000000000003", PackageFamily.AimSendNotify, "100万条", 1_000_000, 4_500_000),
        Spec("0195b0c0-0003-7000-8000-000000000001", PackageFamily.AimSendMarketing, "1万条", 10_000, 55_000),
        Spec("0195b0c0-0003-7000-8000-000000000002", PackageFamily.AimSendMarketing, "10万条", 100_000, 530_000),
        Spec("0195b0c0-0003-7000-8000-000000000003", PackageFamily.AimSendMarketing, "100万条", 1_000_000, 5_000_000),
        Spec("0195b0c0-0004-7000-8000-000000000001", PackageFamily.BasicThreeNetwork, "10万条", 100_000, 400_000),
        Spec("0195b0c0-0004-7000-8000-000000000002", PackageFamily.BasicThreeNetwork, "100万条", 1_000_000, 3_800_000),
        Spec("0195b0c0-0005-7000-8000-000000000001", PackageFamily.ServiceClicks, "30万次", 300_000, 150_000),
        Spec("0195b0c0-0005-7000-8000-000000000002", PackageFamily.ServiceClicks, "100万次", 1_000_000, 450_000),
    ];

    /// <summary>The seeded on-demand prices in 0.0001 CNY: above what a package unit costs, as on-demand is.</summary>
    public static readonly IReadOnlyList<UnitPrice> Prices =
    [
        Price("0195b0c0-0100-7000-8000-000000000001", BillingItem.Resolve, 500),
        Price("0195b0c0-0100-7000-8000-000000000002", BillingItem.SendNotify, 550),
        Price("0195b0c0-0100-7000-8000-000000000003", BillingItem.SendMarketing, 600),
        Price("0195b0c0-0100-7000-8000-000000000004", BillingItem.PlainSms, 450),
        Price("0195b0c0-0100-7000-8000-000000000005", BillingItem.PlainSmsMobile, 400),
        Price("0195b0c0-0100-7000-8000-000000000006", BillingItem.ServiceClick, 60),
    ];

    private static PackageSpec Spec(string id, PackageFamily family, string name, long units, long priceFen) => new()
    {
        Id = Guid.Parse(id), Family = family, Name = name, Units = units, PriceFen = priceFen, ValidityMonths = 12, OnSale = true, CreatedAt = PricesFrom,
    };

    private static UnitPrice Price(string id, BillingItem item, long price) => new()
    {
        Id = Guid.Parse(id), Item = item, Price = price, EffectiveFrom = PricesFrom, CreatedBy = "system", CreatedAt = PricesFrom,
    };
}
