namespace KooMessage.Console.Features.Billing;

/// <summary>Which items a package family's units cover, and which families exist only on demand (the catalog's fixed part; specs and prices are data).</summary>
public static class BillingCatalog
{
    /// <summary>The item a unit of <paramref name="family"/> pays for. A 发送和解析 unit also makes the resolve of what it sent <see cref="UsageMode.Included"/>.</summary>
    public static BillingItem Covers(PackageFamily family) => family switch
    {
        PackageFamily.AimResolve => BillingItem.Resolve,
        PackageFamily.AimSendNotify => BillingItem.SendNotify,
        PackageFamily.AimSendMarketing => BillingItem.SendMarketing,
        PackageFamily.BasicThreeNetwork => BillingItem.PlainSms,
        PackageFamily.ServiceClicks => BillingItem.ServiceClick,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };

    /// <summary>The families whose units <paramref name="item"/> draws on (none: on demand only, like 移动单通道).</summary>
    public static IReadOnlyList<PackageFamily> FamiliesFor(BillingItem item) =>
        Enum.GetValues<PackageFamily>().Where(f => Covers(f) == item).ToList();

    /// <summary>Whether a resolve of what <paramref name="family"/> sent costs nothing more.</summary>
    public static bool IncludesResolve(PackageFamily family) =>
        family is PackageFamily.AimSendNotify or PackageFamily.AimSendMarketing;
}
