using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Overview;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>What waits is one definition: the open tickets.</summary>
    private sealed class ReviewFigures : IOverviewFigures
    {
        public async Task<IReadOnlyList<OverviewCount>> PlatformAsync(KooMessageDb db, UserContext user, CancellationToken ct) =>
            [new("Overview.Waiting", await db.ReviewTickets.CountAsync(t => t.State == ReviewTicketState.Open, ct), user.Can(Permission.ReviewView) ? Route : null)];
    }
}

public static class ReviewTicketSets
{
    extension(KooMessageDb db)
    {
        public DbSet<ReviewTicket> ReviewTickets => db.Set<ReviewTicket>();
    }
}
