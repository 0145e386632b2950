using KooMessage.Console.Data;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// The pages the README shows, at a desktop's width and at a tablet's (768 px), in Chinese and in English: saved as
/// screenshots under <c>screenshots/look/</c>, and checked for what goes wrong when narrow (a clipped badge, actions out
/// of reach).
/// </summary>
public sealed class LookTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static string Folder { get; } = Path.Combine(BrowserFixture.ScreenshotFolder, "look");

    [Fact]
    public async Task ReadmePages_TwoWidthsTwoLanguages_SavedWithActionsInReach()
    {
        await browser.App.Services.CreateAdministratorAsync();
        await using var scope = browser.App.Services.CreateAsyncScope();
        var demo = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        var owner = DemoSeeder.Users[0].UserName;
        var ownerPassword = demo.Single(u => u.UserName == owner).Password;
        await NotifyAsync(scope.ServiceProvider, owner, count: 12);
        Directory.CreateDirectory(Folder);

        foreach (var culture in new[] { "zh-CN", "en-US" })
        {
            foreach (var width in new[] { 1440, 768 })
            {
                var name = $"{culture[..2]}-{width}";
                var tenant = await NewPageAsync(width, owner, ownerPassword, culture);
                await Assertions.Expect(tenant.GetByTestId("flow-guide")).ToBeVisibleAsync();
                await Assertions.Expect(tenant.Locator(".mud-appbar [data-testid=notifications] .mud-badge")).ToHaveTextAsync("12");
                await AssertAppBarInViewAsync(tenant, width);
                await SaveAsync(tenant, $"overview-{name}");

                await tenant.GotoAsync("/sms/signatures");
                await tenant.WaitForCircuitAsync();
                await Assertions.Expect(tenant.GetByTestId("signatures-grid")).ToContainTextAsync("【示例科技】");
                await AssertActionsInReachAsync(tenant, width);
                await AssertSentenceCaseAsync(tenant);
                await SaveAsync(tenant, $"signatures-{name}");

                var staff = await NewPageAsync(width, "admin", TestData.Password, culture);
                await staff.GotoAsync("/review");
                await staff.WaitForCircuitAsync();
                await Assertions.Expect(staff.GetByTestId("review-grid")).ToContainTextAsync("示例科技有限公司");
                await AssertActionsInReachAsync(staff, width);
                await AssertSentenceCaseAsync(staff);
                await SaveAsync(staff, $"review-{name}");
                await tenant.Context.CloseAsync();
                await staff.Context.CloseAsync();
            }

            // A phone: the brand gives way, and every control of the app bar is still on the screen.
            var phone = await NewPageAsync(390, owner, ownerPassword, culture);
            await Assertions.Expect(phone.Locator(".mud-appbar [data-testid=notifications] .mud-badge")).ToHaveTextAsync("12");
            await AssertAppBarInViewAsync(phone, 390);

            // The SMS template dialog's variable row wraps: its description field and delete button stay usable.
            await phone.GotoAsync("/sms/templates");
            await phone.WaitForCircuitAsync();
            await phone.GetByTestId("new-sms-template").ClickAsync();
            await phone.GetByTestId("add-variable").ClickAsync();
            var description = await phone.GetByTestId("variable-desc-1").BoundingBoxAsync();
            var remove = await phone.GetByTestId("remove-variable-1").BoundingBoxAsync();
            Assert.True(description is { Width: >= 150 }, $"The variable's description is {description?.Width} px wide");
            Assert.True(remove is { } r && r.X >= 0 && r.X + r.Width <= 390, $"The delete button at {remove?.X}+{remove?.Width} is outside a 390 px page");
            await SaveAsync(phone, $"sms-template-dialog-{culture[..2]}-390");

            // A list's rows become cards: the longest values (a task's name beside its time) wrap inside the card.
            await phone.GotoAsync("/aim/opt-outs");
            await phone.WaitForCircuitAsync();
            var grid = phone.GetByTestId("opt-outs-grid");
            await Assertions.Expect(grid.GetByTestId("mobile").First).ToBeVisibleAsync();
            var overflow = await grid.Locator(".mud-table-container").EvaluateAsync<double>("c => c.querySelector('table').getBoundingClientRect().right - c.getBoundingClientRect().right");
            Assert.True(overflow <= 0, $"The opt-out list's cards are {overflow} px wider than the list on a 390 px page");
            await SaveAsync(phone, $"opt-outs-{culture[..2]}-390");

            // A fixed table (the package catalog) keeps its rows on one line and scrolls inside its card, not the page.
            await phone.GotoAsync("/billing/packages");
            await phone.WaitForCircuitAsync();
            var firstSpec = phone.GetByTestId("catalog").Locator("tbody tr").First;
            await Assertions.Expect(firstSpec).ToBeVisibleAsync();
            var rowHeight = await firstSpec.EvaluateAsync<double>("r => r.getBoundingClientRect().height");
            Assert.True(rowHeight <= 48, $"A package's row is {rowHeight} px high on a 390 px phone: its cells wrap");
            await phone.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= 390");
            await SaveAsync(phone, $"packages-{culture[..2]}-390");

            // The bills page's packages in use (a fixed table without the list's look) scroll inside their card too.
            await phone.GotoAsync("/billing/bills");
            await phone.WaitForCircuitAsync();
            await Assertions.Expect(phone.GetByTestId("package-row").First).ToBeVisibleAsync();
            await phone.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= 390");
            await phone.Context.CloseAsync();
        }
    }

    // Unread notifications give the bell a two-digit badge, the widest it gets before "99+".
    private static async Task NotifyAsync(IServiceProvider services, string userName, int count)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        var notifications = services.GetRequiredService<NotificationService>();
        for (var i = 0; i < count; i++)
        {
            notifications.Add(db, user.AccountId, user.Id, "Notify.SignaturePassed", ["示例科技"], "/sms/signatures");
        }

        await db.SaveChangesAsync();
    }

    private async Task<IPage> NewPageAsync(int width, string userName, string password, string culture)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = width > 1000 ? 900 : 1024 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.SignInAsync(userName, password);
        if (culture != "zh-CN")
        {
            await page.GotoAsync($"/culture/set?culture={culture}&redirectUri=%2F");
            await page.WaitForCircuitAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        }

        return page;
    }

    // At 768 px the grid is wider than the page: it scrolls sideways, and its action column stays pinned in view.
    private static async Task AssertActionsInReachAsync(IPage page, int width)
    {
        var actions = page.Locator("th.km-actions");
        var box = await actions.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"The action column at {box.X}+{box.Width} is outside a {width} px page");
        if (width < 1000)
        {
            var scrolls = await page.Locator(".km-table .mud-table-container").EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth");
            Assert.True(scrolls, "The grid should scroll sideways at 768 px");
        }
    }

    // Every control of the app bar (the menu, language, downloads, notifications and their badges, the user menu) lies inside the page.
    private static async Task AssertAppBarInViewAsync(IPage page, int width)
    {
        foreach (var box in await page.Locator(".mud-appbar .mud-icon-button, .mud-appbar .mud-badge-root, .mud-appbar .mud-badge, [data-testid=user-menu]").AllAsync())
        {
            if (await box.IsVisibleAsync() && await box.BoundingBoxAsync() is { } b)
            {
                Assert.True(b.Y >= 0 && b.X >= 0 && b.X + b.Width <= width, $"An app bar control at {b.X},{b.Y} ({b.Width} wide) is cut off at {width} px");
            }
        }
    }

    // English in sentence case, as the Chinese clouds' consoles write it: nothing on the page is set in capitals by style.
    private static async Task AssertSentenceCaseAsync(IPage page)
    {
        var shouting = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.checkVisibility() && getComputedStyle(e).textTransform === 'uppercase').map(e => e.outerHTML.slice(0, 80))");
        Assert.Empty(shouting);
    }

    private static async Task SaveAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{name}.png") });
}
