using System.Security.Cryptography;
using System.Text;
using PhoneNumbers;

namespace KooMessage.Console.Features.Capability;

/// <summary>encryption_alg of CheckMobileCapability: plain numbers, or SHA1 of country code and number.</summary>
public enum EncryptionAlg
{
    None,
    Sha1,
}

/// <summary>Why one entered number is refused; the page names it beside the line.</summary>
public enum NumberProblem
{
    /// <summary>Longer than the 40 characters mobiles[] allows.</summary>
    InputTooLong,
    NotDigits,
    TooShort,
    TooLong,
    InvalidCountryCode,
    NotSha1,
}

/// <summary>One entered number: the lower-case SHA1 hex of country code and number, or why it is refused.</summary>
public readonly record struct ParsedNumber(string? Sha1, NumberProblem? Problem)
{
    public bool IsValid => Sha1 is not null;
}

/// <summary>
/// Reads numbers as CheckMobileCapability takes them. A plain number is a Chinese number (<c>1310000</c>), country code
/// and number (<c>861310000</c>), or with an international prefix (<c>00861310000</c>, <c>+861310000</c>); all four are
/// country code 86 and number 1310000. libphonenumber splits another country's code and drops a trunk 0, so
/// <c>+44 07911 123456</c> and <c>+447911123456</c> are one number. A SHA1 number is the 40 hex digits of
/// SHA1(country code + number), either case.
/// </summary>
public static class MobileNumbers
{
    public const int InputMax = 40;
    public const int CountMax = 100;
    public const int Sha1Length = 40;
    private const string China = "CN";
    private const string ChinaCode = "86";
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static ParsedNumber Parse(string input, EncryptionAlg alg)
    {
        var text = input.Trim();
        if (text.Length > InputMax)
        {
            return new(null, NumberProblem.InputTooLong);
        }

        if (alg == EncryptionAlg.Sha1)
        {
            return text.Length == Sha1Length && text.All(char.IsAsciiHexDigit) ? new(text.ToLowerInvariant(), null) : new(null, NumberProblem.NotSha1);
        }

        var digits = CountryCodeAndNumber(text, out var problem);
        return digits is null ? new(null, problem) : new(Sha1Of(digits), null);
    }

    /// <summary>
    /// Country code and number as digits (<c>861310000</c>), what KooMessage hashes; null with the reason for a text
    /// that is not a number.
    /// </summary>
    public static string? CountryCodeAndNumber(string input, out NumberProblem? problem)
    {
        problem = null;
        var text = input.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var international = true;
        if (text.StartsWith('+'))
        {
            text = text[1..];
        }
        else if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        else if (!text.StartsWith(ChinaCode, StringComparison.Ordinal))
        {
            // A Chinese number never starts with 86 (mobiles start with 1, trunk dialling with 0).
            international = false;
        }

        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            problem = text.Length == 0 ? NumberProblem.TooShort : NumberProblem.NotDigits;
            return null;
        }

        PhoneNumber number;
        try
        {
            number = international ? Util.Parse("+" + text, null) : Util.Parse(text, China);
        }
        catch (NumberParseException e)
        {
            problem = e.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => NumberProblem.InvalidCountryCode,
                ErrorType.TOO_LONG => NumberProblem.TooLong,
                ErrorType.NOT_A_NUMBER => NumberProblem.NotDigits,
                _ => NumberProblem.TooShort,
            };
            return null;
        }

        problem = Util.IsPossibleNumberWithReason(number) switch
        {
            PhoneNumberUtil.ValidationResult.TOO_SHORT => NumberProblem.TooShort,
            PhoneNumberUtil.ValidationResult.TOO_LONG => NumberProblem.TooLong,
            PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => NumberProblem.InvalidCountryCode,
            _ => null,
        };
        return problem is null ? Util.Format(number, PhoneNumberFormat.E164)[1..] : null;
    }

    /// <summary>The lower-case SHA1 hex of country code and number, as a SHA1 query sends it.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "KooMessage's encryption_alg SHA1 names this digest; the table keys it with HMAC-SHA256.")]
    public static string Sha1Of(string countryCodeAndNumber) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.ASCII.GetBytes(countryCodeAndNumber)));

    /// <summary>The entries of a query's text: one per line or comma-separated, blank ones skipped, each with its line (1-based).</summary>
    public static IReadOnlyList<(int Line, string Text)> Entries(string? text)
    {
        var entries = new List<(int, string)>();
        var lines = (text ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var part in lines[i].Split([',', '，', ';', '；']))
            {
                if (part.Trim() is { Length: > 0 } entry)
                {
                    entries.Add((i + 1, entry));
                }
            }
        }

        return entries;
    }
}
