namespace HateCase.Runtime.Ports;

// The storage the runtime needs, in its own terms; the Azure Storage SDK stays in the adapter.
// A row is two keys and a text body (JSON written by the runtime). The adapter spreads a long
// body over several properties (a string property holds at most 64 KiB), so nothing is cut;
// a body larger than one entity allows (MaxBodyChars) is the runtime's to move to a blob.
public sealed record TableRow(string PartitionKey, string RowKey, string Body, string? ETag = null);

public enum RowOperation
{
    // Fails with RowExistsException when the row exists.
    Insert,
    // Replaces the row; guarded by Row.ETag when set (ConcurrencyConflictException on mismatch),
    // unconditional when ETag is null. Fails with RowNotFoundException when absent.
    Replace,
    InsertOrReplace,
    // Guarded by Row.ETag when set; deleting a missing row fails with RowNotFoundException.
    Delete,
}

public sealed record RowWrite(RowOperation Operation, TableRow Row);

public sealed record RowPage(IReadOnlyList<TableRow> Rows, string? ContinuationToken);

public interface ITableStore
{
    // Longest body one row can hold after the adapter has split it across properties.
    int MaxBodyChars { get; }

    Task EnsureTable(string table, CancellationToken cancellationToken);

    // Reading a table that does not exist finds nothing; committing to one is refused
    // (StoreRequestInvalidException): ensure tables first.
    Task<TableRow?> Get(string table, string partitionKey, string rowKey, CancellationToken cancellationToken);

    // Rows of one partition with rowKeyFrom <= RowKey < rowKeyTo (either bound may be null),
    // in RowKey order, at most `take` (1..1000) a page. A page may hold fewer rows than `take`
    // even when more follow: read until the continuation token is null.
    Task<RowPage> QueryPartition(string table, string partitionKey, string? rowKeyFrom, string? rowKeyTo,
        int take, string? continuationToken, CancellationToken cancellationToken);

    // Rows whose PartitionKey is in [partitionKeyFrom, partitionKeyTo), in key order: index sweeps.
    Task<RowPage> QueryPartitionRange(string table, string partitionKeyFrom, string partitionKeyTo,
        int take, string? continuationToken, CancellationToken cancellationToken);

    // One entity-group transaction: all rows in one partition, at most 100, all or nothing.
    // Returns the new ETag of each write, in order (null for deletes).
    // Throws ConcurrencyConflictException, RowExistsException or RowNotFoundException naming the
    // failing write, and the whole batch is then unwritten.
    Task<IReadOnlyList<string?>> Commit(string table, IReadOnlyList<RowWrite> writes, CancellationToken cancellationToken);
}

public interface IBlobStore
{
    // Creates the container when needed and overwrites a blob of the same name.
    Task Put(string container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    Task<BlobContent?> Get(string container, string name, CancellationToken cancellationToken);

    // Names in ordinal order; a missing container lists nothing.
    Task<IReadOnlyList<string>> List(string container, string prefix, CancellationToken cancellationToken);

    // Deleting a missing blob is not an error.
    Task Delete(string container, string name, CancellationToken cancellationToken);
}

public sealed record BlobContent(ReadOnlyMemory<byte> Content, string ContentType);

public interface IQueueStore
{
    Task Enqueue(string queue, string message, TimeSpan? visibilityDelay, CancellationToken cancellationToken);

    // Messages become invisible for `visibility`; a message not deleted in time comes back.
    Task<IReadOnlyList<QueueMessage>> Receive(string queue, int max, TimeSpan visibility, CancellationToken cancellationToken);

    // A message already gone, or received again since (its pop receipt is stale), is left alone
    // without an error: delivery is at least once, so handlers must be idempotent anyway.
    Task Delete(string queue, QueueMessage message, CancellationToken cancellationToken);
}

public sealed record QueueMessage(string Id, string PopReceipt, string Text, int DequeueCount);

public abstract class StoreException(string message, Exception? inner = null) : Exception(message, inner);

// The guarded row changed since it was read (HTTP 412).
public sealed class ConcurrencyConflictException(string table, string partitionKey, string rowKey, Exception? inner = null)
    : StoreException($"Row {rowKey} of partition {partitionKey} in {table} changed since it was read.", inner)
{
    public string RowKey { get; } = rowKey;
}

// Insert of a row that exists (HTTP 409).
public sealed class RowExistsException(string table, string partitionKey, string rowKey, Exception? inner = null)
    : StoreException($"Row {rowKey} of partition {partitionKey} in {table} already exists.", inner)
{
    public string RowKey { get; } = rowKey;
}

public sealed class RowNotFoundException(string table, string partitionKey, string rowKey, Exception? inner = null)
    : StoreException($"Row {rowKey} of partition {partitionKey} in {table} does not exist.", inner)
{
    public string RowKey { get; } = rowKey;
}

// The storage service could not be reached or failed (network, 5xx, timeout): worth retrying.
public sealed class StoreUnavailableException(string message, Exception? inner = null) : StoreException(message, inner);

// A request the store refuses outright (a batch over 100 rows or spanning partitions, a body too
// large, a bad name or key); StorageRules says which requests every store accepts.
public sealed class StoreRequestInvalidException(string message, Exception? inner = null) : StoreException(message, inner);

// A stored row that cannot be read back (a body split whose parts are missing, say).
public sealed class StoredRowMalformedException(string table, string partitionKey, string rowKey, string problem)
    : StoreException($"Row {rowKey} of partition {partitionKey} in {table} is malformed: {problem}");
