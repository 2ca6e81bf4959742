using System.Globalization;
using HateCase.Runtime.Ports;

namespace HateCase.Runtime.Cases;

// Work that falls due at a time, across all cases, found without scanning them: rows are
// partitioned by the UTC minute they fall due, so "everything due by now" is one range query
// over partition keys. An entry is written before the case commit that needs it and is checked
// against the case when used, so a crash leaves at worst a stale entry, which is harmless.
// Several instances may sweep at once: an entry is claimed by a lease written with its ETag,
// so one instance works on it; a lease that runs out (the instance died) is claimed again.
public sealed class DueIndex(ITableStore store, string table)
{
    private const string BucketFormat = "yyyyMMddHHmm";

    public string Table { get; } = table;

    public sealed record Entry(string CaseId, string ItemId, DateTimeOffset DueAt, DateTimeOffset? LeasedUntil);

    public sealed record Claimed(Entry Entry, string PartitionKey, string RowKey, string ETag);

    public static string Bucket(DateTimeOffset at) => at.UtcDateTime.ToString(BucketFormat, CultureInfo.InvariantCulture);

    public static string RowKey(string caseId, string itemId) => $"{caseId}|{itemId}";

    public RowWrite Upsert(string caseId, string itemId, DateTimeOffset dueAt) =>
        new(RowOperation.InsertOrReplace, new TableRow(Bucket(dueAt), RowKey(caseId, itemId),
            CaseJson.Serialize(new Entry(caseId, itemId, dueAt, null))));

    public async Task Add(IEnumerable<(string CaseId, string ItemId, DateTimeOffset DueAt)> entries, CancellationToken cancellationToken)
    {
        // One transaction per bucket (partition), at most 100 writes each.
        foreach (var group in entries.Select(e => Upsert(e.CaseId, e.ItemId, e.DueAt)).GroupBy(w => w.Row.PartitionKey))
        {
            foreach (var chunk in group.Chunk(StorageRules.MaxWritesPerCommit))
            {
                await store.Commit(Table, chunk, cancellationToken);
            }
        }
    }

    public async Task RemoveQuietly(string caseId, string itemId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        try
        {
            await store.Commit(Table, [new RowWrite(RowOperation.Delete, new TableRow(Bucket(dueAt), RowKey(caseId, itemId), ""))], cancellationToken);
        }
        catch (RowNotFoundException)
        {
        }
    }

    public async Task Remove(Claimed claimed, CancellationToken cancellationToken)
    {
        try
        {
            await store.Commit(Table, [new RowWrite(RowOperation.Delete,
                new TableRow(claimed.PartitionKey, claimed.RowKey, "", claimed.ETag))], cancellationToken);
        }
        catch (Exception e) when (e is RowNotFoundException or ConcurrencyConflictException)
        {
            // Someone else finished with it, or claimed it after our lease ran out.
        }
    }

    // Claims up to `max` entries due by `now`, oldest first, each for `lease`.
    public async Task<IReadOnlyList<Claimed>> ClaimDue(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claimed = new List<Claimed>();
        var upTo = Bucket(now.AddMinutes(1));
        string? continuation = null;
        do
        {
            var page = await store.QueryPartitionRange(Table, "0", upTo, Math.Min(StorageRules.MaxPageSize, max * 2), continuation, cancellationToken);
            continuation = page.ContinuationToken;
            foreach (var row in page.Rows)
            {
                if (claimed.Count >= max)
                {
                    return claimed;
                }
                var entry = CaseJson.Deserialize<Entry>(row.Body);
                if (entry.DueAt > now || entry.LeasedUntil > now || row.ETag is null)
                {
                    continue;
                }
                try
                {
                    var leased = entry with { LeasedUntil = now + lease };
                    var etags = await store.Commit(Table, [new RowWrite(RowOperation.Replace,
                        row with { Body = CaseJson.Serialize(leased) })], cancellationToken);
                    claimed.Add(new Claimed(leased, row.PartitionKey, row.RowKey, etags[0]!));
                }
                catch (Exception e) when (e is ConcurrencyConflictException or RowNotFoundException)
                {
                    // Another instance claimed or finished it first.
                }
            }
        }
        while (continuation is not null && claimed.Count < max);
        return claimed;
    }
}
