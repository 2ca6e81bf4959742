using Azure;
using Azure.Data.Tables;
using HateCase.Domain.Cases;
using HateCase.Domain.Retention;
using HateCase.Workflow;

namespace HateCase.Storage;

// What a case's personal data is kept in outside the projection, which the shell removes: the
// case's orchestration history, the copies of the mail sent about it, the files that came with
// it and the person index's entries for it. Each is idempotent: removing what is already gone does nothing.
public interface ICaseCopies
{
    // Ends the case's orchestration (a closed case's waits for input until now) and purges its history.
    Task EndAndPurgeHistory(string caseId, CancellationToken cancellationToken);

    // Message keys: the copies of the mail sent; events: the chronology as recorded, naming the files kept.
    Task RemoveCopies(string caseId, IReadOnlyList<string> messageKeys, IReadOnlyList<CaseEvent> recordedEvents, CancellationToken cancellationToken);
}

// The steps of one case's anonymisation, in order; a hook after each lets a test crash there.
public enum AnonymisationStep
{
    Marked,
    HistoryPurged,
    CopiesRemoved,
    MessagesRemoved,
    ChronologyRewritten,
    ListsRemoved,
    CaseRowWritten,
    Finished,
}

// Removes the personal data of closed cases past their retention date (CaseRetention; what goes is
// PersonalData's). Safe across crashes: the case row is marked Anonymising first, and from then on
// every reader shows the case without personal data; each later step is idempotent; the case stays
// on the retention list until the last step, so the next run finishes what a crash left.
public sealed class CaseAnonymiser(CaseProjectionStore store)
{
    public const int MaxPerRun = 100;

    private static readonly IReadOnlyList<string> ListColumns =
        [nameof(ListRow.PartitionKey), nameof(ListRow.RowKey), nameof(ListRow.CaseId), nameof(ListRow.Version)];

    // For tests: called after each step.
    public Func<string, AnonymisationStep, Task>? AfterStep { get; set; }

    // The cases due by `now`, earliest first: one range of the retention list, never every case.
    private const string BackfillPartition = "backfill";
    private const string RetentionDatesGivenKey = "retention-dates-v1";

    public async Task<bool> RetentionDatesGiven(CancellationToken cancellationToken) =>
        (await store.Lists.GetEntityIfExistsAsync<TableEntity>(BackfillPartition, RetentionDatesGivenKey, ["RowKey"], cancellationToken)).HasValue;

    // Closed cases recorded before retention dates were kept have none until their next turn,
    // which a closed case may never have: each is given the date its profile sets from its
    // closure, once (a row marks it done). The retention list row is written before the case row,
    // so a run stopped in between leaves a list row the daily run skips (the case row has no date)
    // and the next run completes. The number of cases given a date.
    public async Task<int> GiveRetentionDates(CasePolicies policies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (await RetentionDatesGiven(cancellationToken))
        {
            return 0;
        }
        var given = 0;
        await foreach (var listed in store.Lists.QueryAsync<ListRow>(r => r.PartitionKey == CaseLists.AllPartition, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var found = await store.Records.GetEntityIfExistsAsync<CaseRow>(listed.CaseId, CaseProjectionStore.CaseRowKey, cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value! is not { IsOpen: false, AnonymiseFrom: null, Erasure: null } row)
            {
                continue;
            }
            var policy = policies.For(row.ProfileId);
            if (CaseRetention.AnonymiseFrom(await RecordedState(row, cancellationToken), policy.Profile.Retention, policy.Calendar) is not { } from)
            {
                continue;
            }
            row.AnonymiseFrom = from;
            foreach (var key in CaseLists.For(row).Where(k => k.PartitionKey == CaseLists.RetentionPartition))
            {
                await store.Lists.UpsertEntityAsync(new ListRow { PartitionKey = key.PartitionKey, RowKey = key.RowKey, CaseId = row.CaseId, Version = row.Version },
                    TableUpdateMode.Replace, cancellationToken);
            }
            try
            {
                await store.Records.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                given++;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // Recorded meanwhile: that turn gave it its date.
            }
        }
        await store.Lists.UpsertEntityAsync(new TableEntity(BackfillPartition, RetentionDatesGivenKey), cancellationToken: cancellationToken);
        return given;
    }

    public async Task<IReadOnlyList<string>> Due(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {CaseLists.RetentionPartition} and RowKey lt {CaseLists.Ticks(now.AddTicks(1))}");
        var due = new List<string>();
        await foreach (var row in store.Lists.QueryAsync<ListRow>(filter, Math.Min(max, 1000), ListColumns, cancellationToken))
        {
            due.Add(row.CaseId);
            if (due.Count >= max)
            {
                break;
            }
        }
        return due;
    }

    // True when the case is (now) anonymised; false when it is not due after all (held, reopened
    // or not yet at its date: the list row was out of date).
    public async Task<bool> Anonymise(string caseId, DateTimeOffset now, ICaseCopies copies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copies);
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        if (await Mark(caseId, now, cancellationToken) is not { } row)
        {
            return false;
        }
        if (row.Erasure == CaseRow.Anonymising)
        {
            await copies.EndAndPurgeHistory(caseId, cancellationToken);
            await Step(caseId, AnonymisationStep.HistoryPurged);

            var entries = await store.ReadEntries(caseId, cancellationToken);
            var messages = await ReadMessageRows(caseId, cancellationToken);
            // The copies go before the chronology is rewritten: the recorded events name the files.
            await copies.RemoveCopies(caseId, messages.Select(m => m.Key).ToList(), entries.Select(e => e.Event).ToList(), cancellationToken);
            await Step(caseId, AnonymisationStep.CopiesRemoved);

            await Task.WhenAll(messages.Select(m => DeleteIfThere(store.Records, m.PartitionKey, m.RowKey, cancellationToken)));
            await Step(caseId, AnonymisationStep.MessagesRemoved);

            foreach (var entry in entries)
            {
                await Rewrite(caseId, entry, cancellationToken);
            }
            await Step(caseId, AnonymisationStep.ChronologyRewritten);

            var state = await RecordedState(row, cancellationToken);
            if (state.FileOrNull is { } file)
            {
                var claimed = file.ReporterKey is { } reporter ? await CaseClaims.ClaimedReporterRow(store, caseId, reporter, cancellationToken) : null;
                await Task.WhenAll(CaseLists.ReportersOf(caseId, file).Select(key => (CaseLists.Key?)key).Append(claimed).OfType<CaseLists.Key>()
                    .Select(key => DeleteIfThere(store.Lists, key.PartitionKey, key.RowKey, cancellationToken)));
            }
            await Step(caseId, AnonymisationStep.ListsRemoved);

            row = await WriteAnonymised(caseId, PersonalData.Anonymise(state), cancellationToken);
            await Step(caseId, AnonymisationStep.CaseRowWritten);
        }
        await ForgetUnnamedBlobs(caseId, row, cancellationToken);
        if (row.AnonymiseFrom is { } from)
        {
            await DeleteIfThere(store.Lists, CaseLists.RetentionPartition, CaseLists.TimedRowKey(from, caseId), cancellationToken);
        }
        await Step(caseId, AnonymisationStep.Finished);
        return true;
    }

