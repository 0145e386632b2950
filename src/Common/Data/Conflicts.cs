using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Common.Data;

/// <summary>
/// The one place where a write that lost a race becomes an expected failure: a unique index or another constraint
/// (a second tab saved the same name first) or a concurrency token (someone changed the row since it was read).
/// </summary>
public static class Conflicts
{
    /// <summary>Saves; a constraint or concurrency failure becomes a conflict carrying <paramref name="conflict"/>, on <paramref name="field"/> if given.</summary>
    public static async Task<KmError?> SaveOrConflictAsync(this DbContext db, string conflict, CancellationToken ct, string? field = null)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return new KmError(ErrorCodes.Conflict, conflict) { Fields = field is null ? [] : [new FieldError(field, conflict)] };
        }
    }
}
