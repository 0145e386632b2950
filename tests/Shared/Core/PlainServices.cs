using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

/// <summary>
/// The console's services with the default configuration and no database behind them, one provider a test process:
/// for what needs none (validators, localized texts, rules that read options).
/// </summary>
public static class PlainServices
{
    private static readonly Lazy<ServiceProvider> Provider = new(() => new ServiceCollection()
        .AddLogging()
        .AddConsoleCore(new ConfigurationBuilder().Build(), Path.Combine(Path.GetTempPath(), "km-validators"))
        .BuildServiceProvider());

    public static IServiceProvider Services => Provider.Value;
}
