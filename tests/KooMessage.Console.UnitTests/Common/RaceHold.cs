using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KooMessage.Console.UnitTests.Common;

/// <summary>
/// Makes two operations race at the worst moment: the first is held right after its check (the first command matching
/// <paramref name="isCheck"/>) until the second has come as far as it can, that is its own check (if nothing
/// serializes them, both then pass it) or the start of its transaction (where it waits for the first to commit).
/// Register it with <c>AddInterceptors</c>; run each operation through <see cref="RunAsync{T}"/>.
/// </summary>
public sealed class RaceHold(Func<string, bool> isCheck) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly AsyncLocal<int> caller = new();
    private readonly TaskCompletionSource firstChecked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource secondArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the first operation, waits until it has checked, then starts the second; returns both results.</summary>
    public async Task<T[]> RunAsync<T>(Func<Task<T>> first, Func<Task<T>> second)
    {
        var one = Task.Run(() =>
        {
            caller.Value = 1;
            return first();
        });
        await Task.WhenAny(firstChecked.Task, one).WaitAsync(Patience);
        var two = Task.Run(() =>
        {
            caller.Value = 2;
            return second();
        });
        return await Task.WhenAll(one, two);
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (isCheck(command.CommandText))
        {
            if (caller.Value == 1 && firstChecked.TrySetResult())
            {
                await secondArrived.Task.WaitAsync(Patience, cancellationToken);
            }
            else if (caller.Value == 2)
            {
                secondArrived.TrySetResult();
            }
        }

        return result;
    }

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (caller.Value == 2)
        {
            secondArrived.TrySetResult();
        }

        return ValueTask.FromResult(result);
    }
}
