using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace KooMessage.Console.Tests;

/// <summary>
/// A Kannel of its own for one test run, through the repository's <c>scripts/gateway.sh</c>: bearerbox, smsbox and the
/// fake SMSC (or, in SMPP mode, the SMPP simulator <c>scripts/smsc-sim.js</c>) in a folder of their own on free ports,
/// stopped by process group. The fake SMSC's log, or the simulator's counters, say what reached it. bearerbox's spools
/// go to /dev/shm where the machine has it: this kind of VM's root is an ext4 without a journal, whose inode allocator
/// took most of bearerbox's CPU for the file a spool creates and deletes per message and report (a kill -9 keeps them).
/// </summary>
public sealed partial class KannelProcess : IAsyncDisposable
{
    private const string SharedMemory = "/dev/shm";

    private readonly string folder;
    private readonly string spool;
    private readonly string script;

    private KannelProcess(string folder, string spool, string script, IReadOnlyDictionary<string, string?> settings)
    {
        this.folder = folder;
        this.spool = spool;
        this.script = script;
        Settings = settings;
    }

    /// <summary>The console's settings for this gateway (<c>Gateway:Kannel:...</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public string SendSmsUrl => Settings["Gateway:Kannel:SendSmsUrl"]!;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts a gateway whose replies go to <paramref name="callbackBaseUrl"/> (the console under test); with
    /// <paramref name="smpp"/> its messages go to the SMPP simulator (1888… undelivered, 1977… refused by the SMSC).
    /// </summary>
    public static async Task<KannelProcess> StartAsync(string callbackBaseUrl, bool smpp = false)
    {
        var run = Guid.NewGuid().ToString("N");
        var folder = Path.Combine(Path.GetTempPath(), "km-kannel", run);
        var spool = Directory.Exists(SharedMemory) ? Path.Combine(SharedMemory, "km-kannel", run) : folder;
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(spool);
        var script = Path.Combine(FindRoot(), "scripts", "gateway.sh");
        var output = await RunAsync(script, folder, spool, callbackBaseUrl, smpp ? "smpp" : "fake", "start");
        var settings = SettingLine().Matches(output).ToDictionary(m => m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal), m => (string?)m.Groups[2].Value.Trim());
        return new KannelProcess(folder, spool, script, settings);
    }

    /// <summary>kill -9 of bearerbox, as a crash.</summary>
    public Task CrashBearerboxAsync() => RunAsync(script, folder, spool, "", "", "crash");

    /// <summary>Starts bearerbox (and the fake SMSC) again and waits until the gateway is ready.</summary>
    public Task ReviveAsync() => RunAsync(script, folder, spool, "", "", "revive");

    /// <summary>A reply from a handset, through the gateway's MO path.</summary>
    public Task ReplyAsync(string from, string text) => RunAsync(script, folder, spool, "", "", "mo", from, text);

    /// <summary>In SMPP mode: how many submits reached the simulator for each receiver so far.</summary>
    public async Task<IReadOnlyDictionary<string, int>> SmscReceivedAsync()
    {
        var port = SimStatsPort().Match(await File.ReadAllTextAsync(Path.Combine(folder, "ports.env"))).Groups[1].Value;
        using var http = new HttpClient();
        return await http.GetFromJsonAsync<Dictionary<string, int>>($"http://127.0.0.1:{port}/receivers")
            ?? throw new InvalidOperationException("The SMPP simulator answered nothing.");
    }

    /// <summary>How many messages the fake SMSC received for each receiver so far.</summary>
    public IReadOnlyDictionary<string, int> ReceivedByReceiver()
    {
        var log = Path.Combine(folder, "logs", "fakesmsc.stdout");
        if (!File.Exists(log))
        {
            return new Dictionary<string, int>();
        }

        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return GotMessage().Matches(reader.ReadToEnd()).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count());
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync(script, folder, spool, "", "", "stop");
        Directory.Delete(folder, recursive: true);
        if (Directory.Exists(spool))
        {
            Directory.Delete(spool, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string script, string folder, string spool, string callbackBaseUrl, string smsc, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["GATEWAY_DIR"] = folder;
        start.Environment["GATEWAY_SPOOL_DIR"] = spool;
        if (smsc.Length > 0)
        {
            start.Environment["GATEWAY_SMSC"] = smsc;
        }
        if (callbackBaseUrl.Length > 0)
        {
            start.Environment["CALLBACK_BASE"] = callbackBaseUrl;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"gateway.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KooMessage.Console.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found");
    }

    [GeneratedRegex(@"^(Gateway__Kannel__\w+)=(.*)$", RegexOptions.Multiline)]
    private static partial Regex SettingLine();

    [GeneratedRegex("SIMSTATS=\"(\\d+)\"")]
    private static partial Regex SimStatsPort();

    [GeneratedRegex(@"Got message \d+: <\S+ (\S+) ")]
    private static partial Regex GotMessage();
}
