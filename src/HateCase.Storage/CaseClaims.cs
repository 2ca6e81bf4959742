using Azure;
using Azure.Data.Tables;

namespace HateCase.Storage;

// Which report a case is, and what intake needs to find it by, written before the case's
// orchestration starts, so that a report is answered once its start is durable rather than once
// its first turn is recorded. The claim row decides which of two copies of one report sent at
// once the case is (the first written wins; both are answered with its reference). The party and
// reporter rows are list rows of version 0: the case's first record writes the same party row
// over them, and until it lands, the next report about the party finds the case and the next
// report by the reporter counts this one.
public sealed class CaseClaims(CaseProjectionStore store)
{
    public async Task<CaseClaim> Claim(string caseId, string reference, string? partyKey, string? reporterKey, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        var row = new ClaimRow { PartitionKey = caseId, RowKey = CaseProjectionStore.ClaimRowKey, Reference = reference, ClaimedAt = at };
        try
        {
            await store.Records.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await Read(store, caseId, cancellationToken) is { } earlier
                ? earlier
                : throw new InvalidOperationException($"The claim of case {caseId} exists and cannot be read.", e);
        }
        var pending = new List<CaseLists.Key>();
        if (partyKey is not null)
        {
            pending.Add(new CaseLists.Key(CaseLists.PartyPartition(partyKey), caseId));
        }
        if (reporterKey is not null)
        {
            pending.Add(new CaseLists.Key(CaseLists.ReporterPartition(reporterKey), CaseLists.TimedRowKey(at, caseId)));
        }
        await Task.WhenAll(pending.Select(key => AddPendingListRow(key, caseId, cancellationToken)));
        return new CaseClaim(caseId, reference, at, Won: true);
    }

    // The reporter row a claim wrote: its time is the claim's, a moment before the case's
    // orchestration decided the report, so the case's record adds its own row beside it rather
    // than over it. Readers count the recorded one; retention and erasure remove both.
    internal static async Task<CaseLists.Key?> ClaimedReporterRow(CaseProjectionStore store, string caseId, string reporterKey, CancellationToken cancellationToken) =>
        await Read(store, caseId, cancellationToken) is { } claim
            ? new CaseLists.Key(CaseLists.ReporterPartition(reporterKey), CaseLists.TimedRowKey(claim.ClaimedAt, caseId))
            : null;

    internal static async Task<CaseClaim?> Read(CaseProjectionStore store, string caseId, CancellationToken cancellationToken)
    {
        var found = await store.Records.GetEntityIfExistsAsync<ClaimRow>(caseId, CaseProjectionStore.ClaimRowKey, cancellationToken: cancellationToken);
        return found.HasValue ? new CaseClaim(caseId, found.Value!.Reference, found.Value.ClaimedAt, Won: false) : null;
    }

    // A row already there was written by the case's record (or an earlier attempt): it stands.
    private async Task AddPendingListRow(CaseLists.Key key, string caseId, CancellationToken cancellationToken)
    {
        try
        {
            await store.Lists.AddEntityAsync(new ListRow { PartitionKey = key.PartitionKey, RowKey = key.RowKey, CaseId = caseId, Version = 0 }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }
}

// Won is false when another report claimed the case first; Reference is the case's either way.
public sealed record CaseClaim(string CaseId, string Reference, DateTimeOffset ClaimedAt, bool Won);

// An open case a report can join: recorded, or claimed a moment ago and not recorded yet.
public sealed record OpenCase(string CaseId, string Reference);

internal sealed class ClaimRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Reference { get; set; } = "";
    public DateTimeOffset ClaimedAt { get; set; }
}
