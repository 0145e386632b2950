using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Capability;

/// <summary>
/// Writes an import's valid rows, which the dry run left as keyed facts in a file of the private data folder, in
/// chunks with progress. Rerunning it after the process died writes the same facts again, which changes nothing
/// more; the file is removed once every fact is written.
/// </summary>
public sealed class CapabilityImportJob(CapabilityTable table, IOptions<ConsoleOptions> options) : IJobHandler
{
    private const int Chunk = 5_000;
    private const int FactLength = MobileCapability.KeyLength + 2;

    public sealed record Parameters(Guid File, int Facts);

    public string Kind => CapabilityImportService.JobKind;

    public static string FactsPath(ConsoleOptions options, Guid file) =>
        Path.Combine(PrivateFolder.Create(Path.Combine(PrivateFolder.Create(options.DataFolder), "capability-imports")), $"{file:N}.facts");

    public static async Task WriteFactsAsync(string path, IReadOnlyList<CapabilityFact> facts, CancellationToken ct)
    {
        var bytes = new byte[facts.Count * FactLength];
        for (var i = 0; i < facts.Count; i++)
        {
            var at = i * FactLength;
            facts[i].NumberKey.CopyTo(bytes, at);
            bytes[at + MobileCapability.KeyLength] = (byte)facts[i].Vendor;
            bytes[at + MobileCapability.KeyLength + 1] = facts[i].Capable ? (byte)1 : (byte)0;
        }

        await File.WriteAllBytesAsync(path, bytes, ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var parameters = context.ParametersAs<Parameters>();
        var path = FactsPath(options.Value, parameters.File);
        if (!File.Exists(path))
        {
            throw new JobFailedException("CapabilityImport.Error.FileGone");
        }

        var bytes = await File.ReadAllBytesAsync(path, ct);
        var facts = Enumerable.Range(0, bytes.Length / FactLength).Select(i =>
        {
            var at = i * FactLength;
            return new CapabilityFact(bytes[at..(at + MobileCapability.KeyLength)], (Vendor)bytes[at + MobileCapability.KeyLength], bytes[at + MobileCapability.KeyLength + 1] == 1);
        }).ToList();
        await context.ReportAsync(0, facts.Count, ct);
        var done = 0;
        foreach (var chunk in facts.Chunk(Chunk))
        {
            await table.WriteAsync(chunk, CapabilitySource.Imported, ct);
            done += chunk.Length;
            await context.ReportAsync(done, facts.Count, ct);
        }

        File.Delete(path);
        return new JobResult(Rows: facts.Count);
    }
}
