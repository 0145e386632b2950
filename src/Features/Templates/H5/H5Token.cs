using System.Buffers.Text;
using System.Security.Cryptography;

namespace KooMessage.Console.Features.Templates.H5;

/// <summary>
/// The public token of a template version's H5 page: 18 random bytes (144 bits) as 24 base64url characters, so the
/// address can be neither guessed nor derived from the template's or version's ids.
/// </summary>
public static class H5Token
{
    public const int Bytes = 18;

    /// <summary>Characters of a token: 18 bytes are exactly 24 base64url characters, without padding.</summary>
    public const int Length = Bytes / 3 * 4;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>Whether <paramref name="token"/> has a token's form; anything else is not looked up.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
