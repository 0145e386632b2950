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

/// <summary>Requests per minute per API key (by its public prefix, before any database work), or per client address without one; a refusal is JSON.</summary>
internal sealed class EventRateLimitPolicy(IOptions<EventOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var key = ApiKeySecrets.Parse(httpContext.Request.Headers.Authorization) is var (prefix, _)
            ? $"key:{prefix}"
            : $"ip:{SignInRateLimits.ClientKey(httpContext.Connection.RemoteIpAddress)}";
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.RequestsPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

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

    private const string TooManyRequests = "KMC.00000429";
}
