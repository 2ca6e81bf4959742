using HateCase.Domain.Cases;
using HateCase.Domain.Risk;
using HateCase.Testing;
using HateCase.Workflow;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// What an officer or the API sees once the RecordCase activity has written a turn of a case.
[Collection(AzuriteFixture.Collection)]
public sealed class TableCaseRecorderTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly RiskAnswers LowRisk = new(
        HarmAnswer.Distress, VulnerabilityAnswer.None, RepeatAnswer.First, HateMotivationPerceived: false,
        ImpactAnswer.Little, ChildrenInHousehold: false, RetaliationFeared: false);

    private static CaseHistory AssignedToAlex(string caseId = "case-1", string reference = "HC-2026-000001") =>
        HateReported(caseId, reference).Officer($"assign-{caseId}", new CaseCommand.AssignOfficer("alex"), MondayMorning.AddMinutes(30));

    [Fact]
    public async Task A_recorded_case_appears_in_its_officers_list_its_stage_list_and_the_due_list()
    {
        var projection = await Projection.Fresh(azurite);
        var history = AssignedToAlex();

        await projection.RecordAll(history);

        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByOfficer("alex")));
        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByStage("enquiry")));
        var due = Assert.Single(await projection.WholeList(new CaseFilter.DueBefore(MondayMorning.AddDays(7))));
        Assert.Equal(("case-1", "HC-2026-000001", "alex", history.Latest.Version), (due.CaseId, due.Reference, due.OfficerId, due.Version));
        Assert.Equal(history.Latest.State.FileOrNull!.Deadlines.Min(d => d.DueAt), due.NextDueAt);
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.DueBefore(due.NextDueAt!.Value)));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.Overdue()));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer("sam")));
    }

    [Fact]
    public async Task The_case_view_shows_the_state_and_the_whole_chronology_with_who_did_what_and_when()
    {
        var projection = await Projection.Fresh(azurite);
        var history = AssignedToAlex();

        await projection.RecordAll(history);
        var view = await projection.Read.Get("case-1", None);

        Assert.NotNull(view);
        Assert.Equal(history.Latest.Version, view.Version);
        Assert.Equal(history.Latest.State, view.State);
        Assert.Equal("default", view.ProfileId);
        Assert.Equal(history.Records.SelectMany(r => r.NewEntries), view.Chronology);
        var assigned = Assert.Single(view.Chronology, e => e.Event is CaseEvent.OfficerAssigned);
        Assert.Equal(("assign-case-1", "alex", MondayMorning.AddMinutes(30)), (assigned.CommandId, assigned.Actor, assigned.RecordedAt));
        Assert.Equal(CaseTimers.Due(history.Latest.State), view.ArmedTimers);
        Assert.Null(await projection.Read.Get("case-nobody-reported", None));
    }

    [Fact]
    public async Task A_case_given_to_another_officer_leaves_the_first_officers_list()
    {
        var projection = await Projection.Fresh(azurite);
        var history = AssignedToAlex().Officer("reassign", new CaseCommand.AssignOfficer("sam"), MondayMorning.AddHours(1), officer: "lead");

        await projection.RecordAll(history);

        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer("alex")));
        Assert.Empty(await projection.RawRows(CaseLists.OfficerPartition("alex")));
        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByOfficer("sam")));
    }

    [Theory]
    [InlineData("officer/with\\odd#chars?and\ttabs")]
    [InlineData("a broken \ud800 surrogate")]
    [InlineData(null)]
    public async Task An_officer_id_of_any_characters_and_length_has_a_list_of_its_own(string? officerId)
    {
        officerId ??= new string('x', 2_000);
        var projection = await Projection.Fresh(azurite);
        var history = HateReported("case-1", "HC-2026-000001").Officer("assign", new CaseCommand.AssignOfficer(officerId), MondayMorning.AddMinutes(5));

        await projection.RecordAll(history);

        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByOfficer(officerId)));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer(officerId[..^1])));
    }

    [Fact]
    public async Task A_case_converted_to_an_investigation_moves_from_the_enquiry_list_to_the_investigation_list()
    {
        var projection = await Projection.Fresh(azurite);
        var history = AssignedToAlex()
            .Officer("assess", new CaseCommand.AssessRisk("assessment-1", LowRisk), MondayMorning.AddHours(1))
            .Officer("convert", new CaseCommand.ConvertToCase(), MondayMorning.AddHours(2));
        Assert.IsType<CaseState.UnderInvestigation>(history.Latest.State);

        await projection.RecordAll(history);

        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByStage("enquiry")));
        Assert.Empty(await projection.RawRows(CaseLists.StagePartition("enquiry")));
        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByStage("investigation")));
        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByOfficer("alex")));
    }

    [Fact]
    public async Task A_missed_first_response_puts_the_case_on_the_overdue_list_and_closing_the_enquiry_takes_it_off_every_open_list()
    {
        var projection = await Projection.Fresh(azurite);
        var history = AssignedToAlex().TimersFallDue(MondayMorning.AddDays(3));
        Assert.NotEmpty(history.Latest.State.FileOrNull!.Overdue);

        await projection.RecordAll(history);

        var overdue = Assert.Single(await projection.WholeList(new CaseFilter.Overdue()));
        Assert.Equal(history.Latest.State.FileOrNull!.Overdue.Count, overdue.OverdueCount);

        history.Officer("close", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddDays(3).AddHours(1));
        Assert.Empty(history.Latest.State.FileOrNull!.Overdue);
        Assert.True(await projection.Recorder.Record(history.Latest, None));

        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.Overdue()));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer("alex")));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByStage("enquiry")));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.DueBefore(MondayMorning.AddYears(1))));
        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByStage("closed")));
        Assert.Null(await projection.Read.FindOpenCaseAbout("party-1", MondayMorning.AddHours(2), None));
        Assert.Empty(await projection.RawRows(CaseLists.OverduePartition));
        Assert.Empty(await projection.RawRows(CaseLists.OfficerPartition("alex")));
    }

    [Fact]
    public async Task A_late_record_of_an_older_version_changes_nothing()
    {
        var projection = await Projection.Fresh(azurite);
        var history = AssignedToAlex().Officer("reassign", new CaseCommand.AssignOfficer("sam"), MondayMorning.AddHours(1), officer: "lead");
        await projection.RecordAll(history);
        var before = await projection.Read.Get("case-1", None);

        var late = await projection.Recorder.Record(history.Records[^2], None);

        Assert.False(late);
        var after = await projection.Read.Get("case-1", None);
        Assert.Equal(before!.Version, after!.Version);
        Assert.Equal(before.State, after.State);
        Assert.Equal(before.Chronology, after.Chronology);
        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByOfficer("sam")));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer("alex")));
        Assert.Empty(await projection.RawRows(CaseLists.OfficerPartition("alex")));
    }

    [Fact]
    public async Task Recording_the_same_version_again_adds_no_chronology_entry()
    {
        var projection = await Projection.Fresh(azurite);
        var history = AssignedToAlex();

        // Each turn's activity run twice, as after a crash before its completion was saved.
        foreach (var record in history.Records)
        {
            Assert.True(await projection.Recorder.Record(record, None));
            Assert.True(await projection.Recorder.Record(record, None));
        }

        var view = await projection.Read.Get("case-1", None);
        Assert.Equal(Enumerable.Range(1, (int)history.Latest.Version).Select(i => (long)i), view!.Chronology.Select(e => e.Sequence));
        Assert.Single(await projection.RawRows(CaseLists.OfficerPartition("alex")));
    }

    [Fact]
    public async Task A_200000_character_account_of_an_incident_is_kept_whole()
    {
        var projection = await Projection.Fresh(azurite);
        var account = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i % 10}Ω😀abcdef"));
        Assert.Equal(200_000, account.Length);
        var history = HateReported("case-long", "HC-2026-000009", description: account);

        await projection.RecordAll(history);

        var view = await projection.Read.Get("case-long", None);
        var report = Assert.Single(view!.Chronology.Select(e => e.Event).OfType<CaseEvent.ReportReceived>());
        Assert.Equal(account.Length, report.Report.Description.Length);
        Assert.Equal(account, report.Report.Description);
    }

    [Fact]
    public async Task A_case_whose_state_is_too_large_for_a_row_is_kept_whole_from_one_version_to_the_next()
    {
        var projection = await Projection.Fresh(azurite);
        var safeTimes = string.Concat(Enumerable.Repeat("Weekday evenings after 6pm, never before. ", 1_000));
        var history = HateReported("case-big", "HC-2026-000010", safeTimesToContact: safeTimes)
            .Officer("assign", new CaseCommand.AssignOfficer("alex"), MondayMorning.AddMinutes(30));
        Assert.True(CaseWorkflowJson.Serialize(history.Latest.State).Length > 40_000);

        await projection.RecordAll(history);

        var view = await projection.Read.Get("case-big", None);
        Assert.Equal(history.Latest.State, view!.State);
        Assert.Equal(safeTimes, view.State.FileOrNull!.Complainant.SafeTimesToContact);
        Assert.Equal(["case-big"], await projection.CaseIdsIn(new CaseFilter.ByOfficer("alex")));
    }

    [Fact]
    public async Task A_list_row_written_before_its_case_row_shows_nothing_until_the_case_row_lands()
    {
        var projection = await Projection.Fresh(azurite);
        var history = AssignedToAlex().Officer("reassign", new CaseCommand.AssignOfficer("sam"), MondayMorning.AddHours(1), officer: "lead");
        foreach (var record in history.Records.SkipLast(1))
        {
            await projection.Recorder.Record(record, None);
        }
        // A recorder stopped after writing the new list row and before the case row.
        await projection.Store.Lists.AddEntityAsync(new ListRow
        {
            PartitionKey = CaseLists.OfficerPartition("sam"), RowKey = "case-1", CaseId = "case-1", Version = history.Latest.Version,
        });

        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer("sam")));
        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByOfficer("alex")));
        Assert.Single(await projection.RawRows(CaseLists.OfficerPartition("sam")));

        Assert.True(await projection.Recorder.Record(history.Latest, None)); // the activity, retried

        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByOfficer("sam")));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer("alex")));
    }

    [Fact]
    public async Task A_list_row_left_behind_by_a_case_that_moved_on_is_skipped_and_tidied_when_read()
    {
        var projection = await Projection.Fresh(azurite);
        var history = AssignedToAlex();
        await projection.RecordAll(history);
        // A recorder stopped after the case row and before deleting the rows the case left.
        await projection.Store.Lists.AddEntityAsync(new ListRow
        {
            PartitionKey = CaseLists.OfficerPartition("kim"), RowKey = "case-1", CaseId = "case-1", Version = history.Latest.Version - 1,
        });

        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer("kim")));
        Assert.Empty(await projection.RawRows(CaseLists.OfficerPartition("kim")));
    }

    // Two instances each running every turn's activity (a retried activity beside the original) at
    // their own pace, while late runs of turns already recorded keep arriving (activities that lost
    // their lease): whichever records a version first wins, and nothing older overwrites it.
    [Fact]
    public async Task Two_recorders_racing_over_every_version_with_late_runs_of_older_turns_leave_the_newest_and_each_entry_once()
    {
        var projection = await Projection.Fresh(azurite);
        var other = projection.AnotherInstance(azurite);
        var officers = new[] { "alex", "sam", "kim", "jo" };
        var histories = Enumerable.Range(1, 4).Select(n =>
        {
            var history = HateReported($"case-{n}", $"HC-2026-00010{n}");
            for (var turn = 0; turn < 8; turn++)
            {
                history.Officer($"assign-{turn}", new CaseCommand.AssignOfficer(officers[(n + turn) % officers.Length]),
                    MondayMorning.AddMinutes(10 * (turn + 1)), officer: "lead");
            }
            return history;
        }).ToList();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Task.WhenAll(histories.Select(history => Race(history, projection.Recorder, other.Recorder, timeout.Token)));

        foreach (var history in histories)
        {
            var view = await projection.Read.Get(history.CaseId, None);
            Assert.Equal(history.Latest.Version, view!.Version);
            Assert.Equal(history.Latest.State, view.State);
            Assert.Equal(history.Records.SelectMany(r => r.NewEntries), view.Chronology);
            Assert.False(await projection.Recorder.Record(history.Records[0], None));
        }
        foreach (var officer in officers)
        {
            var expected = histories.Where(h => h.Latest.State.FileOrNull!.OfficerId == officer).Select(h => h.CaseId).Order().ToList();
            Assert.Equal(expected, (await projection.CaseIdsIn(new CaseFilter.ByOfficer(officer))).Order());
            // Once read, a list holds no row for a case that has left it.
            Assert.Equal(expected, (await projection.RawRows(CaseLists.OfficerPartition(officer))).Select(r => r.CaseId).Order());
        }
    }

    private static async Task Race(CaseHistory history, TableCaseRecorder first, TableCaseRecorder second, CancellationToken cancellationToken)
    {
        var recorded = 0; // how many records the first recorder has finished: late runs are of those
        var inOrder = new[] { first, second }.Select((recorder, n) => Task.Run(async () =>
        {
            foreach (var record in history.Records)
            {
                await Task.Delay(Random.Shared.Next(0, 4), cancellationToken);
                await recorder.Record(record, cancellationToken);
                if (n == 0)
                {
                    Interlocked.Increment(ref recorded);
                }
            }
        }, cancellationToken)).ToList();
        var late = Enumerable.Range(0, 3).Select(n => Task.Run(async () =>
        {
            var recorder = n % 2 == 0 ? first : second;
            while (!inOrder.All(t => t.IsCompleted))
            {
                var done = Volatile.Read(ref recorded);
                if (done > 0)
                {
                    await recorder.Record(history.Records[Random.Shared.Next(done)], cancellationToken);
                }
                await Task.Delay(1, cancellationToken);
            }
        }, cancellationToken));
        await Task.WhenAll(inOrder.Concat(late));
    }
}
