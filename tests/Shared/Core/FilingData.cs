using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

/// <summary>Filings, apps and signatures made through the console's services, as a tenant and a reviewer would.</summary>
public static class FilingData
{
    public static EnterpriseForm Form(string name = "星河科技有限公司", string code = "914403001922038216") => new()
    {
        CertificateType = CertificateType.ThreeInOne, Name = name, CreditCode = code, ContactName = "李雷",
        ContactPhone = "13800138000", ContactEmail = "lilei@example.com", EnterpriseType = EnterpriseType.LimitedLiability, Industry = Industry.Social,
        Scenarios = FilingScenarios.Aim,
    };

    /// <summary>Stages bytes as the file picker stages a file the browser streams, with the two-megabyte limit of the console's rules.</summary>
    public static async Task<UploadedFile> StageAsync(this IServiceProvider services, string fileName, byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        return await services.GetRequiredService<FileStore>().StageAsync(fileName, stream, UploadRule.TwoMegabytes, CancellationToken.None);
    }

    /// <summary>Everything a 智能信息 filing needs: a licence picture and the required PDFs.</summary>
    public static async Task<FilingUploads> CompleteUploadsAsync(this IServiceProvider services, byte[]? license = null)
    {
        var materials = new Dictionary<MaterialKind, UploadedFile>();
        foreach (var requirement in MaterialCatalog.For(FilingScenarios.Aim).Where(r => r.Required))
        {
            materials[requirement.Kind] = await services.StageAsync($"{requirement.Kind}.pdf", DemoFiles.Pdf(requirement.Kind.ToString()));
        }

        return new FilingUploads(await services.StageAsync("营业执照.png", license ?? DemoFiles.Png), materials);
    }

    public static async Task<Guid> SubmitFilingAsync(this IServiceProvider services, TestUser owner, string name = "星河科技有限公司", string code = "914403001922038216")
    {
        await using var scope = services.As(owner.Principal);
        var filed = await scope.ServiceProvider.GetRequiredService<EnterpriseService>().SaveAsync(null, Form(name, code), await services.CompleteUploadsAsync(), submit: true, CancellationToken.None);
        TestData.Ok(filed);
        return filed.Value;
    }

    /// <summary>The item's open review ticket, as the queue lists it.</summary>
    public static async Task<long> OpenTicketAsync(this IServiceProvider services, string kind, Guid id)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        return await db.ReviewTickets.Where(t => t.Kind == kind && t.ItemId == id && t.State == ReviewTicketState.Open).Select(t => t.Id).SingleAsync();
    }

    /// <summary>What a reviewer does: opens the item's ticket, reads the item, and decides on the state shown.</summary>
    public static async Task<Result> TryDecideAsync(this IServiceProvider services, TestUser reviewer, string kind, Guid id, bool approve, string? reason = null, string? input = null)
    {
        var ticket = await services.OpenTicketAsync(kind, id);
        await using var scope = services.As(reviewer.Principal);
        var queue = scope.ServiceProvider.GetRequiredService<ReviewQueueService>();
        var shown = await queue.GetAsync(ticket, CancellationToken.None);
        TestData.Ok(shown);
        return await queue.DecideAsync(ticket, new ReviewDecision(approve, reason, input, shown.Value.StateKey), CancellationToken.None);
    }

    public static async Task DecideAsync(this IServiceProvider services, TestUser reviewer, string kind, Guid id, bool approve, string? reason = null, string? input = null) =>
        TestData.Ok(await services.TryDecideAsync(reviewer, kind, id, approve, reason, input));

    /// <summary>An approved filing and an SMS app: what a signature needs first.</summary>
    public static async Task<Guid> ReadyForSignaturesAsync(this IServiceProvider services, TestUser owner, TestUser reviewer)
    {
        var filing = await services.SubmitFilingAsync(owner);
        await services.DecideAsync(reviewer, FilingReviewSource.KindName, filing, approve: true);
        await using var scope = services.As(owner.Principal);
        var app = await scope.ServiceProvider.GetRequiredService<SmsAppService>().SaveAsync(null, new SmsAppForm { Name = "会员通知" }, CancellationToken.None);
        TestData.Ok(app);
        return app.Value;
    }

    public static SignatureForm Signature(Guid appId, string name = "星河", bool third = false) =>
        new() { Name = name, Type = SignatureType.Notify, AppId = appId, Source = SignatureSource.Enterprise, IsInvolvedThird = third };

    public static async Task<SignatureUploads> SignatureUploadsAsync(this IServiceProvider services, bool withAttorney = false) =>
        new([await services.StageAsync("营业执照.png", DemoFiles.Png)], withAttorney ? await services.StageAsync("授权委托书.pdf", DemoFiles.Pdf("attorney")) : null);

    public static async Task<Guid> RegisterSignatureAsync(this IServiceProvider services, TestUser owner, Guid appId, string name = "星河")
    {
        await using var scope = services.As(owner.Principal);
        var saved = await scope.ServiceProvider.GetRequiredService<SignatureService>().SaveAsync(null, Signature(appId, name), await services.SignatureUploadsAsync(), CancellationToken.None);
        TestData.Ok(saved);
        return saved.Value;
    }
}
