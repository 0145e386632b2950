using System.Text.RegularExpressions;
using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// The demo data as an operator meets it: lists that never claim to be empty before their rows arrive, filters that
/// survive reload and back, a dialog that does not lose what was typed, and a new SMS app made with the keyboard alone.
/// </summary>
public sealed class ListsAndDialogsTests(ListsAndDialogsTests.DemoFixture demo) : IClassFixture<ListsAndDialogsTests.DemoFixture>
{
    // Installed before any page script: records every moment an empty list or an empty pager ("共 0 条") was in the page.
    private const string EmptyStateRecorder = """
        window.__kmEmptySeen = [];
        new MutationObserver(() => {
            const empty = document.querySelector("[data-testid=list-empty]");
            const text = document.body ? document.body.textContent : "";
            if (empty || /共\s*0\s*条/.test(text)) {
                window.__kmEmptySeen.push(location.pathname + ": " + (empty ? empty.textContent : "共 0 条"));
            }
        }).observe(document, { childList: true, subtree: true, characterData: true });
        """;

    // A row of data, not the row that says "loading" or "empty".
    private const string DataRow = "tbody tr.mud-table-row:not(:has([data-testid=list-loading], [data-testid=list-empty]))";

    public static TheoryData<string, string, string> ListPages => new()
    {
        { "owner", "/iam/users", "users-grid" },
        { "owner", "/iam/audit-log", "audit-grid" },
        { "owner", "/enterprise/filings", "filings-grid" },
        { "owner", "/sms/apps", "apps-grid" },
        { "owner", "/sms/signatures", "signatures-grid" },
        { "owner", "/sms/templates", "sms-templates-grid" },
        { "owner", "/aim/templates", "templates-grid" },
        { "owner", "/aim/send-details", "send-details-grid" },
        { "owner", "/aim/opt-outs", "opt-outs-grid" },
        { "admin", "/platform/accounts", "accounts-grid" },
        { "admin", "/platform/staff", "users-grid" },
        { "admin", "/review", "review-grid" },
        { "admin", "/iam/audit-log", "audit-grid" },
    };

