using System.Globalization;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Templates.H5;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>Why a link opens nothing.</summary>
public enum LinkGone
{
    Unknown,
    Expired,
    Disabled,
    UsedUp,
}

/// <summary>
/// The resolve host: <c>GET {prefix}/{code}</c> on the console's own host, and <c>GET /{path}/{code}</c> on a platform
/// domain's host. It runs first in the pipeline (before localization, authentication, the setup gate and antiforgery)
/// and answers without a circuit: 302 to the custom URL, else the pinned template version's H5 page with the link's
/// values; a friendly page (or the configured fallback URL) when the link is unknown, expired, disabled or used up.
/// </summary>
/// <remarks>
/// Nothing on the way waits on the database once a link is in the snapshot: a countable human visit counts in memory
/// (<see cref="ResolveCounters"/>, written by the event writer in the transaction that stores the visit's event), and visits go to <see cref="IEventSink"/>
/// (a bounded channel, one batched writer). Bots, repeat visits of an individual link and visits of a used-up link count
/// nothing.
/// </remarks>
public sealed class ResolveHost(LinkSnapshot snapshot, ResolveCounters counters, IOptions<ShortLinkOptions> options, TimeProvider clock, ILogger<ResolveHost> log)
{
    /// <summary>The domain key and code a request names, or null when it is not a short link.</summary>
    public async ValueTask<(string DomainKey, string Code)?> MatchAsync(HttpRequest request, CancellationToken ct)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return null;
        }

        var path = request.Path.Value ?? "";
        var prefix = options.Value.NormalizedPrefix;
        if (path.Length > prefix.Length + 1 && path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase) && path.IndexOf('/', prefix.Length + 1) < 0)
        {
            return (ShortLinkOptions.DefaultDomainKey, path[(prefix.Length + 1)..]);
        }

        var host = request.Host.Host;
        var domains = await snapshot.DomainsAsync(ct);
        if (domains.Count == 0)
        {
            return null;
        }

        var cut = path.LastIndexOf('/');
        if (cut < 0 || cut == path.Length - 1)
        {
            return null;
        }

        var folder = path[..cut].Trim('/');
        var code = path[(cut + 1)..];
        return domains.FirstOrDefault(d => string.Equals(d.Host, host, StringComparison.OrdinalIgnoreCase) && string.Equals(d.Path, folder, StringComparison.Ordinal)) is { } domain
            ? (domain.Id.ToString(), code)
            : null;
    }

    public async Task<IResult> ResolveAsync(HttpContext context, string domainKey, string code, CancellationToken ct)
    {
        var link = ResolveTaskRules.CodeWellFormed(code) ? await snapshot.FindAsync(domainKey, code, ct) : null;
        if (link is null)
        {
            return Gone(context, LinkGone.Unknown);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var agent = UserAgents.Classify(context.Request.Headers.UserAgent.ToString());
        var services = context.RequestServices;
        var gone = !link.Enabled ? LinkGone.Disabled : now >= link.ExpiresAt ? LinkGone.Expired : (LinkGone?)null;
        var counted = gone is null && !agent.IsBot && HttpMethods.IsGet(context.Request.Method) && counters.TryCount(link, now);
        if (gone is null && !counted && !link.Individual && counters.IsUsedUp(link))
        {
            gone = LinkGone.UsedUp;
        }

        // People only: a bot's visit counts in no UV, and a scanner keeps no cookie anyway.
        var visitor = agent.IsBot ? null : VisitorCookie.Of(context);
        await RecordAsync(services, link, agent, visitor, now, counted, ct);
        if (gone is { } why)
        {
            return Gone(context, why);
        }

        if (link.CustomUrl is { } url)
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Redirect(url);
        }

        return link.VersionToken is { } token
            ? await services.GetRequiredService<H5Pages>().RenderAsync(token, link.Values, ct)
            : Gone(context, LinkGone.Unknown);
    }

    private async Task RecordAsync(IServiceProvider services, LinkEntry link, UserAgentClass agent, string? visitor, DateTime now, bool counted, CancellationToken ct)
    {
        var sink = services.GetRequiredService<IEventSink>();
        // One event a visit: a resolve when it counted, a plain visit otherwise.
        var visit = new EventRecord(link.AccountId, counted ? EventKind.Resolve : EventKind.Visit, now)
        {
            LinkCode = link.Code, TemplateId = link.TplId, Vendor = agent.Vendor?.ToString().ToUpperInvariant(), Agent = agent.Agent, IsBot = agent.IsBot, NumberHash = link.NumberHash,
            VisitorId = visitor,
        };
        try
        {
            // Not the request's token: a visitor who leaves while the channel is full has still visited (and may have counted).
            await sink.WriteAsync(visit, CancellationToken.None);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            log.LogWarning("The console is stopping: a visit of {Code} was answered but not recorded.", link.Code);
        }

        // A counted resolve from a vendor's phone teaches the platform that the number renders that vendor's cards.
        if (counted && agent.Vendor is { } vendor && link.NumberHash is { } hash)
        {
            await services.GetRequiredService<CapabilityLearning>().RecordAsync(hash, vendor, ct);
        }
    }

    private IResult Gone(HttpContext context, LinkGone why)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (options.Value.FallbackUrl is { Length: > 0 } fallback)
        {
            return TypedResults.Redirect(fallback);
        }

        context.Response.Headers.Vary = HeaderNames.AcceptLanguage;
        return new GoneResult(new RazorComponentResult<LinkGonePage>(new Dictionary<string, object?> { [nameof(LinkGonePage.Why)] = why })
        {
            StatusCode = why == LinkGone.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone,
        });
    }

    /// <summary>Renders the page in the visitor's language: the culture is set where the rendering runs.</summary>
    private sealed class GoneResult(RazorComponentResult page) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var culture = CultureInfo.GetCultureInfo(H5Language.Of(httpContext.Request.GetTypedHeaders().AcceptLanguage));
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, culture);
            await page.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>
/// The resolve host's first-party visitor id: a random 128-bit value in a year-long cookie, read or set on each visit at
/// no database cost, so a report can count distinct visitors of a link that names no number (a group link).
/// </summary>
public static class VisitorCookie
{
    public const string Name = "kmv";

    /// <summary>Characters of an id: 16 random bytes in base64url without padding.</summary>
    public const int Length = 22;

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>The visitor's id from the request's cookie, or a new one set on the response.</summary>
    public static string Of(HttpContext context)
    {
        if (context.Request.Cookies[Name] is { Length: Length } known && IsWellFormed(known))
        {
            return known;
        }

        var id = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(Name, id, new CookieOptions
        {
            HttpOnly = true, IsEssential = true, SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax, Secure = context.Request.IsHttps, Path = "/", MaxAge = Lifetime,
        });
        return id;
    }

    private static bool IsWellFormed(string id) => id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>Puts the resolve host ahead of the console's middleware.</summary>
public static class ResolveHostPipeline
{
    /// <summary>Answers short links first; every other request goes on to the console.</summary>
    public static IApplicationBuilder UseShortLinks(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var host = context.RequestServices.GetRequiredService<ResolveHost>();
            if (await host.MatchAsync(context.Request, context.RequestAborted) is not { } match)
            {
                await next();
                return;
            }

            var result = await host.ResolveAsync(context, match.DomainKey, match.Code, context.RequestAborted);
            await result.ExecuteAsync(context);
        });
}
