using System.Data.Common;

namespace KooMessage.Console.Common.Files;

/// <summary>
/// A file a user chose, staged by <see cref="FileStore.StageAsync"/> under the files folder's staging area: a handle to
/// bytes on disk (the circuit never holds them), with the name the user gave, the size and the kind its first bytes show.
/// <para>
/// Whoever holds it disposes it (a dialog when it closes, a picker when the user chooses again); disposing deletes the
/// staged bytes unless a transaction that stored them committed (they are promoted into the store) or is still open
/// (then the commit promotes them, or, if it rolls back, the staging sweep removes them). A refused form therefore keeps
/// its files for a second try, and leaves nothing behind once it is closed.
/// </para>
/// </summary>
public sealed class UploadedFile : IDisposable
{
    private readonly Lock gate = new();
    private DbTransaction? claimedBy;
    private bool committed;
    private bool disposeRequested;
    private bool disposed;

    internal UploadedFile(Guid id, string fileName, string stagedPath, long size, FileKind kind, string sha256)
    {
        Id = id;
        FileName = fileName;
        StagedPath = stagedPath;
        Size = size;
        Kind = kind;
        Sha256 = sha256;
    }

    /// <summary>The id its <see cref="StoredFile"/> row gets; the staged file is named by it, so start-up can finish a promotion a crash cut short.</summary>
    public Guid Id { get; }

    /// <summary>The name the user's browser gave (never trusted for the kind).</summary>
    public string FileName { get; }

    public string StagedPath { get; }

    /// <summary>Bytes staged; one more than the staging limit when the upload was longer (its bytes are then not kept).</summary>
    public long Size { get; }

    /// <summary>What the first bytes show.</summary>
    public FileKind Kind { get; }

    /// <summary>Lower-case hex SHA-256 of the staged bytes.</summary>
    internal string Sha256 { get; }

    /// <summary>Whether the bytes are still staged and may be stored: not yet stored by a committed transaction, not discarded.</summary>
    public bool IsAvailable
    {
        get
        {
            lock (gate)
            {
                return !committed && !disposed && File.Exists(StagedPath);
            }
        }
    }

    /// <summary>A row for these bytes joins <paramref name="transaction"/>: from now on only its outcome decides their fate.</summary>
    internal void Claim(DbTransaction transaction)
    {
        lock (gate)
        {
            if (committed || disposed || !File.Exists(StagedPath))
            {
                throw new InvalidOperationException($"The upload {Id} is not staged (stored, discarded or refused); FileStore.Check says so before a service stores it.");
            }

            claimedBy = transaction;
        }
    }

    /// <summary>The transaction that claimed the bytes committed: they belong to the store now.</summary>
    internal void Commit()
    {
        lock (gate)
        {
            committed = true;
        }
    }

    /// <summary>The transaction that claimed the bytes rolled back: a dispose that waited for it deletes them now.</summary>
    internal void RolledBack(DbTransaction transaction)
    {
        lock (gate)
        {
            if (claimedBy != transaction || !disposeRequested)
            {
                return;
            }

            claimedBy = null;
            Delete();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (committed || disposed)
            {
                return;
            }

            // ADO.NET: a transaction's Connection is null once it committed or rolled back.
            if (claimedBy?.Connection is not null)
            {
                disposeRequested = true;
                return;
            }

            Delete();
        }
    }

    private void Delete()
    {
        disposed = true;
        File.Delete(StagedPath);
    }
}
