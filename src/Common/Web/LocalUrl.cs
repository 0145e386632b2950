namespace KooMessage.Console.Common.Web;

public static class LocalUrl
{
    /// <summary>Only a path on this site is followed after a form or a redirect; anything else goes home (no open redirect).</summary>
    public static string Of(string? uri) =>
        uri is not null && uri.StartsWith('/') && !uri.StartsWith("//", StringComparison.Ordinal) && !uri.StartsWith("/\\", StringComparison.Ordinal)
            ? uri
            : "/";
}
