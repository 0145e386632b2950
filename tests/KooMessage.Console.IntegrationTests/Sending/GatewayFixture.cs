using System.Diagnostics;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Sending;

/// <summary>The console on a free port of 127.0.0.1 with a Kannel of its own (fake SMSC) calling it back.</summary>
public class GatewayFixture : IAsyncLifetime
{
    private readonly int port = KannelProcess.FreePort();

    public KannelProcess Kannel { get; private set; } = default!;

    public GatewayConsole App { get; private set; } = default!;

    public TestUser Owner { get; private set; } = default!;

    /// <summary>The console's address, as Kannel calls it.</summary>
    public string BaseUrl => $"http://127.0.0.1:{port}";

    public IServiceProvider Services => App.Services;

    /// <summary>Whether Kannel sends to the SMPP simulator instead of its fake SMSC.</summary>
    protected virtual bool Smpp => false;

    public async Task InitializeAsync()
    {
        Kannel = await KannelProcess.StartAsync(BaseUrl, Smpp);
        App = new GatewayConsole(Kannel.Settings);
        App.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        App.StartServer();
        var admin = await Services.CreateAdministratorAsync();
        Owner = await Services.CreateAccountAsync(admin, "甲公司", "owner-a");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Kannel.DisposeAsync();
    }

    /// <summary>Creates and starts a task as the account's owner; returns its id.</summary>
    public async Task<Guid> SendAsync(string name, IEnumerable<string> mobiles, int rate = SendTask.DefaultRatePerSecond)
    {
        await using var scope = Services.As(Owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<SendTaskService>();
        var created = await service.CreateAsync(name, rate, [.. mobiles.Select(m => new Recipient(m, $"【甲公司】您的验证码是{m[^4..]}，拒收请回复R"))], CancellationToken.None);
        Assert.True(created.IsSuccess, created.Error?.Message);
        var started = await service.StartAsync(created.Value, 0, CancellationToken.None);
        Assert.True(started.IsSuccess, started.Error?.Message);
        return created.Value;
    }

    public async Task<SendProgress> ProgressAsync(Guid task)
    {
        await using var scope = Services.As(Owner.Principal);
        return (await scope.ServiceProvider.GetRequiredService<SendTaskService>().ProgressAsync(task, CancellationToken.None)).Value;
    }

    /// <summary>
    /// Waits (polling, no fixed sleep) until <paramref name="done"/> holds for the task's progress; at the limit it fails
    /// with the progress it saw last.
    /// </summary>
    public async Task<SendProgress> WaitAsync(Guid task, Func<SendProgress, bool> done, int seconds = 60)
    {
        var limit = Stopwatch.StartNew();
        while (true)
        {
            var progress = await ProgressAsync(task);
            if (done(progress))
            {
                return progress;
            }

            if (limit.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"The task's progress did not get there in {seconds} s; last seen: {progress}; {await JobOfAsync(task)}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>What the task's job says of itself (for a wait that timed out).</summary>
    private Task<string> JobOfAsync(Guid task) => InAccountAsync(async db =>
    {
        var job = await db.SendTasks.Where(t => t.Id == task).Join(db.Jobs, t => t.JobId, j => (Guid?)j.Id, (_, j) => j).AsNoTracking().SingleOrDefaultAsync();
        return job is null
            ? "no job"
            : $"job {job.State}, request {job.Request}, attempts {job.Attempts}, lease {job.LeaseHolder} until {job.LeaseExpiresAt:O} (now {DateTime.UtcNow:O}), error {job.ErrorKey}";
    });

    public async Task<List<SendMessage>> MessagesAsync(Guid task)
    {
        await using var db = await Services.GetRequiredService<TenantDb>().ForAccountAsync(Owner.AccountId!.Value, "test", CancellationToken.None);
        return await db.SendMessages.AsNoTracking().Where(m => m.TaskId == task).ToListAsync();
    }

    public async Task<T> InAccountAsync<T>(Func<KooMessageDb, Task<T>> read)
    {
        await using var db = await Services.GetRequiredService<TenantDb>().ForAccountAsync(Owner.AccountId!.Value, "test", CancellationToken.None);
        return await read(db);
    }
}

/// <summary>The console with a Kannel that sends to the SMPP simulator (<c>scripts/smsc-sim.js</c>): the carrier's own verdicts.</summary>
public sealed class SmppGatewayFixture : GatewayFixture
{
    protected override bool Smpp => true;
}

/// <summary>The console configured for the fixture's gateway, with short waits so retries take fractions of a second.</summary>
public sealed class GatewayConsole(IReadOnlyDictionary<string, string?> gateway) : ConsoleFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in gateway)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Jobs:PollSeconds", "0.2");
        builder.UseSetting("Jobs:RenewSeconds", "0.2");
        builder.UseSetting("Sending:RetryBaseMs", "100");
        builder.UseSetting("Sending:RetryMaxMs", "500");
        builder.UseSetting("Sending:MaxAttempts", "200");
        builder.UseSetting("Gateway:Kannel:TimeoutSeconds", "5");
    }
}
