namespace KooMessage.Console.Features.Billing;

/// <summary>What is left of a package, as deduction sees it (its <see cref="Used"/> moves as uses draw on it).</summary>
public sealed class PackageLeft(Guid id, Guid accountId, PackageFamily family, long units, long used, DateTime startsAt, DateTime expiresAt)
{
    public Guid Id { get; } = id;

    public Guid AccountId { get; } = accountId;

    public PackageFamily Family { get; } = family;

    public long Units { get; } = units;

    public long Used { get; set; } = used;

    public DateTime StartsAt { get; } = startsAt;

    public DateTime ExpiresAt { get; } = expiresAt;

    /// <summary>Units drawn by this deduction (what to add to the stored <c>Used</c>).</summary>
    public long Drawn { get; set; }

    public bool UsableAt(DateTime at) => at >= StartsAt && at < ExpiresAt && Used < Units;
}

/// <summary>One part of a use: drawn from a package, or on demand (package null).</summary>
public sealed record DrawnPart(Guid? PackageId, PackageFamily? Family, long Quantity);

/// <summary>
/// Package-first deduction (§1.11): a use draws on the account's packages that cover its item and are valid at the
/// use's time, the earliest to expire first; what no package covers goes on demand. A use larger than what is left
/// splits into parts.
/// </summary>
public sealed class Deduction(IEnumerable<PackageLeft> packages)
{
    private readonly Dictionary<(Guid Account, BillingItem Item), List<PackageLeft>> byItem = packages
        .GroupBy(p => (p.AccountId, BillingCatalog.Covers(p.Family)))
        .ToDictionary(g => g.Key, g => g.OrderBy(p => p.ExpiresAt).ThenBy(p => p.Id).ToList());

    /// <summary>The packages that were drawn on.</summary>
    public IEnumerable<PackageLeft> Drawn => byItem.Values.SelectMany(v => v).Where(p => p.Drawn > 0);

    public IReadOnlyList<DrawnPart> Draw(Guid accountId, BillingItem item, DateTime at, long quantity)
    {
        var parts = new List<DrawnPart>(1);
        var left = quantity;
        if (byItem.TryGetValue((accountId, item), out var candidates))
        {
            foreach (var package in candidates)
            {
                if (left == 0)
                {
                    break;
                }

                if (!package.UsableAt(at))
                {
                    continue;
                }

                var take = Math.Min(left, package.Units - package.Used);
                package.Used += take;
                package.Drawn += take;
                left -= take;
                parts.Add(new DrawnPart(package.Id, package.Family, take));
            }
        }

        if (left > 0)
        {
            parts.Add(new DrawnPart(null, null, left));
        }

        return parts;
    }
}

/// <summary>The unit-price history: the price of an item at a moment is the row with the latest EffectiveFrom not after it.</summary>
public sealed class PriceBook(IEnumerable<UnitPrice> prices)
{
    private readonly Dictionary<BillingItem, (DateTime From, long Price)[]> byItem = prices
        .GroupBy(p => p.Item)
        .ToDictionary(g => g.Key, g => g.OrderBy(p => p.EffectiveFrom).Select(p => (p.EffectiveFrom, p.Price)).ToArray());

    /// <summary>The price of <paramref name="item"/> in force at <paramref name="at"/>, in 0.0001 CNY; null when none was in force yet.</summary>
    public long? At(BillingItem item, DateTime at)
    {
        if (!byItem.TryGetValue(item, out var rows))
        {
            return null;
        }

        long? price = null;
        foreach (var (from, value) in rows)
        {
            if (from > at)
            {
                break;
            }

            price = value;
        }

        return price;
    }
}
