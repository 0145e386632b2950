using KooMessage.Console.Common.Web;
using Microsoft.Net.Http.Headers;

namespace KooMessage.Console.Features.Templates.H5;

/// <summary>The H5 page's language: the visitor's most wanted of the console's languages (Accept-Language), else Chinese.</summary>
public static class H5Language
{
    public static string Of(IEnumerable<StringWithQualityHeaderValue> acceptLanguage)
    {
        var wanted = acceptLanguage.Where(l => l.Quality is not 0).OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value ?? "");
        foreach (var language in wanted)
        {
            if (ConsoleLocalization.Cultures.FirstOrDefault(c => c.Equals(language, StringComparison.OrdinalIgnoreCase)
                || c.StartsWith(language.Split('-')[0] + "-", StringComparison.OrdinalIgnoreCase)) is { } culture)
            {
                return culture;
            }
        }

        return ConsoleLocalization.Cultures[0];
    }
}
