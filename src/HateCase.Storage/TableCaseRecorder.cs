using Azure;
using Azure.Data.Tables;
using HateCase.Domain.Cases;
using HateCase.Workflow;

namespace HateCase.Storage;

// Writes the projection of a case turn (the RecordCase activity's port). Every write carries the
// case version, and a record older than the stored case row writes nothing.
//
// Order, so a crash between any two writes leaves readers a consistent case:
//   1. chronology entries, each inserted once under its sequence (a retry adds nothing);
//   2. the list rows the new version adds, each written only over an older version;
//   3. the case row, replaced under the ETag it was read with (a race is re-decided from the top);
//   4. the list rows the case has left, deleted only if no newer version rewrote them;
//   5. the case's measure facts (MeasuresRecorder), with their own version check;
//   6. the command's outcome, inserted once.
// Readers take the case row as the truth: a chronology entry past its version is not shown, and a
// list row the case row does not imply is skipped (and tidied), so before step 3 readers see the
// old version and after it the new one. A crash before step 6 is retried by the activity.
public sealed class TableCaseRecorder(CaseProjectionStore store) : ICaseRecorder
{
    private readonly MeasuresRecorder measures = new(store);

    private static readonly IReadOnlyList<string> StoredColumns = [.. CaseRow.SummaryColumns, nameof(CaseRow.StateBlob)];

    public async Task<bool> Record(CaseRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        CaseProjectionStore.CheckId(record.CaseId, nameof(record));
        if (record.Outcome is { } outcome)
        {
            CaseProjectionStore.CheckId(outcome.CommandId, nameof(record));
        }
        if (record.NewEntries.Any(e => e.Sequence < 1 || e.Sequence > record.Version))
        {
            throw new ArgumentException("A chronology entry's sequence is between 1 and the record's version.", nameof(record));
        }

        for (var attempt = 1; ; attempt++)
        {
            var stored = await ReadStored(record.CaseId, cancellationToken);
            if (stored is not null && (stored.Version > record.Version || stored.Erasure is not null))
            {
                return false; // newer, or its personal data is being removed: nothing more is written
            }
            await Task.WhenAll(record.NewEntries.Select(e => AddEntry(record.CaseId, e, cancellationToken)));
            if (record.State.FileOrNull is { } file && (stored is null || stored.Version < record.Version))
            {
                var row = CaseRow.Of(record.CaseId, record.ProfileId, record.Version, record.State, file, record.AnonymiseFrom);
                (row.State, row.StateBlob) = await store.Keep(CaseWorkflowJson.Serialize(record.State),
                    $"{record.CaseId}/state-{record.Version:D19}.json", cancellationToken);
                var lists = CaseLists.For(row);
                var before = stored is null ? new HashSet<CaseLists.Key>() : CaseLists.For(stored);
                var left = before.Except(lists).ToList();
                await Task.WhenAll(lists.Except(before).Select(key => PutListRow(key, record.CaseId, record.Version, cancellationToken))
                    .Concat(CaseLists.ReportersOf(record.CaseId, file).Select(key => AddOnce(store.Lists,
                        new ListRow { PartitionKey = key.PartitionKey, RowKey = key.RowKey, CaseId = record.CaseId, Version = record.Version },
                        cancellationToken))));
                if (!await TryWriteCaseRow(row, stored, cancellationToken))
                {
                    if (attempt >= store.Options.MaxWriteAttempts)
                    {
                        throw new InvalidOperationException(
                            $"Case {record.CaseId} kept changing while version {record.Version} was being recorded; the activity will try again.");
                    }
                    continue;
                }
                await Task.WhenAll(left.Select(key => DeleteListRow(key, record.Version, cancellationToken)));
                await ForgetStateBlob(stored?.StateBlob, row.StateBlob, cancellationToken);
            }
            await measures.Record(record, cancellationToken);
            if (record.Outcome is { } recorded)
            {
                await AddOnce(store.Records, new OutcomeRow
                {
                    PartitionKey = record.CaseId,
                    RowKey = CaseProjectionStore.OutcomeRowKey(recorded.CommandId),
                    CommandId = recorded.CommandId,
                    Version = recorded.Version,
                    RejectedBecause = recorded.RejectedBecause,
                }, cancellationToken);
            }
            return true;
        }
    }

