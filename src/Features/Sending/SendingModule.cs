using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Events;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// Sending through the SMS gateway (Kannel): 智能信息 › 发送任务 (the send page and a task's progress), 发送任务明细 and
/// 退订名单; send tasks and their preparing and dispatcher jobs, delivery reports and replies from the gateway.
/// </summary>
public sealed class SendingModule : IConsoleModule
{
    public const string Route = "/aim/send-tasks";
    public const string TaskRoute = "/aim/send-tasks/{TaskId:guid}";
    public const string SendDetailsRoute = "/aim/send-details";
    public const string OptOutsRoute = "/aim/opt-outs";
    public const string SendTaskAuditType = "send_task";

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
        services.AddSingleton(new OwnEventIdPrefix(GatewayCallbacks.SendIdPrefix));
        services.AddSingleton(new OwnEventIdPrefix(GatewayCallbacks.ReportIdPrefix));
        services.AddScoped<SendTaskService>();
        services.AddScoped<SendTaskPlanner>();
        services.AddScoped<IJobHandler, SendTaskJob>();
        services.AddScoped<IJobHandler, SendTaskPrepareJob>();
        services.AddScoped<SendRunFailures>();
        services.AddScoped<IJobListener>(sp => sp.GetRequiredService<SendRunFailures>());
        services.AddScoped<IJobHandler>(sp => sp.GetRequiredService<SendRunFailures>());
        services.AddSingleton(SendRunFailures.Schedule);
        services.AddScoped<SendDetailsService>();
        services.AddScoped<OptOutService>();
        services.AddSingleton<IExportSource>(new SendDetailsExportSource(fullNumbers: false));
        services.AddSingleton<IExportSource>(new SendDetailsExportSource(fullNumbers: true));
        services.AddSingleton<IExportSource>(new OptOutExportSource(fullNumbers: false));
        services.AddSingleton<IExportSource>(new OptOutExportSource(fullNumbers: true));
        services.AddScoped<IDemoData, SendingDemoData>();
    }

    public IEnumerable<NavItem> NavItems =>
    [
        new(NavGroups.Aim, "Nav.SendTasks", Route, MudBlazor.Icons.Material.Outlined.Send, Permission.SendManage),
        new(NavGroups.Aim, "Nav.SendDetails", SendDetailsRoute, MudBlazor.Icons.Material.Outlined.Outbox, Permission.SendView),
        new(NavGroups.Aim, "Nav.OptOuts", OptOutsRoute, MudBlazor.Icons.Material.Outlined.Block, Permission.SendView),
    ];

    public IEnumerable<string> AuditObjectTypes => [OptOutService.AuditType, SendTaskAuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<SendResult>().Select(v => $"SendResult.{v}")
            .Concat(Enum.GetNames<SendMessageState>().Select(v => $"SendMessageState.{v}"))
            .Concat(Enum.GetNames<SendWindow>().Select(v => $"SendWindow.{v}"))
            .Concat(Enum.GetNames<WindowProblem>().Select(v => $"SendDetails.Window.{v}"))
            .Concat(Enum.GetNames<SendTaskState>().Select(v => $"SendTaskState.{v}"))
            .Concat(Enum.GetNames<SendFallback>().Select(v => $"SendFallback.{v}"))
            .Concat(["Sending.Error.SmsTemplateGone", SendRunFailures.NoticeKey]);
}
