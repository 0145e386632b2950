using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Events;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// Sending through the SMS gateway (Kannel): 智能信息 › 发送任务 (the send page and a task's progress), send tasks and
/// their preparing and dispatcher jobs, delivery reports and replies from the gateway, the opt-out list.
/// </summary>
public sealed class SendingModule : IConsoleModule
{
    public const string Route = "/aim/send-tasks";
    public const string TaskRoute = "/aim/send-tasks/{TaskId:guid}";

    public static string TaskOf(Guid id) => $"{Route}/{id}";

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
        services.AddScoped<SendTaskPlanner>();
        services.AddScoped<IJobHandler, SendTaskJob>();
        services.AddScoped<IJobHandler, SendTaskPrepareJob>();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Aim, "Nav.SendTasks", Route, MudBlazor.Icons.Material.Outlined.Send, Permission.SendManage)];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<SendTaskState>().Select(s => $"SendTaskState.{s}")
            .Concat(Enum.GetNames<SendFallback>().Select(f => $"SendFallback.{f}"))
            .Concat(["Sending.Error.SmsTemplateGone"]);
}
