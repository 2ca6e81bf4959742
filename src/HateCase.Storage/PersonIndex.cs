using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using HateCase.Domain.Privacy;

namespace HateCase.Storage;

// Where a person's details were recorded, written as they are recorded, so a subject access
// request reads a few partitions instead of every case. Identifiers are never stored: each is a
// keyed hash (HMAC-SHA256) of its normal form (PersonIdentifiers), under a key kept in its own
// blob, so the table alone says nothing about who is in it.
//
// PersonIndex table:
//   PartitionKey "who|{hash}"        RowKey "case|{case id}" or "message|{message key}"
//   PartitionKey "case|{case id}"    RowKey "{hash}|case" or "{hash}|message|{message key}"
// The second is the case's own list of its entries, so Forget(caseId) removes them all.
public sealed class PersonIndex
{
    public const int MaxPlaces = 500;
    private const string KeyBlobName = "person-index.key";

    private readonly TableClient table;
    private readonly BlobContainerClient keys;
    private readonly Lazy<Task<byte[]>> key;

    public PersonIndex(TableServiceClient tables, BlobServiceClient blobs, CaseProjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        table = tables.GetTableClient(options.Prefix + "PersonIndex");
        keys = blobs.GetBlobContainerClient(options.Prefix.Length == 0 ? "privacy-keys" : $"{options.Prefix.ToLowerInvariant()}-privacy-keys");
        key = new Lazy<Task<byte[]>>(ReadOrCreateKey);
    }

