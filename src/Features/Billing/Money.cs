using System.Globalization;
using KooMessage.Console.Common.Text;

namespace KooMessage.Console.Features.Billing;

/// <summary>
/// Money as integers: balances, amounts and package prices in fen (分); on-demand unit prices in 0.0001 CNY. A charge
/// is rounded once, half up, to the fen: never per use, never twice.
/// </summary>
public static class Money
{
    /// <summary>Unit-price units in one yuan (prices are integers of 0.0001 CNY).</summary>
    public const long UnitsPerYuan = 10_000;

    /// <summary>Unit-price units in one fen.</summary>
    public const long UnitsPerFen = 100;

    public const long FenPerYuan = 100;

    /// <summary>What <paramref name="quantity"/> units at <paramref name="unitPrice"/> (0.0001 CNY) cost, rounded half up to the fen.</summary>
    public static long ChargeFen(long quantity, long unitPrice)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);
        var units = checked(quantity * unitPrice);
        return (units + (UnitsPerFen / 2)) / UnitsPerFen;
    }

    /// <summary>Fen shown as CNY with two decimals and a sign when negative: ¥1,234.50, -¥3.00.</summary>
    public static string Format(long fen)
    {
        var yuan = Math.Abs((decimal)fen) / FenPerYuan;
        var text = "¥" + yuan.ToString("#,##0.00", CultureInfo.InvariantCulture);
        return fen < 0 ? "-" + text : text;
    }

    /// <summary>A unit price (0.0001 CNY) shown in CNY with four decimals: ¥0.0450.</summary>
    public static string FormatUnitPrice(long unitPrice) =>
        "¥" + ((decimal)unitPrice / UnitsPerYuan).ToString("#,##0.0000", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a yuan amount typed by a person (at most two decimals; "12", "12.5", "1,200.00") into fen, after
    /// normalization: full-width digits from an IME ("１２．５") and invisible characters count as what they show.
    /// </summary>
    public static bool TryParseYuan(string? text, out long fen)
    {
        fen = 0;
        var trimmed = TextNormalizer.Normalize(text).Trim().Replace(",", "", StringComparison.Ordinal).Replace("¥", "", StringComparison.Ordinal);
        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var yuan)
            || decimal.Round(yuan, 2) != yuan || Math.Abs(yuan) > 100_000_000m)
        {
            return false;
        }

        fen = (long)(yuan * FenPerYuan);
        return true;
    }
}
