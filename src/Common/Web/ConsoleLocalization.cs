using System.Globalization;
using Microsoft.AspNetCore.Localization;
using StringWithQualityHeaderValue = Microsoft.Net.Http.Headers.StringWithQualityHeaderValue;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Common.Web;

/// <summary>Chinese by default, English on request: the choice lives in a cookie set by <c>/culture/set</c>.</summary>
public static class ConsoleLocalization
{
    public static readonly IReadOnlyList<string> Cultures = ["zh-CN", "en-US"];

    public static IApplicationBuilder UseConsoleLocalization(this IApplicationBuilder app)
    {
        var defaultCulture = app.ApplicationServices.GetRequiredService<IOptions<ConsoleOptions>>().Value.DefaultCulture;
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Cultures.Contains(defaultCulture) ? defaultCulture : Cultures[0])
            .AddSupportedCultures([.. Cultures])
            .AddSupportedUICultures([.. Cultures]);
        options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        return app.UseRequestLocalization(options);
    }

    /// <summary>
    /// The language a machine or a visitor asks for in <c>Accept-Language</c> (zh-* → zh-CN, en-* → en-US, best
    /// quality first), else <paramref name="fallback"/>: for endpoints outside the console's cookie.
    /// </summary>
    public static CultureInfo FromAcceptLanguage(string? header, string fallback)
    {
        if (StringWithQualityHeaderValue.TryParseList(header?.Split(','), out var languages))
        {
            foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1))
            {
                var tag = language.Value.Value ?? "";
                if (Cultures.FirstOrDefault(c => tag.Equals(c, StringComparison.OrdinalIgnoreCase) || tag.StartsWith(c[..2], StringComparison.OrdinalIgnoreCase)) is { } culture)
                {
                    return CultureInfo.GetCultureInfo(culture);
                }
            }
        }

        return CultureInfo.GetCultureInfo(Cultures.Contains(fallback) ? fallback : Cultures[0]);
    }

    public static IResult SetCulture(HttpContext context, string? culture, string? redirectUri)
    {
        if (culture is not null && Cultures.Contains(culture))
        {
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        }

        return TypedResults.LocalRedirect(LocalUrl.Of(redirectUri));
    }
}