    private Task Step(string caseId, AnonymisationStep step) => AfterStep?.Invoke(caseId, step) ?? Task.CompletedTask;

    // The intent, written first: the case row says Anonymising. Null when the case is not due.
    private async Task<CaseRow?> Mark(string caseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= store.Options.MaxWriteAttempts; attempt++)
        {
            var found = await store.Records.GetEntityIfExistsAsync<CaseRow>(caseId, CaseProjectionStore.CaseRowKey, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return null;
            }
            var row = found.Value!;
            if (row.Erasure is not null)
            {
                return row;
            }
            if (row.IsOpen || row.Held || row.AnonymiseFrom is not { } from || from > now)
            {
                return null;
            }
            row.Erasure = CaseRow.Anonymising;
            try
            {
                await store.Records.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                await Step(caseId, AnonymisationStep.Marked);
                return row;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // The case was recorded meanwhile (held, reopened): decide again from what it is now.
            }
        }
        throw new InvalidOperationException($"Case {caseId} kept changing while it was being marked for anonymisation; the next run tries again.");
    }

    private async Task<CaseState> RecordedState(CaseRow row, CancellationToken cancellationToken)
    {
        var json = await store.Read(row.State, row.StateBlob, cancellationToken)
            ?? throw new InvalidOperationException($"The state of case {row.CaseId} is missing.");
        return CaseWorkflowJson.Deserialize<CaseState>(json);
    }

    private async Task<List<MessageRow>> ReadMessageRows(string caseId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {caseId} and RowKey gt {CaseProjectionStore.MessagePrefix} and RowKey lt {CaseProjectionStore.EndOf(CaseProjectionStore.MessagePrefix)}");
        var rows = new List<MessageRow>();
        await foreach (var row in store.Records.QueryAsync<MessageRow>(filter, 1000, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    // The entry keeps its sequence, time, command id and actor (staff ids); its event loses the personal data.
    private async Task Rewrite(string caseId, RecordedEntry entry, CancellationToken cancellationToken)
    {
        var anonymised = CaseWorkflowJson.Serialize(PersonalData.Anonymise(entry.Event));
        var (inline, blob) = await store.Keep(anonymised, $"{caseId}/anonymised-entry-{entry.Row.Sequence:D10}.json", cancellationToken);
        if (entry.Row.Event == inline && entry.Row.EventBlob == blob)
        {
            return;
        }
        entry.Row.Event = inline;
        entry.Row.EventBlob = blob;
        await store.Records.UpdateEntityAsync(entry.Row, ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task<CaseRow> WriteAnonymised(string caseId, CaseState anonymised, CancellationToken cancellationToken)
    {
        var (inline, blob) = await store.Keep(CaseWorkflowJson.Serialize(anonymised), $"{caseId}/anonymised-state.json", cancellationToken);
        for (var attempt = 1; attempt <= store.Options.MaxWriteAttempts; attempt++)
        {
            var row = (await store.Records.GetEntityAsync<CaseRow>(caseId, CaseProjectionStore.CaseRowKey, cancellationToken: cancellationToken)).Value;
            row.State = inline;
            row.StateBlob = blob;
            row.PartyKey = null;
            row.Erasure = CaseRow.Anonymised;
            try
            {
                await store.Records.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return row;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
            }
        }
        throw new InvalidOperationException($"Case {caseId} kept changing while its anonymised state was written; the next run tries again.");
    }

    // Long texts of the case kept in blobs (old states, long entries) that nothing names any more.
    private async Task ForgetUnnamedBlobs(string caseId, CaseRow row, CancellationToken cancellationToken)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        if (row.StateBlob is { } stateBlob)
        {
            named.Add(stateBlob);
        }
        foreach (var entry in await store.ReadEntries(caseId, cancellationToken))
        {
            if (entry.Row.EventBlob is { } eventBlob)
            {
                named.Add(eventBlob);
            }
        }
        await foreach (var blob in store.Blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, caseId + "/", cancellationToken))
        {
            if (!named.Contains(blob.Name))
            {
                await store.Blobs.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            }
        }
    }

    private static async Task DeleteIfThere(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}