    [Theory]
    [MemberData(nameof(ListPages))]
    public async Task Goto_ListWithData_NeverShowsEmptyStateBeforeRows(string who, string path, string grid)
    {
        var page = await demo.SignedInAsync(who);
        await page.Context.AddInitScriptAsync(EmptyStateRecorder);

        await page.GotoAsync(path);
        await Assertions.Expect(page.GetByTestId(grid).Locator(DataRow).First).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();

        Assert.Empty(await page.EvaluateAsync<string[]>("window.__kmEmptySeen"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignaturesFilters_ReloadAndBack_KeepFilterAndSearch()
    {
        var page = await demo.SignedInAsync("owner");
        await page.GotoAsync("/sms/signatures");
        await page.WaitForCircuitAsync();
        var grid = page.GetByTestId("signatures-grid");
        await Assertions.Expect(grid).ToContainTextAsync("处理完毕");

        await page.GetByTestId("status-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "审核不通过" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex("status=ReviewNotPass"));
        await Assertions.Expect(grid).Not.ToContainTextAsync("处理完毕");
        await page.GetByTestId("search").FillAsync("优选");
        await page.WaitForAddressAsync(new Regex($"q={Uri.EscapeDataString("优选")}"));
        var filtered = await RowsAsync(grid);
        Assert.Contains("示例优选", Assert.Single(filtered), StringComparison.Ordinal);

        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("search")).ToHaveValueAsync("优选");
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "状态", Exact = true })).ToMatchAriaSnapshotAsync("- combobox \"状态\": 审核不通过");
        Assert.Equal(filtered, await RowsAsync(grid));

        await page.GetByTestId("nav").Locator("a[href='/sms/apps']").ClickAsync();
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("短消息应用");
        await page.GoBackAsync();
        await page.WaitForAddressAsync(new Regex("/sms/signatures\\?.*status=ReviewNotPass"));
        await Assertions.Expect(page.GetByTestId("search")).ToHaveValueAsync("优选");
        Assert.Equal(filtered, await RowsAsync(grid));

        // The drawer's link to the same page starts it over: no filter, every signature.
        await page.GetByTestId("nav").Locator("a[href='/sms/signatures']").ClickAsync();
        await Assertions.Expect(grid).ToContainTextAsync("处理完毕");
        await Assertions.Expect(page.GetByTestId("search")).ToHaveValueAsync("");
        await page.ScreenshotAsync("40-signatures-filters");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SmsAppDialog_TypedThenEscapeBackOrClose_AsksBeforeLosingInput()
    {
        var page = await demo.SignedInAsync("owner");
        await page.GetByTestId("nav").Locator("a[href='/sms/apps']").ClickAsync();
        await page.GetByTestId("new-app").ClickAsync();
        var dialog = page.GetByTestId("sms-app-dialog");
        await page.GetByTestId("app-name").PressSequentiallyAsync("未保存的应用");
        var confirm = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "放弃未保存的内容？" });

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await page.ScreenshotAsync("41-discard-confirm");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "继续编辑" }).ClickAsync();
        await Assertions.Expect(confirm).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("app-name")).ToHaveValueAsync("未保存的应用");

        // Back is held: the page, the dialog and the input stay.
        await page.EvaluateAsync("history.back()");
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "继续编辑" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sms/apps"));
        await Assertions.Expect(page.GetByTestId("app-name")).ToHaveValueAsync("未保存的应用");

        // Closing the tab asks the browser's own question.
        var unload = new TaskCompletionSource<IDialog>();
        page.Dialog += (_, d) => unload.TrySetResult(d);
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        var asked = await unload.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(DialogType.BeforeUnload, asked.Type);
        await asked.DismissAsync();
        await Assertions.Expect(page.GetByTestId("app-name")).ToHaveValueAsync("未保存的应用");

        // 取消 asks too; discarding closes the dialog.
        await page.GetByRole(AriaRole.Button, new() { Name = "取消", Exact = true }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "放弃" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SmsAppDialog_Untouched_ClosesOnEscapeWithoutAsking()
    {
        var page = await demo.SignedInAsync("owner");
        await page.GotoAsync("/sms/apps");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("new-app").ClickAsync();

        // It opens with the cursor in the name and no field told off: nothing has been typed yet.
        await Assertions.Expect(page.GetByTestId("app-name")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByTestId("sms-app-dialog").Locator(".mud-input-error")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(page.GetByTestId("sms-app-dialog")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task NewSmsApp_KeyboardOnly_IsCreated()
    {
        var page = await demo.SignedInAsync("owner");
        await page.GotoAsync("/sms/apps");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("apps-grid").Locator(DataRow).First).ToBeVisibleAsync();

        await TabToAsync(page, "new-app");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("sms-app-dialog")).ToBeVisibleAsync();
        await TabToAsync(page, "app-name");
        await page.Keyboard.TypeAsync("键盘应用");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("https://example.com/uplink");
        await TabToAsync(page, "save");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("sms-app-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("apps-grid")).ToContainTextAsync("键盘应用");
        await page.ScreenshotAsync("42-keyboard-app");
        await page.Context.CloseAsync();
    }

    // Presses Tab until the control with the test id has the focus (none when it has it already); fails after as many
    // presses as the page has controls.
    private static async Task TabToAsync(IPage page, string testId)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            if (await page.EvaluateAsync<string?>("document.activeElement?.getAttribute('data-testid')") == testId)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached [data-testid={testId}].");
    }

    private static async Task<string[]> RowsAsync(ILocator grid)
    {
        await Assertions.Expect(grid.Locator(DataRow).First).ToBeVisibleAsync();
        return [.. (await grid.Locator(DataRow).AllInnerTextsAsync()).Order(StringComparer.Ordinal)];
    }

    /// <summary>The console with the demo account and a platform administrator, shared by the tests of this class.</summary>
    public sealed class DemoFixture : IAsyncLifetime
    {
        private IReadOnlyList<(string UserName, string Password)> demoUsers = [];

        public BrowserFixture Browser { get; } = new();

        public async Task InitializeAsync()
        {
            await Browser.InitializeAsync();
            await Browser.App.Services.CreateAdministratorAsync();
            await using var scope = Browser.App.Services.CreateAsyncScope();
            demoUsers = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        /// <summary>A new browser context signed in as the demo account's owner or as the platform administrator.</summary>
        public async Task<IPage> SignedInAsync(string who)
        {
            var page = await Browser.NewPageAsync();
            if (who == "admin")
            {
                await page.SignInAsync("admin", TestData.Password);
            }
            else
            {
                var owner = DemoSeeder.Users[0].UserName;
                await page.SignInAsync(owner, demoUsers.Single(u => u.UserName == owner).Password);
            }

            return page;
        }

        public Task DisposeAsync() => Browser.DisposeAsync();
    }
}
