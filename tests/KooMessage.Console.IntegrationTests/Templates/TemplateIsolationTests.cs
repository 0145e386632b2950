using System.Net;
using ClosedXML.Excel;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Templates;

/// <summary>Two accounts' templates in the running app: neither reads, changes nor exports the other's.</summary>
public sealed class TemplateIsolationTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;
    private string templateA = "";

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        templateA = await CreateAsync(ownerA, "甲模板");
        await CreateAsync(ownerB, "乙模板");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<string> CreateAsync(TestUser user, string name)
    {
        await using var scope = app.Services.As(user.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<TemplateService>()
            .CreateAsync(new NewTemplateForm { Name = name, CardId = "PureText", Vendors = [Vendor.Huawei] }, CancellationToken.None);
        TestData.Ok(created);
        return created.Value;
    }

    [Fact]
    public async Task OwnerB_ReadOrChangeAccountATemplate_NotFoundAndUnchanged()
    {
        await using var scope = app.Services.As(ownerB.Principal);
        var templates = scope.ServiceProvider.GetRequiredService<TemplateService>();

        var read = await templates.GetDraftAsync(templateA, CancellationToken.None);
        var detail = await templates.GetDetailAsync(templateA, CancellationToken.None);
        var save = await templates.SaveDraftAsync(templateA, new TemplateDocument { CardId = "PureText", Name = "劫持" }, 1, CancellationToken.None);
        var disable = await templates.SetEnabledAsync(templateA, false, 1, CancellationToken.None);
        var submit = await templates.SubmitAsync(templateA, 1, CancellationToken.None);
        var delete = await templates.DeleteAsync(templateA, 1, CancellationToken.None);
        var listed = await templates.ListAsync(new TemplateQuery(), new PageRequest(), CancellationToken.None);

        Assert.All(new Result[] { read, detail, save, disable, submit, delete }, r => Assert.Equal(ErrorCodes.NotFound, r.Error?.Code));
        Assert.Equal(["乙模板"], listed.Value.Items.Select(t => t.Name));
        await using var own = app.Services.As(ownerA.Principal);
        var kept = await own.ServiceProvider.GetRequiredService<TemplateService>().GetDraftAsync(templateA, CancellationToken.None);
        Assert.Equal(("甲模板", true), (kept.Value.Document.Name, (await own.ServiceProvider.GetRequiredService<TemplateService>()
            .ListAsync(new TemplateQuery(), new PageRequest(), CancellationToken.None)).Value.Items.Single().Enabled));
    }

    [Fact]
    public async Task Export_OverHttp_OnlyOwnTemplatesAndOnlyForTheOwnAccount()
    {
        await using var scope = app.Services.As(ownerA.Principal);
        var source = new TemplateExportSource();
        var id = (await scope.ServiceProvider.GetRequiredService<ExportService>().RequestAsync(
            new ExportRequest(source.Key, TemplateExportSource.Parameters(new TemplateQuery(), null), source.Fields.Select(f => f.Key).ToList(), "templates"),
            CancellationToken.None)).Value;
        var job = await app.Services.WaitForEndAsync(id);
        Assert.Equal(JobState.Succeeded, job.State);
        using var a = app.CreateBrowserlikeClient();
        await a.SignInAsync(ownerA.UserName, TestData.Password);
        using var b = app.CreateBrowserlikeClient();
        await b.SignInAsync(ownerB.UserName, TestData.Password);

        using var own = await a.GetAsync($"/files/{job.ResultFileId}?download=true");
        using var other = await b.GetAsync($"/files/{job.ResultFileId}?download=true");
        using var book = new XLWorkbook(await own.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal((templateA, "甲模板"), (book.Worksheet(1).Cell(2, 1).GetString(), book.Worksheet(1).Cell(2, 2).GetString()));
        Assert.True(book.Worksheet(1).Cell(3, 1).IsEmpty());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Page_OwnerSignedIn_Served()
    {
        using var a = app.CreateBrowserlikeClient();
        await a.SignInAsync(ownerA.UserName, TestData.Password);

        using var page = await a.GetAsync(TemplatesModule.Route);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
