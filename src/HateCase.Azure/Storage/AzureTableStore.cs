using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using HateCase.Runtime.Ports;

namespace HateCase.Azure.Storage;

// A row is stored as BodyParts (Int32) and Body0..BodyN-1, each a string of at most
// StorageRules.BodyPartChars UTF-16 chars (a string property holds 64 KiB). A surrogate pair is
// never cut in two, since a lone surrogate would not survive the UTF-8 trip.
public sealed class AzureTableStore : ITableStore
{
    public const string BodyPartsProperty = "BodyParts";
    public const string BodyPropertyPrefix = "Body";

    // Continuation tokens are the client's own, wrapped so that one not issued here is told apart.
    private const string TokenPrefix = "az2.";

    private readonly TableServiceClient client;
    private readonly ConcurrentDictionary<string, bool> ensuredTables = new(StringComparer.Ordinal);

    public AzureTableStore(TableServiceClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
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
            await client.GetTableClient(table).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
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
        NullableResponse<TableEntity> result;
        try
        {
            result = await client.GetTableClient(table)
                .GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFailures.Is(exception, 404))
        {
            // The table does not exist: nothing is in it.
            ensuredTables.TryRemove(table, out _);
            return null;
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Reading row {rowKey} of partition {partitionKey} in {table}", cancellationToken);
        }

        return result.HasValue ? ReadRow(table, result.Value!) : null;
    }

    public Task<RowPage> QueryPartition(string table, string partitionKey, string? rowKeyFrom, string? rowKeyTo,
        int take, string? continuationToken, CancellationToken cancellationToken)
    {
        StorageRules.CheckTableName(table);
        StorageRules.CheckKey("PartitionKey", partitionKey);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        if (rowKeyFrom is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {rowKeyFrom}");
        }

        if (rowKeyTo is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {rowKeyTo}");
        }

        return Query(table, filter, take, continuationToken, $"Querying partition {partitionKey} of {table}", cancellationToken);
    }

    public Task<RowPage> QueryPartitionRange(string table, string partitionKeyFrom, string partitionKeyTo,
        int take, string? continuationToken, CancellationToken cancellationToken)
    {
        StorageRules.CheckTableName(table);
        ArgumentNullException.ThrowIfNull(partitionKeyFrom);
        ArgumentNullException.ThrowIfNull(partitionKeyTo);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {partitionKeyFrom} and PartitionKey lt {partitionKeyTo}");
        return Query(table, filter, take, continuationToken,
            $"Querying partitions {partitionKeyFrom} to {partitionKeyTo} of {table}", cancellationToken);
    }

