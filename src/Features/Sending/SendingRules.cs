using KooMessage.Console.Common.Text;

namespace KooMessage.Console.Features.Sending;

/// <summary>The sending rules that need no database: retry backoff, reply keywords, number form.</summary>
public static class SendingRules
{
    /// <summary>What a reply says to opt out (拒收请回复R), compared after NFKC, trimmed, case-insensitively.</summary>
    public static readonly IReadOnlyList<string> OptOutKeywords = ["R", "TD", "T", "退订"];

    /// <summary>The wait before submission number <paramref name="attempts"/> + 1: base, doubled each time, capped.</summary>
    public static TimeSpan Backoff(int attempts, SendingOptions options)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ms = Math.Min((double)options.RetryMaxMs, options.RetryBaseMs * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>The opt-out keyword a reply is (its canonical form), or null when it is anything else.</summary>
    public static string? OptOutKeyword(string? reply)
    {
        var text = TextNormalizer.Normalize(reply).Trim();
        return OptOutKeywords.FirstOrDefault(k => string.Equals(k, text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A mainland mobile number as stored: digits only, without a leading +86 / 0086 / 86 (gateways write the sender
    /// either way); null when it is not 11 digits starting with 1.
    /// </summary>
    public static string? Mobile(string? raw)
    {
        var digits = new string((raw ?? "").Where(char.IsAsciiDigit).ToArray());
        foreach (var prefix in (string[])["0086", "86"])
        {
            if (digits.Length == 11 + prefix.Length && digits.StartsWith(prefix, StringComparison.Ordinal))
            {
                digits = digits[prefix.Length..];
                break;
            }
        }

        return digits.Length == 11 && digits[0] == '1' ? digits : null;
    }
}
