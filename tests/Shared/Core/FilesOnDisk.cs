using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Tests;

/// <summary>What the files folder holds: the store's bytes, and what waits in staging.</summary>
public static class FilesOnDisk
{
    public static string FilesFolder(this IServiceProvider services) => services.GetRequiredService<IOptions<ConsoleOptions>>().Value.FilesFolder;

    /// <summary>Stored files, as paths relative to the files folder (the form of <see cref="StoredFile.StoragePath"/>).</summary>
    public static IReadOnlyList<string> StoredPaths(this IServiceProvider services)
    {
        var root = services.FilesFolder();
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(root, p))
                .Where(p => !p.StartsWith(FileStore.StagingFolderName, StringComparison.Ordinal))
                .Order().ToList()
            : [];
    }

    public static IReadOnlyList<string> StagedPaths(this IServiceProvider services)
    {
        var staging = Path.Combine(services.FilesFolder(), FileStore.StagingFolderName);
        return Directory.Exists(staging) ? Directory.EnumerateFiles(staging).Order().ToList() : [];
    }
}
