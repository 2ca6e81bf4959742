using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using static HateCase.Workflow.Tests.Reports;

namespace HateCase.Workflow.Tests;

// One turn of a case, without Durable: what the orchestration records and sends for an input or a
// due timer. The rules themselves are the decider's (tested in HateCase.Domain.Tests).
public sealed class CaseTurnsTests
{
    private static readonly CasePolicy Default = CasePolicy.For(ProfileLoader.BuiltIn("default"));
    private static readonly CaseWorkflowOptions Production = new();
    private static readonly CaseWorkflowOptions Development = new() { DevelopmentClock = true };

    // Monday 2 March 2026, 10:00 in London (GMT).
    private static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    // The orchestration takes the report out of Pending and hands it to the turn.
    private static TurnResult Opened(CaseWorkflowOptions? options = null) =>
        CaseTurns.Take(CaseTurn.Open("case-1", "default", HateReport()) with { Pending = [] }, HateReport(), MondayMorning, Default, options ?? Production);

    [Fact]
    public void A_hate_report_opens_the_case_records_it_and_sends_the_Victims_Code_to_the_complainant()
    {
        var result = Opened();

        var record = Assert.IsType<CaseRecord>(result.Record);
        Assert.IsType<CaseState.InEnquiry>(record.State);
        Assert.Equal(record.NewEntries.Count, record.Version);
        Assert.Equal(Enumerable.Range(1, record.NewEntries.Count).Select(i => (long)i), record.NewEntries.Select(e => e.Sequence));
        Assert.All(record.NewEntries, e => Assert.Equal(("report-1", "intake", MondayMorning), (e.CommandId, e.Actor, e.RecordedAt)));
        Assert.Equal(new CommandOutcome("report-1", record.Version, null), record.Outcome);
        var victimsCode = Assert.Single(result.Messages, m => m.Message.Template == MessageTemplate.Acknowledgement);
        Assert.Equal(new MessageRecipient.ComplainantByEmail("victim@example.org"), victimsCode.Message.Recipient);
        Assert.Equal("HC-2026-000001", victimsCode.Reference);
        Assert.Contains(result.Messages, m => m.Message.Template == MessageTemplate.NewReportToAssign);
        Assert.Equal(result.Record!.State, result.Next.State);
        Assert.Empty(result.Next.Pending);
        Assert.Contains("report-1", result.Next.RecentCommandIds);
    }

