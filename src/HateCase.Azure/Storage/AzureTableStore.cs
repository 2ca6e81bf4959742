using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using HateCase.Runtime.Ports;
using Microsoft.WindowsAzure.Storage;
using Microsoft.WindowsAzure.Storage.RetryPolicies;
using Microsoft.WindowsAzure.Storage.Table;

namespace HateCase.Azure.Storage;

// A row is stored as BodyParts (Int32) and Body0..BodyN-1, each a string of at most
// StorageRules.BodyPartChars UTF-16 chars (a string property holds 64 KiB). A surrogate pair is
// never cut in two, since a lone surrogate would not survive the UTF-8 trip.
public sealed class AzureTableStore : ITableStore
{
    public const string BodyPartsProperty = "BodyParts";
    public const string BodyPropertyPrefix = "Body";

    private const string TokenPrefix = "az1.";
    private const string NullTokenPart = "~";

    private readonly CloudTableClient client;
    private readonly TableRequestOptions requestOptions;
    private readonly ConcurrentDictionary<string, bool> ensuredTables = new(StringComparer.Ordinal);

    public AzureTableStore(CloudTableClient client, AzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        requestOptions = new TableRequestOptions
        {
            RetryPolicy = new NoRetry(),
            ServerTimeout = options.ServerTimeout,
            MaximumExecutionTime = options.MaximumExecutionTime,
        };
    }

    public int MaxBodyChars => StorageRules.MaxBodyChars;

