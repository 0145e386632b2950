using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Identity;

/// <summary>The <c>RateLimits</c> section: how many sign-in and sign-up posts one client address may send.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public int SignInPerMinute { get; set; } = 20;

    public int SignUpPerHour { get; set; } = 10;
}

/// <summary>
/// Sign-in and sign-up posts are limited per client address (beside Identity's per-user lockout, which an attacker
/// trying many user names never reaches). The pages name their policy with <see cref="EnableRateLimitingAttribute"/>;
/// reading the pages (GET) is never limited.
/// </summary>
public static class SignInRateLimits
{
    public const string SignIn = "sign-in";
    public const string SignUp = "sign-up";

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignIn, context => PerClient(context, l => l.SignInPerMinute, TimeSpan.FromMinutes(1)));
            o.AddPolicy(SignUp, context => PerClient(context, l => l.SignUpPerHour, TimeSpan.FromHours(1)));
            o.OnRejected = RejectAsync;
        });
    }

    /// <summary>The partition a request counts in: its client address; an IPv6 client by its /64 network, which one host usually holds whole.</summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, Func<RateLimitOptions, int> limit, TimeSpan window)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var permits = limit(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(ClientKey(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await new RazorComponentResult<RateLimitedPage> { StatusCode = StatusCodes.Status429TooManyRequests }.ExecuteAsync(context);
    }
}
