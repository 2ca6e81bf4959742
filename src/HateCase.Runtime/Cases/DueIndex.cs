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

    public sealed record Candidate(Entry Entry, TableRow Row);

    // When the first entry due after `after` falls due (stale ones included), or null when none is.
    public async Task<DateTimeOffset?> NextAfter(DateTimeOffset after, CancellationToken cancellationToken)
    {
        var page = await store.QueryPartitionRange(Table, Bucket(after), "~", 100, null, cancellationToken);
        return page.Rows.Select(r => CaseJson.Deserialize<Entry>(r.Body).DueAt).Where(d => d > after).Order().FirstOrDefault() is { } next && next != default
            ? next
            : null;
    }

    // Up to `max` entries due by `now` and not leased, oldest first. Claim each before working on it.
    public async Task<IReadOnlyList<Candidate>> FindDue(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var found = new List<Candidate>();
        var upTo = Bucket(now.AddMinutes(1));
        string? continuation = null;
        do
        {
            var page = await store.QueryPartitionRange(Table, "0", upTo, StorageRules.MaxPageSize, continuation, cancellationToken);
            continuation = page.ContinuationToken;
            foreach (var row in page.Rows)
            {
                var entry = CaseJson.Deserialize<Entry>(row.Body);
                if (entry.DueAt <= now && !(entry.LeasedUntil > now) && row.ETag is not null)
                {
                    found.Add(new Candidate(entry, row));
                    if (found.Count >= max)
                    {
                        return found;
                    }
                }
            }
        }
        while (continuation is not null);
        return found;
    }

    // Leases the entry to this instance; null when another instance got it first.
    public async Task<Claimed?> TryClaim(Candidate candidate, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        try
        {
            var leased = candidate.Entry with { LeasedUntil = now + lease };
            var etags = await store.Commit(Table, [new RowWrite(RowOperation.Replace,
                candidate.Row with { Body = CaseJson.Serialize(leased) })], cancellationToken);
            return new Claimed(leased, candidate.Row.PartitionKey, candidate.Row.RowKey, etags[0]!);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or RowNotFoundException)
        {
            return null;
        }
    }
}
