using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

public static class PageExtensions
{
    /// <summary>
    /// Waits for the address only, not for the document's load event as well: a filter writes its address with
    /// <c>history.replaceState</c>, and under load the wait for a load event after such a change was seen to hang
    /// (30 s) although the address had changed. What the page shows is checked by the assertions that follow.
    /// </summary>
    public static readonly PageWaitForURLOptions AddressOnly = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>Prerendered HTML shows before its handlers attach: wait until the circuit has rendered the layout.</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync();

    public static async Task ScreenshotAsync(this IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png"), FullPage = true });

    /// <summary>Fills a static (SSR) Identity form by its labels and submits it.</summary>
    public static async Task SubmitFormAsync(this IPage page, IReadOnlyDictionary<string, string> fieldsById, string submitText)
    {
        foreach (var (id, value) in fieldsById)
        {
            await page.Locator($"#{id}").FillAsync(value);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = submitText }).ClickAsync();
    }

    public static async Task SignOutAsync(this IPage page)
    {
        await page.WaitForCircuitAsync();
        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync("**/account/login", AddressOnly);
    }

    public static async Task SignInAsync(this IPage page, string userName, string password)
    {
        await page.GotoAsync("/account/login");
        await page.SubmitFormAsync(new Dictionary<string, string> { ["user-name"] = userName, ["password"] = password }, "登录");
        await page.WaitForCircuitAsync();
    }
}
