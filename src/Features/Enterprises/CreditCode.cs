namespace KooMessage.Console.Features.Enterprises;

/// <summary>China's enterprise identifiers and their check characters.</summary>
public static class CreditCode
{
    public const int UsccLength = 18;
    public const int OrganizationCodeLength = 9;

    // GB 32100-2015: 31 characters (no I, O, Z, S, V); weight of position i is 3^i mod 31.
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] UsccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    // GB 11714-1997: eight body characters (digits, capital letters) and a check character 0-9 or X.
    private static readonly int[] OrganizationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>统一社会信用代码: 18 characters of the GB 32100 alphabet, the last one its check character. Upper case only.</summary>
    public static bool IsValidUscc(string? code)
    {
        if (code is not { Length: UsccLength })
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < UsccLength - 1; i++)
        {
            var value = UsccAlphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }

            sum += value * UsccWeights[i];
        }

        return code[^1] == UsccAlphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>Completes 17 characters of the GB 32100 alphabet with their check character (demo data, tests).</summary>
    public static string WithUsccCheck(string body)
    {
        var sum = 0;
        for (var i = 0; i < UsccLength - 1; i++)
        {
            sum += UsccAlphabet.IndexOf(body[i], StringComparison.Ordinal) * UsccWeights[i];
        }

        return body + UsccAlphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>组织机构代码: 9 characters, eight digits or capital letters and the GB 11714 check character.</summary>
    public static bool IsValidOrganizationCode(string? code)
    {
        if (code is not { Length: OrganizationCodeLength })
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < OrganizationCodeLength - 1; i++)
        {
            var c = code[i];
            int value;
            if (char.IsAsciiDigit(c))
            {
                value = c - '0';
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                value = c - 'A' + 10;
            }
            else
            {
                return false;
            }

            sum += value * OrganizationWeights[i];
        }

        var check = 11 - (sum % 11);
        var expected = check switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + check),
        };
        return code[^1] == expected;
    }
}
