using System.Globalization;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Tests;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// Issue 12's menu editor: a 3 × 5 menu built by drag and drop from the palette, reordered by dragging, tried in the
/// phone simulator, submitted; the reviewer approves it and it is the live menu.
/// </summary>
public sealed class ServiceMenuJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator TopNames(IPage page) => page.GetByTestId("menu-top-zone").GetByTestId("menu-card-name");

    [Fact]
    public async Task BuildThreeByFiveByDragAndDrop_TryTheSimulator_Submit_ReviewerApproves_Live()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        await browser.App.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        var owner = await browser.App.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await browser.App.Services.ServiceNumberAsync(owner.AccountId!.Value, "星河银行");
        var page = await browser.NewPageAsync();

        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/service-numbers/menus");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("live-version")).ToHaveTextAsync("尚无生效的菜单");
        await Assertions.Expect(page.GetByTestId("sim-bar")).ToContainTextAsync("还没有菜单");
        await page.ScreenshotAsync("110-menu-empty");

        // Three first-level items dragged from the palette onto the bar; the palette's item is spent after three.
        for (var i = 1; i <= 3; i++)
        {
            await page.GetByTestId("palette-item").DragToAsync(page.GetByTestId("menu-top-zone"));
            await Assertions.Expect(TopNames(page)).ToHaveCountAsync(i);
        }

        await Assertions.Expect(page.GetByTestId("palette-item")).ToBeDisabledAsync();

        // Five sub-items dragged under each.
        for (var column = 0; column < 3; column++)
        {
            var zone = page.GetByTestId("menu-sub-zone").Nth(column);
            for (var i = 1; i <= 5; i++)
            {
                await page.GetByTestId("palette-child").DragToAsync(zone);
                await Assertions.Expect(zone.GetByTestId("menu-child")).ToHaveCountAsync(i);
            }
        }

        await Assertions.Expect(page.GetByTestId("menu-child")).ToHaveCountAsync(15);
        await Assertions.Expect(page.GetByTestId("sim-item").First).ToContainTextAsync("免费");

        // Each sub-item goes to a web page: its messages show until its address and title are filled in.
        var children = page.GetByTestId("menu-child");
        for (var i = 0; i < 15; i++)
        {
            await children.Nth(i).GetByTestId("menu-card-select").ClickAsync();
            if (i == 0)
            {
                await Assertions.Expect(page.GetByTestId("menu-props")).ToContainTextAsync("请填写跳转网址");
            }

            await page.GetByTestId("field-url").FillAsync(string.Create(CultureInfo.InvariantCulture, $"https://example.com/p{i}"));
            await page.GetByTestId("field-web-title").FillAsync(string.Create(CultureInfo.InvariantCulture, $"页面{i}"));
        }

        await Assertions.Expect(page.Locator(".km-menu-card-bad")).ToHaveCountAsync(0);

        // Reorder by dragging: the first item onto the last place, a sub-item within its column.
        // (Where a palette drop lands among the items depends on the pointer's place in the bar, so the order before is read.)
        var topItems = page.GetByTestId("menu-top-zone").GetByTestId("menu-item");
        var before = (await TopNames(page).AllTextContentsAsync()).Select(n => n.Trim()).ToArray();
        await topItems.First.DragToAsync(topItems.Last);
        await Assertions.Expect(TopNames(page)).Not.ToHaveTextAsync(before);
        var order = (await TopNames(page).AllTextContentsAsync()).Select(n => n.Trim()).ToList();
        Assert.Equal(["菜单1", "菜单2", "菜单3"], order.Order());

        // The simulator is the page's own render of the same menu: on a busy machine it can come a moment after the editor's.
        await Assertions.Expect(page.GetByTestId("sim-item")).ToHaveCountAsync(order.Count);
        await Assertions.Expect(page.GetByTestId("sim-item")).ToContainTextAsync([.. order]);
        var firstColumn = page.GetByTestId("menu-sub-zone").First.GetByTestId("menu-child");
        var moved = (await firstColumn.First.GetByTestId("menu-card-name").TextContentAsync())!.Trim();
        await firstColumn.First.DragToAsync(firstColumn.Nth(2));
        await Assertions.Expect(firstColumn.First.GetByTestId("menu-card-name")).Not.ToHaveTextAsync(moved);
        await page.ScreenshotAsync("111-menu-built");

        // The simulator: the first item opens its five sub-items; a tap on one shows the page it opens, billed.
        await page.GetByTestId("sim-item").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("sim-subitem")).ToHaveCountAsync(5);
        await page.GetByTestId("sim-subitem").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("sim-target")).ToContainTextAsync("https://example.com/p");
        await Assertions.Expect(page.GetByTestId("sim-target-billing")).ToHaveTextAsync("计费");
        await page.ScreenshotAsync("112-menu-simulator");
        Assert.Empty(await Axe.SeriousViolationsAsync(page, "menu editor"));

        // Leaving with unsaved edits asks first; keeping on editing keeps the page and the menu.
        await page.GetByTestId("nav").Locator("a[href='/']").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "放弃未保存的内容？" });
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "继续编辑" }).ClickAsync();
        await Assertions.Expect(confirm).ToHaveCountAsync(0);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/service-numbers/menus"));
        await Assertions.Expect(page.GetByTestId("menu-child")).ToHaveCountAsync(15);

        await page.GetByTestId("menu-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("working-version")).ToHaveTextAsync("v1 审核中");
        await Assertions.Expect(page.GetByTestId("menu-in-review")).ToBeVisibleAsync();
        await page.GetByTestId("menu-urge").ClickAsync();
        await Assertions.Expect(page.GetByTestId("menu-urge")).ToHaveTextAsync("已催审");
        await page.ScreenshotAsync("113-menu-in-review");
        await page.SignOutAsync();

        await page.SignInAsync("reviewer", TestData.Password);
        await page.GotoAsync("/review");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("open-星河银行（官方） v1").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByTestId("menu-simulator")).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("https://example.com/p0");
        await page.ScreenshotAsync("114-menu-review");
        await dialog.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.SignOutAsync();

        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/service-numbers/menus");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("live-version")).ToContainTextAsync("已生效 v1");
        await Assertions.Expect(page.GetByTestId("working-version")).ToHaveCountAsync(0);
        Assert.Equal(order, (await TopNames(page).AllTextContentsAsync()).Select(n => n.Trim()));
        await Assertions.Expect(page.GetByTestId("change-reason")).ToBeVisibleAsync();
        await page.ScreenshotAsync("115-menu-live");
    }
}
