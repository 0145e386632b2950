using System.Text.RegularExpressions;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// An operator sends smart messages through a real Kannel (fake SMSC): a task from an approved template and a small
/// numbers file, checked in a dry run with the pre-check, a trial send first, then the send, watched until every
/// message is delivered.
/// </summary>
public sealed class SendJourneyTests : IAsyncLifetime
{
    private readonly int port = KannelProcess.FreePort();
    private KannelProcess kannel = default!;
    private SendConsole app = default!;
    private IPlaywright playwright = default!;
    private IBrowser browser = default!;

    public async Task InitializeAsync()
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        kannel = await KannelProcess.StartAsync(baseUrl);
        app = new SendConsole(kannel.Settings);
        app.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        app.StartServer();
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await app.DisposeAsync();
        await kannel.DisposeAsync();
    }

    [Fact]
    public async Task Operator_ChecksAFile_TrialSends_Sends_AndWatchesEveryMessageDelivered()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "send-owner");
        await app.Services.SendSetupAsync(owner.AccountId!.Value);
        var folder = Directory.CreateTempSubdirectory("km-send-").FullName;
        var file = Path.Combine(folder, "号码.csv");
        await File.WriteAllTextAsync(file, "手机号,${name},${amount},${1}\n13800138001,王女士,88,王女士\n13800138002,李先生,10,李先生\n12345,赵女士,66,赵女士\n13800138003,钱先生,5,钱先生\n");

        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = $"http://127.0.0.1:{port}", ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.SignInAsync("send-owner", TestData.Password);
        await page.GotoAsync(SendingModule.Route);
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("no-gateway")).ToHaveCountAsync(0);
        await page.GetByTestId("new-send-task").First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Pick(page, dialog, "send-template");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "个性化" }).CheckAsync();
        await dialog.GetByTestId("send-name").FillAsync("账单通知");
        await Pick(page, dialog, "send-app");
        await Pick(page, dialog, "send-signature");
        await Pick(page, dialog, "send-sms-template");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "上传文件" }).CheckAsync();
        var chooser = await page.RunAndWaitForFileChooserAsync(() => dialog.GetByTestId("numbers-choose").ClickAsync());
        await chooser.SetFilesAsync(file);

        await Assertions.Expect(dialog.GetByTestId("send-dry-run")).ToContainTextAsync("共4行：3行可发送，1行有问题；0个号码已退订");
        await Assertions.Expect(dialog.GetByTestId("send-problems")).ToContainTextAsync("4");
        await Assertions.Expect(dialog.GetByTestId("send-fallback-summary")).ToContainTextAsync("3个不可解析：降级为普通短信");

        await dialog.GetByTestId("trial-numbers").FillAsync("13900139000,孙女士,1,孙女士");
        await dialog.GetByTestId("trial-send").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("trial-sent")).ToBeVisibleAsync();
        await dialog.GetByTestId("save").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("90-send-task-dialog");
        await dialog.GetByTestId("save").ClickAsync();

        await page.WaitForAddressAsync(new Regex("/aim/send-tasks/[^/?]+(\\?|$)"));
        await Assertions.Expect(page.GetByTestId("count-Delivered")).ToHaveTextAsync("3", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("send-state")).ToHaveTextAsync("已完成");
        await Assertions.Expect(page.GetByTestId("send-sample")).ToContainTextAsync("【星河】");
        await page.ScreenshotAsync("91-send-task-delivered");

        await page.GotoAsync(SendingModule.Route);
        await Assertions.Expect(page.GetByTestId("send-tasks-grid")).ToContainTextAsync("试发");
        await Assertions.Expect(page.GetByTestId("counts-账单通知").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("92-send-tasks");
        Directory.Delete(folder, recursive: true);
    }

    private static async Task Pick(IPage page, ILocator dialog, string testId)
    {
        await dialog.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
    }

    /// <summary>The console with the run's Kannel settings and quick job polling.</summary>
    private sealed class SendConsole(IReadOnlyDictionary<string, string?> gateway) : ConsoleFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var (key, value) in gateway)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Jobs:PollSeconds", "0.2");
        }
    }
}
