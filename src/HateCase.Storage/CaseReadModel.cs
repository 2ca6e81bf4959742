using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using HateCase.Domain.Cases;
using HateCase.Domain.Retention;
using HateCase.Workflow;

namespace HateCase.Storage;

// What pages, the officer API, the digests, intake and the mailbox read: the projection alone,
// never an orchestration. The case row is the truth: a list row the case row does not imply (the
// case has moved on, or a write is still landing) is skipped, and tidied once the case is newer.
public sealed class CaseReadModel(CaseProjectionStore store)
{
    public const int MaxPageSize = 200;

    private static readonly IReadOnlyList<string> ListColumns =
        [nameof(ListRow.PartitionKey), nameof(ListRow.RowKey), nameof(ListRow.CaseId), nameof(ListRow.Version)];

    // A state kept in a blob can be replaced by a newer version's between reading the row and the blob.
    private const int StateReadAttempts = 4;

    public async Task<CaseView?> Get(string caseId, CancellationToken cancellationToken)
    {
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        for (var attempt = 1; attempt <= StateReadAttempts; attempt++)
        {
            if (await ReadRecorded(caseId, cancellationToken) is not { } recorded)
            {
                return null;
            }
            if (recorded.State is not { } state)
            {
                continue;
            }
            var chronology = ReadChronology(caseId, recorded.Row.Version, recorded.Row.Erasure is not null,
                state.FileOrNull?.ErasedPeople ?? [], cancellationToken);
            var messages = ReadMessages(caseId, cancellationToken);
            return new CaseView(caseId, recorded.Row.Version, recorded.Row.ProfileId, state, await chronology,
                CaseTimers.Due(state), await messages);
        }
        throw new InvalidOperationException($"The state of case {caseId} kept changing while it was read.");
    }

    public async Task<CaseSummary?> Summary(string caseId, CancellationToken cancellationToken)
    {
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        return (await ReadSummaryRow(caseId, cancellationToken))?.ToSummary();
    }

    // How a command ended, once its turn is recorded; null while it is still on its way.
    public async Task<CommandOutcome?> Outcome(string caseId, string commandId, CancellationToken cancellationToken)
    {
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        CaseProjectionStore.CheckId(commandId, nameof(commandId));
        var found = await store.Records.GetEntityIfExistsAsync<OutcomeRow>(caseId, CaseProjectionStore.OutcomeRowKey(commandId),
            cancellationToken: cancellationToken);
        return found.HasValue ? new CommandOutcome(found.Value!.CommandId, found.Value.Version, found.Value.RejectedBecause) : null;
    }

