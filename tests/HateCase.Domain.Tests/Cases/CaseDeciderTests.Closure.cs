using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

public partial class CaseDeciderTests
{
    [Fact]
    public void Reading_case_closure_waits_for_team_manager_approval()
    {
        var spec = For("reading").Reported().Converted();

        var events = spec.Do(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), null, "officer-1"));

        events.Single<ClosureRequested>();
        Assert.IsType<CaseState.AwaitingClosureApproval>(spec.State);
        Assert.Contains(spec.MessagesOf(events),
            m => m.Template == MessageTemplate.ClosureApprovalRequested && m.Recipient == new MessageRecipient.Team("team-leader"));
    }

    [Fact]
    public void Promises_to_the_complainant_keep_running_while_closure_awaits_approval()
    {
        var spec = For("reading").Reported().Contacted().Converted();
        spec.Do(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), null, "officer-1"));

        Assert.NotNull(spec.File.PendingDeadline(DeadlineKind.RegularContact));
        spec.Contacted("contact-2");
    }

    [Fact]
    public void Approved_closure_closes_the_case_tells_the_complainant_and_ends_the_open_promises()
    {
        var spec = For("reading").Reported().Contacted().Converted();
        spec.Do(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), true, "officer-1"));

        var events = spec.Do(new CaseCommand.ApproveClosure("leader-1"));

        var closed = events.Single<CaseClosed>();
        Assert.True(closed.Resolved);
        Assert.DoesNotContain(spec.File.Deadlines, d => d.Kind != DeadlineKind.FollowUpContact);
        Assert.Contains(spec.MessagesOf(events), m => m.Template == MessageTemplate.CaseClosed);
    }

    [Fact]
    public void Rejected_closure_returns_the_case_to_investigation()
    {
        var spec = For("reading").Reported().Converted();
        spec.Do(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), null, "officer-1"));

        var events = spec.Do(new CaseCommand.RejectClosure("Incidents reported last week."));

        events.Single<ClosureRejected>();
        Assert.IsType<CaseState.UnderInvestigation>(spec.State);
        Assert.NotNull(spec.File.PendingDeadline(DeadlineKind.CaseReview));
    }

    [Fact]
    public void Approval_is_refused_when_no_closure_was_requested()
    {
        var spec = For("reading").Reported().Converted();

        Assert.Contains("No closure is waiting", spec.Rejects(new CaseCommand.ApproveClosure("leader-1")));
    }

    [Fact]
    public void A_landlord_that_needs_no_approval_closes_on_the_officers_request()
    {
        var profile = ProfileLoader.BuiltIn("default");
        var spec = new CaseSpec(profile with { Closure = profile.Closure with { NeedsApproval = false } }).Reported().Converted();

        var events = spec.Do(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), null, "officer-1"));

        events.Single<CaseClosed>();
        events.None<ClosureRequested>();
    }

    [Fact]
    public void A_closed_case_takes_no_new_work_until_it_is_reopened()
    {
        var spec = For().Reported().Converted().ClosureApproved();

        Assert.Contains("Reopen it first", spec.Rejects(new CaseCommand.RecordIntervention("intervention-1", spec.Profile.InterventionTypes[0].Code)));
    }

    [Fact]
    public void The_satisfaction_survey_is_sent_at_closure_reminded_and_closes_after_six_weeks()
    {
        var spec = For("milton-keynes").At(London(2026, 3, 2, 10, 0)).Reported().Converted().At(London(2026, 9, 1, 10, 0)).ClosureApproved();
        var survey = spec.Profile.Survey!;

        var fired = spec.AdvanceTo(London(2026, 9, 1, 10, 0).AddDays(60));

        var invitation = fired.Single<SurveyInvitationSent>();
        Assert.Equal(EnglandAndWales.AddCalendarDays(London(2026, 9, 1, 10, 0), survey.SendAfterDays), invitation.At);
        Assert.Equal(London(2026, 10, 13, 10, 0), invitation.WindowClosesAt);
        Assert.Equal(EnglandAndWales.AddCalendarDays(invitation.At, survey.ReminderAfterDays), fired.Single<SurveyReminderSent>().At);
        Assert.Equal(London(2026, 10, 13, 10, 0), fired.Single<SurveyWindowClosed>().At);
        var templates = spec.MessagesOf(fired).Select(m => m.Template).ToList();
        Assert.Contains(MessageTemplate.SurveyInvitation, templates);
        Assert.Contains(MessageTemplate.SurveyReminder, templates);
    }

    [Fact]
    public void The_survey_window_keeps_local_time_across_the_October_clock_change()
    {
        var spec = For().At(London(2026, 3, 2, 10, 0)).Reported().Converted().At(London(2026, 10, 1, 14, 0)).ClosureApproved();

        var closesAt = Assert.IsType<CaseState.Closed>(spec.State).Survey!.ClosesAt;

        Assert.Equal(London(2026, 11, 12, 14, 0), closesAt);
        Assert.Equal(TimeSpan.Zero, closesAt.Offset);
    }

    [Fact]
    public void A_survey_answer_is_recorded_once_within_the_window()
    {
        var spec = For().Reported().Converted().ClosureApproved();
        spec.AdvanceTo(spec.Now.AddDays(1));

        var events = spec.Do(new CaseCommand.RecordSurveyAnswer(4, 5, true, "Thank you."));

        var answer = events.Single<SurveyAnswered>();
        Assert.Equal((4, 5), (answer.SatisfactionWithHandling, answer.SatisfactionWithOutcome));
        Assert.Contains("already been answered", spec.Rejects(new CaseCommand.RecordSurveyAnswer(1, 1, false, null)));
        Assert.DoesNotContain(CaseTimers.Due(spec.State), t => t.Kind is TimerKind.SurveyReminder or TimerKind.SurveyWindowCloses);
    }

    [Fact]
    public void A_survey_answer_after_six_weeks_is_refused_kindly()
    {
        var spec = For().Reported().Converted().ClosureApproved();
        spec.AdvanceTo(spec.Now.AddDays(43));

        Assert.Contains("The survey has closed", spec.Rejects(new CaseCommand.RecordSurveyAnswer(3, 3, null, null)));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(6, 3)]
    [InlineData(3, 0)]
    public void Satisfaction_is_on_a_five_point_scale(int handling, int outcome)
    {
        var spec = For().Reported().Converted().ClosureApproved();

        Assert.Contains("scale from 1", spec.Rejects(new CaseCommand.RecordSurveyAnswer(handling, outcome, null, null)));
    }

    [Fact]
    public void A_complainant_without_email_is_not_sent_a_survey_but_can_answer_by_phone()
    {
        var spec = For().Reported(complainant: Victim(email: null)).Converted().ClosureApproved();

        Assert.DoesNotContain(CaseTimers.Due(spec.State), t => t.Kind == TimerKind.SurveyInvitation);
        spec.Do(new CaseCommand.RecordSurveyAnswer(5, 4, true, null)).Single<SurveyAnswered>();
    }

    [Fact]
    public void An_anonymous_report_has_no_survey()
    {
        var spec = For().Reported(complainant: Complainant.AnonymousReporter).Converted().ClosureApproved();

        Assert.Null(Assert.IsType<CaseState.Closed>(spec.State).Survey);
    }

    [Fact]
    public void Livv_follows_up_with_the_victim_after_closure()
    {
        var spec = For("livv").Reported().Converted();
        spec.Do(ClosingReview());
        spec.ClosureApproved();
        var followUp = spec.Pending(DeadlineKind.FollowUpContact);
        Assert.Equal(EnglandAndWales.AddWorkingDays(followUp.SetAt, spec.Profile.FollowUp!.AfterClosureWorkingDays), followUp.DueAt);

        var events = spec.Do(new CaseCommand.RecordContact("follow-up-1", ContactMethod.Phone));

        Assert.True(events.OfType<DeadlineMet>().Single(m => m.Kind == DeadlineKind.FollowUpContact).OnTime);
        Assert.IsType<CaseState.Closed>(spec.State);
    }

    [Fact]
    public void Reopening_a_case_ends_the_survey_and_promises_contact_again()
    {
        var spec = For().Reported().Converted().ClosureApproved();

        var events = spec.Do(new CaseCommand.Reopen("New incidents reported."));

        events.Single<CaseReopened>();
        Assert.IsType<CaseState.UnderInvestigation>(spec.State);
        Assert.NotNull(spec.File.PendingDeadline(DeadlineKind.FirstResponse));
        Assert.NotNull(spec.File.PendingDeadline(DeadlineKind.CaseReview));
        Assert.DoesNotContain(CaseTimers.Due(spec.State), t => t.Kind is TimerKind.SurveyInvitation or TimerKind.SurveyReminder or TimerKind.SurveyWindowCloses);
    }

    [Fact]
    public void A_closed_enquiry_reopens_as_an_enquiry()
    {
        var spec = For("reading").Reported();
        spec.Do(new CaseCommand.CloseEnquiry(spec.ReasonCode("not-asb")));

        spec.Do(new CaseCommand.Reopen("The complainant called back."));

        Assert.IsType<CaseState.InEnquiry>(spec.State);
        Assert.NotNull(spec.File.PendingDeadline(DeadlineKind.EnquiryDecision));
    }

    [Fact]
    public void A_timer_the_case_has_moved_past_is_dropped_harmlessly()
    {
        var spec = For("milton-keynes").Reported(HateReport());
        var firstResponse = spec.Pending(DeadlineKind.FirstResponse).LiveTimer;
        spec.Contacted();
        spec.AdvanceTo(firstResponse.DueAt.AddHours(1));
        var before = spec.State;

        Assert.Empty(spec.Do(new CaseCommand.FireTimer(firstResponse.Id, firstResponse.DueAt)));
        Assert.Equal(before, spec.State);
    }

    [Fact]
    public void A_timer_fired_early_does_nothing()
    {
        var spec = For().Reported();
        var timer = spec.Pending(DeadlineKind.FirstResponse).LiveTimer;

        Assert.Empty(spec.Do(new CaseCommand.FireTimer(timer.Id, timer.DueAt)));
    }

    [Fact]
    public void A_message_that_cannot_be_delivered_is_put_in_front_of_the_officer()
    {
        var spec = For().Reported();

        var events = spec.Do(new CaseCommand.RecordUndeliverableMessage("case-1:1:0", "The recipient address does not exist."));

        events.Single<MessageUndeliverable>();
        Assert.Contains(spec.MessagesOf(events), m => m.Template == MessageTemplate.MessageUndeliverable);
        Assert.Empty(spec.Do(new CaseCommand.RecordUndeliverableMessage("case-1:1:0", "The recipient address does not exist.")));
    }
}
