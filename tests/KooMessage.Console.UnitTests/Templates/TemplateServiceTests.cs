using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Templates;

/// <summary>模板管理 on real SQLite: ids, drafts and versions, submission and its refusals, per-vendor decisions, starters, isolation.</summary>
public sealed class TemplateServiceTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser admin = default!;
    private TestUser owner = default!;
    private TestUser other = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner");
        other = await app.Services.CreateAccountAsync(admin, "乙公司", "other");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>A 长文本 (PureText) card every one of HUAWEI, OPPO and SAMSUNG accepts, with one declared parameter.</summary>
    private static TemplateDocument Valid(params Vendor[] vendors) => new TemplateDocument
    {
        CardId = "PureText",
        Name = "账单提醒",
        Pages = [new TemplatePage { Contents = [TemplateContent.Text(1, "本月账单", title: true), TemplateContent.Text(2, "${name}您好，本月账单已出。")] }],
        Params = [new TemplateParam("name", "张三")],
        SmsExample = "【甲公司】本月账单已出。",
        SmsTemplate = "本月账单已出，详情请查看。拒收请回复R",
    }.WithVendors(vendors.Length == 0 ? [Vendor.Huawei] : vendors);

    private async Task<T> AsAsync<T>(TestUser user, Func<TemplateService, Task<T>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<TemplateService>());
    }

    private async Task<string> CreateAsync(TestUser user, string name = "账单提醒") =>
        (await AsAsync(user, s => s.CreateAsync(new NewTemplateForm { Name = name, CardId = "PureText", Vendors = [Vendor.Huawei] }, CancellationToken.None))).Value;

    /// <summary>A template whose draft is <paramref name="document"/>; returns its id and current version.</summary>
    private async Task<(string TplId, int Version)> DraftAsync(TemplateDocument document)
    {
        var id = await CreateAsync(owner);
        var draft = await AsAsync(owner, s => s.GetDraftAsync(id, CancellationToken.None));
        var saved = await AsAsync(owner, s => s.SaveDraftAsync(id, document, draft.Value.Version, CancellationToken.None));
        TestData.Ok(saved);
        return (id, saved.Value);
    }

    private async Task<T> ReadAsync<T>(Func<KooMessageDb, Task<T>> read)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        return await read(db);
    }

    private Task<Guid> ReviewIdAsync(string tplId, Vendor vendor) =>
        ReadAsync(async db =>
        {
            var templateId = await db.AimTemplates.Where(t => t.TplId == tplId).Select(t => t.Id).SingleAsync();
            return await db.AimTemplateVendors.Where(v => v.Vendor == vendor && v.TemplateId == templateId && v.State == VendorActivationState.Pending)
                .Select(v => v.Id).SingleAsync();
        });

    private Task<AimTemplate> TemplateAsync(string tplId) => ReadAsync(db => db.AimTemplates.AsNoTracking().SingleAsync(t => t.TplId == tplId));

    private async Task<string> SubmittedAsync(params Vendor[] vendors)
    {
        var (id, version) = await DraftAsync(Valid(vendors));
        TestData.Ok(await AsAsync(owner, s => s.SubmitAsync(id, version, CancellationToken.None)));
        return id;
    }

    [Fact]
    public async Task Create_ManyTemplates_NineDigitIdsAllDifferentOutsideThePublicRange()
    {
        var ids = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            ids.Add(await CreateAsync(owner, $"模板{i}"));
        }

        Assert.All(ids, id => Assert.Matches("^[2-9][0-9]{8}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var stored = await ReadAsync(db => db.AimTemplates.Select(t => t.TplId).ToListAsync());
        Assert.Equal(ids.Order(), stored.Order());
    }

    [Fact]
    public async Task Create_TrialWithoutTestWord_RefusedAtTheName()
    {
        var result = await AsAsync(owner, s => s.CreateAsync(new NewTemplateForm { Name = "账单", CardId = "PureText", Vendors = [Vendor.Huawei], Use = TemplateUse.TrialCommercial }, CancellationToken.None));

        Assert.Equal(nameof(NewTemplateForm.Name), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task SaveDraft_StaleVersion_ConflictAndTheNewerDraftKept()
    {
        var (id, version) = await DraftAsync(Valid());

        var stale = await AsAsync(owner, s => s.SaveDraftAsync(id, Valid() with { Name = "旧标签页" }, version - 1, CancellationToken.None));

        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        var draft = await AsAsync(owner, s => s.GetDraftAsync(id, CancellationToken.None));
        Assert.Equal(("账单提醒", version), (draft.Value.Document.Name, draft.Value.Version));
    }

    [Fact]
    public async Task SaveDraft_ApprovedTemplate_NewDraftVersionWhileTheApprovedOneStays()
    {
        var id = await SubmittedAsync(Vendor.Huawei);
        await app.Services.DecideAsync(admin, TemplateReviewSource.KindName, await ReviewIdAsync(id, Vendor.Huawei), approve: true);
        var approved = await TemplateAsync(id);

        var saved = await AsAsync(owner, s => s.SaveDraftAsync(id, Valid() with { Name = "账单提醒二版" }, approved.Version, CancellationToken.None));

        TestData.Ok(saved);
        var now = await TemplateAsync(id);
        Assert.Equal(approved.ApprovedVersionId, now.ApprovedVersionId);
        Assert.Equal(TemplateAuditState.Approved, now.AuditState);
        var versions = await ReadAsync(db => db.AimTemplateVersions.Where(v => v.TemplateId == now.Id).OrderBy(v => v.Number).ToListAsync());
        Assert.Equal([(1, TemplateVersionState.Approved, "账单提醒"), (2, TemplateVersionState.Draft, "账单提醒二版")],
            versions.Select(v => (v.Number, v.State, TemplateJson.Parse(v.Document).Name)));
        Assert.Equal(versions[1].Id, now.DraftVersionId);
    }

    [Fact]
    public async Task Submit_SensitiveWord_KM90016801NamingTheWordAndField()
    {
        var document = Valid();
        var (id, version) = await DraftAsync(document.WithContent(0, 1, TemplateContent.Text(2, "${name}您好，这是最佳优惠。")));

        var result = await AsAsync(owner, s => s.SubmitAsync(id, version, CancellationToken.None));

        Assert.Equal("KM.90016801", result.Error?.Code);
        Assert.Contains("最佳", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("pages[0].contents[1]", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(TemplateAuditState.NotSubmitted, (await TemplateAsync(id)).AuditState);
    }

    [Fact]
    public async Task Submit_CardParameterNotDeclared_KM90016802()
    {
        var (id, version) = await DraftAsync(Valid() with { Params = [new TemplateParam("amount", "12")] });

        var result = await AsAsync(owner, s => s.SubmitAsync(id, version, CancellationToken.None));

        Assert.Equal("KM.90016802", result.Error?.Code);
        Assert.Contains("name", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("amount", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_VendorWithoutTheLayout_DroppedAndOthersGetOneTicketEachOnTheirDesk()
    {
        var (id, version) = await DraftAsync(Valid(Vendor.Huawei, Vendor.Xiaomi, Vendor.Oppo));

        var result = await AsAsync(owner, s => s.SubmitAsync(id, version, CancellationToken.None));

        TestData.Ok(result);
        Assert.Equal([Vendor.Huawei, Vendor.Oppo], result.Value.Proceeding);
        var dropped = Assert.Single(result.Value.Dropped);
        Assert.Equal(Vendor.Xiaomi, dropped.Vendor);
        Assert.NotEmpty(dropped.Messages);
        var tickets = await ReadAsync(db => db.ReviewTickets.Where(t => t.Kind == TemplateReviewSource.KindName && t.State == ReviewTicketState.Open)
            .OrderBy(t => t.Desk).Select(t => new { t.Desk, t.Vendor }).ToListAsync());
        Assert.Equal(["HUAWEI", "OPPO"], tickets.Select(t => t.Desk));
        Assert.Equal(["HUAWEI", "OPPO"], tickets.Select(t => t.Vendor));
        Assert.Equal(TemplateAuditState.InReview, (await TemplateAsync(id)).AuditState);
    }

    [Fact]
    public async Task Submit_NoTargetedVendorAccepts_RefusedNamingEachVendor()
    {
        var (id, version) = await DraftAsync(Valid(Vendor.Xiaomi, Vendor.Meizu));

        var result = await AsAsync(owner, s => s.SubmitAsync(id, version, CancellationToken.None));

        Assert.Contains("XIAOMI", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("MEIZU", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ReadAsync(db => db.ReviewTickets.CountAsync()));
    }

    [Fact]
    public async Task Submit_WhileInReview_RefusedAndEditingRefused()
    {
        var id = await SubmittedAsync(Vendor.Huawei);
        var t = await TemplateAsync(id);

        var again = await AsAsync(owner, s => s.SubmitAsync(id, t.Version, CancellationToken.None));
        var edit = await AsAsync(owner, s => s.SaveDraftAsync(id, Valid(), t.Version, CancellationToken.None));
        var delete = await AsAsync(owner, s => s.DeleteAsync(id, t.Version, CancellationToken.None));

        Assert.All([again.Error, edit.Error, delete.Error], e => Assert.Equal(ErrorCodes.PreconditionFailed, e?.Code));
    }

    [Fact]
    public async Task Decide_OneOfTwoVendorsActivates_ApprovedAndTheOtherStillWaits()
    {
        var id = await SubmittedAsync(Vendor.Huawei, Vendor.Oppo);

        await app.Services.DecideAsync(admin, TemplateReviewSource.KindName, await ReviewIdAsync(id, Vendor.Oppo), approve: true);

        var t = await TemplateAsync(id);
        Assert.Equal(TemplateAuditState.Approved, t.AuditState);
        Assert.NotNull(t.ApprovedVersionId);
        Assert.Null(t.DraftVersionId);
        Assert.Equal(1, await ReadAsync(db => db.ReviewTickets.CountAsync(x => x.State == ReviewTicketState.Open && x.Vendor == "HUAWEI")));
    }

    [Fact]
    public async Task Decide_OneRejectsOneWaits_StillInReview_ThenBothRejected_FailedWithEveryReason()
    {
        var id = await SubmittedAsync(Vendor.Huawei, Vendor.Oppo);

        await app.Services.DecideAsync(admin, TemplateReviewSource.KindName, await ReviewIdAsync(id, Vendor.Huawei), approve: false, reason: "图片模糊");
        Assert.Equal(TemplateAuditState.InReview, (await TemplateAsync(id)).AuditState);

        await app.Services.DecideAsync(admin, TemplateReviewSource.KindName, await ReviewIdAsync(id, Vendor.Oppo), approve: false, reason: "按钮文案不符");
        var t = await TemplateAsync(id);
        Assert.Equal(TemplateAuditState.Failed, t.AuditState);
        Assert.Contains("HUAWEI：图片模糊", t.AuditDesc, StringComparison.Ordinal);
        Assert.Contains("OPPO：按钮文案不符", t.AuditDesc, StringComparison.Ordinal);
        Assert.Null(t.ApprovedVersionId);
    }

    [Fact]
    public async Task Decide_RejectedThenActivatedByTheOther_Approved()
    {
        var id = await SubmittedAsync(Vendor.Huawei, Vendor.Oppo);

        await app.Services.DecideAsync(admin, TemplateReviewSource.KindName, await ReviewIdAsync(id, Vendor.Huawei), approve: false, reason: "图片模糊");
        await app.Services.DecideAsync(admin, TemplateReviewSource.KindName, await ReviewIdAsync(id, Vendor.Oppo), approve: true);

        Assert.Equal(TemplateAuditState.Approved, (await TemplateAsync(id)).AuditState);
    }

    [Fact]
    public async Task Submit_AfterFailure_NewVersionInReview()
    {
        var id = await SubmittedAsync(Vendor.Huawei);
        await app.Services.DecideAsync(admin, TemplateReviewSource.KindName, await ReviewIdAsync(id, Vendor.Huawei), approve: false, reason: "图片模糊");
        var failed = await TemplateAsync(id);

        TestData.Ok(await AsAsync(owner, s => s.SubmitAsync(id, failed.Version, CancellationToken.None)));

        var numbers = await ReadAsync(db => db.AimTemplateVersions.Where(v => v.TemplateId == failed.Id).OrderBy(v => v.Number).Select(v => new { v.Number, v.State }).ToListAsync());
        Assert.Equal([(1, TemplateVersionState.Rejected), (2, TemplateVersionState.Submitted)], numbers.Select(n => (n.Number, n.State)));
        Assert.Equal(TemplateAuditState.InReview, (await TemplateAsync(id)).AuditState);
    }

    [Fact]
    public async Task Public_ReadableByEveryTenantButNeverWritable()
    {
        var list = await AsAsync(other, s => s.ListAsync(new TemplateQuery(TemplateTab.Public), new PageRequest(PageSize: 50), CancellationToken.None));
        Assert.True(list.Value.Total >= 6);
        Assert.True(list.Value.Items.Select(r => r.CardId).Distinct().Count() >= 6);
        var starter = list.Value.Items[0];
        TestData.Ok(await AsAsync(other, s => s.GetDraftAsync(starter.TplId, CancellationToken.None)));

        var save = await AsAsync(other, s => s.SaveDraftAsync(starter.TplId, Valid(), 0, CancellationToken.None));
        var delete = await AsAsync(other, s => s.DeleteAsync(starter.TplId, 0, CancellationToken.None));
        var disable = await AsAsync(other, s => s.SetEnabledAsync(starter.TplId, false, 0, CancellationToken.None));
        var submit = await AsAsync(other, s => s.SubmitAsync(starter.TplId, 0, CancellationToken.None));

        Assert.All([save.Error, delete.Error, disable.Error, submit.Error], e => Assert.Equal(ErrorCodes.Unauthorized, e?.Code));
        var stored = await ReadAsync(db => db.AimPublicTemplates.SingleAsync(t => t.TplId == starter.TplId));
        Assert.Equal(starter.Name, stored.Name);
    }

    [Fact]
    public async Task Copy_PublicTemplate_OwnDraftWithItsContent()
    {
        var copied = await AsAsync(owner, s => s.CopyAsync("100000002", CancellationToken.None));

        TestData.Ok(copied);
        var draft = await AsAsync(owner, s => s.GetDraftAsync(copied.Value, CancellationToken.None));
        Assert.False(draft.Value.IsPublic);
        Assert.Equal(("PureText", TemplateVersionState.Draft), (draft.Value.Document.CardId, draft.Value.State));
        Assert.StartsWith("账单提醒长文本", draft.Value.Document.Name, StringComparison.Ordinal);
        Assert.NotEqual("账单提醒长文本", draft.Value.Document.Name);
        var mine = await AsAsync(owner, s => s.ListAsync(new TemplateQuery(), new PageRequest(), CancellationToken.None));
        Assert.Equal(copied.Value, Assert.Single(mine.Value.Items).TplId);
    }

    [Fact]
    public async Task OtherAccount_CannotSeeReadOrChangeTheTemplate()
    {
        var (id, version) = await DraftAsync(Valid());

        var list = await AsAsync(other, s => s.ListAsync(new TemplateQuery(), new PageRequest(Search: id), CancellationToken.None));
        var read = await AsAsync(other, s => s.GetDraftAsync(id, CancellationToken.None));
        var save = await AsAsync(other, s => s.SaveDraftAsync(id, Valid() with { Name = "被改" }, version, CancellationToken.None));
        var delete = await AsAsync(other, s => s.DeleteAsync(id, version, CancellationToken.None));
        var copy = await AsAsync(other, s => s.CopyAsync(id, CancellationToken.None));

        Assert.Empty(list.Value.Items);
        Assert.All([read.Error, save.Error, delete.Error, copy.Error], e => Assert.Equal(ErrorCodes.NotFound, e?.Code));
        Assert.Equal("账单提醒", (await TemplateAsync(id)).Name);
    }

    [Fact]
    public async Task List_FiltersByVendorStateEnabledAndName()
    {
        var (first, version) = await DraftAsync(Valid(Vendor.Huawei, Vendor.Oppo));
        await DraftAsync(Valid(Vendor.Samsung) with { Name = "物流通知" });
        TestData.Ok(await AsAsync(owner, s => s.SetEnabledAsync(first, false, version, CancellationToken.None)));

        async Task<IEnumerable<string>> Names(TemplateQuery q, string? search = null) =>
            (await AsAsync(owner, s => s.ListAsync(q, new PageRequest(Search: search, SortBy: nameof(TemplateRow.Name)), CancellationToken.None))).Value.Items.Select(r => r.Name);

        Assert.Equal(["账单提醒"], await Names(new TemplateQuery(Vendor: Vendor.Oppo)));
        Assert.Equal(["物流通知"], await Names(new TemplateQuery(Enabled: true)));
        Assert.Equal(["物流通知"], await Names(new TemplateQuery(), "物流"));
        Assert.Equal(["物流通知", "账单提醒"], await Names(new TemplateQuery(AuditState: TemplateAuditState.NotSubmitted)));
        Assert.Empty(await Names(new TemplateQuery(CardId: "Video")));
    }

    [Fact]
    public async Task Delete_Draft_GoneWithItsVersions()
    {
        var (id, version) = await DraftAsync(Valid());

        TestData.Ok(await AsAsync(owner, s => s.DeleteAsync(id, version, CancellationToken.None)));

        Assert.Equal(0, await ReadAsync(db => db.AimTemplateVersions.CountAsync()));
    }

    [Fact]
    public async Task MaterialUsage_DraftShowingTheMaterial_NamedAndKept()
    {
        var fileId = Guid.CreateVersion7();
        var materialId = Guid.CreateVersion7();
        await ReadAsync(async db =>
        {
            db.Materials.Add(new Material { Id = materialId, AccountId = owner.AccountId!.Value, Name = "主图", FileId = fileId, Width = 1080, Height = 1080 });
            return await db.SaveChangesAsync();
        });
        var picture = new TemplateDocument
        {
            CardId = "StandardImageAndText", Name = "新品图文",
            Pages = [new TemplatePage { Contents = [TemplateContent.Image(1, TemplateMaterials.FileUrl(fileId)), TemplateContent.Text(2, "新品", title: true)] }],
        };
        await DraftAsync(picture);

        await using var scope = app.Services.As(owner.Principal);
        var materials = scope.ServiceProvider.GetRequiredService<MaterialService>();
        var row = Assert.Single((await materials.ListAsync(new MaterialQuery(), new PageRequest(), CancellationToken.None)).Value.Items);
        Assert.Equal(["新品图文"], row.UsedBy);
        Assert.Equal(ErrorCodes.Conflict, (await materials.DeleteAsync(materialId, CancellationToken.None)).Error?.Code);
    }

    [Fact]
    public async Task DemoData_EveryAuditStateWithTicketsForWaitingVendors_Once()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            await seeder.SeedAsync(CancellationToken.None);
            await seeder.SeedAsync(CancellationToken.None);
        }

        var states = await ReadAsync(db => db.AimTemplates.Select(t => t.AuditState).Distinct().ToListAsync());
        Assert.Equal(Enum.GetValues<TemplateAuditState>(), states.Order());
        var pending = await ReadAsync(db => db.AimTemplateVendors.CountAsync(v => v.State == VendorActivationState.Pending));
        Assert.Equal(pending, await ReadAsync(db => db.ReviewTickets.CountAsync(t => t.Kind == TemplateReviewSource.KindName && t.State == ReviewTicketState.Open)));
        Assert.Equal(7, await ReadAsync(db => db.AimTemplates.CountAsync()));

        // An approved template with a newer draft being edited, and one in review that one vendor rejected while another decides.
        Assert.Equal(1, await ReadAsync(db => db.AimTemplates.CountAsync(t => t.AuditState == TemplateAuditState.Approved && t.ApprovedVersionId != null && t.DraftVersionId != null)));
        var inReview = await ReadAsync(db => db.AimTemplates.Where(t => t.AuditState == TemplateAuditState.InReview).Select(t => t.DraftVersionId).ToListAsync());
        var decided = await ReadAsync(db => db.AimTemplateVendors.Select(v => new { v.VersionId, v.State }).ToListAsync());
        Assert.Single(inReview, id => decided.Any(v => v.VersionId == id && v.State == VendorActivationState.Rejected)
            && decided.Any(v => v.VersionId == id && v.State == VendorActivationState.Pending));

        // What went to a vendor could go there: no error for that vendor or the whole template, and the pictures are the
        // demo's own materials.
        var submitted = await ReadAsync(async db =>
        {
            var reviews = await db.AimTemplateVendors.Select(r => new { r.Vendor, r.VersionId }).ToListAsync();
            var documents = await db.AimTemplateVersions.ToDictionaryAsync(v => v.Id, v => v.Document);
            var checks = new List<(Vendor Vendor, string Name, string Errors, int Pictures, int Known)>();
            foreach (var review in reviews)
            {
                var document = TemplateJson.Parse(documents[review.VersionId]);
                var facts = await TemplateMaterials.FactsAsync(db, document, CancellationToken.None);
                var check = TemplateCheck.Run(document, facts);
                var errors = check.Template.Concat(check.Vendors[review.Vendor]).Where(v => v.Severity == Severity.Error).Select(v => $"{v.Code} {v.Path}");
                checks.Add((review.Vendor, document.Name, string.Join("; ", errors), TemplateMaterials.FileIds(document).Count, facts.Count));
            }

            return checks;
        });
        Assert.All(submitted, c => Assert.True(c.Errors.Length == 0, $"{c.Vendor} would not take {c.Name}: {c.Errors}"));
        Assert.All(submitted, c => Assert.Equal(c.Pictures, c.Known));
        Assert.Contains(submitted, c => c.Pictures > 0);
    }

    [Fact]
    public async Task ReviewQueue_VendorTicket_ShowsTheTemplateAsThatVendorCutsIt()
    {
        var (id, version) = await DraftAsync(Valid(Vendor.Huawei, Vendor.Oppo) with { Name = "账单提醒" });
        TestData.Ok(await AsAsync(owner, s => s.SubmitAsync(id, version, CancellationToken.None)));
        var ticket = await app.Services.OpenTicketAsync(TemplateReviewSource.KindName, await ReviewIdAsync(id, Vendor.Oppo));

        await using var scope = app.Services.As(admin.Principal);
        var shown = await scope.ServiceProvider.GetRequiredService<ReviewQueueService>().GetAsync(ticket, CancellationToken.None);

        TestData.Ok(shown);
        Assert.Equal(TemplateReviewSource.PendingKey, shown.Value.StateKey);
        Assert.Contains(shown.Value.Fields, f => f is { LabelKey: "Field.Vendor", Value: "OPPO" });
        Assert.Contains(shown.Value.Fields, f => f.Value.Contains("张三您好", StringComparison.Ordinal));
    }
}