    public async Task EnsureTable(string table, CancellationToken cancellationToken)
    {
        StorageRules.CheckTableName(table);
        if (ensuredTables.ContainsKey(table))
        {
            return;
        }

        try
        {
            await client.GetTableReference(table).CreateIfNotExistsAsync(requestOptions, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Creating table {table}", cancellationToken);
        }

        ensuredTables.TryAdd(table, true);
    }

    public async Task<TableRow?> Get(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        StorageRules.CheckTableName(table);
        StorageRules.CheckKey("PartitionKey", partitionKey);
        StorageRules.CheckKey("RowKey", rowKey);
        TableResult result;
        try
        {
            result = await client.GetTableReference(table)
                .ExecuteAsync(TableOperation.Retrieve<DynamicTableEntity>(partitionKey, rowKey), requestOptions, null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Reading row {rowKey} of partition {partitionKey} in {table}", cancellationToken);
        }

        return result.Result is DynamicTableEntity entity ? ReadRow(table, entity) : null;
    }

    public Task<RowPage> QueryPartition(string table, string partitionKey, string? rowKeyFrom, string? rowKeyTo,
        int take, string? continuationToken, CancellationToken cancellationToken)
    {
        StorageRules.CheckTableName(table);
        StorageRules.CheckKey("PartitionKey", partitionKey);
        var filter = TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.Equal, partitionKey);
        if (rowKeyFrom is not null)
        {
            filter = And(filter, TableQuery.GenerateFilterCondition("RowKey", QueryComparisons.GreaterThanOrEqual, rowKeyFrom));
        }

        if (rowKeyTo is not null)
        {
            filter = And(filter, TableQuery.GenerateFilterCondition("RowKey", QueryComparisons.LessThan, rowKeyTo));
        }

        return Query(table, filter, take, continuationToken, $"Querying partition {partitionKey} of {table}", cancellationToken);
    }

    public Task<RowPage> QueryPartitionRange(string table, string partitionKeyFrom, string partitionKeyTo,
        int take, string? continuationToken, CancellationToken cancellationToken)
    {
        StorageRules.CheckTableName(table);
        ArgumentNullException.ThrowIfNull(partitionKeyFrom);
        ArgumentNullException.ThrowIfNull(partitionKeyTo);
        var filter = And(
            TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.GreaterThanOrEqual, partitionKeyFrom),
            TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.LessThan, partitionKeyTo));
        return Query(table, filter, take, continuationToken,
            $"Querying partitions {partitionKeyFrom} to {partitionKeyTo} of {table}", cancellationToken);
    }

    public async Task<IReadOnlyList<string?>> Commit(string table, IReadOnlyList<RowWrite> writes, CancellationToken cancellationToken)
    {
        // The storage client would send a cross-partition batch that the emulator then accepts;
        // the shared rules refuse it (and every other request Azure would refuse) before sending.
        StorageRules.CheckCommit(table, writes);
        if (writes.Count == 0)
        {
            return [];
        }

        var batch = new TableBatchOperation();
        foreach (var write in writes)
        {
            batch.Add(ToOperation(write));
        }

        IList<TableResult> results;
        try
        {
            results = await client.GetTableReference(table).ExecuteBatchAsync(batch, requestOptions, null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            var partitionKey = writes[0].Row.PartitionKey;
            throw StorageFailures.Translate(exception, $"Committing {writes.Count} writes to partition {partitionKey} of {table}",
                cancellationToken, storage => CommitFailure(table, writes, storage));
        }

        var etags = new string?[writes.Count];
        for (var index = 0; index < writes.Count; index++)
        {
            etags[index] = writes[index].Operation == RowOperation.Delete ? null : results[index].Etag;
        }

        return etags;
    }

    internal static IReadOnlyList<string> SplitBody(string body)
    {
        var parts = new List<string>(body.Length / StorageRules.BodyPartChars + 1);
        var start = 0;
        while (start < body.Length)
        {
            var length = Math.Min(StorageRules.BodyPartChars, body.Length - start);
            if (start + length < body.Length && char.IsHighSurrogate(body[start + length - 1]))
            {
                length--;
            }

            parts.Add(body.Substring(start, length));
            start += length;
        }

        return parts;
    }

    private async Task<RowPage> Query(string table, string filter, int take, string? continuationToken, string operation,
        CancellationToken cancellationToken)
    {
        StorageRules.CheckPageSize(take);
        var query = new TableQuery().Where(filter).Take(take);
        TableQuerySegment segment;
        try
        {
            segment = await client.GetTableReference(table)
                .ExecuteQuerySegmentedAsync(query, ParseToken(continuationToken), requestOptions, null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFailures.Is(exception, 404, "TableNotFound"))
        {
            ensuredTables.TryRemove(table, out _);
            return new RowPage([], null);
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, operation, cancellationToken);
        }

        var rows = segment.Results.Select(entity => ReadRow(table, entity)).ToList();
        return new RowPage(rows, MakeToken(segment.ContinuationToken));
    }

    private Exception? CommitFailure(string table, IReadOnlyList<RowWrite> writes, StorageException exception)
    {
        var partitionKey = writes[0].Row.PartitionKey;
        var status = StorageFailures.Status(exception);
        var errorCode = StorageFailures.ErrorCode(exception);
        var index = FailingWriteIndex(exception, writes.Count);

        // Without an index (an answer that did not carry one) the write most likely to have failed is named.
        string RowKeyOfFailingWrite(Func<RowWrite, bool> likely) =>
            (index is { } known ? writes[known] : writes.FirstOrDefault(likely) ?? writes[0]).Row.RowKey;

        switch (status)
        {
            case 412:
                return new ConcurrencyConflictException(table, partitionKey,
                    RowKeyOfFailingWrite(w => w.Row.ETag is not null and not "*"), exception);
            case 409 when errorCode == "EntityAlreadyExists":
                return new RowExistsException(table, partitionKey, RowKeyOfFailingWrite(w => w.Operation == RowOperation.Insert), exception);
            case 404 when errorCode == "TableNotFound":
                ensuredTables.TryRemove(table, out _);
                return new StoreRequestInvalidException($"Table {table} does not exist; ensure it before committing to it.", exception);
            case 404:
                return new RowNotFoundException(table, partitionKey,
                    RowKeyOfFailingWrite(w => w.Operation is RowOperation.Replace or RowOperation.Delete), exception);
            default:
                var which = index is { } failing ? $" at write {failing} (row {writes[failing].Row.RowKey})" : "";
                return new StoreRequestInvalidException(
                    $"A commit to partition {partitionKey} of {table} was refused{which}: {status} {errorCode}.", exception);
        }
    }

    // A failed transaction answers "<index>:<message>", the index of the write that failed.
    private static int? FailingWriteIndex(StorageException exception, int writeCount)
    {
        var message = exception.RequestInformation?.ExtendedErrorInformation?.ErrorMessage;
        var colon = message?.IndexOf(':') ?? -1;
        if (colon > 0 && int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
            index < writeCount)
        {
            return index;
        }

        return writeCount == 1 ? 0 : null;
    }

    private static TableOperation ToOperation(RowWrite write)
    {
        var row = write.Row;
        var entity = new DynamicTableEntity(row.PartitionKey, row.RowKey) { ETag = string.IsNullOrEmpty(row.ETag) ? "*" : row.ETag };
        if (write.Operation == RowOperation.Delete)
        {
            return TableOperation.Delete(entity);
        }

        var parts = SplitBody(row.Body);
        for (var index = 0; index < parts.Count; index++)
        {
            entity.Properties[BodyPropertyPrefix + index.ToString(CultureInfo.InvariantCulture)] = new EntityProperty(parts[index]);
        }

        entity.Properties[BodyPartsProperty] = new EntityProperty(parts.Count);
        return write.Operation switch
        {
            RowOperation.Insert => TableOperation.Insert(entity),
            RowOperation.Replace => TableOperation.Replace(entity),
            RowOperation.InsertOrReplace => TableOperation.InsertOrReplace(entity),
            _ => throw new StoreRequestInvalidException($"Unknown row operation {write.Operation}."),
        };
    }

    private static TableRow ReadRow(string table, DynamicTableEntity entity)
    {
        StoredRowMalformedException Malformed(string problem) => new(table, entity.PartitionKey, entity.RowKey, problem);

        if (!entity.Properties.TryGetValue(BodyPartsProperty, out var partsProperty) ||
            partsProperty.PropertyType != EdmType.Int32 || partsProperty.Int32Value is not { } partCount || partCount < 0)
        {
            throw Malformed($"{BodyPartsProperty} is missing or not a count");
        }

        var body = new StringBuilder();
        for (var index = 0; index < partCount; index++)
        {
            var name = BodyPropertyPrefix + index.ToString(CultureInfo.InvariantCulture);
            if (!entity.Properties.TryGetValue(name, out var part) || part.PropertyType != EdmType.String || part.StringValue is null)
            {
                throw Malformed($"{name} of {partCount} body parts is missing");
            }

            body.Append(part.StringValue);
        }

        var stray = entity.Properties.Keys.FirstOrDefault(name =>
            name.StartsWith(BodyPropertyPrefix, StringComparison.Ordinal) && name != BodyPartsProperty &&
            (!int.TryParse(name.AsSpan(BodyPropertyPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
             index >= partCount));
        if (stray is not null)
        {
            throw Malformed($"it holds {stray} beyond its {partCount} body parts");
        }

        return new TableRow(entity.PartitionKey, entity.RowKey, body.ToString(), entity.ETag);
    }

    private static string And(string left, string right) => TableQuery.CombineFilters(left, TableOperators.And, right);

    private static string? MakeToken(TableContinuationToken? token) =>
        token is null ? null : TokenPrefix + Encode(token.NextPartitionKey) + "." + Encode(token.NextRowKey);

    private static TableContinuationToken? ParseToken(string? token)
    {
        if (token is null)
        {
            return null;
        }

        var parts = token.StartsWith(TokenPrefix, StringComparison.Ordinal) ? token[TokenPrefix.Length..].Split('.') : [];
        if (parts.Length != 2 || !TryDecode(parts[0], out var nextPartitionKey) || !TryDecode(parts[1], out var nextRowKey))
        {
            throw new StoreRequestInvalidException("The continuation token was not issued by this store.");
        }

        return new TableContinuationToken { NextPartitionKey = nextPartitionKey, NextRowKey = nextRowKey };
    }

    private static string Encode(string? value) =>
        value is null
            ? NullTokenPart
            : Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string text, out string? value)
    {
        value = null;
        if (text == NullTokenPart)
        {
            return true;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(bytes, 0, written);
        return true;
    }
}
