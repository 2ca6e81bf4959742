using System.Text;
using Azure.Core;
using Azure.Data.Tables;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Measures;
using HateCase.Domain.Risk;
using HateCase.Testing;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// The measure facts of many cases share a pack row, so a year is read in a few hundred rows: each
// case is in exactly one pack, moves when its facts change, and neither a race with another
// case's recorder nor a recorder stopped part-way loses or repeats a case.
[Collection(AzuriteFixture.Collection)]
public sealed class MeasuresPackTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly WorkingCalendar Calendar = WorkingCalendar.EnglandAndWales;

    private static ReportingPeriod Dates(string first, string last) => ReportingPeriod.Dates(DateOnly.Parse(first), DateOnly.Parse(last), Calendar);

    // Case ids whose cases share a shard, so they share a pack when they settle in the same month.
    private static string[] SameShard(string prefix, int count)
    {
        var shard = MeasuresRows.Shard($"{prefix}-1");
        return [.. Enumerable.Range(1, 1000).Select(n => $"{prefix}-{n}").Where(id => MeasuresRows.Shard(id) == shard).Take(count)];
    }

    // Reported on Monday 2 March 2026, closed at the enquiry the next day, and its survey window
    // has closed unanswered by 20 April: settled in April.
    private static CaseHistory ClosedAndSettled(string caseId, string reference) =>
        HateReported(caseId, reference)
            .Officer($"close-{caseId}", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddDays(1))
            .TimersFallDue(new DateTimeOffset(2026, 4, 20, 10, 0, 0, TimeSpan.FromHours(1)));

    private static CaseMeasureFacts? FactsOf(CaseHistory history) =>
        CaseMeasureFacts.Of(history.Records.SelectMany(r => r.NewEntries).Select(e => e.Event).ToList());

    private static async Task<Dictionary<string, CaseMeasureFacts>> Read(Projection projection, ReportingPeriod period)
    {
        var read = new Dictionary<string, CaseMeasureFacts>();
        await foreach (var row in new MeasuresReadModel(projection.Store).CasesActiveIn(period, None))
        {
            Assert.True(read.TryAdd(row.CaseId, row.Facts), $"{row.CaseId} was read twice.");
        }
        return read;
    }

    // Every pack as stored, with the cases it holds.
    private static async Task<List<(string PackKey, string[] CaseIds, Azure.ETag ETag)>> Packs(Projection projection)
    {
        var packs = new List<(string, string[], Azure.ETag)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MeasuresRows.Partition} and RowKey lt {MeasuresRows.PointerPrefix}");
        await foreach (var row in projection.Store.Measures.QueryAsync<MeasuresPackRow>(filter))
        {
            var cases = new List<string>();
            await foreach (var entry in MeasuresPack.Entries(row.Facts, None))
            {
                cases.Add(entry.CaseId);
            }
            packs.Add((row.RowKey, [.. cases.Order()], row.ETag));
        }
        return packs;
    }

    [Fact]
    public async Task Two_cases_settled_in_the_same_month_share_one_pack_and_each_is_read_with_its_own_facts()
    {
        var projection = await Projection.Fresh(azurite);
        var ids = SameShard("case", 2);
        var first = ClosedAndSettled(ids[0], "HC-2026-000001");
        var second = ClosedAndSettled(ids[1], "HC-2026-000002");

        await projection.RecordAll(first);
        await projection.RecordAll(second);

        var pack = Assert.Single(await Packs(projection));
        Assert.Equal(ids.Order(), pack.CaseIds);
        var read = await Read(projection, Dates("2026-03-01", "2026-04-30"));
        Assert.Equal(FactsOf(first), read[ids[0]]);
        Assert.Equal(FactsOf(second), read[ids[1]]);
        Assert.Equal(2, read.Count);
    }

    [Fact]
    public async Task A_case_reopened_after_it_settled_leaves_the_pack_it_shared_and_is_counted_again_while_the_other_case_stays()
    {
        var projection = await Projection.Fresh(azurite);
        var ids = SameShard("case", 2);
        var reopened = ClosedAndSettled(ids[0], "HC-2026-000001");
        var stays = ClosedAndSettled(ids[1], "HC-2026-000002");
        await projection.RecordAll(reopened);
        await projection.RecordAll(stays);
        Assert.Empty(await Read(projection, Dates("2026-05-01", "2026-05-31")));

        reopened.Officer("reopen", new CaseCommand.Reopen("Abuse started again"), new DateTimeOffset(2026, 5, 11, 10, 0, 0, TimeSpan.FromHours(1)), officer: "lead");
        await projection.Recorder.Record(reopened.Latest, None);

        var may = await Read(projection, Dates("2026-05-01", "2026-05-31"));
        Assert.Equal([ids[0]], may.Keys);
        Assert.Equal(FactsOf(reopened), may[ids[0]]);
        Assert.Single(may[ids[0]].Reopenings);
        Assert.Null(may[ids[0]].SettledAt);
        var april = await Read(projection, Dates("2026-04-01", "2026-04-30"));
        Assert.Equal(ids.Order(), april.Keys.Order());
        Assert.Equal(FactsOf(stays), april[ids[1]]);
        var packs = await Packs(projection);
        Assert.Equal(ids.Order(), packs.SelectMany(p => p.CaseIds).Order());
        Assert.Equal([ids[1], ids[0]], packs.Select(p => string.Join(',', p.CaseIds)));
    }

    [Fact]
    public async Task A_survey_answered_on_a_case_in_a_shared_pack_changes_that_case_only()
    {
        var projection = await Projection.Fresh(azurite);
        var ids = SameShard("case", 2);
        var answered = HateReported(ids[0], "HC-2026-000001")
            .Officer("close", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddDays(1));
        var other = HateReported(ids[1], "HC-2026-000002")
            .Officer("close", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddDays(1));
        await projection.RecordAll(answered);
        await projection.RecordAll(other);
        var shared = Assert.Single(await Packs(projection));

        answered.Officer("answer", new CaseCommand.RecordSurveyAnswer(5, 4, true, "Thank you"), MondayMorning.AddDays(8));
        await projection.Recorder.Record(answered.Latest, None);

        var read = await Read(projection, Dates("2026-03-01", "2026-03-31"));
        Assert.Equal((5, 4), (read[ids[0]].Surveys[^1].SatisfactionWithHandling, read[ids[0]].Surveys[^1].SatisfactionWithOutcome));
        Assert.Equal(FactsOf(answered), read[ids[0]]);
        Assert.Equal(FactsOf(other), read[ids[1]]);
        // Answered, its survey settled the case: it moved to March's pack; the other is still open to a survey.
        var packs = await Packs(projection);
        Assert.Equal(2, packs.Count);
        Assert.Contains(packs, p => p.PackKey == shared.PackKey && p.CaseIds.SequenceEqual([ids[1]]));
        Assert.Contains(packs, p => p.CaseIds.SequenceEqual([ids[0]]) && p.PackKey.StartsWith(MeasuresRows.BucketAndShard(read[ids[0]].SettledAt, ids[0]), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cases_of_one_month_beyond_what_a_pack_holds_go_on_to_new_packs_and_a_pack_emptied_is_removed()
    {
        var projection = await Projection.Fresh(azurite, measuresPackBytes: 1024);
        // Reported a few hours apart, so their facts differ as real cases' do.
        var histories = SameShard("case", 24).Select((id, n) => HateReported(id, $"HC-2026-{n + 1:D6}", at: MondayMorning.AddMinutes(97 * n))
            .Officer($"close-{id}", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddDays(3).AddMinutes(53 * n))
            .TimersFallDue(new DateTimeOffset(2026, 4, 24, 10, 0, 0, TimeSpan.FromHours(1)))).ToList();
        foreach (var history in histories)
        {
            await projection.RecordAll(history);
        }

        var packs = await Packs(projection);
        Assert.True(packs.Count > 1, $"{packs.Count} pack");
        Assert.Equal(histories.Select(h => h.CaseId).Order(), packs.SelectMany(p => p.CaseIds).Order());
        var april = await Read(projection, Dates("2026-04-01", "2026-04-30"));
        Assert.All(histories, h => Assert.Equal(FactsOf(h), april[h.CaseId]));

        // Each reopened case leaves April's packs; the one left with none is removed.
        foreach (var history in histories.Where(h => packs[0].CaseIds.Contains(h.CaseId)))
        {
            history.Officer("reopen", new CaseCommand.Reopen("Abuse started again"), new DateTimeOffset(2026, 5, 11, 10, 0, 0, TimeSpan.FromHours(1)), officer: "lead");
            await projection.Recorder.Record(history.Latest, None);
        }
        var after = await Packs(projection);
        Assert.DoesNotContain(after, p => p.PackKey == packs[0].PackKey);
        Assert.All(after, p => Assert.NotEmpty(p.CaseIds));
        Assert.Equal(histories.Select(h => h.CaseId).Order(), after.SelectMany(p => p.CaseIds).Order());
        Assert.Equal(packs[0].CaseIds, (await Read(projection, Dates("2026-05-01", "2026-05-31"))).Keys.Order());
    }

    [Fact]
    public async Task Two_recorders_writing_the_same_pack_at_once_keep_both_cases()
    {
        var projection = await Projection.Fresh(azurite);
        var ids = SameShard("case", 3);
        var already = HateReported(ids[0], "HC-2026-000001");
        var held = HateReported(ids[1], "HC-2026-000002");
        var meanwhile = HateReported(ids[2], "HC-2026-000003");
        await projection.RecordAll(already);
        var hold = new HoldAt(IsMeasuresTransaction);
        var stalled = projection.AnotherInstance(azurite, hold);

        // One recorder has read the pack and is about to write it; the other writes it first.
        var stalledRecord = stalled.Recorder.Record(held.Latest, None);
        await hold.Holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await projection.Recorder.Record(meanwhile.Latest, None));
        hold.Release.SetResult();
        Assert.True(await stalledRecord);

        var pack = Assert.Single(await Packs(projection));
        Assert.Equal(ids.Order(), pack.CaseIds);
        var read = await Read(projection, Dates("2026-03-01", "2026-03-31"));
        Assert.Equal(FactsOf(held), read[ids[1]]);
        Assert.Equal(FactsOf(meanwhile), read[ids[2]]);
    }

    [Fact]
    public async Task Many_recorders_of_cases_sharing_packs_lose_no_turn_of_any_case()
    {
        var projection = await Projection.Fresh(azurite);
        var others = new[] { projection.AnotherInstance(azurite), projection.AnotherInstance(azurite) };
        var histories = SameShard("case", 6).Select((id, n) => HateReported(id, $"HC-2026-00000{n}")
            .Officer("assign", new CaseCommand.AssignOfficer("alex"), MondayMorning.AddMinutes(30))
            .Officer("contact", new CaseCommand.RecordContact("c-1", ContactMethod.Phone), MondayMorning.AddHours(2))
            .Officer("close", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddDays(1))).ToList();

        await Task.WhenAll(histories.Select((history, n) => Task.Run(async () =>
        {
            var recorder = n % 3 == 0 ? projection.Recorder : others[n % 3 - 1].Recorder;
            foreach (var record in history.Records)
            {
                Assert.True(await recorder.Record(record, None));
            }
        })));

        var read = await Read(projection, Dates("2026-03-01", "2026-03-31"));
        Assert.Equal(histories.Count, read.Count);
        foreach (var history in histories)
        {
            Assert.Equal(FactsOf(history), read[history.CaseId]);
        }
        Assert.Equal(histories.Select(h => h.CaseId).Order(), (await Packs(projection)).SelectMany(p => p.CaseIds).Order());
    }

    [Fact]
    public async Task A_recorder_stopped_before_its_measures_transaction_leaves_the_facts_before_and_the_retry_writes_the_turn_once()
    {
        var projection = await Projection.Fresh(azurite);
        var ids = SameShard("case", 2);
        var history = HateReported(ids[0], "HC-2026-000001")
            .Officer("assign", new CaseCommand.AssignOfficer("alex"), MondayMorning.AddMinutes(30))
            .Officer("close", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddDays(1));
        var neighbour = HateReported(ids[1], "HC-2026-000002");
        await projection.RecordAll(neighbour);
        foreach (var record in history.Records.SkipLast(1))
        {
            await projection.Recorder.Record(record, None);
        }
        var stop = new StopAt(IsMeasuresTransaction);

        await Assert.ThrowsAnyAsync<Exception>(() => projection.AnotherInstance(azurite, stop).Recorder.Record(history.Latest, None));
        Assert.True(stop.Stopped);

        var seen = await Read(projection, Dates("2026-03-01", "2026-03-31"));
        Assert.Equal("enquiry", seen[ids[0]].Stage);
        Assert.Empty(seen[ids[0]].Closures);

        Assert.True(await projection.Recorder.Record(history.Latest, None)); // the activity, run again

        var after = await Read(projection, Dates("2026-03-01", "2026-03-31"));
        Assert.Equal(FactsOf(history), after[ids[0]]);
        Assert.Equal(FactsOf(neighbour), after[ids[1]]);
        Assert.Single(after[ids[0]].Closures);
        Assert.Equal(ids.Order(), (await Packs(projection)).SelectMany(p => p.CaseIds).Order());
    }

    [Fact]
    public async Task A_turn_recorded_again_after_its_measures_were_written_changes_no_pack()
    {
        var projection = await Projection.Fresh(azurite);
        var ids = SameShard("case", 2);
        var history = ClosedAndSettled(ids[0], "HC-2026-000001");
        await projection.RecordAll(history);
        await projection.RecordAll(ClosedAndSettled(ids[1], "HC-2026-000002"));
        var packs = await Packs(projection);

        // Replayed after a crash past the measures step, then late runs of older turns.
        Assert.True(await projection.Recorder.Record(history.Latest, None));
        foreach (var record in history.Records)
        {
            await projection.Recorder.Record(record, None);
        }

        Assert.Equal(packs.Select(p => (p.PackKey, string.Join(',', p.CaseIds), p.ETag)),
            (await Packs(projection)).Select(p => (p.PackKey, string.Join(',', p.CaseIds), p.ETag)));
        Assert.Equal(FactsOf(history), (await Read(projection, Dates("2026-04-01", "2026-04-30")))[ids[0]]);
    }

    [Theory]
    // Summer time began on 29 March 2026, so 1 April starts in the UK at 23:00 UTC on 31 March, in
    // the pack of March (packs are UTC months).
    [InlineData("2026-03-31T22:59:59Z", "2026-03-01", "2026-03-31", true)]
    [InlineData("2026-03-31T22:59:59Z", "2026-04-01", "2026-04-30", false)]
    [InlineData("2026-03-31T23:00:00Z", "2026-04-01", "2026-04-30", true)]
    [InlineData("2026-03-31T23:00:00Z", "2026-04-01", "2027-03-31", true)]
    [InlineData("2026-03-31T23:00:00Z", "2026-03-01", "2026-03-31", true)]
    public async Task A_case_settled_either_side_of_midnight_on_31_March_is_read_for_the_periods_it_was_active_in(
        string settledAt, string first, string last, bool read)
    {
        var projection = await Projection.Fresh(azurite);
        var settled = DateTimeOffset.Parse(settledAt, System.Globalization.CultureInfo.InvariantCulture);
        var facts = new CaseMeasureFacts("HC-2026-000001", new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), ReportChannel.WebForm,
            RiskLevel.High, true, ["race"], "closed", true, true, [new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero)], [],
            [new ClosureFact(settled, true, false, 1)], [], [], [], []);
        Assert.Equal(settled, facts.SettledAt);
        var entry = new MeasuresPackEntry("case-1", facts.ReportedAt, facts, null);
        var pack = MeasuresPack.New(MeasuresRows.PackKey(MeasuresRows.BucketAndShard(facts.SettledAt, "case-1"), 0))
            .With(entry, System.Text.Json.JsonSerializer.Serialize(entry, MeasuresRows.Json));
        await projection.Store.Measures.AddEntityAsync(pack.ToRow());

        Assert.Equal(read, (await Read(projection, Dates(first, last))).ContainsKey("case-1"));
    }

    private static bool IsMeasuresTransaction(Request request)
    {
        if (request.Method != RequestMethod.Post || !request.Uri.ToUri().AbsolutePath.EndsWith("$batch", StringComparison.Ordinal))
        {
            return false;
        }
        using var stream = new MemoryStream();
        request.Content?.WriteTo(stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray()).Contains("CaseMeasures", StringComparison.Ordinal);
    }
}
