using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Overview;

namespace KooMessage.Console.Features.Reviews;

/// <summary>审核中心: the queue over every module's <see cref="IReviewSource"/>.</summary>
public sealed class ReviewsModule : IConsoleModule
{
    public const string Route = "/review";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewOptions>().Bind(configuration.GetSection(ReviewOptions.Section));
        services.AddSingleton<WorkingHoursClock>();
        services.AddScoped<ReviewQueueService>();
        services.AddScoped<IOverviewFigures, ReviewFigures>();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Review, "Nav.ReviewQueue", Route, MudBlazor.Icons.Material.Outlined.Checklist, Permission.ReviewView)];

    private sealed class ReviewFigures(IEnumerable<IReviewSource> sources) : IOverviewFigures
    {
        public async Task<IReadOnlyList<OverviewCount>> PlatformAsync(KooMessageDb db, UserContext user, CancellationToken ct)
        {
            var waiting = 0;
            foreach (var source in sources)
            {
                waiting += (await source.PendingAsync(db, ct)).Count;
            }

            return [new("Overview.Waiting", waiting, user.Can(Permission.ReviewView) ? Route : null)];
        }
    }
}
