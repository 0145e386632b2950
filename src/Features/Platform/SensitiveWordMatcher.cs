using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Platform;

/// <summary>
/// The one matcher every feature that checks text asks; it keeps the list in memory until the list changes. Text and
/// words are compared in their <see cref="TextNormalizer.Compact"/> form, ignoring case: an invisible character, a space
/// of any kind or a full-width letter inside a word does not hide it.
/// </summary>
public sealed class SensitiveWordMatcher(TenantDb dbs)
{
    private volatile Entry[]? words;

    /// <summary>KooMessage's error KM.90016801 naming the first sensitive word found, or null when the text is clean.</summary>
    public async Task<KmError?> CheckAsync(string? text, IStringLocalizer l, CancellationToken ct)
    {
        var found = await FindAsync(text, ct);
        return found is null ? null : new KmError("KM.90016801", l["Errors.SensitiveWord", found]);
    }

    public async Task<string?> FindAsync(string? text, CancellationToken ct)
    {
        var key = TextNormalizer.Compact(text);
        if (key.Length == 0)
        {
            return null;
        }

        var list = words ?? await LoadAsync(ct);
        return list.FirstOrDefault(w => key.Contains(w.Key, StringComparison.OrdinalIgnoreCase))?.Word;
    }

    /// <summary>The listed word that is the same as <paramref name="word"/> once normalized, if any.</summary>
    public async Task<string?> FindSameAsync(string word, CancellationToken ct)
    {
        var key = TextNormalizer.Compact(word);
        var list = words ?? await LoadAsync(ct);
        return list.FirstOrDefault(w => string.Equals(w.Key, key, StringComparison.OrdinalIgnoreCase))?.Word;
    }

    public void Invalidate() => words = null;

    private async Task<Entry[]> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbs.ForSystemAsync("load the sensitive-word list", ct);
        var stored = await db.SensitiveWords.AsNoTracking().Select(w => w.Word).ToArrayAsync(ct);
        // A word that is empty once normalized would match every text.
        var loaded = stored.Select(w => new Entry(w, TextNormalizer.Compact(w))).Where(e => e.Key.Length > 0).ToArray();
        words = loaded;
        return loaded;
    }

    private sealed record Entry(string Word, string Key);
}

/// <summary>平台设置 › 敏感词: the administrator's list.</summary>
public sealed class SensitiveWordService(AccessGuard guard, TenantDb dbs, SensitiveWordMatcher matcher, AuditLog audit, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbs.ForSystemAsync("list the sensitive words", ct);
        return await db.SensitiveWords.AsNoTracking().OrderBy(w => w.Id).Select(w => w.Word).ToListAsync(ct);
    }

    public async Task<Result> AddAsync(string word, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SettingsManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var clean = TextNormalizer.Name(word);
        if (TextNormalizer.Compact(clean).Length == 0 || clean.Length > SensitiveWord.MaxLength)
        {
            return WordError(ErrorCodes.InvalidParameter, l["Validation.Length", l["Field.SensitiveWord"], 1, SensitiveWord.MaxLength]);
        }

        if (await matcher.FindSameAsync(clean, ct) is { } same)
        {
            return WordError(ErrorCodes.Conflict, l["SensitiveWords.Exists", same]);
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "add a sensitive word", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.SensitiveWords.AnyAsync(w => w.Word == clean, ct))
        {
            return WordError(ErrorCodes.Conflict, l["SensitiveWords.Exists", clean]);
        }

        db.SensitiveWords.Add(new SensitiveWord { Word = clean });
        audit.Record(db, auth.Value, new AuditChange(null, AuditActions.Create, PlatformModule.SensitiveWordAuditType, clean, clean, null, new { Word = clean }));
        if (await db.SaveOrConflictAsync(l["SensitiveWords.Exists", clean], ct) is { } conflict)
        {
            return WordError(conflict.Code, conflict.Message);
        }

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

        // The removal and its audit entry commit together; of two administrators removing the word at once, only
        // the one whose delete found the row records it.
        await using var db = await dbs.ForPlatformAsync(auth.Value, "remove a sensitive word", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.SensitiveWords.Where(w => w.Word == word).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            audit.Record(db, auth.Value, new AuditChange(null, AuditActions.Delete, PlatformModule.SensitiveWordAuditType, word, word, new { Word = word }, null));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            matcher.Invalidate();
        }

        return Result.Ok();
    }

    private static KmError WordError(string code, string message) =>
        new(code, message) { Fields = [new FieldError(nameof(SensitiveWord.Word), message)] };
}
