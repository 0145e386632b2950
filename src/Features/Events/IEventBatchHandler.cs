using Microsoft.Data.Sqlite;

namespace KooMessage.Console.Features.Events;

/// <summary>
/// The events of one batch that the store wrote now (not those it had already), with their ids in the store (<paramref name="Ids"/>[i]
/// is <paramref name="Written"/>[i]'s), and the batch's open transaction.
/// </summary>
public sealed record EventBatch(SqliteConnection Connection, SqliteTransaction Transaction, IReadOnlyList<EventRecord> Written, IReadOnlyList<long> Ids)
{
    private readonly List<Action> committed = [];

    /// <summary>
    /// Whether more events were waiting in the channel when this batch was taken: the writer is behind, and a handler
    /// may put off work it can do once for many batches (see <see cref="ShortLinks.ResolveCounters"/>).
    /// </summary>
    public bool Backlog { get; init; }

    /// <summary>A command on the batch's connection, inside its transaction.</summary>
    public SqliteCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Runs <paramref name="action"/> once the batch's transaction has committed (never when it rolls back: the writer takes the batch again).</summary>
    public void AfterCommit(Action action) => committed.Add(action);

    /// <summary>The store's part: what the handlers asked to run after the commit.</summary>
    public void Committed()
    {
        foreach (var action in committed)
        {
            action();
        }
    }
}

/// <summary>
/// A module's part of the one batched writer: told, inside each batch's transaction, which events were newly stored
/// (perhaps none), so it applies them once (a repeated event id is not newly stored). A handler that throws rolls the
/// whole batch back and the writer takes it again, so an event is never stored without its effect.
/// </summary>
public interface IEventBatchHandler
{
    Task WrittenAsync(EventBatch batch, CancellationToken ct);
}
