using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.UnitTests.Files;

public sealed class PrivateFolderTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "km-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Create_NewFolder_OwnerOnly()
    {
        var folder = PrivateFolder.Create(Path.Combine(root, "data"));

        Assert.True(Directory.Exists(folder));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(PrivateFolder.OwnerOnly, File.GetUnixFileMode(folder));
        }
    }

    [Fact]
    public void Create_ExistingWorldReadableFolder_ClosedToOthers()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(root, "data");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, PrivateFolder.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        PrivateFolder.Create(path);

        Assert.Equal(PrivateFolder.OwnerOnly, File.GetUnixFileMode(path));
    }

    [Fact]
    public void FilesFolder_Unset_InTheDataFolder_SetStaysWhereItWasPut()
    {
        ConsoleOptions Options(params (string Key, string Value)[] settings) => new ServiceCollection().AddLogging()
            .AddConsoleCore(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build(), root)
            .BuildServiceProvider().GetRequiredService<IOptions<ConsoleOptions>>().Value;
        var data = Path.Combine(root, "console-b");
        var uploads = Path.Combine(root, "uploads");

        Assert.Equal(Path.Combine(root, "App_Data", "files"), Options().FilesFolder);
        Assert.Equal(Path.Combine(data, "files"), Options(("Console:DataFolder", data)).FilesFolder);
        Assert.Equal(uploads, Options(("Console:DataFolder", data), ("Console:FilesFolder", uploads)).FilesFolder);
        Assert.Equal(uploads, Options(("Console:FilesFolder", "uploads")).FilesFolder);
    }

    [Fact]
    public async Task AddConsoleCore_DataFolderAndKeys_CreatedOwnerOnly()
    {
        await using var app = await TestConsole.StartAsync();
        var data = app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.DataFolder;

        Assert.True(Directory.Exists(Path.Combine(data, "keys")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(PrivateFolder.OwnerOnly, File.GetUnixFileMode(data));
            Assert.Equal(PrivateFolder.OwnerOnly, File.GetUnixFileMode(Path.Combine(data, "keys")));
        }
    }
}
