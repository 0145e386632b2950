using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Features.Events;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// Sending through the SMS gateway (Kannel): send tasks and their dispatcher job, delivery reports and replies from the
/// gateway, the opt-out list. The send-task page lands later on these services; no drawer entry yet.
/// </summary>
public sealed class SendingModule : IConsoleModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KannelOptions>().Bind(configuration.GetSection(KannelOptions.Section));
        services.AddOptions<SendingOptions>().Bind(configuration.GetSection(SendingOptions.Section));
        services.AddHttpClient(KannelGateway.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) });
        services.AddSingleton<ISmsGateway, KannelGateway>();
        services.AddSingleton<IEventBatchHandler, DeliveryReports>();
        services.AddSingleton<ReplyHandler>();
        services.AddSingleton<GatewayCallbacks>();
        services.AddScoped<SendTaskService>();
        services.AddScoped<IJobHandler, SendTaskJob>();
    }
}
