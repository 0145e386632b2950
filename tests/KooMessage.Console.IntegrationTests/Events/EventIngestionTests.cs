using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.ApiKeys;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Events;

/// <summary>POST /api/events over HTTP: API keys, per-event refusals, another account's templates, idempotent reposts.</summary>
public sealed class EventIngestionTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private TestUser ownerA = default!;
    private string templateA = "";
    private string templateB = "";
    private string keyA = "";

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        templateA = await TemplateAsync(ownerA, "甲模板");
        templateB = await TemplateAsync(ownerB, "乙模板");
        keyA = (await KeyAsync(ownerA, Roles.Development)).Token;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Post_OneEventWithAValidKey_202AndStored()
    {
        var response = await PostAsync(keyA, Event("evt-1", "click", templateA, vendor: "huawei"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<IngestionAnswer>();
        Assert.Equal(1, answer!.Accepted);
        Assert.Empty(answer.Rejected);
        var stored = await StoredAsync(1);
        Assert.Equal(("evt-1", EventKind.Click, templateA, "HUAWEI", ownerA.AccountId!.Value),
            (stored[0].ExternalId, stored[0].Kind, stored[0].TemplateId, stored[0].Vendor, stored[0].AccountId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer km_0123456789abcdef_notTheSecret")]
    [InlineData("Basic b3duZXI6cGFzcw==")]
    public async Task Post_NoOrWrongKey_401(string? authorization)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsModule.IngestRoute) { Content = Json(Event("evt-1", "click", templateA)) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(EventIngestion.InvalidKey, (await ErrorAsync(response)).Code);
        Assert.Empty(await StoredAsync(0));
    }

    [Fact]
    public async Task Post_RevokedKey_401AtOnce()
    {
        var created = await KeyAsync(ownerA, Roles.Development);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(created.Token, Event("evt-1", "exposure", templateA))).StatusCode);
        await using (var scope = app.Services.As(ownerA.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(created.Id, CancellationToken.None));
        }

        var response = await PostAsync(created.Token, Event("evt-2", "exposure", templateA));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["evt-1"], (await StoredAsync(1)).Select(e => e.ExternalId));
    }

    [Fact]
    public async Task Post_AnotherAccountsTemplate_RefusedAsUnknownAndNotStored()
    {
        var response = await PostAsync(keyA, Event("evt-1", "click", templateB));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rejected = Assert.Single((await response.Content.ReadFromJsonAsync<IngestionAnswer>())!.Rejected);
        Assert.Equal((0, "evt-1", EventIngestion.TemplateNotFound), (rejected.Index, rejected.EventId, rejected.ErrorCode));
        Assert.Contains(templateB, rejected.ErrorMsg, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(0));
    }

    [Fact]
    public async Task Post_BatchWithOneBadEvent_OthersAcceptedAndTheBadOneNamedInTheCallersLanguage()
    {
        object[] batch =
        [
            Event("evt-1", "exposure", templateA),
            Event("evt-2", "click", templateA, vendor: "NOKIA"),
            Event("evt-3", "menu_click", null, serviceNumber: "95588", menuItem: "账户查询"),
            Event("evt-4", "click", templateA, numberHash: new string('a', 40)),
        ];

        var response = await PostAsync(keyA, batch, language: "en-US,en;q=0.9");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<IngestionAnswer>())!;
        Assert.Equal(2, answer.Accepted);
        Assert.Collection(answer.Rejected,
            r =>
            {
                Assert.Equal((1, "evt-2", ErrorCodes.InvalidParameter), (r.Index, r.EventId, r.ErrorCode));
                Assert.StartsWith("vendor must be one of", r.ErrorMsg, StringComparison.Ordinal);
            },
            r =>
            {
                // A service number the account does not have (the menus module vouches for service numbers and their items).
                Assert.Equal((2, "evt-3", ErrorCodes.NotFound), (r.Index, r.EventId, r.ErrorCode));
            });
        Assert.Equal(["evt-1", "evt-4"], (await StoredAsync(2)).Select(e => e.ExternalId).Order());
    }

    [Fact]
    public async Task Post_NoLanguageAsked_ChineseMessages()
    {
        var response = await PostAsync(keyA, Event("evt-1", "resolve", templateA), language: null);

        var rejected = Assert.Single((await response.Content.ReadFromJsonAsync<IngestionAnswer>())!.Rejected);
        Assert.Contains("不能推送", rejected.ErrorMsg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SameEventAgain_AcceptedButStoredOnce()
    {
        var first = await PostAsync(keyA, new object[] { Event("evt-1", "click", templateA), Event("evt-2", "click", templateA) });
        await StoredAsync(2);

        var again = await PostAsync(keyA, new object[] { Event("evt-1", "click", templateA), Event("evt-3", "click", templateA) });

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, again.StatusCode));
        Assert.Equal(["evt-1", "evt-2", "evt-3"], (await StoredAsync(3)).Select(e => e.ExternalId).Order());
        var writer = app.Services.GetRequiredService<EventWriter>();
        await WaitAsync(() => writer.Duplicates == 1);
    }

    [Fact]
    public async Task Post_ReadOnlyKey_403()
    {
        var readOnly = await KeyAsync(ownerA, Roles.ReadOnlyAccess);

        var response = await PostAsync(readOnly.Token, Event("evt-1", "click", templateA));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Post_MoreThanTheLimitOrNothing_RefusedWhole()
    {
        var tooMany = Enumerable.Range(0, 101).Select(i => (object)Event($"evt-{i}", "click", templateA)).ToArray();

        var over = await PostAsync(keyA, tooMany);
        var empty = await PostAsync(keyA, Array.Empty<object>());
        var notJson = await PostRawAsync(keyA, "{\"event_id\":");

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.InvalidParameter), (over.StatusCode, (await ErrorAsync(over)).Code));
        Assert.Equal(EventIngestion.EmptyBatch, (await ErrorAsync(empty)).Code);
        Assert.Equal(ErrorCodes.InvalidParameter, (await ErrorAsync(notJson)).Code);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(keyA, tooMany[..100])).StatusCode);
    }

    [Fact]
    public async Task Post_TimeOutsideTheWindow_Refused()
    {
        var now = DateTimeOffset.UtcNow;
        object[] batch =
        [
            Event("evt-future", "click", templateA, time: now.AddMinutes(10)),
            Event("evt-old", "click", templateA, time: now.AddDays(-31)),
            Event("evt-ok", "click", templateA, time: now.AddDays(-29)),
        ];

        var answer = (await (await PostAsync(keyA, batch)).Content.ReadFromJsonAsync<IngestionAnswer>())!;

        Assert.Equal(1, answer.Accepted);
        Assert.Equal(["evt-future", "evt-old"], answer.Rejected.Select(r => r.EventId));
    }

    // The console's own event ids share the store's (account, event id) key: a pushed "send:…" would take a send's place.
    [Fact]
    public async Task Post_TheConsolesOwnEventIds_RefusedAndNotStored()
    {
        object[] batch =
        [
            Event("send:01a22f99730575ba8cb6db603bd2a3f2", "exposure", templateA),
            Event("DLR:01a22f99730575ba8cb6db603bd2a3f2:1", "click", templateA),
            Event("resend:1", "click", templateA),
        ];

        var answer = (await (await PostAsync(keyA, batch)).Content.ReadFromJsonAsync<IngestionAnswer>())!;

        Assert.Equal(1, answer.Accepted);
        Assert.Collection(answer.Rejected,
            r => Assert.Equal((0, ErrorCodes.InvalidParameter, "事件ID不能以“send:”开头：这类ID留给控制台自己记录的事件。"), (r.Index, r.ErrorCode, r.ErrorMsg)),
            r => Assert.Equal((1, "事件ID不能以“dlr:”开头：这类ID留给控制台自己记录的事件。"), (r.Index, r.ErrorMsg)));
        Assert.Equal(["resend:1"], (await StoredAsync(1)).Select(e => e.ExternalId));
    }

    // A time without an offset would be read in the server's zone: refused with the time's message, like one that is no time.
    [Theory]
    [InlineData("2026-11-29T08:00:00", false)]
    [InlineData("2026-11-29", false)]
    [InlineData("yesterday", false)]
    [InlineData("{0:yyyy-MM-ddTHH:mm:ss}Z", true)]
    [InlineData("{0:yyyy-MM-ddTHH:mm:ss.fff}+0800", true)]
    public async Task Post_TimeWithoutAnOffset_RefusedWithTheTimesMessage(string format, bool accepted)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var time = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, format.EndsWith("+0800", StringComparison.Ordinal) ? now.ToOffset(TimeSpan.FromHours(8)) : now);
        var body = $$"""{"event_id":"evt-1","kind":"click","time":"{{time}}","tpl_id":"{{templateA}}"}""";

        var answer = (await (await PostRawAsync(keyA, body)).Content.ReadFromJsonAsync<IngestionAnswer>())!;

        Assert.Equal(accepted ? 1 : 0, answer.Accepted);
        if (!accepted)
        {
            Assert.StartsWith("time 必须是带时区偏移的 ISO 8601 时间", Assert.Single(answer.Rejected).ErrorMsg, StringComparison.Ordinal);
        }
    }

    // A key acts for its creator: refused while the creator is disabled, and again when re-enabled with a lower role.
    [Fact]
    public async Task Post_KeyOfADisabledOrDemotedCreator_401()
    {
        var developer = await app.Services.CreateUserAsync(ownerA, "dev-a", Roles.Development);
        var created = await KeyAsync(developer, Roles.Development);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(created.Token, Event("evt-1", "exposure", templateA))).StatusCode);

        await using (var scope = app.Services.As(ownerA.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<UserService>().SetDisabledAsync(UserScope.Tenant, developer.Id, true, CancellationToken.None));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(created.Token, Event("evt-2", "exposure", templateA))).StatusCode);

        await using (var scope = app.Services.As(ownerA.Principal))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserService>();
            TestData.Ok(await users.SetDisabledAsync(UserScope.Tenant, developer.Id, false, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(created.Token, Event("evt-3", "exposure", templateA))).StatusCode);
            TestData.Ok(await users.SetRoleAsync(UserScope.Tenant, developer.Id, Roles.ReadOnlyAccess, CancellationToken.None));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(created.Token, Event("evt-4", "exposure", templateA))).StatusCode);
        Assert.Equal(["evt-1", "evt-3"], (await StoredAsync(2)).Select(e => e.ExternalId));
    }

    [Fact]
    public async Task Post_WithAConsoleCookieButNoKey_401AndNoRedirect()
    {
        using var client = app.CreateBrowserlikeClient();
        await client.SignInAsync("owner-a", TestData.Password);

        var response = await client.PostAsync(EventsModule.IngestRoute, Json(Event("evt-1", "click", templateA)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    private static Dictionary<string, object?> Event(string id, string kind, string? template, string? vendor = null, string? serviceNumber = null, string? menuItem = null,
        string? numberHash = null, DateTimeOffset? time = null) => new Dictionary<string, object?>
    {
        ["event_id"] = id,
        ["kind"] = kind,
        ["time"] = (time ?? DateTimeOffset.UtcNow.AddMinutes(-1)).ToString("O"),
        ["tpl_id"] = template,
        ["vendor"] = vendor,
        ["service_number"] = serviceNumber,
        ["menu_item"] = menuItem,
        ["number_hash"] = numberHash,
    };

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> PostAsync(string key, object body, string? language = null) => PostRawAsync(key, JsonSerializer.Serialize(body), language);

    private async Task<HttpResponseMessage> PostRawAsync(string key, string body, string? language = null)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsModule.IngestRoute) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (language is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
        }

        return await client.SendAsync(request);
    }

    private static async Task<(string Code, string Message)> ErrorAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("error_code").GetString()!, body.RootElement.GetProperty("error_msg").GetString()!);
    }

    /// <summary>The store's rows once the writer has handled everything accepted so far, checked to be <paramref name="count"/>.</summary>
    private async Task<List<PlatformEvent>> StoredAsync(int count)
    {
        var channel = app.Services.GetRequiredService<EventChannel>();
        var writer = app.Services.GetRequiredService<EventWriter>();
        await WaitAsync(() => writer.Handled >= channel.Accepted);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var rows = await db.Events.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(count, rows.Count);
        return rows;
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private async Task<string> TemplateAsync(TestUser user, string name)
    {
        await using var scope = app.Services.As(user.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<TemplateService>()
            .CreateAsync(new NewTemplateForm { Name = name, CardId = "PureText", Vendors = [Vendor.Huawei] }, CancellationToken.None);
        TestData.Ok(created);
        return created.Value;
    }

    private async Task<CreatedApiKey> KeyAsync(TestUser user, string role)
    {
        await using var scope = app.Services.As(user.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyForm { Name = "推送", Role = role }, CancellationToken.None);
        TestData.Ok(created);
        return created.Value;
    }
}