    public async Task EnsureCreated(CancellationToken cancellationToken)
    {
        await table.CreateIfNotExistsAsync(cancellationToken);
        await keys.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    // The case holds these identifiers (a report, a witness's number, a note).
    public Task AddCase(string caseId, IEnumerable<PersonIdentifier> identifiers, CancellationToken cancellationToken) =>
        Add(caseId, "case|" + caseId, "case", identifiers, cancellationToken);

    // An email to the ASB@ mailbox from this person, processed into this case.
    public Task AddMessage(string caseId, string messageKey, IEnumerable<PersonIdentifier> identifiers, CancellationToken cancellationToken)
    {
        CaseProjectionStore.CheckId(messageKey, nameof(messageKey));
        return Add(caseId, "message|" + messageKey, "message|" + messageKey, identifiers, cancellationToken);
    }

    // The cases and mailbox messages that hold any of the identifiers, at most MaxPlaces.
    public async Task<IndexedPlaces> Find(IEnumerable<PersonIdentifier> identifiers, CancellationToken cancellationToken)
    {
        var cases = new SortedSet<string>(StringComparer.Ordinal);
        var messages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var identifier in identifiers.Distinct())
        {
            var partition = "who|" + await Hash(identifier);
            await foreach (var row in table.QueryAsync<IndexRow>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
            {
                if (cases.Count + messages.Count >= MaxPlaces)
                {
                    return new IndexedPlaces(cases.ToList(), messages, Truncated: true);
                }
                cases.Add(row.CaseId);
                if (row.MessageKey is { } message)
                {
                    messages[message] = row.CaseId;
                }
            }
        }
        return new IndexedPlaces(cases.ToList(), messages, Truncated: false);
    }

    // Removes every entry naming the case (for the retention run's anonymisation or erasure):
    // afterwards no search finds the case or the mailbox messages recorded on it.
    public async Task Forget(string caseId, CancellationToken cancellationToken)
    {
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        var own = "case|" + caseId;
        var entries = new List<IndexRow>();
        await foreach (var row in table.QueryAsync<IndexRow>(r => r.PartitionKey == own, cancellationToken: cancellationToken))
        {
            entries.Add(row);
        }
        foreach (var entry in entries)
        {
            var separator = entry.RowKey.IndexOf('|', StringComparison.Ordinal);
            var hash = entry.RowKey[..separator];
            var place = entry.RowKey[(separator + 1)..];
            await DeleteIfThere("who|" + hash, place == "case" ? own : place, cancellationToken);
            await DeleteIfThere(own, entry.RowKey, cancellationToken);
        }
    }

    // The keys of the mailbox messages recorded on the case from any of these identifiers.
    public async Task<IReadOnlyList<string>> MessagesOf(string caseId, IEnumerable<PersonIdentifier> identifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        var own = "case|" + caseId;
        var keys = new List<string>();
        foreach (var identifier in identifiers.Distinct())
        {
            var prefix = await Hash(identifier) + "|message|";
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {own} and RowKey gt {prefix} and RowKey lt {prefix[..^1] + "}"}");
            await foreach (var row in table.QueryAsync<IndexRow>(filter, cancellationToken: cancellationToken))
            {
                if (row.MessageKey is { } key)
                {
                    keys.Add(key);
                }
            }
        }
        return keys.Distinct(StringComparer.Ordinal).ToList();
    }

    // Removes the case's entries for these identifiers only (a person's data erased on request):
    // their entries for the case itself and for the mailbox messages recorded on it.
    public async Task Forget(string caseId, IReadOnlyCollection<PersonIdentifier> identifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        var own = "case|" + caseId;
        foreach (var identifier in identifiers.Distinct())
        {
            var hash = await Hash(identifier);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {own} and RowKey gt {hash + "|"} and RowKey lt {hash + "}"}");
            var entries = new List<IndexRow>();
            await foreach (var row in table.QueryAsync<IndexRow>(filter, cancellationToken: cancellationToken))
            {
                entries.Add(row);
            }
            foreach (var entry in entries)
            {
                var place = entry.RowKey[(hash.Length + 1)..];
                await DeleteIfThere("who|" + hash, place == "case" ? own : place, cancellationToken);
                await DeleteIfThere(own, entry.RowKey, cancellationToken);
            }
        }
    }

    // Hex of HMAC-SHA256 over the identifier's normal form, under the index's key.
    public async Task<string> Hash(PersonIdentifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return Convert.ToHexStringLower(HMACSHA256.HashData(await key.Value, Encoding.UTF8.GetBytes(identifier.Key)));
    }

    private async Task Add(string caseId, string place, string ownRowSuffix, IEnumerable<PersonIdentifier> identifiers, CancellationToken cancellationToken)
    {
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        var messageKey = place.StartsWith("message|", StringComparison.Ordinal) ? place["message|".Length..] : null;
        var hashes = new List<string>();
        foreach (var identifier in identifiers.Distinct())
        {
            hashes.Add(await Hash(identifier));
        }
        if (hashes.Count == 0)
        {
            return;
        }
        // The case's own list first, in one transaction: an entry is never findable without being
        // forgettable. Then each person's entry, at once.
        foreach (var chunk in hashes.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(hash => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new IndexRow { PartitionKey = "case|" + caseId, RowKey = $"{hash}|{ownRowSuffix}", CaseId = caseId, MessageKey = messageKey })), cancellationToken);
        }
        await Task.WhenAll(hashes.Select(hash => table.UpsertEntityAsync(
            new IndexRow { PartitionKey = "who|" + hash, RowKey = place, CaseId = caseId, MessageKey = messageKey },
            TableUpdateMode.Replace, cancellationToken)));
    }

    private async Task DeleteIfThere(string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    // 32 random bytes made once and kept; two instances racing to make it both read the winner's.
    private async Task<byte[]> ReadOrCreateKey()
    {
        var blob = keys.GetBlobClient(KeyBlobName);
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(RandomNumberGenerator.GetBytes(32)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
        }
        var stored = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        return stored.Length == 32 ? stored : throw new InvalidOperationException("The person index's key is not 32 bytes.");
    }

    private sealed class IndexRow : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }

        public string CaseId { get; set; } = "";
        public string? MessageKey { get; set; }
    }
}

// Cases (ids, in order) and mailbox messages (message key → case id) a search found.
public sealed record IndexedPlaces(IReadOnlyList<string> Cases, IReadOnlyDictionary<string, string> Messages, bool Truncated);

// Indexes the people each recorded turn names before the turn is recorded, so nothing a reader can
// see is missing from the index. A retried turn writes the same entries again.
public sealed class PersonIndexingRecorder(Workflow.ICaseRecorder inner, PersonIndex index) : Workflow.ICaseRecorder
{
    public async Task<bool> Record(Workflow.CaseRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var identifiers = record.NewEntries.SelectMany(e => PersonIdentifiers.In(e.Event)).Distinct().ToList();
        if (identifiers.Count > 0)
        {
            await index.AddCase(record.CaseId, identifiers, cancellationToken);
        }
        return await inner.Record(record, cancellationToken);
    }
}
