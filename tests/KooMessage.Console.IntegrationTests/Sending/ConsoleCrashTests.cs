using System.Diagnostics;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Sending;

/// <summary>
/// kill -9 of the console process itself in the middle of a send task, then a fresh start on the same database: the
/// console runs as its own process (the built binary), a real Kannel and fake SMSC on the other side.
/// </summary>
public sealed class ConsoleCrashTests : IAsyncLifetime
{
    private const int Count = 600;

    private readonly int port = KannelProcess.FreePort();
    private KannelProcess kannel = default!;
    private SetupConsole setup = default!;
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        kannel = await KannelProcess.StartAsync($"http://127.0.0.1:{port}");
        setup = new SetupConsole();
        var admin = await setup.Services.CreateAdministratorAsync();
        owner = await setup.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
    }

    public async Task DisposeAsync()
    {
        await setup.DisposeAsync();
        await kannel.DisposeAsync();
    }

    [Fact]
    public async Task ConsoleKilledMidTask_Restarted_NoNumberReachesTheSmscTwiceAndNoneIsSilentlyLost()
    {
        var numbers = Enumerable.Range(0, Count).Select(i => $"1370000{i:D4}").ToList();
        Guid task;
        await using (var scope = setup.Services.As(owner.Principal))
        {
            // Created and started here; this host takes no jobs, so the console process below runs the task.
            var service = scope.ServiceProvider.GetRequiredService<SendTaskService>();
            task = (await service.CreateAsync("进程崩溃", 100, [.. numbers.Select(n => new Recipient(n, "【甲公司】测试"))], CancellationToken.None)).Value;
            Assert.True((await service.StartAsync(task, 0, CancellationToken.None)).IsSuccess);
        }

        using (var first = StartConsole())
        {
            await Eventually.ForAsync(() => CountAsync(task, m => m.State != SendMessageState.Queued), n => n >= 100, seconds: 120);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var queuedAtCrash = await CountAsync(task, m => m.State == SendMessageState.Queued);
        Assert.True(queuedAtCrash > 0, "the crash came after the last message: nothing was left to resume");

        using var second = StartConsole();
        try
        {
            var messages = await Eventually.ForAsync(
                () => MessagesAsync(task),
                ms => ms.All(m => m.State is not (SendMessageState.Queued or SendMessageState.Submitting)) && ms.Count == Count,
                seconds: 120);
            var settled = messages.Where(m => m.State is SendMessageState.Submitted or SendMessageState.Delivered).Select(m => m.Mobile).ToList();

            // What the gateway took reaches the SMSC (Kannel's spool), what is in doubt may or may not have.
            var received = await Eventually.ForAsync(() => Task.FromResult(kannel.ReceivedByReceiver()), r => settled.All(r.ContainsKey));

            Assert.DoesNotContain(numbers, n => received.GetValueOrDefault(n) > 1);
            Assert.All(messages, m => Assert.Contains(m.State, (SendMessageState[])[SendMessageState.Submitted, SendMessageState.Delivered, SendMessageState.Unknown]));
            Assert.All(messages.Where(m => m.State != SendMessageState.Unknown), m => Assert.Equal(1, received[m.Mobile]));
            Assert.Contains(messages, m => m.State == SendMessageState.Delivered);
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }

    /// <summary>The built console binary on the setup's database and this test's Kannel, as its own process.</summary>
    private Process StartConsole()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KooMessage.Console.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        var env = start.Environment;
        env["ConnectionStrings__Default"] = $"Data Source={Path.Combine(setup.DataFolder, "koomessage.db")}";
        env["Console__DataFolder"] = setup.DataFolder;
        env["Console__FilesFolder"] = Path.Combine(setup.DataFolder, "files");
        foreach (var (key, value) in kannel.Settings)
        {
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // A dead holder's job is taken again after the lease: short here, so the restart resumes at once.
        env["Jobs__PollSeconds"] = "0.2";
        env["Jobs__RenewSeconds"] = "0.5";
        env["Jobs__LeaseSeconds"] = "2";
        env["Sending__RetryBaseMs"] = "100";
        env["Sending__RetryMaxMs"] = "500";
        env["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<int> CountAsync(Guid task, System.Linq.Expressions.Expression<Func<SendMessage, bool>> where)
    {
        await using var db = await setup.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        return await db.SendMessages.Where(m => m.TaskId == task).CountAsync(where);
    }

    private async Task<List<SendMessage>> MessagesAsync(Guid task)
    {
        await using var db = await setup.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        return await db.SendMessages.AsNoTracking().Where(m => m.TaskId == task).ToListAsync();
    }

    /// <summary>The database's first host: migrates, holds the users, takes no jobs (the console process does).</summary>
    private sealed class SetupConsole : ConsoleFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Jobs:Workers", "0");
        }
    }
}