    // One page of a list, read from its own partition (never a scan of the cases). A page can hold
    // fewer cases than asked for (a row left by a case that moved on is skipped); keep reading
    // while there is a continuation token.
    public async Task<CasePage> List(CaseFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"A page holds 1 to {MaxPageSize} cases.");
        }
        var (partition, before) = PartitionOf(filter);
        var (rows, next) = await ReadListPage(partition, before, pageSize, continuationToken, cancellationToken);
        var cases = await Task.WhenAll(rows.Select(async row =>
        {
            var current = await CurrentRowFor(row, cancellationToken);
            return current is not null && (filter is not CaseFilter.DueBefore || current.IsOpen) ? current.ToSummary() : null;
        }));
        return new CasePage(cases.OfType<CaseSummary>().ToList(), next);
    }

    // One bounded look at "All cases": at most rowsToRead list rows and as many case rows are read
    // per request, whatever the query, so a big landlord's list never costs a scan. The rows come
    // from the query's most selective list; the rest of the query is checked on each case, so a
    // page can hold fewer matches than rows read (or none) while there is more to read.
    public async Task<CaseSearchPage> Search(CaseQuery query, int rowsToRead, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (rowsToRead is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(rowsToRead), rowsToRead, $"A page reads 1 to {MaxPageSize} cases.");
        }
        var partition = query switch
        {
            { OfficerId: { } officer } => CaseLists.OfficerPartition(officer),
            { OverdueOnly: true } => CaseLists.OverduePartition,
            { Stage: { } stage } => CaseLists.StagePartition(stage),
            _ => CaseLists.AllPartition,
        };
        var (rows, next) = await ReadListPage(partition, null, rowsToRead, continuationToken, cancellationToken);
        var found = await Task.WhenAll(rows.Select(row => CurrentRowFor(row, cancellationToken)));
        var matches = found.OfType<CaseRow>().Select(r => r.ToSummary()).Where(query.Matches).ToList();
        return new CaseSearchPage(matches, rows.Count, next);
    }

    // The recorded states of the cases on one page of a list (at most `max`): for pages that group
    // a case's promises as the daily digest does. More says the list goes on past them.
    public async Task<(IReadOnlyList<RecordedState> States, bool More)> States(CaseFilter filter, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (max is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"A page holds 1 to {MaxPageSize} cases.");
        }
        var (partition, before) = PartitionOf(filter);
        var (rows, next) = await ReadListPage(partition, before, max, null, cancellationToken);
        var states = await Task.WhenAll(rows.DistinctBy(r => r.CaseId).Select(row => StateIfListed(row, cancellationToken)));
        return (states.OfType<RecordedState>().Where(s => filter is not (CaseFilter.DueBefore or CaseFilter.Unassigned) || s.State.IsOpen).ToList(), next is not null);
    }

    private static (string Partition, DateTimeOffset? Before) PartitionOf(CaseFilter filter) => filter switch
    {
        CaseFilter.ByOfficer f => (CaseLists.OfficerPartition(f.OfficerId), null),
        CaseFilter.ByStage f => (CaseLists.StagePartition(f.Stage), null),
        CaseFilter.Overdue => (CaseLists.OverduePartition, null),
        CaseFilter.DueBefore f => (CaseLists.DuePartition, f.Before),
        CaseFilter.Unassigned => (CaseLists.UnassignedPartition, null),
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    // The case a reference (HC-2026-000123) names, if there is one.
    public async Task<string?> FindByReference(string reference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var (rows, _) = await ReadListPage(CaseLists.ReferencePartition(reference), null, 5, null, cancellationToken);
        foreach (var row in rows)
        {
            if (await CurrentRowFor(row, cancellationToken) is { } current)
            {
                return current.CaseId;
            }
        }
        return null;
    }

    // A case claimed this long ago and still not recorded was never started (its report was not
    // answered, and a retry starts it): it is no longer found by its party.
    public static readonly TimeSpan ClaimPendingFor = TimeSpan.FromMinutes(10);

    // The open case about a party, if there is one: recorded, or claimed a moment ago.
    public async Task<OpenCase?> FindOpenCaseAbout(string partyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partyKey);
        var (rows, _) = await ReadListPage(CaseLists.PartyPartition(partyKey), null, 20, null, cancellationToken);
        foreach (var row in rows)
        {
            if (await CurrentRowFor(row, cancellationToken) is { } current)
            {
                return new OpenCase(current.CaseId, current.Reference);
            }
            if (row.Version == 0 && await ReadSummaryRow(row.CaseId, cancellationToken) is null
                && await CaseClaims.Read(store, row.CaseId, cancellationToken) is { } claim && now - claim.ClaimedAt < ClaimPendingFor)
            {
                return new OpenCase(claim.CaseId, claim.Reference);
            }
        }
        return null;
    }

    // When this reporter's reports were made, newest first, as far back as `since`: each case's
    // recorded reports, or its claim while it has none recorded.
    public async Task<IReadOnlyList<DateTimeOffset>> ReportsBy(string reporterKey, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reporterKey);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {CaseLists.ReporterPartition(reporterKey)} and RowKey ge {CaseLists.Ticks(since)}");
        var rows = new List<ListRow>();
        await foreach (var row in store.Lists.QueryAsync<ListRow>(filter, 1000, ListColumns, cancellationToken))
        {
            rows.Add(row);
        }
        var recorded = rows.Where(r => r.Version > 0).Select(r => r.CaseId).ToHashSet(StringComparer.Ordinal);
        return rows.Where(r => r.Version > 0 || !recorded.Contains(r.CaseId))
            .Select(r => CaseLists.TimeOf(r.RowKey)).OrderDescending().ToList();
    }

    // The reference of a case recorded or claimed; null when there is neither.
    public async Task<string?> ReferenceOf(string caseId, CancellationToken cancellationToken)
    {
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        return (await ReadSummaryRow(caseId, cancellationToken))?.Reference
            ?? (await CaseClaims.Read(store, caseId, cancellationToken))?.Reference;
    }

    // Every case with a missed promise, or a deadline before the time, each read once, open or
    // closed (a follow-up contact falls due after closure): the daily digest's candidates.
    public async IAsyncEnumerable<RecordedState> CasesNeedingAttentionBefore(
        DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (partition, dueBefore) in new[] { (CaseLists.OverduePartition, (DateTimeOffset?)null), (CaseLists.DuePartition, before) })
        {
            string? token = null;
            do
            {
                var (rows, next) = await ReadListPage(partition, dueBefore, 1000, token, cancellationToken);
                foreach (var chunk in rows.Where(r => !seen.Contains(r.CaseId)).Chunk(32))
                {
                    var found = await Task.WhenAll(chunk.Select(row => StateIfListed(row, cancellationToken)));
                    foreach (var state in found.OfType<RecordedState>().Where(s => seen.Add(s.CaseId)))
                    {
                        yield return state;
                    }
                }
                token = next;
            }
            while (token is not null);
        }
    }

    private async Task<RecordedState?> StateIfListed(ListRow row, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= StateReadAttempts; attempt++)
        {
            if (await ReadRecorded(row.CaseId, cancellationToken) is not { } recorded ||
                !CaseLists.For(recorded.Row).Contains(new CaseLists.Key(row.PartitionKey, row.RowKey)))
            {
                return null;
            }
            if (recorded.State is { } state)
            {
                return new RecordedState(row.CaseId, recorded.Row.Version, state);
            }
        }
        throw new InvalidOperationException($"The state of case {row.CaseId} kept changing while it was read.");
    }

    private sealed record Recorded(CaseRow Row, CaseState? State);

    // The case row and its state; State is null when the blob it names was replaced meanwhile.
    // A case's recorded state and version, read from its case row.
    public async Task<RecordedState?> RecordedStateOf(string caseId, CancellationToken cancellationToken) =>
        await ReadRecorded(caseId, cancellationToken) is { State: { } state } recorded ? new RecordedState(caseId, recorded.Row.Version, state) : null;

    private async Task<Recorded?> ReadRecorded(string caseId, CancellationToken cancellationToken)
    {
        var found = await store.Records.GetEntityIfExistsAsync<CaseRow>(caseId, CaseProjectionStore.CaseRowKey, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }
        var json = await store.Read(found.Value!.State, found.Value.StateBlob, cancellationToken);
        var state = json is null ? null : CaseWorkflowJson.Deserialize<CaseState>(json);
        // A case whose personal data is being removed is read without it from the first step on.
        return new Recorded(found.Value, state is not null && found.Value.Erasure is not null ? PersonalData.Anonymise(state) : state);
    }

    private async Task<CaseRow?> ReadSummaryRow(string caseId, CancellationToken cancellationToken)
    {
        var found = await store.Records.GetEntityIfExistsAsync<CaseRow>(caseId, CaseProjectionStore.CaseRowKey, CaseRow.SummaryColumns, cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    // The case row when the list row is one its case row implies; null otherwise.
    private async Task<CaseRow?> CurrentRowFor(ListRow row, CancellationToken cancellationToken)
    {
        var current = await ReadSummaryRow(row.CaseId, cancellationToken);
        if (current is null)
        {
            return null; // the case's first record is still landing
        }
        if (CaseLists.For(current).Contains(new CaseLists.Key(row.PartitionKey, row.RowKey)))
        {
            return current;
        }
        if (row.Version < current.Version)
        {
            await Tidy(row, cancellationToken);
        }
        return null;
    }

    // Deletes a list row the case has moved past; a writer that rewrote it meanwhile changed its
    // ETag, so the delete then fails and the row stays.
    private async Task Tidy(ListRow row, CancellationToken cancellationToken)
    {
        try
        {
            await store.Lists.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }
        catch (RequestFailedException)
        {
            // Changed or gone already; a row not tidied is skipped all the same.
        }
    }

    private async Task<(IReadOnlyList<ListRow> Rows, string? ContinuationToken)> ReadListPage(
        string partition, DateTimeOffset? before, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        if (before is { } time)
        {
            // Row keys start with the due time: everything strictly before it.
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {CaseLists.Ticks(time)}");
        }
        try
        {
            await foreach (var page in store.Lists.QueryAsync<ListRow>(filter, pageSize, ListColumns, cancellationToken)
                               .AsPages(continuationToken, pageSize))
            {
                return (page.Values, page.ContinuationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status == 400 && continuationToken is not null)
        {
            throw new ArgumentException("The continuation token is not one this list gave.", nameof(continuationToken));
        }
        return ([], null);
    }

    // People erased on request are read without their data from the moment the erasing turn is
    // recorded, before CaseEraser has rewritten the rows.
    private async Task<IReadOnlyList<ChronologyEntry>> ReadChronology(
        string caseId, long upToVersion, bool withoutPersonalData, IReadOnlyList<string> erasedPeople, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {caseId} and RowKey gt {CaseProjectionStore.EntryPrefix} and RowKey le {CaseProjectionStore.EntryRowKey(upToVersion)}");
        var entries = new List<ChronologyEntry>();
        await foreach (var row in store.Records.QueryAsync<EntryRow>(filter, 1000, cancellationToken: cancellationToken))
        {
            var json = await store.Read(row.Event, row.EventBlob, cancellationToken)
                ?? throw new InvalidOperationException($"The blob holding entry {row.Sequence} of case {caseId} is missing.");
            var @event = CaseWorkflowJson.Deserialize<CaseEvent>(json);
            entries.Add(new ChronologyEntry(row.Sequence, row.RecordedAt, row.CommandId, row.Actor,
                withoutPersonalData ? PersonalData.Anonymise(@event) : @event));
        }
        if (erasedPeople.Count == 0)
        {
            return entries;
        }
        var events = erasedPeople.Aggregate((IReadOnlyList<CaseEvent>)entries.Select(e => e.Event).ToList(), PersonalData.Erase);
        return entries.Select((e, i) => e with { Event = events[i] }).ToList();
    }

    private async Task<IReadOnlyList<MessageStatus>> ReadMessages(string caseId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {caseId} and RowKey gt {CaseProjectionStore.MessagePrefix} and RowKey lt {CaseProjectionStore.EndOf(CaseProjectionStore.MessagePrefix)}");
        var messages = new List<MessageStatus>();
        await foreach (var row in store.Records.QueryAsync<MessageRow>(filter, 1000, cancellationToken: cancellationToken))
        {
            messages.Add(row.ToStatus());
        }
        return messages.OrderBy(m => m.Sequence).ThenBy(m => m.Key, StringComparer.Ordinal).ToList();
    }
}
