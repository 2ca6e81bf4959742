using Azure.Data.Tables;
using HateCase.Domain.Common;
using HateCase.Workflow;

namespace HateCase.Storage;

// Gives every recorded case its measure facts in the packs, once: cases recorded before the
// measures were kept, or kept in the earlier one-row-per-case layout (partition "cases", which the
// packs replaced and nothing reads), would otherwise be missing from the figures until their next
// turn, which a closed case may never have. Each case without a pointer is rebuilt from its
// chronology, as the recorder does for any case it meets without facts; then the old rows go, and
// a row marks the backfill done so later starts skip it. Safe to stop at any point and run again:
// a case with a pointer is skipped, a pointer and its pack are written in one transaction, and the
// old rows are never counted.
public sealed class MeasuresBackfill(CaseProjectionStore store, CaseReadModel cases)
{
    internal const string DoneKey = "backfill|done|v1";
    internal const string OldLayoutPartition = "cases";

    public async Task<bool> IsDone(CancellationToken cancellationToken) =>
        (await store.Measures.GetEntityIfExistsAsync<TableEntity>(MeasuresRows.Partition, DoneKey, ["RowKey"], cancellationToken)).HasValue;

    // The number of cases given their facts.
    public async Task<int> Run(CancellationToken cancellationToken)
    {
        if (await IsDone(cancellationToken))
        {
            return 0;
        }
        var recorder = new MeasuresRecorder(store);
        var rebuilt = 0;
        var lists = store.Lists.QueryAsync<ListRow>(r => r.PartitionKey == CaseLists.AllPartition, maxPerPage: 1000, cancellationToken: cancellationToken);
        await foreach (var listed in lists)
        {
            var pointer = await store.Measures.GetEntityIfExistsAsync<TableEntity>(
                MeasuresRows.Partition, MeasuresRows.PointerKey(listed.CaseId), ["RowKey"], cancellationToken);
            if (pointer.HasValue || await cases.RecordedStateOf(listed.CaseId, cancellationToken) is not { } recorded)
            {
                continue;
            }
            await recorder.Record(new CaseRecord(recorded.CaseId, "", recorded.Version, recorded.State, ValueList<ChronologyEntry>.Empty, null), cancellationToken);
            rebuilt++;
        }
        await foreach (var old in store.Measures.QueryAsync<TableEntity>(e => e.PartitionKey == OldLayoutPartition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await store.Measures.DeleteEntityAsync(old.PartitionKey, old.RowKey, cancellationToken: cancellationToken);
        }
        await store.Measures.UpsertEntityAsync(new TableEntity(MeasuresRows.Partition, DoneKey), cancellationToken: cancellationToken);
        return rebuilt;
    }
}
