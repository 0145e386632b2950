using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;

namespace KooMessage.Console.Features.Overview;

/// <summary>A figure on the overview: its label key, value, and the page it links to (for users who may open it).</summary>
public sealed record OverviewCount(string LabelKey, int Value, string? Href);

/// <summary>
/// Where the account stands at one step of the flow guide: the step's route, whether it is done, the state to show
/// (a resource key such as <c>FilingStatus.Reviewing</c>), and the reviewer's reason when the step was refused.
/// </summary>
public sealed record FlowProgress(string Href, bool Done, string StateKey, string? Reason = null);

/// <summary>
/// What a module shows on the overview. Registered with the module's services; the overview asks each in registration
/// order, on one context per call (the tenant's for <see cref="TenantAsync"/>, the platform's for <see cref="PlatformAsync"/>).
/// </summary>
public interface IOverviewFigures
{
    /// <summary>The account's figures and its progress at the flow-guide steps this module owns.</summary>
    Task<(IReadOnlyList<OverviewCount> Counts, IReadOnlyList<FlowProgress> Steps)> TenantAsync(KooMessageDb db, UserContext user, CancellationToken ct) =>
        Task.FromResult<(IReadOnlyList<OverviewCount>, IReadOnlyList<FlowProgress>)>(([], []));

    Task<IReadOnlyList<OverviewCount>> PlatformAsync(KooMessageDb db, UserContext user, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OverviewCount>>([]);
}
