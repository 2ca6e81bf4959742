using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HateCase.Domain.Cases;
using HateCase.Domain.Measures;
using HateCase.Workflow;
using CaseRecord = HateCase.Workflow.CaseRecord;

namespace HateCase.Storage;

// Keeps each case's measure facts as its turns are recorded: the facts of the version before,
// with the events since folded in (CaseMeasureFacts.Next). The events come from the record, or,
// when the facts are older than the turn before (a crash between writes, or a case recorded before
// the measures were kept), from the chronology, which the recorder has written by then. A version
// older than the stored one writes nothing, as for the case row.
// The facts live in a pack shared with other cases (MeasuresRows). The pointer, the pack the case
// leaves and the pack it joins are written in one transaction, each under the ETag it was read
// with (or added where absent), so a case is never in two packs or none, a writer racing for the
// same pack or case makes this one decide again from what won, and a step replayed after a crash
// finds the pointer at its version and writes nothing.
internal sealed class MeasuresRecorder(CaseProjectionStore store)
{
    public async Task Record(CaseRecord record, CancellationToken cancellationToken)
    {
        if (record.State.FileOrNull is null)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            var found = await store.Measures.GetEntityIfExistsAsync<MeasuresPointerRow>(
                MeasuresRows.Partition, MeasuresRows.PointerKey(record.CaseId), cancellationToken: cancellationToken);
            var pointer = found.HasValue ? found.Value : null;
            if (pointer is not null && pointer.Version >= record.Version)
            {
                return;
            }
            var home = pointer is null ? null : await ReadPack(pointer.PackKey, cancellationToken);
            var before = home?.EntryJson(record.CaseId) is { } json ? await FactsOf(json, cancellationToken) : null;
            var beforeVersion = before is null ? 0 : pointer!.Version;
            var events = await EventsSince(record, beforeVersion, cancellationToken);
            if (CaseMeasureFacts.Next(before, events, record.State) is not { } facts)
            {
                return;
            }
            if (await TryWrite(record, pointer, home, facts, cancellationToken))
            {
                return;
            }
            if (attempt >= store.Options.MaxWriteAttempts)
            {
                throw new InvalidOperationException($"The measures of case {record.CaseId} kept changing; the activity will try again.");
            }
        }
    }

    private async Task<MeasuresPack?> ReadPack(string packKey, CancellationToken cancellationToken)
    {
        var found = await store.Measures.GetEntityIfExistsAsync<MeasuresPackRow>(MeasuresRows.Partition, packKey, cancellationToken: cancellationToken);
        return found.HasValue ? MeasuresPack.Of(found.Value!) : null;
    }

    // The newest pack of a bucket and shard: the first in key order.
    private async Task<MeasuresPack?> NewestPack(string bucketAndShard, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {MeasuresRows.Partition} and RowKey gt {bucketAndShard} and RowKey lt {CaseProjectionStore.EndOf(bucketAndShard)}");
        await foreach (var row in store.Measures.QueryAsync<MeasuresPackRow>(filter, 1, cancellationToken: cancellationToken))
        {
            return MeasuresPack.Of(row);
        }
        return null;
    }

    private async Task<CaseMeasureFacts?> FactsOf(string entryJson, CancellationToken cancellationToken)
    {
        var entry = JsonSerializer.Deserialize<MeasuresPackEntry>(entryJson, MeasuresRows.Json)!;
        return await MeasuresReadModel.Facts(store, entry, cancellationToken);
    }

    private async Task<IReadOnlyList<CaseEvent>> EventsSince(CaseRecord record, long beforeVersion, CancellationToken cancellationToken)
    {
        var fromRecord = record.NewEntries.Where(e => e.Sequence > beforeVersion).OrderBy(e => e.Sequence).ToList();
        if (fromRecord.Count == record.Version - beforeVersion)
        {
            return [.. fromRecord.Select(e => e.Event)];
        }
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {record.CaseId} and RowKey gt {CaseProjectionStore.EntryRowKey(beforeVersion)} and RowKey le {CaseProjectionStore.EntryRowKey(record.Version)}");
        var events = new List<CaseEvent>();
        await foreach (var row in store.Records.QueryAsync<EntryRow>(filter, 1000, cancellationToken: cancellationToken))
        {
            var json = await store.Read(row.Event, row.EventBlob, cancellationToken)
                ?? throw new InvalidOperationException($"The blob holding entry {row.Sequence} of case {record.CaseId} is missing.");
            events.Add(CaseWorkflowJson.Deserialize<CaseEvent>(json));
        }
        return events;
    }

    private async Task<bool> TryWrite(CaseRecord record, MeasuresPointerRow? pointer, MeasuresPack? home, CaseMeasureFacts facts,
        CancellationToken cancellationToken)
    {
        var (entry, entryJson) = await Entry(record, facts, cancellationToken);
        var target = MeasuresRows.BucketAndShard(facts.SettledAt, record.CaseId);
        var (left, joined) = await Place(record.CaseId, home, target, entry, entryJson, cancellationToken);

        var newPointer = new MeasuresPointerRow { RowKey = MeasuresRows.PointerKey(record.CaseId), Version = record.Version, PackKey = joined.RowKey };
        List<TableTransactionAction> actions =
        [
            pointer is null
                ? new TableTransactionAction(TableTransactionActionType.Add, newPointer)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newPointer, pointer.ETag),
            Write(joined),
        ];
        if (left is not null)
        {
            actions.Add(left.Count == 0
                ? new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(MeasuresRows.Partition, left.RowKey), left.ETag)
                : Write(left));
        }
        try
        {
            await store.Measures.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false; // another writer changed the pointer or a pack first: decide again from what it wrote
        }
    }

    private static TableTransactionAction Write(MeasuresPack pack) => pack.IsStored
        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, pack.ToRow(), pack.ETag)
        : new TableTransactionAction(TableTransactionActionType.Add, pack.ToRow());

    // The pack the case leaves (null when it stays where it is) and the pack it joins: its own
    // pack while that is still the right bucket and shard and has room, otherwise the newest pack
    // there, or a new one after it.
    private async Task<(MeasuresPack? Left, MeasuresPack Joined)> Place(string caseId, MeasuresPack? home, string target,
        MeasuresPackEntry entry, string entryJson, CancellationToken cancellationToken)
    {
        if (home is not null && MeasuresRows.BucketAndShardOf(home.RowKey) == target && Fits(home.With(entry, entryJson)) is { } stays)
        {
            return (null, stays);
        }
        var left = home?.Without(caseId);
        var newest = await NewestPack(target, cancellationToken);
        if (newest is not null && newest.RowKey != home?.RowKey && Fits(newest.With(entry, entryJson)) is { } joined)
        {
            return (left, joined);
        }
        var number = newest is null ? 0 : MeasuresRows.PackNumber(newest.RowKey) + 1;
        return (left, MeasuresPack.New(MeasuresRows.PackKey(target, number)).With(entry, entryJson));
    }

    private MeasuresPack? Fits(MeasuresPack pack) => pack.ToRow().Facts.Length <= store.Options.MeasuresPackBytes ? pack : null;

    // The case's entry, with its facts in a blob of their own when they are too large to share a pack.
    private async Task<(MeasuresPackEntry Entry, string Json)> Entry(CaseRecord record, CaseMeasureFacts facts, CancellationToken cancellationToken)
    {
        var entry = new MeasuresPackEntry(record.CaseId, facts.ReportedAt, facts, null);
        var json = JsonSerializer.Serialize(entry, MeasuresRows.Json);
        if (MeasuresPack.Compress(Encoding.UTF8.GetBytes(json)).Length <= MeasuresRows.MaxEntryBytes(store.Options.MeasuresPackBytes))
        {
            return (entry, json);
        }
        var blob = await store.KeepInBlob(JsonSerializer.Serialize(facts, MeasuresRows.Json),
            $"{record.CaseId}/measures-{record.Version:D19}.json", cancellationToken);
        var inBlob = entry with { Facts = null, Blob = blob };
        return (inBlob, JsonSerializer.Serialize(inBlob, MeasuresRows.Json));
    }
}
