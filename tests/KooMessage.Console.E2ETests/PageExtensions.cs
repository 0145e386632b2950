using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

public static class PageExtensions
{
    /// <summary>
    /// Waits until the page's address matches <paramref name="pattern"/>, polling it (Playwright's expect). Not
    /// <c>WaitForURLAsync</c>: it reads the address the client last heard of and, when that does not match yet, starts
    /// listening for the next navigation; a filter's <c>history.replaceState</c> that lands between the two is never
    /// heard, and the wait hangs for its whole timeout although the address has changed (seen under load, in the
    /// report journey about one run in three).
    /// </summary>
    public static Task WaitForAddressAsync(this IPage page, Regex pattern) => Assertions.Expect(page).ToHaveURLAsync(pattern);

    /// <summary>
    /// Chooses files in a Blazor file input (the last one under <paramref name="scope"/>: MudFileUpload adds a fresh one
    /// after each choice) once its script listens, and only once. Blazor attaches that script after rendering the input and
    /// marks the element then (<c>_blazorInputFileNextFileId</c>, 0 until a choice): files chosen earlier are never heard
    /// of. Choosing again while a choice is being read replaces the browser's file list under that read, which then fails.
    /// </summary>
    public static async Task ChooseFilesAsync(this ILocator scope, params string[] paths) =>
        await (await FilePickerAsync(scope)).SetInputFilesAsync(paths);

    /// <summary>As above, with files made in memory (nothing left on the disk).</summary>
    public static async Task ChooseFilesAsync(this ILocator scope, params FilePayload[] files) =>
        await (await FilePickerAsync(scope)).SetInputFilesAsync(files);

    private static async Task<ILocator> FilePickerAsync(ILocator scope)
    {
        var input = scope.Locator("input[type=file]").Last;
        await Assertions.Expect(input).ToHaveJSPropertyAsync("_blazorInputFileNextFileId", 0);
        return input;
    }

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
        await page.WaitForAddressAsync(new Regex("/account/login(\\?|$)"));
    }

    public static async Task SignInAsync(this IPage page, string userName, string password)
    {
        await page.GotoAsync("/account/login");
        await page.SubmitFormAsync(new Dictionary<string, string> { ["user-name"] = userName, ["password"] = password }, "登录");
        await page.WaitForCircuitAsync();
    }
}
