using Azure.Data.Tables;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Measures;
using HateCase.Domain.Profiles;
using HateCase.Testing;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// The measure facts each recorded turn keeps, and what a period reads of them.
[Collection(AzuriteFixture.Collection)]
public sealed class MeasuresRecorderTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly WorkingCalendar Calendar = WorkingCalendar.EnglandAndWales;

    private static ReportingPeriod Dates(string first, string last) => ReportingPeriod.Dates(DateOnly.Parse(first), DateOnly.Parse(last), Calendar);

    // Reported on Monday 2 March 2026, closed at the enquiry the next day, and its survey window
    // (6 weeks) has closed unanswered by 20 April.
    private static CaseHistory ClosedAndSettled(string caseId) =>
        HateReported(caseId, "HC-2026-000010")
            .Officer($"close-{caseId}", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddDays(1))
            .TimersFallDue(new DateTimeOffset(2026, 4, 20, 10, 0, 0, TimeSpan.FromHours(1)));

    private static async Task<IReadOnlyList<CaseMeasureRow>> Read(Projection projection, ReportingPeriod period)
    {
        var rows = new List<CaseMeasureRow>();
        await foreach (var row in new MeasuresReadModel(projection.Store).CasesActiveIn(period, None))
        {
            rows.Add(row);
        }
        return rows;
    }

    private static async Task<int> RowCount(Projection projection)
    {
        var count = 0;
        await foreach (var _ in projection.Store.Measures.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            count++;
        }
        return count;
    }

    [Fact]
    public async Task Each_turn_keeps_the_facts_of_the_whole_chronology_and_the_case_is_read_for_its_period()
    {
        var projection = await Projection.Fresh(azurite);
        var history = HateReported("case-1", "HC-2026-000001")
            .Officer("assign", new CaseCommand.AssignOfficer("alex"), MondayMorning.AddMinutes(30))
            .Officer("contact", new CaseCommand.RecordContact("c-1", ContactMethod.Phone), MondayMorning.AddHours(2));

        await projection.RecordAll(history);

        var row = Assert.Single(await Read(projection, Dates("2026-03-01", "2026-03-31")));
        var chronology = history.Records.SelectMany(r => r.NewEntries).Select(e => e.Event).ToList();
        Assert.Equal(("case-1", CaseMeasureFacts.Of(chronology)), (row.CaseId, row.Facts));
        Assert.Equal(2, await RowCount(projection));
    }

    [Fact]
    public async Task A_period_reads_neither_cases_reported_after_it_nor_cases_settled_before_it()
    {
        var projection = await Projection.Fresh(azurite);
        await projection.RecordAll(ClosedAndSettled("settled"));
        await projection.RecordAll(HateReported("open", "HC-2026-000011"));

        Assert.Empty(await Read(projection, Dates("2026-02-01", "2026-02-28")));
        Assert.Equal(["open", "settled"], (await Read(projection, Dates("2026-04-01", "2026-04-30"))).Select(r => r.CaseId).Order());
        Assert.Equal(["open"], (await Read(projection, Dates("2026-05-01", "2027-03-31"))).Select(r => r.CaseId));
        // The settled case moved its facts row; the pointer moved with it.
        Assert.Equal(4, await RowCount(projection));
    }

    [Fact]
    public async Task A_case_recorded_before_its_facts_were_kept_has_them_built_from_its_chronology_at_its_next_turn()
    {
        var projection = await Projection.Fresh(azurite);
        var history = HateReported("case-1", "HC-2026-000001")
            .Officer("assign", new CaseCommand.AssignOfficer("alex"), MondayMorning.AddMinutes(30));
        await projection.RecordAll(history);
        await foreach (var row in projection.Store.Measures.QueryAsync<TableEntity>())
        {
            await projection.Store.Measures.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        history.Officer("contact", new CaseCommand.RecordContact("c-1", ContactMethod.Phone), MondayMorning.AddHours(2));
        await projection.Recorder.Record(history.Latest, None);

        var chronology = history.Records.SelectMany(r => r.NewEntries).Select(e => e.Event).ToList();
        Assert.Equal(CaseMeasureFacts.Of(chronology), Assert.Single(await Read(projection, Dates("2026-03-01", "2026-03-31"))).Facts);
    }

    [Fact]
    public async Task A_late_retry_of_an_older_turn_does_not_overwrite_newer_facts()
    {
        var projection = await Projection.Fresh(azurite);
        var history = ClosedAndSettled("case-1");
        await projection.RecordAll(history);

        await projection.Recorder.Record(history.Records[0], None);

        var row = Assert.Single(await Read(projection, Dates("2026-03-01", "2026-04-30")));
        Assert.Equal("closed", row.Facts.Stage);
        Assert.NotNull(row.Facts.SettledAt);
    }

    [Fact]
    public async Task The_measures_of_a_period_are_counted_from_the_rows_it_reads()
    {
        var projection = await Projection.Fresh(azurite);
        await projection.RecordAll(ClosedAndSettled("settled"));
        await projection.RecordAll(HateReported("open", "HC-2026-000011", at: MondayMorning.AddDays(3)));

        var report = await new MeasuresReadModel(projection.Store).Measures(
            Dates("2026-03-01", "2026-03-31"), MondayMorning.AddDays(60), ProfileLoader.BuiltIn("default"), Calendar, 2000, None);

        Assert.Equal((2, 2, 1), (report.Volumes.CasesOpened, report.Volumes.HateCasesOpened, report.Volumes.Closures));
        Assert.Equal(1.0m, report.Nm01.HateCasesPer1000Homes);
    }
}
