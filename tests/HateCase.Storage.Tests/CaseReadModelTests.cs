using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Testing;
using HateCase.Workflow;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// What intake, the mailbox, the API and the daily digest look up in the projection.
[Collection(AzuriteFixture.Collection)]
public sealed class CaseReadModelTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Reading_a_list_a_page_at_a_time_returns_every_case_once()
    {
        var projection = await Projection.Fresh(azurite);
        var ids = Enumerable.Range(1, 23).Select(n => $"case-{n:D2}").ToList();
        await Task.WhenAll(ids.Select((id, n) => projection.RecordAll(HateReported(id, $"HC-2026-{n:D6}", party: $"party-{n}"))));

        var pages = new List<CasePage>();
        string? token = null;
        do
        {
            var page = await projection.Read.List(new CaseFilter.ByStage("enquiry"), 5, token, None);
            pages.Add(page);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.All(pages, p => Assert.InRange(p.Cases.Count, 0, 5));
        Assert.Equal(ids, pages.SelectMany(p => p.Cases).Select(c => c.CaseId).Order());
        var due = await projection.WholeList(new CaseFilter.DueBefore(MondayMorning.AddDays(30)), pageSize: 4);
        Assert.Equal(ids, due.Select(c => c.CaseId).Order());
        Assert.Equal(due.Select(c => c.NextDueAt).Order(), due.Select(c => c.NextDueAt));
    }

    [Fact]
    public async Task A_page_size_outside_1_to_200_is_refused()
    {
        var projection = await Projection.Fresh(azurite);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => projection.Read.List(new CaseFilter.Overdue(), 0, null, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => projection.Read.List(new CaseFilter.Overdue(), 201, null, None));
    }

    [Fact]
    public async Task A_reply_naming_the_reference_in_any_case_finds_its_case()
    {
        var projection = await Projection.Fresh(azurite);
        await projection.RecordAll(HateReported("case-1", "HC-2026-000001"));

        Assert.Equal("case-1", await projection.Read.FindByReference("hc-2026-000001", None));
        Assert.Null(await projection.Read.FindByReference("HC-2026-000002", None));
    }

    [Fact]
    public async Task A_new_report_about_a_party_finds_the_open_case_about_them_and_not_a_closed_one()
    {
        var projection = await Projection.Fresh(azurite);
        var history = HateReported("case-1", "HC-2026-000001", party: "party/with#odd?chars");
        await projection.RecordAll(history);

        var open = await projection.Read.FindOpenCaseAbout("party/with#odd?chars", MondayMorning.AddHours(2), None);
        Assert.Equal(("case-1", "HC-2026-000001"), (open!.CaseId, open.Reference));
        Assert.Null(await projection.Read.FindOpenCaseAbout("party-2", MondayMorning.AddHours(2), None));

        history.Officer("close", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddHours(1));
        await projection.Recorder.Record(history.Latest, None);
        Assert.Null(await projection.Read.FindOpenCaseAbout("party/with#odd?chars", MondayMorning.AddHours(2), None));
    }

    [Fact]
    public async Task A_reporters_earlier_reports_are_found_newest_first_as_far_back_as_asked()
    {
        var projection = await Projection.Fresh(azurite);
        var january = MondayMorning.AddMonths(-2);
        await projection.RecordAll(HateReported("case-1", "HC-2026-000001", at: january, party: "party-1", reporter: "reporter-9"));
        await projection.RecordAll(HateReported("case-2", "HC-2026-000002", at: MondayMorning, party: "party-2", reporter: "reporter-9"));
        await projection.RecordAll(HateReported("case-3", "HC-2026-000003", at: MondayMorning, party: "party-3", reporter: "reporter-other"));

        Assert.Equal([MondayMorning, january], await projection.Read.ReportsBy("reporter-9", MondayMorning.AddMonths(-6), None));
        Assert.Equal([MondayMorning], await projection.Read.ReportsBy("reporter-9", january.AddDays(1), None));
        Assert.Empty(await projection.Read.ReportsBy("reporter-nobody", MondayMorning.AddMonths(-6), None));
    }

    [Fact]
    public async Task A_command_outcome_can_be_read_back_accepted_at_its_version_or_refused_with_the_reason()
    {
        var projection = await Projection.Fresh(azurite);
        var history = HateReported("case-1", "HC-2026-000001")
            .Officer("close", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddHours(1))
            .Officer("assign-after-closing", new CaseCommand.AssignOfficer("alex"), MondayMorning.AddHours(2));
        await projection.RecordAll(history);

        var closed = await projection.Read.Outcome("case-1", "close", None);
        Assert.Equal(new CommandOutcome("close", history.Records[1].Version, null), closed);
        var refused = await projection.Read.Outcome("case-1", "assign-after-closing", None);
        Assert.False(refused!.Accepted);
        Assert.Equal("The case is closed. Reopen it first.", refused.RejectedBecause);
        Assert.Equal(history.Records[1].Version, refused.Version);
        Assert.Null(await projection.Read.Outcome("case-1", "never-sent", None));
    }

    // LIVV: a follow-up contact after closure to check the victim is safe.
    [Fact]
    public async Task A_closed_case_with_its_follow_up_contact_falling_due_is_in_the_digest_but_not_in_the_due_list_of_open_cases()
    {
        var projection = await Projection.Fresh(azurite);
        var history = HateReported("case-1", "HC-2026-000001", profile: "livv")
            .Officer("close", new CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddHours(1));
        var followUp = Assert.Single(history.Latest.State.FileOrNull!.Deadlines, d => d.Kind == DeadlineKind.FollowUpContact);
        Assert.IsType<CaseState.Closed>(history.Latest.State);

        await projection.RecordAll(history);

        var found = new List<RecordedState>();
        await foreach (var state in projection.Read.CasesNeedingAttentionBefore(followUp.DueAt.AddMinutes(1), None))
        {
            found.Add(state);
        }
        Assert.Equal(["case-1"], found.Select(f => f.CaseId));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.DueBefore(followUp.DueAt.AddMinutes(1))));
        var closed = Assert.Single(await projection.WholeList(new CaseFilter.ByStage("closed")));
        Assert.Equal((followUp.DueAt, DeadlineKind.FollowUpContact), (closed.NextDueAt!.Value, closed.NextDueKind!.Value));
    }

    [Fact]
    public async Task A_refused_first_report_leaves_its_outcome_and_no_case()
    {
        var projection = await Projection.Fresh(azurite);
        var refused = new CaseRecord("case-9", "default", 0, CaseState.Initial, ValueList<ChronologyEntry>.Empty,
            new CommandOutcome("report-9", 0, "Timers are fired by the case itself."));

        Assert.True(await projection.Recorder.Record(refused, None));

        Assert.Equal(refused.Outcome, await projection.Read.Outcome("case-9", "report-9", None));
        Assert.Null(await projection.Read.Get("case-9", None));
        Assert.Null(await projection.Read.Summary("case-9", None));
    }

    [Fact]
    public async Task The_daily_digest_finds_each_case_with_a_missed_deadline_or_one_falling_due_before_the_time_once()
    {
        var projection = await Projection.Fresh(azurite);
        var missed = HateReported("case-missed", "HC-2026-000001", party: "p1").TimersFallDue(MondayMorning.AddDays(3));
        var dueSoon = HateReported("case-due", "HC-2026-000002", party: "p2", at: MondayMorning.AddDays(3));
        var dueLater = HateReported("case-later", "HC-2026-000003", party: "p3", at: MondayMorning.AddDays(20));
        foreach (var history in new[] { missed, dueSoon, dueLater })
        {
            await projection.RecordAll(history);
        }
        var lookAhead = MondayMorning.AddDays(8);
        Assert.True(dueSoon.Latest.State.FileOrNull!.Deadlines.Min(d => d.DueAt) < lookAhead);
        Assert.True(dueLater.Latest.State.FileOrNull!.Deadlines.Min(d => d.DueAt) > lookAhead);

        var found = new List<RecordedState>();
        await foreach (var state in projection.Read.CasesNeedingAttentionBefore(lookAhead, None))
        {
            found.Add(state);
        }

        Assert.Equal(["case-due", "case-missed"], found.Select(f => f.CaseId).Order());
        Assert.Equal(missed.Latest.State, found.Single(f => f.CaseId == "case-missed").State);
        Assert.Equal(missed.Latest.Version, found.Single(f => f.CaseId == "case-missed").Version);
    }
}