    // Wednesday 4 March 2026, 03:58 and the 09:00 opening in London (GMT).
    private static readonly DateTimeOffset WednesdayNight = new(2026, 3, 4, 3, 58, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WednesdayOpening = new(2026, 3, 4, 9, 0, 0, TimeSpan.Zero);

    private static TurnResult OpenedAtNight() =>
        CaseTurns.Take(CaseTurn.Open("case-1", "default", HateReport()) with { Pending = [] }, HateReport(), WednesdayNight, Default, Production);

    [Fact]
    public void A_report_made_at_night_is_acknowledged_at_once_and_the_team_is_emailed_when_the_office_opens()
    {
        var result = OpenedAtNight();

        Assert.Contains(result.Messages, m => m.Message.Template == MessageTemplate.Acknowledgement);
        Assert.DoesNotContain(result.Messages, m => m.Message.Template == MessageTemplate.NewReportToAssign);
        var held = Assert.Single(result.Next.Held, h => h.Message.Message.Template == MessageTemplate.NewReportToAssign);
        Assert.Equal(WednesdayOpening, held.SendAt);
        Assert.Equal(WednesdayOpening, CaseTurns.NextWake(result.Next, Production));
    }

    [Fact]
    public void A_held_team_email_is_not_sent_a_minute_before_opening_and_is_sent_at_opening_once()
    {
        var opened = OpenedAtNight().Next;

        var early = CaseTurns.Take(opened, null, WednesdayOpening.AddMinutes(-1), Default, Production);
        var atOpening = CaseTurns.Take(early.Next, null, WednesdayOpening, Default, Production);
        var later = CaseTurns.Take(atOpening.Next, null, WednesdayOpening.AddMinutes(1), Default, Production);

        Assert.DoesNotContain(early.Messages, m => m.Message.Template == MessageTemplate.NewReportToAssign);
        Assert.Single(atOpening.Messages, m => m.Message.Template == MessageTemplate.NewReportToAssign);
        Assert.DoesNotContain(atOpening.Next.Held, h => h.Message.Message.Template == MessageTemplate.NewReportToAssign);
        Assert.DoesNotContain(later.Messages, m => m.Message.Template == MessageTemplate.NewReportToAssign);
    }

    [Fact]
    public void Each_message_has_a_key_made_of_case_version_and_index_that_is_the_same_when_the_turn_is_taken_again()
    {
        var first = Opened();
        var again = Opened();

        Assert.Equal(first.Messages.Select(m => m.Key), again.Messages.Select(m => m.Key));
        Assert.Equal(first.Messages.Count, first.Messages.Select(m => m.Key).Distinct().Count());
        Assert.All(first.Messages, m => Assert.StartsWith($"case-1.{m.Sequence}.", m.Key));
    }

    [Fact]
    public void An_officer_command_is_decided_and_recorded_at_the_next_version_with_who_and_when()
    {
        var opened = Opened().Next;
        var at = MondayMorning.AddHours(1);

        var result = CaseTurns.Take(opened, Officer("assign-1", new CaseCommand.AssignOfficer("alex")), at, Default, Production);

        var entry = Assert.Single(result.Record!.NewEntries);
        Assert.Equal(new ChronologyEntry(opened.Version + 1, at, "assign-1", "alex", new CaseEvent.OfficerAssigned(at, "alex")), entry);
        Assert.Equal(opened.Version + 1, result.Next.Version);
        Assert.Equal("alex", result.Next.State.FileOrNull!.OfficerId);
        Assert.Contains(result.Messages, m => m.Message.Recipient == new MessageRecipient.Officer("alex"));
    }

    [Fact]
    public void A_command_id_seen_before_changes_nothing_and_records_nothing()
    {
        var assigned = CaseTurns.Take(Opened().Next, Officer("assign-1", new CaseCommand.AssignOfficer("alex")), MondayMorning, Default, Production).Next;

        var repeat = CaseTurns.Take(assigned, Officer("assign-1", new CaseCommand.AssignOfficer("sam")), MondayMorning.AddMinutes(5), Default, Production);

        Assert.Null(repeat.Record);
        Assert.Empty(repeat.Messages);
        Assert.Equal(assigned, repeat.Next);
    }

    [Fact]
    public void A_refused_command_is_recorded_with_its_reason_and_changes_nothing()
    {
        var opened = Opened().Next;

        var result = CaseTurns.Take(opened, Officer("approve-1", new CaseCommand.ApproveClosure("team-leader")), MondayMorning, Default, Production);

        var record = Assert.IsType<CaseRecord>(result.Record);
        Assert.Empty(record.NewEntries);
        Assert.Equal(opened.Version, record.Version);
        Assert.Equal(opened.State, record.State);
        Assert.False(record.Outcome!.Accepted);
        Assert.False(string.IsNullOrWhiteSpace(record.Outcome.RejectedBecause));
        Assert.Empty(result.Messages);
        Assert.Equal(opened.State, result.Next.State);
        Assert.Equal(opened.Version, result.Next.Version);
    }

    [Fact]
    public void A_timer_cannot_be_fired_from_outside_the_case()
    {
        var opened = Opened().Next;
        var timer = CaseTimers.Due(opened.State).MinBy(t => t.DueAt)!;

        var result = CaseTurns.Take(opened, Officer("fire-1", new CaseCommand.FireTimer(timer.Id, timer.DueAt)), MondayMorning, Default, Production);

        Assert.False(result.Record!.Outcome!.Accepted);
        Assert.Equal(opened.State, result.Next.State);
    }

    [Fact]
    public void The_case_wakes_for_its_earliest_timer_and_fires_every_timer_then_due_as_the_system()
    {
        var opened = Opened().Next;
        var earliest = CaseTimers.Due(opened.State).MinBy(t => t.DueAt)!;
        Assert.Equal(earliest.DueAt, CaseTurns.NextWake(opened, Production));

        var result = CaseTurns.Take(opened, null, earliest.DueAt, Default, Production);

        Assert.NotEmpty(result.Record!.NewEntries);
        Assert.All(result.Record.NewEntries, e => Assert.Equal(CaseTurns.SystemActor, e.Actor));
        Assert.Null(result.Record.Outcome);
        Assert.DoesNotContain(CaseTimers.Due(result.Next.State), t => t.Id == earliest.Id && t.DueAt == earliest.DueAt);
        Assert.NotEmpty(result.Messages);
    }

    [Fact]
    public void Woken_before_any_timer_is_due_the_case_changes_nothing()
    {
        var opened = Opened().Next;
        var earliest = CaseTimers.Due(opened.State).Min(t => t.DueAt);

        var result = CaseTurns.Take(opened, null, earliest.AddSeconds(-1), Default, Production);

        Assert.Null(result.Record);
        Assert.Equal(opened, result.Next);
    }

    [Fact]
    public void In_Development_a_moved_clock_brings_the_next_wake_forward_by_the_offset()
    {
        var opened = Opened(Development).Next;
        var earliest = CaseTimers.Due(opened.State).Min(t => t.DueAt);

        var moved = CaseTurns.Take(opened, new CaseInput.DevelopmentClockSet(TimeSpan.FromDays(3)), MondayMorning, Default, Development).Next;

        Assert.Equal(TimeSpan.FromDays(3), moved.ClockOffset);
        Assert.Equal(earliest - TimeSpan.FromDays(3), CaseTurns.NextWake(moved, Development));
        Assert.Equal(MondayMorning.AddDays(3), CaseTurns.CaseNow(moved, MondayMorning, Development));
    }

    [Fact]
    public void In_production_a_clock_offset_is_ignored()
    {
        var opened = Opened().Next;
        var earliest = CaseTimers.Due(opened.State).Min(t => t.DueAt);

        var moved = CaseTurns.Take(opened, new CaseInput.DevelopmentClockSet(TimeSpan.FromDays(3)), MondayMorning, Default, Production).Next;
        var offsetInInput = opened with { ClockOffset = TimeSpan.FromDays(3) };

        Assert.Equal(TimeSpan.Zero, moved.ClockOffset);
        Assert.Equal(earliest, CaseTurns.NextWake(offsetInInput, Production));
        Assert.Equal(MondayMorning, CaseTurns.CaseNow(offsetInInput, MondayMorning, Production));
    }

    [Fact]
    public void Only_the_most_recent_command_ids_are_kept_so_the_input_stays_small()
    {
        var turn = Opened().Next;
        for (var i = 0; i < CaseTurn.RecentCommandsKept + 10; i++)
        {
            turn = CaseTurns.Take(turn, Officer($"contact-{i}", new CaseCommand.RecordContact($"contact-{i}", ContactMethod.Phone)), MondayMorning.AddMinutes(i), Default, Production).Next;
        }

        Assert.Equal(CaseTurn.RecentCommandsKept, turn.RecentCommandIds.Count);
        Assert.Equal($"contact-{CaseTurn.RecentCommandsKept + 9}", turn.RecentCommandIds[^1]);
    }
}