    public async Task<IReadOnlyList<string?>> Commit(string table, IReadOnlyList<RowWrite> writes, CancellationToken cancellationToken)
    {
        // The emulator accepts a cross-partition transaction that Azure refuses; the shared rules
        // refuse it (and every other request Azure would refuse) before sending.
        StorageRules.CheckCommit(table, writes);
        if (writes.Count == 0)
        {
            return [];
        }

        Response<IReadOnlyList<Response>> results;
        try
        {
            results = await client.GetTableClient(table).SubmitTransactionAsync(writes.Select(ToAction), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            var partitionKey = writes[0].Row.PartitionKey;
            throw StorageFailures.Translate(exception, $"Committing {writes.Count} writes to partition {partitionKey} of {table}",
                cancellationToken, failed => CommitFailure(table, writes, failed));
        }

        var etags = new string?[writes.Count];
        for (var index = 0; index < writes.Count; index++)
        {
            etags[index] = writes[index].Operation == RowOperation.Delete ? null : results.Value[index].Headers.ETag?.ToString();
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
        var clientToken = ParseToken(continuationToken);
        Page<TableEntity>? page = null;
        try
        {
            await foreach (var first in client.GetTableClient(table).QueryAsync<TableEntity>(filter, take, cancellationToken: cancellationToken)
                .AsPages(clientToken, take).ConfigureAwait(false))
            {
                page = first;
                break;
            }
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

        if (page is null)
        {
            return new RowPage([], null);
        }

        var rows = page.Values.Select(entity => ReadRow(table, entity)).ToList();
        return new RowPage(rows, MakeToken(page.ContinuationToken));
    }

    private Exception? CommitFailure(string table, IReadOnlyList<RowWrite> writes, RequestFailedException exception)
    {
        var partitionKey = writes[0].Row.PartitionKey;
        var index = exception is TableTransactionFailedException { FailedTransactionActionIndex: { } failedAt } && failedAt < writes.Count
            ? failedAt
            : writes.Count == 1 ? 0 : (int?)null;

        // Without an index (an answer that did not carry one) the write most likely to have failed is named.
        string RowKeyOfFailingWrite(Func<RowWrite, bool> likely) =>
            (index is { } known ? writes[known] : writes.FirstOrDefault(likely) ?? writes[0]).Row.RowKey;

        switch (exception.Status)
        {
            case 412:
                return new ConcurrencyConflictException(table, partitionKey,
                    RowKeyOfFailingWrite(w => w.Row.ETag is not null and not "*"), exception);
            case 409 when exception.ErrorCode == "EntityAlreadyExists":
                return new RowExistsException(table, partitionKey, RowKeyOfFailingWrite(w => w.Operation == RowOperation.Insert), exception);
            case 404 when exception.ErrorCode == "TableNotFound":
                ensuredTables.TryRemove(table, out _);
                return new StoreRequestInvalidException($"Table {table} does not exist; ensure it before committing to it.", exception);
            case 404:
                return new RowNotFoundException(table, partitionKey,
                    RowKeyOfFailingWrite(w => w.Operation is RowOperation.Replace or RowOperation.Delete), exception);
            default:
                var which = index is { } failing ? $" at write {failing} (row {writes[failing].Row.RowKey})" : "";
                return new StoreRequestInvalidException(
                    $"A commit to partition {partitionKey} of {table} was refused{which}: {exception.Status} {exception.ErrorCode}.", exception);
        }
    }

    private static TableTransactionAction ToAction(RowWrite write)
    {
        var row = write.Row;
        var etag = string.IsNullOrEmpty(row.ETag) ? ETag.All : new ETag(row.ETag);
        var entity = new TableEntity(row.PartitionKey, row.RowKey);
        if (write.Operation == RowOperation.Delete)
        {
            return new TableTransactionAction(TableTransactionActionType.Delete, entity, etag);
        }

        var parts = SplitBody(row.Body);
        for (var index = 0; index < parts.Count; index++)
        {
            entity[BodyPropertyPrefix + index.ToString(CultureInfo.InvariantCulture)] = parts[index];
        }

        entity[BodyPartsProperty] = parts.Count;
        return write.Operation switch
        {
            RowOperation.Insert => new TableTransactionAction(TableTransactionActionType.Add, entity),
            RowOperation.Replace => new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag),
            RowOperation.InsertOrReplace => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
            _ => throw new StoreRequestInvalidException($"Unknown row operation {write.Operation}."),
        };
    }

    private static TableRow ReadRow(string table, TableEntity entity)
    {
        StoredRowMalformedException Malformed(string problem) => new(table, entity.PartitionKey, entity.RowKey, problem);

        if (!entity.TryGetValue(BodyPartsProperty, out var partsProperty) || partsProperty is not int partCount || partCount < 0)
        {
            throw Malformed($"{BodyPartsProperty} is missing or not a count");
        }

        var body = new StringBuilder();
        for (var index = 0; index < partCount; index++)
        {
            var name = BodyPropertyPrefix + index.ToString(CultureInfo.InvariantCulture);
            if (!entity.TryGetValue(name, out var part) || part is not string text)
            {
                throw Malformed($"{name} of {partCount} body parts is missing");
            }

            body.Append(text);
        }

        var stray = entity.Keys.FirstOrDefault(name =>
            name.StartsWith(BodyPropertyPrefix, StringComparison.Ordinal) && name != BodyPartsProperty &&
            (!int.TryParse(name.AsSpan(BodyPropertyPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
             index >= partCount));
        if (stray is not null)
        {
            throw Malformed($"it holds {stray} beyond its {partCount} body parts");
        }

        return new TableRow(entity.PartitionKey, entity.RowKey, body.ToString(), entity.ETag.ToString());
    }

    private static string? MakeToken(string? clientToken) =>
        string.IsNullOrEmpty(clientToken)
            ? null
            : TokenPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(clientToken)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? ParseToken(string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            throw NotIssuedHere();
        }

        var base64 = token[TokenPrefix.Length..].Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var bytes = new byte[base64.Length];
        if (base64.Length == 0 || !Convert.TryFromBase64String(base64, bytes, out var written))
        {
            throw NotIssuedHere();
        }

        var clientToken = Encoding.UTF8.GetString(bytes, 0, written);
        // The client's token is the next partition and row key, separated by a space.
        if (clientToken.Any(char.IsControl) || clientToken.Count(c => c == ' ') != 1)
        {
            throw NotIssuedHere();
        }

        return clientToken;

        static StoreRequestInvalidException NotIssuedHere() => new("The continuation token was not issued by this store.");
    }
}
