using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace KooMessage.Console.Common.Files;

/// <summary>
/// Ties the store's file work to the database transaction it belongs to. <see cref="FileStore.Add"/> and
/// <see cref="FileStore.RemoveAsync"/> record against the caller's open transaction which staged files to promote and
/// which stored bytes to delete; this interceptor, on every console context (TenantDb's and Identity's, which share
/// one transaction in UserDirectory), does that work right after the transaction commits and forgets it when it rolls
/// back. The commit itself is the trigger, so no service can forget the promotion or do it before the rows are durable:
/// there is no call to make. Work is keyed by the ADO.NET transaction (one transaction may span two contexts), weakly,
/// so a transaction disposed without a commit leaves nothing here either.
/// </summary>
internal sealed class FileCommits : DbTransactionInterceptor
{
    public static readonly FileCommits Interceptor = new();

    private static readonly ConditionalWeakTable<DbTransaction, PendingFiles> Pending = [];

    private FileCommits()
    {
    }

    /// <summary>The file work of <paramref name="db"/>'s open transaction; files are only ever added or removed inside one.</summary>
    public static (DbTransaction Transaction, PendingFiles Work) For(DbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Stored files are added and removed inside a transaction: the bytes move when it commits.");
        return (transaction, Pending.GetValue(transaction, _ => new PendingFiles()));
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => RolledBack(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RolledBack(transaction);
        return Task.CompletedTask;
    }

    // A failed commit may or may not have reached the disk: nothing is promoted now, and start-up finishes whatever a
    // committed row is waiting for (its staged file carries its id) while the staging sweep removes the rest.
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Pending.Remove(transaction);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Pending.Remove(transaction);
        return Task.CompletedTask;
    }

    private static void Committed(DbTransaction transaction)
    {
        if (Pending.TryGetValue(transaction, out var work) && Pending.Remove(transaction))
        {
            work.Committed();
        }
    }

    private static void RolledBack(DbTransaction transaction)
    {
        if (Pending.TryGetValue(transaction, out var work) && Pending.Remove(transaction))
        {
            work.RolledBack(transaction);
        }
    }
}

/// <summary>What one transaction will do to the files folder once it commits.</summary>
internal sealed class PendingFiles
{
    private readonly Lock gate = new();
    private readonly List<(FileStore Store, UploadedFile Upload, StoredFile Row)> promotions = [];
    private readonly List<(FileStore Store, string StoragePath)> deletions = [];

    public void Promote(FileStore store, UploadedFile upload, StoredFile row)
    {
        lock (gate)
        {
            promotions.Add((store, upload, row));
        }
    }

    public void Delete(FileStore store, string storagePath)
    {
        lock (gate)
        {
            deletions.Add((store, storagePath));
        }
    }

    public void Committed()
    {
        lock (gate)
        {
            foreach (var (_, upload, _) in promotions)
            {
                upload.Commit();
            }

            foreach (var (store, _, row) in promotions)
            {
                store.PromoteCommitted(row);
            }

            foreach (var (store, path) in deletions)
            {
                store.DeleteCommitted(path);
            }
        }
    }

    public void RolledBack(DbTransaction transaction)
    {
        lock (gate)
        {
            foreach (var (_, upload, _) in promotions)
            {
                upload.RolledBack(transaction);
            }
        }
    }
}
