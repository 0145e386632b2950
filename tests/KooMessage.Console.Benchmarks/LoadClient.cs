using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KooMessage.Console.Benchmarks;

/// <summary>One load run: requests answered, their rate, and the median and 99th-percentile latency in milliseconds.</summary>
internal sealed record LoadResult(long Answered, double PerSecond, double P50, double P99);

/// <summary>
/// 50 connections of GETs against a real server for a fixed time, each request to one of the given paths at random,
/// with a phone's user agent; a 2xx or 3xx answer counts, anything else stops the run. wrk when it is installed
/// (Debian's package), otherwise an in-process client.
/// </summary>
internal abstract partial class LoadClient
{
    public const int Connections = 50;
    public const string Phone = "Mozilla/5.0 (Linux; Android 13; V2227A; wv) AppleWebKit/537.36 Mobile Safari/537.36 VivoBrowser/17.0";

    public abstract string Name { get; }

    public abstract Task<LoadResult> RunAsync(IReadOnlyList<string> paths, TimeSpan duration);

    public static LoadClient For(Uri server, string scratch) =>
        File.Exists("/usr/bin/wrk") ? new Wrk(server, scratch) : new InProcess(server);

    /// <summary>wrk with a Lua script that picks a path at random for every request.</summary>
    private sealed partial class Wrk(Uri server, string scratch) : LoadClient
    {
        public override string Name => "wrk";

        public override async Task<LoadResult> RunAsync(IReadOnlyList<string> paths, TimeSpan duration)
        {
            Directory.CreateDirectory(scratch);
            var script = Path.Combine(scratch, $"paths-{Guid.NewGuid():N}.lua");
            var lua = new StringBuilder("local paths = {\n");
            foreach (var path in paths)
            {
                lua.Append("  \"").Append(path).Append("\",\n");
            }

            lua.Append("}\n")
                .Append(CultureInfo.InvariantCulture, $"wrk.headers[\"User-Agent\"] = \"{Phone}\"\n")
                .Append("request = function() return wrk.format(\"GET\", paths[math.random(#paths)]) end\n");
            await File.WriteAllTextAsync(script, lua.ToString());
            var start = new ProcessStartInfo("/usr/bin/wrk")
            {
                ArgumentList = { "-t2", $"-c{Connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script, server.ToString() },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
            var output = await wrk.StandardOutput.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            if (wrk.ExitCode != 0 || Bad().Match(output) is { Success: true } || Requests().Match(output) is not { Success: true } requests)
            {
                throw new InvalidOperationException($"wrk failed or got answers other than 2xx/3xx:\n{output}{await wrk.StandardError.ReadToEndAsync()}");
            }

            return new LoadResult(
                long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
                Latency(output, "50"),
                Latency(output, "99"));
        }

        private static double Latency(string output, string percentile)
        {
            var match = Regex.Match(output, $@"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        [GeneratedRegex(@"(\d+) requests in")]
        private static partial Regex Requests();

        [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
        private static partial Regex Rate();

        [GeneratedRegex(@"Non-2xx or 3xx responses|Socket errors")]
        private static partial Regex Bad();
    }

    /// <summary>HttpClient over real sockets, one task per connection.</summary>
    private sealed class InProcess(Uri server) : LoadClient
    {
        public override string Name => "in-process client";

        public override async Task<LoadResult> RunAsync(IReadOnlyList<string> paths, TimeSpan duration)
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Connections, AllowAutoRedirect = false, UseCookies = false };
            using var client = new HttpClient(handler) { BaseAddress = server };
            client.DefaultRequestHeaders.UserAgent.ParseAdd(Phone);
            var latencies = new List<double>[Connections];
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Connections).Select(async i =>
            {
                var mine = latencies[i] = [];
                var random = new Random(i);
                while (watch.Elapsed < duration)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.GetAsync(paths[random.Next(paths.Count)]);
                    await response.Content.LoadIntoBufferAsync();
                    if ((int)response.StatusCode is < 200 or >= 400)
                    {
                        throw new InvalidOperationException($"Unexpected {(int)response.StatusCode} under load.");
                    }

                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }));
            var elapsed = watch.Elapsed.TotalSeconds;
            var all = latencies.SelectMany(l => l).Order().ToList();
            return new LoadResult(all.Count, all.Count / elapsed, all[all.Count / 2], all[(int)(all.Count * 0.99)]);
        }
    }
}
