using System.Text;
using HateCase.Runtime.Ports;

namespace HateCase.Runtime.InMemory;

// Table storage in memory with the semantics of the Azure adapter: the same request rules, ETags
// checked per write, all-or-nothing commits that report the first failing write, ordinal key order
// and opaque continuation tokens. For fast runtime tests; thread-safe.
public sealed class InMemoryTableStore : ITableStore
{
    private const string TokenPrefix = "mem1.";

    private readonly object gate = new();
    private readonly Dictionary<string, SortedDictionary<string, SortedDictionary<string, StoredRow>>> tables = new(StringComparer.Ordinal);
    private long lastVersion;

    public int MaxBodyChars => StorageRules.MaxBodyChars;

    public Task EnsureTable(string table, CancellationToken cancellationToken)
    {
        StorageRules.CheckTableName(table);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!tables.ContainsKey(table))
            {
                tables[table] = new SortedDictionary<string, SortedDictionary<string, StoredRow>>(StringComparer.Ordinal);
            }
        }

        return Task.CompletedTask;
    }

    public Task<TableRow?> Get(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        StorageRules.CheckTableName(table);
        StorageRules.CheckKey("PartitionKey", partitionKey);
        StorageRules.CheckKey("RowKey", rowKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            var row = TryFind(table, partitionKey, rowKey);
            return Task.FromResult(row is null ? null : ToTableRow(partitionKey, rowKey, row));
        }
    }

    public Task<RowPage> QueryPartition(string table, string partitionKey, string? rowKeyFrom, string? rowKeyTo,
        int take, string? continuationToken, CancellationToken cancellationToken)
    {
        StorageRules.CheckTableName(table);
        StorageRules.CheckKey("PartitionKey", partitionKey);
        StorageRules.CheckPageSize(take);
        cancellationToken.ThrowIfCancellationRequested();
        var resumeAfter = ParseToken(continuationToken);
        lock (gate)
        {
            if (!tables.TryGetValue(table, out var partitions) || !partitions.TryGetValue(partitionKey, out var rows))
            {
                return Task.FromResult(new RowPage([], null));
            }

            var matching = rows
                .Where(r => (rowKeyFrom is null || string.CompareOrdinal(r.Key, rowKeyFrom) >= 0) &&
                            (rowKeyTo is null || string.CompareOrdinal(r.Key, rowKeyTo) < 0))
                .Select(r => (PartitionKey: partitionKey, RowKey: r.Key, Row: r.Value));
            return Task.FromResult(Page(matching, resumeAfter, take));
        }
    }

    public Task<RowPage> QueryPartitionRange(string table, string partitionKeyFrom, string partitionKeyTo,
        int take, string? continuationToken, CancellationToken cancellationToken)
    {
        StorageRules.CheckTableName(table);
        ArgumentNullException.ThrowIfNull(partitionKeyFrom);
        ArgumentNullException.ThrowIfNull(partitionKeyTo);
        StorageRules.CheckPageSize(take);
        cancellationToken.ThrowIfCancellationRequested();
        var resumeAfter = ParseToken(continuationToken);
        lock (gate)
        {
            if (!tables.TryGetValue(table, out var partitions))
            {
                return Task.FromResult(new RowPage([], null));
            }

            var matching = partitions
                .Where(p => string.CompareOrdinal(p.Key, partitionKeyFrom) >= 0 && string.CompareOrdinal(p.Key, partitionKeyTo) < 0)
                .SelectMany(p => p.Value.Select(r => (PartitionKey: p.Key, RowKey: r.Key, Row: r.Value)));
            return Task.FromResult(Page(matching, resumeAfter, take));
        }
    }

    public Task<IReadOnlyList<string?>> Commit(string table, IReadOnlyList<RowWrite> writes, CancellationToken cancellationToken)
    {
        StorageRules.CheckCommit(table, writes);
        cancellationToken.ThrowIfCancellationRequested();
        if (writes.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<string?>>([]);
        }

        lock (gate)
        {
            if (!tables.TryGetValue(table, out var partitions))
            {
                throw new StoreRequestInvalidException($"Table {table} does not exist; ensure it before committing to it.");
            }

            var partitionKey = writes[0].Row.PartitionKey;
            partitions.TryGetValue(partitionKey, out var rows);

            // Check every write against the rows as they are, before changing anything.
            foreach (var write in writes)
            {
                var row = write.Row;
                StoredRow? current = null;
                var exists = rows is not null && rows.TryGetValue(row.RowKey, out current);
                switch (write.Operation)
                {
                    case RowOperation.Insert when exists:
                        throw new RowExistsException(table, partitionKey, row.RowKey);
                    case RowOperation.Replace or RowOperation.Delete when !exists:
                        throw new RowNotFoundException(table, partitionKey, row.RowKey);
                    case RowOperation.Replace or RowOperation.Delete when !ETagMatches(row.ETag, current!.ETag):
                        throw new ConcurrencyConflictException(table, partitionKey, row.RowKey);
                }
            }

            if (rows is null)
            {
                rows = new SortedDictionary<string, StoredRow>(StringComparer.Ordinal);
                partitions[partitionKey] = rows;
            }

            var etags = new string?[writes.Count];
            for (var index = 0; index < writes.Count; index++)
            {
                var row = writes[index].Row;
                if (writes[index].Operation == RowOperation.Delete)
                {
                    rows.Remove(row.RowKey);
                    continue;
                }

                var etag = $"W/\"mem-{++lastVersion}\"";
                rows[row.RowKey] = new StoredRow(row.Body, etag);
                etags[index] = etag;
            }

            if (rows.Count == 0)
            {
                partitions.Remove(partitionKey);
            }

            return Task.FromResult<IReadOnlyList<string?>>(etags);
        }
    }

    private static bool ETagMatches(string? expected, string actual) =>
        expected is null || expected == "*" || string.Equals(expected, actual, StringComparison.Ordinal);

    private StoredRow? TryFind(string table, string partitionKey, string rowKey) =>
        tables.TryGetValue(table, out var partitions) &&
        partitions.TryGetValue(partitionKey, out var rows) &&
        rows.TryGetValue(rowKey, out var row)
            ? row
            : null;

    private static RowPage Page(IEnumerable<(string PartitionKey, string RowKey, StoredRow Row)> ordered,
        (string PartitionKey, string RowKey)? resumeAfter, int take)
    {
        if (resumeAfter is { } after)
        {
            ordered = ordered.Where(r =>
            {
                var byPartition = string.CompareOrdinal(r.PartitionKey, after.PartitionKey);
                return byPartition > 0 || (byPartition == 0 && string.CompareOrdinal(r.RowKey, after.RowKey) > 0);
            });
        }

        var window = ordered.Take(take + 1).ToList();
        var rows = window.Take(take).Select(r => ToTableRow(r.PartitionKey, r.RowKey, r.Row)).ToList();
        var token = window.Count > take ? MakeToken(rows[^1].PartitionKey, rows[^1].RowKey) : null;
        return new RowPage(rows, token);
    }

    private static TableRow ToTableRow(string partitionKey, string rowKey, StoredRow row) =>
        new(partitionKey, rowKey, row.Body, row.ETag);

    private static string MakeToken(string partitionKey, string rowKey) =>
        TokenPrefix + Encode(partitionKey) + "." + Encode(rowKey);

    private static (string PartitionKey, string RowKey)? ParseToken(string? token)
    {
        if (token is null)
        {
            return null;
        }

        var parts = token.StartsWith(TokenPrefix, StringComparison.Ordinal) ? token[TokenPrefix.Length..].Split('.') : [];
        if (parts.Length != 2 || Decode(parts[0]) is not { } partitionKey || Decode(parts[1]) is not { } rowKey)
        {
            throw new StoreRequestInvalidException("The continuation token was not issued by this store.");
        }

        return (partitionKey, rowKey);
    }

    private static string Encode(string value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string value)
    {
        var base64 = value.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    private sealed record StoredRow(string Body, string ETag);
}
