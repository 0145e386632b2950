using Microsoft.AspNetCore.Localization;
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
