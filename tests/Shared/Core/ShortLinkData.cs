using KooMessage.Console.Data;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

/// <summary>What a resolve task needs in an account: an approved, enabled template with parameters and an approved signature.</summary>
public static class ShortLinkData
{
    public const string Signature = "星河";

    /// <summary>Adds an approved template (tpl_id <paramref name="tplId"/>) whose approved version declares ${name} and ${amount}, and the approved signature 星河.</summary>
    public static async Task<(string TplId, string Token)> ApprovedTemplateAsync(this IServiceProvider services, Guid accountId, string tplId = "600000001", bool enabled = true)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test short-link data", CancellationToken.None);
        var document = new TemplateDocument
        {
            Name = "春季新品推广",
            CardId = "StandardImageAndText",
            Pages = [new TemplatePage { Contents = [TemplateContent.Text(1, "${name}您好，本月账单${amount}元", title: true)] }],
            Params = [new TemplateParam("name", "张先生"), new TemplateParam("amount", "100")],
        };
        var template = new AimTemplate
        {
            AccountId = accountId, TplId = tplId, Name = "春季新品推广", SearchName = "春季新品推广", CardId = "StandardImageAndText",
            Vendors = AimTemplate.VendorList([Vendor.Huawei]), AuditState = TemplateAuditState.Approved, Enabled = enabled,
        };
        var version = new AimTemplateVersion { AccountId = accountId, TemplateId = template.Id, Number = 1, Document = TemplateJson.Serialize(document), State = TemplateVersionState.Approved };
        template.ApprovedVersionId = version.Id;
        db.AimTemplates.Add(template);
        db.AimTemplateVersions.Add(version);
        if (!db.Signatures.Any(s => s.Name == Signature))
        {
            var app = new SmsApp { AccountId = accountId, Name = "营销应用", Status = SmsAppStatus.Launched };
            db.SmsApps.Add(app);
            db.Signatures.Add(new Signature { AccountId = accountId, AppId = app.Id, Name = Signature, Status = SignatureStatus.ReviewPassed });
        }

        await db.SaveChangesAsync();
        return (tplId, version.PublicToken);
    }

    /// <summary>A valid group task form for <paramref name="tplId"/>: the limits' tests change one thing each.</summary>
    public static ResolveTaskForm GroupForm(string tplId, int max = 100) => new()
    {
        Name = "春季推广短链",
        TplId = tplId,
        Type = ShortLinkType.Group,
        ExpiryDays = 30,
        MaxResolves = max,
        Signatures = Signature,
        Links = [new LinkInput { CustFlag = "campaign", Values = new() { ["name"] = "王女士", ["amount"] = "88" } }],
    };

    public static async Task<Common.Result<CreatedTask>> CreateTaskAsync(this IServiceProvider services, TestUser user, ResolveTaskForm form)
    {
        await using var scope = services.As(user.Principal);
        return await scope.ServiceProvider.GetRequiredService<ShortLinkService>().CreateAsync(form, CancellationToken.None);
    }

    /// <summary>A bulk file's CSV for the template of <see cref="ApprovedTemplateAsync"/>: <paramref name="rows"/> distinct valid mobiles from 13000000000.</summary>
    public static byte[] BulkCsv(int rows, params string[] extraLines)
    {
        var csv = new System.Text.StringBuilder("手机号,${name},${amount},客户标识\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(13_000_000_000L + i).Append(",客户").Append(i).Append(",1,\n");
        }

        foreach (var line in extraLines)
        {
            csv.Append(line).Append('\n');
        }

        return System.Text.Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A 个性化 form for a bulk file: 7 days, standard codes.</summary>
    public static ResolveTaskForm BulkForm(string tplId) => new()
    {
        Name = "千人千面短链",
        TplId = tplId,
        Type = ShortLinkType.Individual,
        ExpiryDays = 7,
        Signatures = Signature,
    };

    public static async Task<Common.Result<BulkPlan>> DryRunBulkAsync(this IServiceProvider services, TestUser user, string tplId, byte[] content, string fileName = "客户.csv")
    {
        await using var scope = services.As(user.Principal);
        using var stream = new MemoryStream(content);
        return await scope.ServiceProvider.GetRequiredService<BulkLinkService>().DryRunAsync(tplId, fileName, stream, CancellationToken.None);
    }

    public static async Task<Common.Result<CreatedTask>> GenerateBulkAsync(this IServiceProvider services, TestUser user, ResolveTaskForm form, Guid stage)
    {
        await using var scope = services.As(user.Principal);
        return await scope.ServiceProvider.GetRequiredService<BulkLinkService>().GenerateAsync(form, stage, CancellationToken.None);
    }
}
