using Azure.Data.Tables;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Measures;
using HateCase.Testing;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// Cases recorded before their measures were packed (or kept in the earlier one-row-per-case
// layout) are counted once the backfill has run, exactly once, whether it runs once, twice, or
// is stopped part-way and run again.
[Collection(AzuriteFixture.Collection)]
public sealed class MeasuresBackfillTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ReportingPeriod March = ReportingPeriod.Dates(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), WorkingCalendar.EnglandAndWales);

    private static CaseHistory Closed(string caseId, string reference) =>
        HateReported(caseId, reference).Officer($"close-{caseId}", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddDays(1));

    // As a case looked before the packs: recorded, with no pointer or pack entry, and a row of the
    // old layout in its place.
    private static async Task ForgetPackedFacts(Projection projection, string caseId)
    {
        var pointer = await projection.Store.Measures.GetEntityAsync<MeasuresPointerRow>(MeasuresRows.Partition, MeasuresRows.PointerKey(caseId));
        var pack = MeasuresPack.Of((await projection.Store.Measures.GetEntityAsync<MeasuresPackRow>(MeasuresRows.Partition, pointer.Value.PackKey)).Value);
        var left = pack.Without(caseId);
        await projection.Store.Measures.DeleteEntityAsync(MeasuresRows.Partition, MeasuresRows.PointerKey(caseId));
        if (left.Count == 0)
        {
            await projection.Store.Measures.DeleteEntityAsync(MeasuresRows.Partition, pack.RowKey);
        }
        else
        {
            await projection.Store.Measures.UpdateEntityAsync(left.ToRow(), Azure.ETag.All, TableUpdateMode.Replace);
        }
        await projection.Store.Measures.UpsertEntityAsync(new TableEntity(MeasuresBackfill.OldLayoutPartition, caseId) { ["Facts"] = "{}" });
    }

    private static async Task<List<string>> CasesCounted(Projection projection)
    {
        var ids = new List<string>();
        await foreach (var row in new MeasuresReadModel(projection.Store).CasesActiveIn(March, None))
        {
            ids.Add(row.CaseId);
        }
        return ids;
    }

    private static async Task<int> OldRows(Projection projection)
    {
        var count = 0;
        await foreach (var _ in projection.Store.Measures.QueryAsync<TableEntity>(e => e.PartitionKey == MeasuresBackfill.OldLayoutPartition))
        {
            count++;
        }
        return count;
    }

    [Fact]
    public async Task Cases_recorded_before_the_packs_are_counted_once_after_the_backfill_and_the_old_rows_go()
    {
        var projection = await Projection.Fresh(azurite);
        await projection.RecordAll(Closed("case-a", "HC-2026-000001"));
        await projection.RecordAll(Closed("case-b", "HC-2026-000002"));
        await projection.RecordAll(Closed("case-c", "HC-2026-000003"));
        var before = await new MeasuresReadModel(projection.Store).Measures(March, March.To, HateCase.Domain.Profiles.ProfileLoader.BuiltIn("default"), WorkingCalendar.EnglandAndWales, null, None);
        await ForgetPackedFacts(projection, "case-a");
        await ForgetPackedFacts(projection, "case-b");
        Assert.Equal(["case-c"], await CasesCounted(projection));

        var backfill = new MeasuresBackfill(projection.Store, projection.Read);
        Assert.Equal(2, await backfill.Run(None));

        Assert.Equal(["case-a", "case-b", "case-c"], (await CasesCounted(projection)).Order());
        Assert.Equal(0, await OldRows(projection));
        var after = await new MeasuresReadModel(projection.Store).Measures(March, March.To, HateCase.Domain.Profiles.ProfileLoader.BuiltIn("default"), WorkingCalendar.EnglandAndWales, null, None);
        Assert.Equal(before.Volumes.CasesOpened, after.Volumes.CasesOpened);
        Assert.Equal(before.Volumes.Closures, after.Volumes.Closures);
        Assert.True(await backfill.IsDone(None));
        Assert.Equal(0, await backfill.Run(None));
    }

    [Fact]
    public async Task A_backfill_stopped_part_way_and_run_again_counts_every_case_once()
    {
        var projection = await Projection.Fresh(azurite);
        await projection.RecordAll(Closed("case-a", "HC-2026-000001"));
        await projection.RecordAll(Closed("case-b", "HC-2026-000002"));
        await ForgetPackedFacts(projection, "case-a");
        await ForgetPackedFacts(projection, "case-b");
        var backfill = new MeasuresBackfill(projection.Store, projection.Read);

        // As a backfill stopped after its first case leaves it: that case rebuilt, the old rows
        // still there, and the backfill not marked done.
        var first = await projection.Read.RecordedStateOf("case-a", None);
        await new MeasuresRecorder(projection.Store).Record(
            new HateCase.Workflow.CaseRecord("case-a", "", first!.Version, first.State, [], null), None);
        Assert.False(await backfill.IsDone(None));
        Assert.Equal(["case-a"], await CasesCounted(projection));

        Assert.Equal(1, await backfill.Run(None));

        Assert.Equal(["case-a", "case-b"], (await CasesCounted(projection)).Order());
        Assert.Equal(0, await OldRows(projection));
    }
}
