using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace KooMessage.Console.Tests;

/// <summary>The real console over HTTP, on its own SQLite file (a copy of <see cref="MigratedDatabase"/>'s; the console's start finds it migrated).</summary>
public class ConsoleFactory : WebApplicationFactory<Program>
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "km-tests", Guid.NewGuid().ToString("N"));

    public string DataFolder => folder;

    /// <summary>The running host, for a test that stops the console as a graceful stop would (the data stays until disposal).</summary>
    public IHost Host => host ?? throw new InvalidOperationException("The console has not started yet: create a client or read Services first.");

    private IHost? host;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        host = base.CreateHost(builder);
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        MigratedDatabase.CopyTo(Path.Combine(folder, "koomessage.db"));
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(folder, "koomessage.db")}");
        builder.UseSetting("Console:DataFolder", folder);
        builder.UseSetting("Console:FilesFolder", Path.Combine(folder, "files"));
        // Every test client signs in from the same address; a test that checks the limits sets them low itself.
        builder.UseSetting("RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("RateLimits:SignUpPerHour", "100000");
        builder.UseSetting("Billing:RefuseUncovered", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
        builder.ConfigureServices(s => s.UseTestPasswordHashing());
    }

    public HttpClient CreateBrowserlikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await RemoveFolderAsync(folder);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Removes the console's folder. A file created in it while it is being removed (CI once saw an IOException here,
    /// after an end-to-end class on a busy machine) fails the removal with "directory not empty": it is tried again
    /// until it succeeds, for up to ten seconds, and then fails naming what was left.
    /// </summary>
    private static async Task RemoveFolderAsync(string folder)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.Exists(folder))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException e)
            {
                if (DateTime.UtcNow > deadline)
                {
                    var left = Directory.Exists(folder) ? Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories) : [];
                    throw new IOException($"The test console's folder {folder} stays: {string.Join(", ", left)}", e);
                }

                await Task.Delay(100);
            }
        }
    }
}

/// <summary>What a browser does on the static Identity pages: fetch the form, post it with its antiforgery token.</summary>
public static partial class BrowserForms
{
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, string handler, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var token = Token().Match(page).Groups[1].Value;
        var form = new Dictionary<string, string>(fields) { ["_handler"] = handler, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password) =>
        client.PostFormAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
