using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>A menu version as the page shows it; <see cref="Version"/> is what a write on it must name.</summary>
public sealed record MenuVersionInfo(
    Guid Id, int Number, MenuVersionState State, MenuDraft Menu, int Version, string? ChangeReason, string? ReviewDesc,
    DateTime? SubmittedAt, DateTime? UrgedAt, DateTime? OnlineAt)
{
    public static MenuVersionInfo Of(MenuVersion v) =>
        new(v.Id, v.Number, v.State, v.Menu(), v.Version, v.ChangeReason, v.ReviewDesc, v.SubmittedAt, v.UrgedAt, v.OnlineAt);
}

/// <summary>A service number's menu: the live version (null before the first approval) and the one in the works (null when none).</summary>
public sealed record ServiceMenuState(ServiceNumberRef ServiceNumber, MenuVersionInfo? Live, MenuVersionInfo? Working)
{
    /// <summary>What the editor starts from: the version in the works, else a copy of the live one, else an empty menu.</summary>
    public MenuDraft EditableMenu() => (Working ?? Live)?.Menu.Clone() ?? new MenuDraft();

    public bool InReview => Working?.State == MenuVersionState.Reviewing;
}

/// <summary>
/// The menu editor's service: read a service number's menu, save the draft, submit it for review, urge the review.
/// Every write checks the user's role in the database, refuses a frozen service number, names the version it was
/// decided on, and is audited; the version in review cannot be changed.
/// </summary>
public sealed class ServiceMenuService(
    AccessGuard guard,
    TenantDb dbs,
    ServiceNumberDirectory directory,
    AuditLog audit,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<ServiceNumberRef>> ServiceNumbersAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.MenuView, ct);
        if (!auth.IsSuccess)
        {
            return [];
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await directory.ListAsync(db, ct);
    }

    public async Task<Result<ServiceMenuState>> GetAsync(Guid serviceNumberId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.MenuView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var sn = await db.ServiceNumbers.AsNoTracking().Where(s => s.Id == serviceNumberId)
            .Select(s => new ServiceNumberRef(s.Id, s.Name, s.Remark, s.State, s.ApproveState)).FirstOrDefaultAsync(ct);
        if (sn is null)
        {
            return new KmError(ErrorCodes.NotFound, l["ServiceNumbers.NotFound"]);
        }

        var versions = await db.MenuVersions.AsNoTracking()
            .Where(v => v.ServiceNumberId == serviceNumberId && v.State != MenuVersionState.Retired).ToListAsync(ct);
        var live = versions.FirstOrDefault(v => v.State == MenuVersionState.Live);
        var working = versions.FirstOrDefault(v => MenuVersion.Working.Contains(v.State));
        return new ServiceMenuState(sn, live is null ? null : MenuVersionInfo.Of(live), working is null ? null : MenuVersionInfo.Of(working));
    }

    /// <summary>
    /// Saves <paramref name="menu"/> as the draft of the version in the works (<paramref name="workingId"/> at
    /// <paramref name="version"/>), or starts one when the user saw none (null). A draft may break the rules (it is
    /// checked on submission) but not the menu's shape (≤ 3 items, ≤ 5 sub-items each).
    /// </summary>
    public Task<Result<MenuVersionInfo>> SaveDraftAsync(Guid serviceNumberId, Guid? workingId, int version, MenuDraft menu, CancellationToken ct) =>
        WriteAsync(serviceNumberId, workingId, version, menu, null, submit: false, ct);

    /// <summary>Saves and submits the menu for review; needs every rule kept and a change reason (1–1000) while a version is live.</summary>
    public Task<Result<MenuVersionInfo>> SubmitAsync(Guid serviceNumberId, Guid? workingId, int version, MenuDraft menu, string? changeReason, CancellationToken ct) =>
        WriteAsync(serviceNumberId, workingId, version, menu, changeReason, submit: true, ct);

    /// <summary>催审: once per submission, while the version is in review.</summary>
    public async Task<Result<MenuVersionInfo>> UrgeAsync(Guid versionId, int version, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.MenuManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.MenuVersions.SingleOrDefaultAsync(v => v.Id == versionId, ct);
        if (row is null)
        {
            return NotFound();
        }

        if (await directory.RequireWritableAsync(db, row.ServiceNumberId, ct) is { Error: { } blocked })
        {
            return blocked;
        }

        if (row.Version != version)
        {
            return Stale();
        }

        if (row.State != MenuVersionState.Reviewing)
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["ServiceMenus.UrgeNotInReview"]);
        }

        if (row.UrgedAt is not null)
        {
            return new KmError(ErrorCodes.Conflict, l["ServiceMenus.AlreadyUrged"]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Entry(row).Property(v => v.Version).OriginalValue = version;
        row.Version = version + 1;
        row.UrgedAt = now;
        row.UpdatedAt = now;
        await ReviewTickets.UrgeAsync(db, MenuReviewSource.KindName, row.Id, now, ct);
        audit.Record(db, user, new AuditChange(row.AccountId, AuditActions.Urge, ServiceMenusModule.AuditType, row.Id.ToString(), null, null, new { row.Number }));
        if (await db.SaveOrConflictAsync(l["ServiceMenus.Stale"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return MenuVersionInfo.Of(row);
    }

    /// <summary>
    /// The first menu of a new service number, in the caller's context and transaction (the one-stop creation submits
    /// profile, homepage and menu together): checks the rules, adds version 1 in review with its review ticket and the
    /// audit entry; the caller saves. <paramref name="serviceNumber"/> may be an entity the caller has just added.
    /// </summary>
    public async Task<Result<Guid>> CreateFirstVersionAsync(KooMessageDb db, UserContext user, ServiceNumber serviceNumber, MenuDraft menu, DateTime now, CancellationToken ct)
    {
        if (!user.Can(Permission.MenuManage))
        {
            return guard.Denied();
        }

        if (serviceNumber.State == ServiceNumberState.Frozen)
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["ServiceNumbers.Frozen", serviceNumber.Name]);
        }

        if (Invalid(menu) is { } invalid)
        {
            return invalid;
        }

        if (await db.MenuVersions.AnyAsync(v => v.ServiceNumberId == serviceNumber.Id, ct))
        {
            return new KmError(ErrorCodes.Conflict, l["ServiceMenus.Stale"]);
        }

        var row = NewVersion(serviceNumber.AccountId, serviceNumber.Id, 1, now);
        Submit(db, user, row, Clean(menu), null, new ServiceNumberRef(serviceNumber.Id, serviceNumber.Name, serviceNumber.Remark, serviceNumber.State, serviceNumber.ApproveState), now);
        db.MenuVersions.Add(row);
        audit.Record(db, user, new AuditChange(row.AccountId, AuditActions.Submit, ServiceMenusModule.AuditType, row.Id.ToString(), serviceNumber.Name, null, Snapshot(row)));
        return row.Id;
    }

    private async Task<Result<MenuVersionInfo>> WriteAsync(
        Guid serviceNumberId, Guid? workingId, int version, MenuDraft menu, string? changeReason, bool submit, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.MenuManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (menu.Items.Count > MenuRules.MaxItems || menu.Items.Any(i => i.Children.Count > MenuRules.MaxChildren))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["ServiceMenus.Rule.TooManyItems", MenuRules.MaxItems]).OnField(MenuRules.ItemsField);
        }

        if (menu.All().Select(x => x.Item.Key).Distinct(StringComparer.Ordinal).Count() != menu.All().Count()
            || menu.All().Any(x => x.Item.Key is not { Length: MenuItemDraft.KeyLength } key || !key.All(char.IsAsciiHexDigitLower)))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["ServiceMenus.BadKeys"]);
        }

        if (submit && Invalid(menu) is { } invalid)
        {
            return invalid;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sn = await directory.RequireWritableAsync(db, serviceNumberId, ct);
        if (sn.Error is { } blocked)
        {
            return blocked;
        }

        var versions = await db.MenuVersions.Where(v => v.ServiceNumberId == serviceNumberId && v.State != MenuVersionState.Retired).ToListAsync(ct);
        var live = versions.FirstOrDefault(v => v.State == MenuVersionState.Live);
        var working = versions.FirstOrDefault(v => MenuVersion.Working.Contains(v.State));
        if (working?.Id != workingId || (working is not null && working.Version != version))
        {
            return Stale();
        }

        if (working?.State == MenuVersionState.Reviewing)
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["ServiceMenus.InReview"]);
        }

        if (submit && MenuRules.CheckChangeReason(changeReason, live is not null) is { } reasonIssue)
        {
            return new KmError(ErrorCodes.InvalidParameter, reasonIssue.Text(l)).OnField(reasonIssue.Field);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        object? before = null;
        var row = working;
        if (row is null)
        {
            var number = await db.MenuVersions.Where(v => v.ServiceNumberId == serviceNumberId).MaxAsync(v => (int?)v.Number, ct) ?? 0;
            row = NewVersion(user.AccountId!.Value, serviceNumberId, number + 1, now);
            db.MenuVersions.Add(row);
        }
        else
        {
            before = Snapshot(row);
            db.Entry(row).Property(v => v.Version).OriginalValue = version;
            row.Version = version + 1;
            row.UpdatedAt = now;
        }

        var cleaned = Clean(menu);
        if (submit)
        {
            Submit(db, user, row, cleaned, changeReason, sn.Value, now);
        }
        else
        {
            row.MenuJson = MenuVersion.Serialize(cleaned);
            row.State = MenuVersionState.Draft;
        }

        audit.Record(db, user, new AuditChange(row.AccountId, submit ? AuditActions.Submit : before is null ? AuditActions.Create : AuditActions.Update,
            ServiceMenusModule.AuditType, row.Id.ToString(), sn.Value.Display, before, Snapshot(row)));
        if (await db.SaveOrConflictAsync(l["ServiceMenus.Stale"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return MenuVersionInfo.Of(row);
    }

    private static MenuVersion NewVersion(Guid accountId, Guid serviceNumberId, int number, DateTime now) =>
        new() { AccountId = accountId, ServiceNumberId = serviceNumberId, Number = number, CreatedAt = now, UpdatedAt = now };

    private static void Submit(KooMessageDb db, UserContext user, MenuVersion row, MenuDraft menu, string? changeReason, ServiceNumberRef sn, DateTime now)
    {
        row.MenuJson = MenuVersion.Serialize(menu);
        row.State = MenuVersionState.Reviewing;
        row.ChangeReason = string.IsNullOrWhiteSpace(changeReason) ? null : TextNormalizer.Visible(changeReason).Trim();
        row.ReviewDesc = null;
        row.UrgedAt = null;
        row.SubmittedAt = now;
        row.SubmittedBy = user.UserId;
        ReviewTickets.Open(db, MenuReviewSource.Subject(row, sn), now);
    }

    /// <summary>The first broken rule as an error carrying every issue at its field, or null.</summary>
    private KmError? Invalid(MenuDraft menu)
    {
        var issues = MenuRules.Check(menu);
        return issues.Count == 0
            ? null
            : new KmError(ErrorCodes.InvalidParameter, issues[0].Text(l)) { Fields = [.. issues.Select(i => new FieldError(i.FieldName, i.Text(l)))] };
    }

    /// <summary>The menu as stored: names normalized, fields trimmed, an item with children only opening them, the other action's fields dropped.</summary>
    internal static MenuDraft Clean(MenuDraft menu) => new() { Items = [.. menu.Items.Select(Clean)] };

    private static MenuItemDraft Clean(MenuItemDraft item)
    {
        var action = item.Children.Count > 0 ? MenuAction.OPEN_SUBMENU : item.Action;
        static string T(string? value) => (value ?? "").Trim();
        return new MenuItemDraft
        {
            Key = item.Key,
            Name = TextNormalizer.Name(item.Name),
            Action = action,
            Content = action == MenuAction.OPEN_SUBMENU ? "" : T(item.Content),
            WebTitle = action == MenuAction.OPEN_URL ? T(item.WebTitle) : "",
            OpenInBrowser = action == MenuAction.OPEN_URL && item.OpenInBrowser,
            PackageName = action == MenuAction.OPEN_APP ? T(item.PackageName) : "",
            AppId = action == MenuAction.OPEN_APP ? T(item.AppId) : "",
            FallbackUrl = action == MenuAction.OPEN_APP ? T(item.FallbackUrl) : "",
            ServiceName = action is MenuAction.OPEN_APP or MenuAction.OPEN_QUICK ? T(item.ServiceName) : "",
            EngineVersion = action == MenuAction.OPEN_QUICK ? T(item.EngineVersion) : "",
            Children = [.. item.Children.Select(Clean)],
        };
    }

    private KmError NotFound() => new(ErrorCodes.NotFound, l["ServiceMenus.NotFound"]);

    private KmError Stale() => new(ErrorCodes.Conflict, l["ServiceMenus.Stale"]);

    internal static object Snapshot(MenuVersion v) => new { v.ServiceNumberId, v.Number, State = v.State.ToString(), v.ChangeReason, Menu = v.MenuJson };
}
