using HateCase.Runtime.Ports;

namespace HateCase.Testing;

// Thrown where a real process would have died: not a storage error, so nothing should handle it.
public sealed class SimulatedCrashException(string message) : Exception(message);

public enum FaultPoint
{
    BeforeCommit,

    // The commit is written, then the caller crashes before it learns so.
    AfterCommit,
    BeforeGet,
    AfterGet,

    // Both partition and partition-range queries count as queries.
    BeforeQuery,
    AfterQuery,
}

// Wraps a table store and "crashes" (throws SimulatedCrashException) before or after the N-th commit,
// get or query, as planned. The inner store keeps what was written, so a test can build a fresh
// runtime on it afterwards, as a restarted process would. Calls are numbered from 1 per kind.
public sealed class FaultInjectingTableStore(ITableStore inner) : ITableStore
{
    private readonly object gate = new();
    private readonly HashSet<(FaultPoint Point, int Call)> plan = [];
    private readonly List<string> crashes = [];
    private int commits;
    private int gets;
    private int queries;

    public ITableStore Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public int MaxBodyChars => Inner.MaxBodyChars;

    public int Commits => Volatile.Read(ref commits);

    public int Gets => Volatile.Read(ref gets);

    public int Queries => Volatile.Read(ref queries);

    public IReadOnlyList<string> Crashes
    {
        get
        {
            lock (gate)
            {
                return crashes.ToList();
            }
        }
    }

    public FaultInjectingTableStore CrashAt(FaultPoint point, int call)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(call, 1);
        lock (gate)
        {
            plan.Add((point, call));
        }

        return this;
    }

    public Task EnsureTable(string table, CancellationToken cancellationToken) => Inner.EnsureTable(table, cancellationToken);

    public Task<TableRow?> Get(string table, string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        Run(Interlocked.Increment(ref gets), FaultPoint.BeforeGet, FaultPoint.AfterGet,
            () => Inner.Get(table, partitionKey, rowKey, cancellationToken));

    public Task<RowPage> QueryPartition(string table, string partitionKey, string? rowKeyFrom, string? rowKeyTo,
        int take, string? continuationToken, CancellationToken cancellationToken) =>
        Run(Interlocked.Increment(ref queries), FaultPoint.BeforeQuery, FaultPoint.AfterQuery,
            () => Inner.QueryPartition(table, partitionKey, rowKeyFrom, rowKeyTo, take, continuationToken, cancellationToken));

    public Task<RowPage> QueryPartitionRange(string table, string partitionKeyFrom, string partitionKeyTo,
        int take, string? continuationToken, CancellationToken cancellationToken) =>
        Run(Interlocked.Increment(ref queries), FaultPoint.BeforeQuery, FaultPoint.AfterQuery,
            () => Inner.QueryPartitionRange(table, partitionKeyFrom, partitionKeyTo, take, continuationToken, cancellationToken));

    public Task<IReadOnlyList<string?>> Commit(string table, IReadOnlyList<RowWrite> writes, CancellationToken cancellationToken) =>
        Run(Interlocked.Increment(ref commits), FaultPoint.BeforeCommit, FaultPoint.AfterCommit,
            () => Inner.Commit(table, writes, cancellationToken));

    private async Task<T> Run<T>(int call, FaultPoint before, FaultPoint after, Func<Task<T>> operation)
    {
        CrashIfPlanned(before, call);
        var result = await operation().ConfigureAwait(false);
        CrashIfPlanned(after, call);
        return result;
    }

    private void CrashIfPlanned(FaultPoint point, int call)
    {
        lock (gate)
        {
            if (!plan.Remove((point, call)))
            {
                return;
            }

            var description = $"Simulated crash at {point} of call {call}.";
            crashes.Add(description);
            throw new SimulatedCrashException(description);
        }
    }
}
