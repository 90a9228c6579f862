using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>
/// Queues this process's SQLite writers, in order and without blocking a thread. SQLite lets one
/// writer in at a time, and Microsoft.Data.Sqlite waits for a busy database by putting its thread
/// to sleep between tries: with 16 clients reporting at once, grain turns slept on thread-pool
/// threads and the slowest report took seconds (measured, docs/benchmarks.md). Here a transaction,
/// or a write outside one, waits its turn before it asks SQLite for the lock, and lets the next
/// writer in when it commits, rolls back, or its connection closes.
/// Writers in other processes on the same file (a command-line tool) still meet SQLite's own wait.
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    /// <summary>As long as Microsoft.Data.Sqlite waits for a busy database before it gives up.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private static readonly string[] WriteVerbs = ["INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER"];

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The connection (EF's id for it) that holds the gate, and whether for a transaction or for one command.</summary>
    private readonly ConcurrentDictionary<Guid, Hold> _holders = new();

    private enum Hold { Transaction, Command }

    // A transaction: SQLite's BEGIN IMMEDIATE takes the write lock, so wait before it.
    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(eventData.ConnectionId, Hold.Transaction, cancellationToken);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(eventData.ConnectionId, Hold.Transaction);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.ConnectionId, Hold.Transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(eventData.ConnectionId, Hold.Transaction);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.ConnectionId, Hold.Transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(eventData.ConnectionId, Hold.Transaction);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(eventData.ConnectionId, Hold.Transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(eventData.ConnectionId, Hold.Transaction);

    // A write outside a transaction (ExecuteUpdate, a one-row SaveChanges): SQLite locks for that statement.
    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command)) await EnterAsync(eventData.ConnectionId, Hold.Command, cancellationToken);
        return result;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (IsLoneWrite(command)) Enter(eventData.ConnectionId, Hold.Command);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command)) await EnterAsync(eventData.ConnectionId, Hold.Command, cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (IsLoneWrite(command)) Enter(eventData.ConnectionId, Hold.Command);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Leave(eventData.ConnectionId, Hold.Command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Leave(eventData.ConnectionId, Hold.Command);
        return ValueTask.FromResult(result);
    }

    // A reader (INSERT … RETURNING) holds the lock until it is read to the end.
    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Leave(eventData.ConnectionId, Hold.Command);
        return result;
    }

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Leave(eventData.ConnectionId, Hold.Command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Leave(eventData.ConnectionId, Hold.Command);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Leave(eventData.ConnectionId, Hold.Command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(eventData.ConnectionId, Hold.Command);

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Leave(eventData.ConnectionId, Hold.Command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(eventData.ConnectionId, Hold.Command);

    // A closed connection holds nothing, whatever happened before (a transaction disposed without
    // commit or rollback is rolled back by SQLite and reported to no interceptor).
    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        LeaveAny(eventData.ConnectionId);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        LeaveAny(eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        LeaveAny(eventData.ConnectionId);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        LeaveAny(eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    private static bool IsLoneWrite(DbCommand command)
    {
        if (command.Transaction is not null) return false; // its transaction holds the gate
        var text = command.CommandText.AsSpan().TrimStart();
        foreach (var verb in WriteVerbs)
            if (text.StartsWith(verb, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private async Task EnterAsync(Guid connection, Hold hold, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(MaxWait, cancellationToken)) throw TimedOut();
        _holders[connection] = hold;
    }

    private void Enter(Guid connection, Hold hold)
    {
        if (!_gate.Wait(MaxWait)) throw TimedOut();
        _holders[connection] = hold;
    }

    private void Leave(Guid connection, Hold hold)
    {
        if (_holders.TryRemove(new KeyValuePair<Guid, Hold>(connection, hold))) _gate.Release();
    }

    private Task LeaveAsync(Guid connection, Hold hold)
    {
        Leave(connection, hold);
        return Task.CompletedTask;
    }

    private void LeaveAny(Guid connection)
    {
        if (_holders.TryRemove(connection, out _)) _gate.Release();
    }

    private static TimeoutException TimedOut() =>
        new($"Waited {MaxWait.TotalSeconds:0} s for another write to the SQLite database to finish.");
}
