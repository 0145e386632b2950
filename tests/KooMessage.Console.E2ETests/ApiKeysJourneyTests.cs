using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>An owner creates an API key (its secret shown once, copied), a system pushes an event with it, the owner revokes it.</summary>
public sealed class ApiKeysJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string CopiedText = "已复制到剪贴板。";

    [Fact]
    public async Task Owner_CreatesAKey_PushesWithIt_RevokesIt()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        var owner = await browser.App.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        string template;
        await using (var scope = browser.App.Services.As(owner.Principal))
        {
            var created = await scope.ServiceProvider.GetRequiredService<TemplateService>()
                .CreateAsync(new NewTemplateForm { Name = "会员通知", CardId = "PureText", Vendors = [Vendor.Huawei] }, CancellationToken.None);
            TestData.Ok(created);
            template = created.Value;
        }

        var page = await browser.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/iam/api-keys");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("list-empty")).ToBeVisibleAsync();
        await page.ScreenshotAsync("50-api-keys-empty");

        await page.GetByTestId("new-api-key").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("api-key-name").FillAsync("营销平台推送");
        await dialog.GetByTestId("save").ClickAsync();
        var secret = page.GetByRole(AriaRole.Dialog).GetByTestId("api-key-secret");
        await Assertions.Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^km_[0-9a-f]{16}_"));
        var token = await secret.InputValueAsync();
        await page.GetByTestId("copy-api-key").ClickAsync();
        // The copy goes through the circuit: the snackbar says it is done, then the clipboard holds the key.
        await Assertions.Expect(page.GetByText(CopiedText)).ToBeVisibleAsync();
        Assert.Equal(token, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await page.ScreenshotAsync("51-api-key-secret-once");

        await page.GetByTestId("close-api-key-secret").ClickAsync();
        await Assertions.Expect(page.GetByTestId("api-keys-grid")).ToContainTextAsync("营销平台推送");
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(http, token, template, "evt-1")).StatusCode);
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("api-keys-grid")).Not.ToContainTextAsync("从未使用");
        await page.ScreenshotAsync("52-api-keys-used");

        await page.GetByTestId($"revoke-{token[3..19]}").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "吊销" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("api-keys-grid")).ToContainTextAsync("已吊销");
        await page.ScreenshotAsync("53-api-key-revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PushAsync(http, token, template, "evt-2")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PushAsync(HttpClient http, string token, string template, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsModule.IngestRoute)
        {
            Content = new StringContent(
                $$"""{"event_id":"{{id}}","kind":"click","time":"{{DateTimeOffset.UtcNow:O}}","tpl_id":"{{template}}","vendor":"HUAWEI"}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
