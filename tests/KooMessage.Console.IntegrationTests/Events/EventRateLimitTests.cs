using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.ApiKeys;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Events;

/// <summary>The ingestion endpoint's limit per key: past it a JSON 429 with Retry-After; another key is not held back.</summary>
public sealed class EventRateLimitTests : IAsyncLifetime
{
    private readonly ConsoleFactory console = new();
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app = default!;

    public Task InitializeAsync()
    {
        app = console.WithWebHostBuilder(b => b.UseSetting("Events:RequestsPerMinute", "2"));
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

    private async Task<string> KeyAsync(TestUser owner)
    {
        await using var scope = app.Services.As(owner.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyForm { Name = "推送", Role = Roles.Development }, CancellationToken.None);
        TestData.Ok(created);
        return created.Value.Token;
    }

    private async Task<HttpResponseMessage> PostAsync(string key)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsModule.IngestRoute)
        {
            Content = new StringContent("""{"event_id":"evt-1","kind":"click","time":"2026-11-29T08:00:00Z"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request);
    }
}
