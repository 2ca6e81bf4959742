using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

// RBC 8, MK 5.2, LIVV 2.10: an action plan with actions, owners and dates, each a promise the
// officer is reminded of, and a plain copy to the complainant.
public partial class CaseDeciderTests
{
    private static PlannedAction Action(string id, ActionOwner owner, DateTimeOffset dueBy, string? partner = null) =>
        new(id, $"Action {id}", owner, partner, dueBy);

    [Fact]
    public void A_report_on_a_Thursday_morning_needs_its_action_plan_agreed_by_the_next_Thursday_morning()
    {
        var spec = For("default").At(London(2026, 3, 5, 10, 0)).Reported();

        Assert.Equal(London(2026, 3, 12, 10, 0), spec.Pending(DeadlineKind.ActionPlan).DueAt);
    }

    [Fact]
    public void Five_working_days_for_the_plan_skip_the_Christmas_bank_holidays()
    {
        var spec = For("default").At(London(2026, 12, 23, 14, 0)).Reported();

        // 24 Dec, 29, 30, 31 Dec and 4 Jan: Christmas Day, Boxing Day (moved to the 28th) and New
        // Year's Day are not working days.
        Assert.Equal(London(2027, 1, 4, 14, 0), spec.Pending(DeadlineKind.ActionPlan).DueAt);
    }

    [Fact]
    public void Agreeing_the_first_plan_meets_the_promise_to_agree_one_and_a_later_version_changes_nothing_of_it()
    {
        var spec = For("default").At(London(2026, 3, 5, 10, 0)).Reported();

        var first = spec.Do(new CaseCommand.AgreeActionPlan(1, "Diary and a warning."));
        var second = spec.Do(new CaseCommand.AgreeActionPlan(2, "Diary, a warning and a camera."));

        Assert.Contains(first.OfType<DeadlineMet>(), m => m.Kind == DeadlineKind.ActionPlan && m.OnTime);
        Assert.DoesNotContain(second.OfType<DeadlineMet>(), m => m.Kind == DeadlineKind.ActionPlan);
    }

    [Fact]
    public void An_anonymous_report_has_no_plan_to_agree_with_anyone()
    {
        var spec = For("default").Reported(complainant: Complainant.AnonymousReporter);

        Assert.Null(spec.File.PendingDeadline(DeadlineKind.ActionPlan));
    }

    [Fact]
    public void A_profile_without_a_time_for_the_plan_sets_no_promise_for_it()
    {
        var spec = new CaseSpec(ProfileLoader.BuiltIn("default") with { ActionPlanWorkingDays = null }).Reported();

        Assert.Null(spec.File.PendingDeadline(DeadlineKind.ActionPlan));
    }

    [Fact]
    public void Each_action_of_an_agreed_plan_is_a_promise_due_on_its_date()
    {
        var spec = For("milton-keynes").At(London(2026, 3, 2, 10, 0)).Reported().Converted();

        var events = spec.Do(new CaseCommand.AgreeActionPlan(1, "Diary and a warning.", ValueList.Of(
            Action("a1", ActionOwner.Officer, London(2026, 3, 6, 17, 0)),
            Action("a2", ActionOwner.Complainant, London(2026, 3, 16, 17, 0)),
            Action("a3", ActionOwner.Partner, London(2026, 4, 1, 17, 0), "Safer Homes Partnership"))));

        var set = events.OfType<DeadlineSet>().Select(s => s.Deadline).Where(x => x.Kind == DeadlineKind.ActionDue).ToList();
        Assert.Equal(["a1", "a2", "a3"], set.Select(x => x.About));
        Assert.Equal(London(2026, 3, 6, 17, 0), set[0].DueAt);
        Assert.Equal(["a1", "a2", "a3"], spec.File.OpenActions);
    }

    [Fact]
    public void An_action_not_done_by_its_date_is_escalated_and_doing_it_later_meets_it_late()
    {
        var spec = For("milton-keynes").At(London(2026, 3, 2, 10, 0)).Reported().Converted();
        spec.Do(new CaseCommand.AgreeActionPlan(1, "A warning.", ValueList.Of(Action("a1", ActionOwner.Officer, London(2026, 3, 6, 17, 0)))));

        var fired = spec.AdvanceTo(London(2026, 3, 9, 10, 0));

        Assert.Single(fired.OfType<ReminderSent>(), r => r.Kind == DeadlineKind.ActionDue);
        var missed = Assert.Single(fired.OfType<DeadlineMissed>(), m => m.Kind == DeadlineKind.ActionDue);
        Assert.Contains(spec.MessagesOf([missed]), m => m.Template == MessageTemplate.DeadlineEscalation);
        var done = spec.Do(new CaseCommand.CompleteAction("a1"));
        Assert.False(Assert.Single(done.OfType<DeadlineMet>()).OnTime);
        Assert.Empty(spec.File.OpenActions);
        Assert.Empty(spec.Do(new CaseCommand.CompleteAction("a1")));
    }

