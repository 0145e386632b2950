using System.Globalization;
using System.Threading.RateLimiting;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Web;
using KooMessage.Console.Features.ApiKeys;
using KooMessage.Console.Identity;
using KooMessage.Console.Resources;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Events;

/// <summary>The one event store: its channel, its batched writer and the ingestion endpoint for pushed events.</summary>
public sealed class EventsModule : IConsoleModule
{
    public const string IngestRoute = RequestPipeline.ApiPrefix + "/events";
    public const string RateLimitPolicy = "events";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventOptions>().Bind(configuration.GetSection(EventOptions.Section));
        services.AddSingleton<EventChannel>();
        services.AddSingleton<IEventSink>(sp => sp.GetRequiredService<EventChannel>());
        services.AddSingleton<EventStore>();
        services.AddSingleton<EventWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<EventWriter>());
        services.AddScoped<EventIngestion>();
        services.AddSingleton<KeyRefusals>();
        services.Configure<RateLimiterOptions>(o => o.AddPolicy<string, EventRateLimitPolicy>(RateLimitPolicy));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(IngestRoute, (HttpContext context, EventIngestion ingestion) => ingestion.HandleAsync(context))
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimitPolicy);

    /// <summary>The endpoint authenticates each request by its API key, never by a cookie: no setup or password-change redirect.</summary>
    public IEnumerable<string> PublicPaths => [IngestRoute];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<EventSubject>().Select(s => $"Events.Subject.{s}");
}

/// <summary>
/// Requests per minute per API key and client address (by the key's public prefix, before any database work), or per
/// client address without a key; a refusal is JSON. The address is part of a key's partition because the prefix is
/// not a secret: requests from elsewhere naming a key with a wrong secret must not use up that key's minute.
/// Made-up prefixes from one address are bounded by <see cref="KeyRefusals"/>.
/// </summary>
internal sealed class EventRateLimitPolicy(IOptions<EventOptions> options) : IRateLimiterPolicy<string>
{
    public const string TooManyRequests = "KMC.00000429";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var address = SignInRateLimits.ClientKey(httpContext.Connection.RemoteIpAddress);
        var key = ApiKeySecrets.Parse(httpContext.Request.Headers.Authorization) is var (prefix, _)
            ? $"key:{prefix}@{address}"
            : $"ip:{address}";
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => PerMinute(options.Value));
    }

    /// <summary><see cref="EventOptions.RequestsPerMinute"/> as a fixed one-minute window, no queue (also <see cref="KeyRefusals"/>'s).</summary>
    public static FixedWindowRateLimiterOptions PerMinute(EventOptions options) => new()
    {
        PermitLimit = Math.Max(1, options.RequestsPerMinute),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var services = context.RequestServices;
        CultureInfo.CurrentUICulture = ConsoleLocalization.FromAcceptLanguage(
            context.Request.Headers.AcceptLanguage, services.GetRequiredService<IOptions<ConsoleOptions>>().Value.DefaultCulture);
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var l = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        await TypedResults.Json(new ResultHttp.ErrorBody(TooManyRequests, l["Events.TooManyRequests"]), statusCode: StatusCodes.Status429TooManyRequests)
            .ExecuteAsync(context);
    }
}

/// <summary>
/// Refused API keys per client address: once an address has had <see cref="EventOptions.RequestsPerMinute"/> keys
/// refused in a minute, its requests are answered 429 before any key is looked up, until the minute is over. So
/// guessing keys (or naming a new made-up key id in each request, which gives each its own per-key partition) costs
/// neither a database read a request nor more than the limit.
/// </summary>
public sealed class KeyRefusals(IOptions<EventOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => EventRateLimitPolicy.PerMinute(options.Value)));

    /// <summary>Whether <paramref name="address"/> has used up its refusals for this minute.</summary>
    public bool Exhausted(string address)
    {
        using var probe = limiter.AttemptAcquire(address, 0);
        return !probe.IsAcquired;
    }

    /// <summary>Counts one refused key from <paramref name="address"/>.</summary>
    public void Refused(string address) => limiter.AttemptAcquire(address).Dispose();

    public void Dispose() => limiter.Dispose();
}
