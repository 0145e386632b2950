using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Platform;

/// <summary>The one matcher every feature that checks text asks; it keeps the list in memory until the list changes.</summary>
public sealed class SensitiveWordMatcher(TenantDb dbs)
{
    private volatile string[]? words;

    /// <summary>KooMessage's error KM.90016801 naming the first sensitive word found, or null when the text is clean.</summary>
    public async Task<KmError?> CheckAsync(string? text, IStringLocalizer l, CancellationToken ct)
    {
        var found = await FindAsync(text, ct);
        return found is null ? null : new KmError("KM.90016801", l["Errors.SensitiveWord", found]);
    }

    public async Task<string?> FindAsync(string? text, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var list = words ?? await LoadAsync(ct);
        return list.FirstOrDefault(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    public void Invalidate() => words = null;

    private async Task<string[]> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbs.ForSystemAsync(ct);
        var loaded = await db.SensitiveWords.AsNoTracking().Select(w => w.Word).ToArrayAsync(ct);
        words = loaded;
        return loaded;
    }
}

/// <summary>平台设置 › 敏感词: the administrator's list.</summary>
public sealed class SensitiveWordService(AccessGuard guard, TenantDb dbs, SensitiveWordMatcher matcher, AuditLog audit, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbs.ForSystemAsync(ct);
        return await db.SensitiveWords.AsNoTracking().OrderBy(w => w.Id).Select(w => w.Word).ToListAsync(ct);
    }

    public async Task<Result> AddAsync(string word, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SettingsManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var clean = word.Trim();
        if (clean.Length is 0 or > SensitiveWord.MaxLength)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.Length", l["Field.SensitiveWord"], 1, SensitiveWord.MaxLength]);
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "add a sensitive word", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.SensitiveWords.AnyAsync(w => w.Word == clean, ct))
        {
            return new KmError(ErrorCodes.Conflict, l["SensitiveWords.Exists", clean]);
        }

        db.SensitiveWords.Add(new SensitiveWord { Word = clean });
        audit.Record(db, auth.Value, new AuditChange(null, AuditActions.Create, AuditObjectTypes.SensitiveWord, clean, clean, null, new { Word = clean }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        matcher.Invalidate();
        return Result.Ok();
    }

    public async Task<Result> RemoveAsync(string word, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SettingsManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "remove a sensitive word", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.SensitiveWords.Where(w => w.Word == word).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            audit.Record(db, auth.Value, new AuditChange(null, AuditActions.Delete, AuditObjectTypes.SensitiveWord, word, word, new { Word = word }, null));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            matcher.Invalidate();
        }

        return Result.Ok();
    }
}
