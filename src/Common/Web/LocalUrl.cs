namespace KooMessage.Console.Common.Web;

public static class LocalUrl
{
    /// <summary>How many layers of percent-encoding are looked through before a URL is given up as unsafe.</summary>
    private const int MaxDecodings = 3;

    /// <summary>
    /// Only a safe path on this site is followed after a form or a redirect; anything else goes home (no open redirect,
    /// no header a server would refuse). Safe: ASCII, starts with one <c>/</c>, and neither it nor its percent-decoded
    /// forms hold a control character, a backslash, or a <c>//</c> start.
    /// </summary>
    public static string Of(string? uri)
    {
        if (string.IsNullOrEmpty(uri) || !uri.All(char.IsAscii))
        {
            return "/";
        }

        var form = uri;
        for (var i = 0; i <= MaxDecodings; i++)
        {
            if (!IsSafePath(form))
            {
                return "/";
            }

            var decoded = Uri.UnescapeDataString(form);
            if (decoded == form)
            {
                return uri;
            }

            form = decoded;
        }

        return "/";
    }

    private static bool IsSafePath(string path) =>
        path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal)
        && !path.Contains('\\', StringComparison.Ordinal) && !path.Any(char.IsControl);
}
