using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;

namespace KooMessage.Console.Features.Overview;

/// <summary>A figure on the overview: its label key, value, and the page it links to (for users who may open it).</summary>
public sealed record OverviewCount(string LabelKey, int Value, string? Href);

/// <summary>
/// What a module shows on the overview. Registered with the module's services; the overview asks each in registration
/// order, on one context per call (the tenant's for <see cref="TenantAsync"/>, the platform's for <see cref="PlatformAsync"/>).
/// </summary>
public interface IOverviewFigures
{
    /// <summary>The account's figures and the flow-guide routes this account has done.</summary>
    Task<(IReadOnlyList<OverviewCount> Counts, IReadOnlyList<string> DoneSteps)> TenantAsync(KooMessageDb db, UserContext user, CancellationToken ct) =>
        Task.FromResult<(IReadOnlyList<OverviewCount>, IReadOnlyList<string>)>(([], []));

    Task<IReadOnlyList<OverviewCount>> PlatformAsync(KooMessageDb db, UserContext user, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OverviewCount>>([]);
}
