using KooMessage.Console.Common.Modules;

namespace KooMessage.Console.Features.Overview;

public sealed class OverviewModule : IConsoleModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScoped<OverviewService>();

    public IEnumerable<string> ResourceKeys => Enum.GetNames<FlowStepState>().Select(s => $"Overview.State.{s}");
}
