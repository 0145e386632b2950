using System.Net;
using System.Text.Json;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Transfer;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Templates;

/// <summary>导出 JSON over HTTP: the file goes to its account's exporters, and a public starter to every exporter; nobody else gets it.</summary>
public sealed class TemplateExportEndpointTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private string templateA = "";

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        await app.Services.CreateUserAsync(ownerA, "viewer-a", Roles.ReadOnlyAccess);
        await using var scope = app.Services.As(ownerA.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<TemplateService>()
            .CreateAsync(new NewTemplateForm { Name = "甲模板", CardId = "PureText", Vendors = [Vendor.Huawei] }, CancellationToken.None);
        TestData.Ok(created);
        templateA = created.Value;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<HttpResponseMessage> GetAsync(string? user, string tplId)
    {
        using var client = app.CreateBrowserlikeClient();
        if (user is not null)
        {
            using var signedIn = await client.SignInAsync(user, TestData.Password);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        return await client.GetAsync(TemplatesModule.ExportUrl(tplId));
    }

    [Fact]
    public async Task Get_OwnTemplate_DownloadsTheVersionedFileNamedAfterIt()
    {
        using var response = await GetAsync("owner-a", templateA);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"甲模板-{templateA}.json", response.Content.Headers.ContentDisposition?.FileNameStar);
        var file = JsonSerializer.Deserialize<TemplateTransferFile>(await response.Content.ReadAsStringAsync(), TemplateTransferFile.Options)!;
        Assert.Equal((TemplateTransferFile.FormatName, TemplateTransferFile.CurrentVersion, "甲模板", templateA),
            (file.Format, file.Version, file.Template!.Name, file.Source!.TplId));
    }

    [Fact]
    public async Task Get_AnotherAccountsTemplate_NotFound()
    {
        using var response = await GetAsync("owner-b", templateA);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_PublicStarterFromAnyAccount_Downloads()
    {
        using var response = await GetAsync("owner-b", "100000001");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_ReadOnlyUserWithoutTheExportPermission_NotFound()
    {
        using var response = await GetAsync("viewer-a", templateA);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_Anonymous_SentToSignInWithoutTheFile()
    {
        using var response = await GetAsync(null, templateA);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.DoesNotContain(TemplateTransferFile.FormatName, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