    private async Task<CaseRow?> ReadStored(string caseId, CancellationToken cancellationToken)
    {
        var found = await store.Records.GetEntityIfExistsAsync<CaseRow>(caseId, CaseProjectionStore.CaseRowKey, StoredColumns, cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private async Task AddEntry(string caseId, ChronologyEntry entry, CancellationToken cancellationToken)
    {
        var (inline, blob) = await store.Keep(CaseWorkflowJson.Serialize(entry.Event), $"{caseId}/entry-{entry.Sequence:D10}.json", cancellationToken);
        await AddOnce(store.Records, new EntryRow
        {
            PartitionKey = caseId,
            RowKey = CaseProjectionStore.EntryRowKey(entry.Sequence),
            Sequence = entry.Sequence,
            RecordedAt = entry.RecordedAt,
            CommandId = entry.CommandId,
            Actor = entry.Actor,
            Event = inline,
            EventBlob = blob,
        }, cancellationToken);
    }

    // For rows that never change once written: the first write stands.
    private static async Task AddOnce<T>(TableClient table, T row, CancellationToken cancellationToken)
        where T : ITableEntity
    {
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    private async Task<bool> TryWriteCaseRow(CaseRow row, CaseRow? stored, CancellationToken cancellationToken)
    {
        try
        {
            if (stored is null)
            {
                await store.Records.AddEntityAsync(row, cancellationToken);
            }
            else
            {
                await store.Records.UpdateEntityAsync(row, stored.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false; // another writer got there first: decide again from what it wrote
        }
    }

    // Writes the list row unless a newer version of the case already did.
    private async Task PutListRow(CaseLists.Key key, string caseId, long version, CancellationToken cancellationToken)
    {
        var row = new ListRow { PartitionKey = key.PartitionKey, RowKey = key.RowKey, CaseId = caseId, Version = version };
        for (var attempt = 1; attempt <= store.Options.MaxWriteAttempts; attempt++)
        {
            var existing = await store.Lists.GetEntityIfExistsAsync<ListRow>(key.PartitionKey, key.RowKey, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    await store.Lists.AddEntityAsync(row, cancellationToken);
                }
                else if (existing.Value!.Version < version)
                {
                    await store.Lists.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
            }
        }
        throw new InvalidOperationException($"A list row of case {caseId} kept changing; the activity will try again.");
    }

    // Deletes a list row the case has left, unless a newer version of the case wrote it again.
    private async Task DeleteListRow(CaseLists.Key key, long version, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= store.Options.MaxWriteAttempts; attempt++)
        {
            var existing = await store.Lists.GetEntityIfExistsAsync<ListRow>(key.PartitionKey, key.RowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue || existing.Value!.Version > version)
            {
                return;
            }
            try
            {
                await store.Lists.DeleteEntityAsync(key.PartitionKey, key.RowKey, existing.Value.ETag, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
            }
        }
        // Left for readers, who skip a row the case row does not imply and tidy it.
    }

    // A large state is kept in one blob per version; the one before is no longer read once the
    // case row has moved on (a reader that meets it gone reads the case row again).
    private async Task ForgetStateBlob(string? previous, string? current, CancellationToken cancellationToken)
    {
        if (previous is not null && previous != current)
        {
            try
            {
                await store.Blobs.DeleteBlobIfExistsAsync(previous, cancellationToken: cancellationToken);
            }
            catch (RequestFailedException)
            {
                // Only space is lost; the case row no longer names it.
            }
        }
    }
}
