using System.Collections.Concurrent;
using System.Net;
using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KooMessage.Console.IntegrationTests.ShortLinks;

/// <summary>The resolve host over HTTP: redirects, H5 pages with the link's values, limits, bots and concurrency.</summary>
public sealed class ResolveHostTests : IAsyncLifetime
{
    private const string Phone = "Mozilla/5.0 (Linux; Android 13; V2227A; wv) AppleWebKit/537.36 Mobile Safari/537.36 VivoBrowser/17.0";

    private readonly ConsoleFactory app = new();
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;
    private string tplId = "";

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        (tplId, _) = await app.Services.ApprovedTemplateAsync(ownerA.AccountId!.Value);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Resolve_WithoutCustomUrl_RendersTheH5PageWithTheLinksValues_NotInTheUrl()
    {
        var code = await GroupLinkAsync(10);

        var response = await GetAsync($"/s/{code}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("王女士您好，本月账单88元", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"h5-page\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("blazor", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Resolve_AfterItsTemplateIsDeleted_NotFoundAtOnce_NotTheRememberedPage()
    {
        var code = await GroupLinkAsync(10);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/s/{code}")).StatusCode);

        await using (var scope = app.Services.As(ownerA.Principal))
        {
            int version;
            await using (var db = await Db())
            {
                version = await db.AimTemplates.Where(t => t.TplId == tplId).Select(t => t.Version).SingleAsync();
            }

            TestData.Ok(await scope.ServiceProvider.GetRequiredService<TemplateService>().DeleteAsync(tplId, version, CancellationToken.None));
        }

        var after = await GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Contains("link-gone", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // One typed with Chinese in it is stored and sent percent-encoded (a non-ASCII Location header failed the visit with a 500).
    [Theory]
    [InlineData("https://shop.example.com/spring?x=1", "https://shop.example.com/spring?x=1")]
    [InlineData("https://shop.example.com/春季?q=测试", "https://shop.example.com/%E6%98%A5%E5%AD%A3?q=%E6%B5%8B%E8%AF%95")]
    public async Task Resolve_WithCustomUrl_302ToIt(string typed, string location)
    {
        var form = ShortLinkData.GroupForm(tplId);
        form.CustomUrl = typed;
        var code = (await app.Services.CreateTaskAsync(ownerA, form)).Value.Codes[0];

        var response = await GetAsync($"/s/{code}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Resolve_UnknownOrOtherCase_FriendlyNotFoundInTheVisitorsLanguage()
    {
        var code = await GroupLinkAsync(10);
        var flipped = new string([.. code.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))]);

        var english = await GetAsync($"/s/{flipped}", "en-US,en;q=0.9");
        var chinese = await GetAsync("/s/Nope123");

        Assert.Equal(HttpStatusCode.NotFound, english.StatusCode);
        Assert.Contains("Link not found", WebUtility.HtmlDecode(await english.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("链接不存在", WebUtility.HtmlDecode(await chinese.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_Expired_Or_Disabled_FriendlyGonePage_AndNoResolve()
    {
        var expired = await GroupLinkAsync(10);
        var disabled = await GroupLinkAsync(10);
        await using (var db = await Db())
        {
            await db.ShortLinks.Where(k => k.Code == expired).ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        }

        await using (var scope = app.Services.As(ownerA.Principal))
        {
            var service = scope.ServiceProvider.GetRequiredService<ShortLinkService>();
            var link = (await service.LinksAsync(new PageRequest(Search: disabled), new LinkFilter(), CancellationToken.None)).Value.Items.Single();
            TestData.Ok(await service.DisableLinkAsync(link.Id, link.Version, CancellationToken.None));
        }

        app.Services.GetRequiredService<LinkSnapshot>().Invalidate();
        var a = await GetAsync($"/s/{expired}");
        var b = await GetAsync($"/s/{disabled}");

        Assert.Equal(HttpStatusCode.Gone, a.StatusCode);
        Assert.Contains("data-why=\"Expired\"", await a.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, b.StatusCode);
        Assert.Contains("data-why=\"Disabled\"", await b.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await WaitForEventsAsync(expired, 1);
        await WaitForEventsAsync(disabled, 1);
        await using var check = await Db();
        Assert.Equal(0, await check.ShortLinks.SumAsync(k => k.Resolved));
    }

    [Fact]
    public async Task Resolve_200ConcurrentVisitsOfAGroupLinkWithMax100_Exactly100Resolves()
    {
        var code = await GroupLinkAsync(100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => GetAsync($"/s/{code}")));

        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.Gone));
        await WaitForEventsAsync(code, 200);
        await using var db = await Db();
        Assert.Equal(100, await db.ShortLinks.Where(k => k.Code == code).Select(k => k.Resolved).SingleAsync());
        Assert.Equal(100, await db.Events.CountAsync(e => e.LinkCode == code && e.Kind == EventKind.Resolve));
        Assert.Equal(100, await db.Events.CountAsync(e => e.LinkCode == code && e.Kind == EventKind.Visit));
    }

    [Fact]
    public async Task GracefulStop_RightAfterVisits_EveryAnsweredVisitAndEveryCountIsWritten()
    {
        var code = await GroupLinkAsync(1_000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => GetAsync($"/s/{code}")));
        await app.Host.StopAsync();

        // The stopped host has let its services go: read the file as the next start would.
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var db = new SqliteConnection($"Data Source={Path.Combine(app.DataFolder, "koomessage.db")}");
        await db.OpenAsync();
        Assert.Equal(300L, await ScalarAsync(db, """SELECT "Resolved" FROM "ShortLinks" WHERE "Code" = $code""", code));
        Assert.Equal(300L, await ScalarAsync(db, $"""SELECT COUNT(*) FROM "Events" WHERE "LinkCode" = $code AND "Kind" = {(int)EventKind.Resolve}""", code));
    }

    [Fact]
    public async Task Resolve_Bots_OpenThePageButNeverConsumeAResolve_AndAreFlagged()
    {
        var code = await GroupLinkAsync(2);

        var bot = await GetAsync($"/s/{code}", ua: "curl/8.5.0");
        var preview = await GetAsync($"/s/{code}", ua: "WhatsApp/2.23.20.0 A");
        var human = await GetAsync($"/s/{code}");

        Assert.All([bot, preview, human], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await WaitForEventsAsync(code, 3);
        await using var db = await Db();
        Assert.Equal(1, await db.ShortLinks.Where(k => k.Code == code).Select(k => k.Resolved).SingleAsync());
        var visits = await db.Events.Where(e => e.LinkCode == code).ToListAsync();
        Assert.Equal(3, visits.Count);
        Assert.All(visits.Where(v => v.IsBot), v => Assert.Equal(EventKind.Visit, v.Kind));
        Assert.Equal(2, visits.Count(v => v.IsBot));
        var person = Assert.Single(visits, v => !v.IsBot);
        Assert.Equal((EventKind.Resolve, "phone", "VIVO"), (person.Kind, person.Agent, person.Vendor));
    }

    [Fact]
    public async Task Resolve_VisitorCookie_SetOnTheFirstVisit_KeptOnTheNext_InTheEvents_NotForBots()
    {
        var code = await GroupLinkAsync(10);

        var first = await GetAsync($"/s/{code}");
        var set = Assert.Single(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith(VisitorCookie.Name + "=", StringComparison.Ordinal));
        var id = set[(VisitorCookie.Name.Length + 1)..set.IndexOf(';', StringComparison.Ordinal)];
        var again = await GetAsync($"/s/{code}", cookie: $"{VisitorCookie.Name}={id}");
        var other = await GetAsync($"/s/{code}");
        var bot = await GetAsync($"/s/{code}", ua: "curl/8.5.0");

        Assert.Equal(VisitorCookie.Length, id.Length);
        Assert.False(again.Headers.Contains("Set-Cookie"));
        Assert.False(bot.Headers.Contains("Set-Cookie"));
        await WaitForEventsAsync(code, 4);
        await using var db = await Db();
        var visitors = await db.Events.Where(e => e.LinkCode == code).OrderBy(e => e.Id).Select(e => e.VisitorId).ToListAsync();
        Assert.Equal(4, visitors.Count);
        Assert.Equal([id, id], visitors[..2]);
        Assert.NotNull(visitors[2]);
        Assert.NotEqual(id, visitors[2]);
        Assert.Null(visitors[3]);
        Assert.Contains("httponly", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(first.Headers.GetValues("Set-Cookie"), c => c.Contains("max-age=31536000", StringComparison.OrdinalIgnoreCase));
        Assert.True(other.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Resolve_IndividualLink_ResolvesOnce_LaterVisitsStillOpenThePage()
    {
        var form = ShortLinkData.GroupForm(tplId);
        form.Type = ShortLinkType.Individual;
        form.ExpiryDays = 7;
        form.Links[0].CustFlag = "13800138000";
        var code = (await app.Services.CreateTaskAsync(ownerA, form)).Value.Codes[0];

        var first = await GetAsync($"/s/{code}");
        var second = await GetAsync($"/s/{code}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        await WaitForEventsAsync(code, 2);
        await using var db = await Db();
        var link = await db.ShortLinks.SingleAsync(k => k.Code == code);
        Assert.Equal(1, link.Resolved);
        Assert.NotNull(link.FirstResolvedAt);
        Assert.Equal(1, await db.Events.CountAsync(e => e.LinkCode == code && e.Kind == EventKind.Resolve));
        Assert.Equal(1, await db.Events.CountAsync(e => e.LinkCode == code && e.Kind == EventKind.Visit));
    }

    [Fact]
    public async Task Resolve_PlatformDomainWithTwoPathLevels_MatchedByHost()
    {
        await using (var scope = app.Services.As((await TestData.UserAsync(app.Services, "admin")).Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<ShortDomainService>().SaveAsync(null, 0, new ShortDomainForm { Host = "km2g.cn", Path = "a1/b2" }, CancellationToken.None));
        }

        var form = ShortLinkData.GroupForm(tplId);
        form.CustomUrl = "https://shop.example.com/";
        await using (var scope = app.Services.As(ownerA.Principal))
        {
            form.DomainId = (await scope.ServiceProvider.GetRequiredService<ShortLinkService>().DomainsAsync(CancellationToken.None)).Value.Single(d => d.Id is not null).Id;
        }

        var code = (await app.Services.CreateTaskAsync(ownerA, form)).Value.Codes[0];
        using var client = app.CreateBrowserlikeClient();
        using var right = new HttpRequestMessage(HttpMethod.Get, $"http://km2g.cn/a1/b2/{code}");
        using var wrongPath = new HttpRequestMessage(HttpMethod.Get, $"http://km2g.cn/a1/{code}");
        using var defaultDomain = new HttpRequestMessage(HttpMethod.Get, $"/s/{code}");
        right.Headers.UserAgent.ParseAdd(Phone);

        Assert.Equal(HttpStatusCode.Redirect, (await client.SendAsync(right)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, (await client.SendAsync(wrongPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(defaultDomain)).StatusCode);
    }

    [Fact]
    public async Task Tasks_OfAnotherAccount_AreNotFound()
    {
        var created = await app.Services.CreateTaskAsync(ownerA, ShortLinkData.GroupForm(tplId));
        await using var scope = app.Services.As(ownerB.Principal);
        var service = scope.ServiceProvider.GetRequiredService<ShortLinkService>();

        var get = await service.GetAsync(created.Value.Id, CancellationToken.None);
        var disable = await service.DisableTaskAsync(created.Value.Id, 0, CancellationToken.None);
        var links = await service.LinksAsync(new PageRequest(), new LinkFilter(created.Value.Id), CancellationToken.None);
        var list = await service.ListAsync(new PageRequest(), new TaskFilter(), CancellationToken.None);

        Assert.Equal(ErrorCodes.NotFound, get.Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, disable.Error?.Code);
        Assert.Empty(links.Value.Items);
        Assert.Empty(list.Value.Items);
    }

    [Fact]
    public async Task ThePrefix_IsNoConsoleRoute_AndIsServedBeforeTheSetupGate()
    {
        await using var fresh = new ConsoleFactory();
        using var client = fresh.CreateBrowserlikeClient();

        var response = await client.GetAsync("/s/Abc1234");
        var routes = fresh.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'));
        var pages = typeof(Program).Assembly.GetTypes().SelectMany(t => t.GetCustomAttributes(typeof(RouteAttribute), false).Cast<RouteAttribute>()).Select(r => r.Template);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("link-gone", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(routes.Concat(pages), r => r.Equals("/s", StringComparison.OrdinalIgnoreCase) || r.StartsWith("/s/", StringComparison.OrdinalIgnoreCase));
    }

    // WebApplication puts routing first in the pipeline unless the app places it: then every visit was matched against the
    // console's routes before the resolve host saw it (a file lookup a visit from the static assets' fallback route).
    [Fact]
    public async Task Resolve_IsAnsweredBeforeRouting_WhileConsolePagesAreRouted()
    {
        var code = await GroupLinkAsync(10);
        var routed = new RoutedPaths();
        // A second host on the same database; the factory disposes it with itself.
        var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<MatcherPolicy>(routed)));
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/s/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/s/Abc1234")).StatusCode);
        await client.GetAsync("/not-found");

        Assert.Contains("/not-found", routed.Paths);
        Assert.DoesNotContain(routed.Paths, p => p.StartsWith("/s/", StringComparison.Ordinal));
    }

    private async Task<string> GroupLinkAsync(int max)
    {
        var created = await app.Services.CreateTaskAsync(ownerA, ShortLinkData.GroupForm(tplId, max));
        TestData.Ok(created);
        return created.Value.Codes[0];
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string language = "zh-CN", string ua = Phone, string? cookie = null)
    {
        using var client = app.CreateBrowserlikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        request.Headers.AcceptLanguage.ParseAdd(language);
        request.Headers.UserAgent.ParseAdd(ua);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection db, string sql, string code)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$code", code);
        return await command.ExecuteScalarAsync();
    }

    private Task<KooMessageDb> Db() => app.Services.GetRequiredService<TenantDb>().ForAccountAsync(ownerA.AccountId!.Value, "test", CancellationToken.None);

    /// <summary>The batched writer stores events a moment after they are answered: wait for them, with a bound.</summary>
    private async Task WaitForEventsAsync(string code, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = await Db();
            if (await db.Events.CountAsync(e => e.LinkCode == code) >= count || DateTime.UtcNow > until)
            {
                return;
            }

            await Task.Yield();
        }
    }

    /// <summary>The paths that reached endpoint routing (its matcher asks every selector policy about each request with candidates).</summary>
    private sealed class RoutedPaths : MatcherPolicy, IEndpointSelectorPolicy
    {
        private readonly ConcurrentQueue<string> paths = new();

        public IReadOnlyCollection<string> Paths => paths;

        public override int Order => 0;

        public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => true;

        public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
        {
            paths.Enqueue(httpContext.Request.Path.Value ?? "");
            return Task.CompletedTask;
        }
    }
}