    [Fact]
    public void A_new_version_of_the_plan_ends_the_promises_of_dropped_actions_and_moves_those_given_a_new_date()
    {
        var spec = For("milton-keynes").At(London(2026, 3, 2, 10, 0)).Reported().Converted();
        spec.Do(new CaseCommand.AgreeActionPlan(1, "First plan.", ValueList.Of(
            Action("a1", ActionOwner.Officer, London(2026, 3, 6, 17, 0)),
            Action("a2", ActionOwner.Officer, London(2026, 3, 13, 17, 0)))));

        var events = spec.Do(new CaseCommand.AgreeActionPlan(2, "Second plan.", ValueList.Of(
            Action("a1", ActionOwner.Officer, London(2026, 3, 20, 17, 0)),
            Action("a3", ActionOwner.Complainant, London(2026, 3, 27, 17, 0)))));

        Assert.Equal(2, events.OfType<DeadlineCancelled>().Count(c => c.Kind == DeadlineKind.ActionDue));
        var pending = spec.File.Deadlines.Where(x => x.Kind == DeadlineKind.ActionDue).OrderBy(x => x.About).ToList();
        Assert.Equal([("a1", London(2026, 3, 20, 17, 0)), ("a3", London(2026, 3, 27, 17, 0))], pending.Select(x => (x.About!, x.DueAt)));
        Assert.Equal(["a1", "a3"], spec.File.OpenActions);
    }

    [Fact]
    public void A_new_version_agreed_without_actions_keeps_the_actions_of_the_one_before_and_their_promises()
    {
        var spec = For("milton-keynes").At(London(2026, 3, 2, 10, 0)).Reported().Converted();
        spec.Do(new CaseCommand.AgreeActionPlan(1, "First plan.", ValueList.Of(Action("a1", ActionOwner.Officer, London(2026, 3, 6, 17, 0)))));

        var events = spec.Do(new CaseCommand.AgreeActionPlan(2, "The same actions, a clearer summary."));

        Assert.Empty(events.OfType<DeadlineCancelled>());
        Assert.Empty(events.OfType<DeadlineSet>());
        Assert.Equal(["a1"], Assert.Single(events.OfType<ActionPlanAgreed>()).Actions!.Select(a => a.Id));
        Assert.Equal(["a1"], spec.File.OpenActions);
    }

    [Fact]
    public void The_complainant_gets_a_plain_copy_of_the_plan_in_writing_even_if_they_asked_to_be_phoned()
    {
        var spec = For("milton-keynes").Reported(complainant: Victim(preferred: ContactMethod.Phone)).Converted();

        var events = spec.Do(new CaseCommand.AgreeActionPlan(1, "A warning.", ValueList.Of(
            Action("a1", ActionOwner.Partner, spec.Now.AddDays(7), "Safer Homes Partnership"))));

        var copy = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.ActionPlanCopy);
        Assert.IsType<MessageRecipient.ComplainantByEmail>(copy.Recipient);
        Assert.Equal("Safer Homes Partnership", copy.Field("action.1.owner"));
        Assert.Equal("Action a1", copy.Field("action.1.what"));
    }

    [Theory]
    [InlineData("past", "a date in the next year")]
    [InlineData("partner-unnamed", "Name the partner")]
    [InlineData("blank", "Say what each action is")]
    [InlineData("twice", "its own id")]
    public void A_plan_with_an_action_that_cannot_be_kept_to_is_refused(string problem, string expected)
    {
        var spec = For("milton-keynes").Reported().Converted();
        var good = Action("a1", ActionOwner.Officer, spec.Now.AddDays(7));
        var actions = problem switch
        {
            "past" => ValueList.Of(good with { DueBy = spec.Now.AddDays(-1) }),
            "partner-unnamed" => ValueList.Of(good with { Owner = ActionOwner.Partner }),
            "blank" => ValueList.Of(good with { What = " " }),
            _ => ValueList.Of(good, good),
        };

        Assert.Contains(expected, spec.Rejects(new CaseCommand.AgreeActionPlan(1, "Plan.", actions)));
    }
}
