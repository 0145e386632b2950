using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.ApiKeys;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Events;

/// <summary>The ingestion endpoint's limit per key: past it a JSON 429 with Retry-After; another key is not held back.</summary>
public sealed class EventRateLimitTests : IAsyncLifetime
{
    private readonly ConsoleFactory console = new();
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app = default!;

    /// <summary>The header a request names its client address in (the test server has none).</summary>
    private const string AddressHeader = "X-Test-Address";

    public Task InitializeAsync()
    {
        app = console.WithWebHostBuilder(b => b.UseSetting("Events:RequestsPerMinute", "2")
            .ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddress>()));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await console.DisposeAsync();
    }

    [Fact]
    public async Task Post_PastTheLimitOfOneKey_429AsJsonWhileAnotherKeyGoesOn()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var first = await KeyAsync(owner);
        var second = await KeyAsync(owner);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await PostAsync(first)).StatusCode);
        }

        var limited = await PostAsync(first);
        var other = await PostAsync(second);

        // The events name no template, so the ones let through answer 400: the limit is counted before any check.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        using var body = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal("KMC.00000429", body.RootElement.GetProperty("error_code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    // A key's id is not a secret: wrong secrets from elsewhere use up that address's minute, not the key's.
    [Fact]
    public async Task Post_WrongSecretsNamingAKeyFromAnotherAddress_TheKeyGoesOn()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var key = await KeyAsync(owner);
        var forged = key[..(key.LastIndexOf('_') + 1)] + "notTheSecret";

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await PostAsync(forged, "10.0.0.9")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(key, "10.0.0.1")).StatusCode);
    }

    // A made-up key id per request gets a partition of its own; the address's refused keys still stop it, good key or not.
    [Fact]
    public async Task Post_MadeUpKeysFromOneAddress_429AfterTheLimitEvenForAGoodKey()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var key = await KeyAsync(owner);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await PostAsync($"km_{i:x16}_madeUp", "10.0.0.9")).StatusCode);
        }

        var good = await PostAsync(key, "10.0.0.9");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, good.StatusCode);
        Assert.Equal("60", good.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(key, "10.0.0.1")).StatusCode);
    }

    private async Task<string> KeyAsync(TestUser owner)
    {
        await using var scope = app.Services.As(owner.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyForm { Name = "推送", Role = Roles.Development }, CancellationToken.None);
        TestData.Ok(created);
        return created.Value.Token;
    }

    private async Task<HttpResponseMessage> PostAsync(string key, string? address = null)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsModule.IngestRoute)
        {
            Content = new StringContent("""{"event_id":"evt-1","kind":"click","time":"2026-11-29T08:00:00Z"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (address is not null)
        {
            request.Headers.Add(AddressHeader, address);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Gives a request the client address its <see cref="AddressHeader"/> names, ahead of the console's pipeline.</summary>
    private sealed class ClientAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (context.Request.Headers[AddressHeader].ToString() is { Length: > 0 } address)
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                return following();
            });
            next(app);
        };
    }
}
