using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using HateCase.Domain.Cases;
using HateCase.Domain.Risk;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

public partial class CaseDeciderTests
{
    [Fact]
    public void The_officer_is_reminded_before_a_hate_first_response_falls_due()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport());
        spec.Do(new CaseCommand.AssignOfficer("officer-7"));

        var fired = spec.AdvanceTo(London(2026, 11, 23, 12, 0));

        var reminder = fired.OfType<ReminderSent>().Single(r => r.Kind == DeadlineKind.FirstResponse);
        // One working day of notice is impossible for a one-working-day promise: 4 hours before.
        Assert.Equal(London(2026, 11, 23, 11, 0), reminder.At);
        Assert.Contains(spec.MessagesOf([reminder]),
            m => m.Template == MessageTemplate.DeadlineReminder && m.Recipient == new MessageRecipient.Officer("officer-7"));
    }

    [Fact]
    public void Hate_report_at_two_minutes_to_four_on_a_Wednesday_morning_is_due_at_Thursdays_opening_with_a_reminder_at_Wednesdays()
    {
        var spec = For("default").At(London(2026, 3, 4, 3, 58)).Reported(HateReport());

        var firstResponse = spec.Pending(DeadlineKind.FirstResponse);
        Assert.Equal(London(2026, 3, 5, 9, 0), firstResponse.DueAt);
        Assert.Equal(London(2026, 3, 4, 9, 0), firstResponse.RemindAt);
    }

    [Theory]
    [InlineData(9, 0, 4, 17, 0)] // due Thursday 09:00: the 4-hour reminder would fall at 05:00, so it goes at Wednesday's closing
    [InlineData(12, 0, 5, 9, 0)] // due Thursday 12:00: the reminder at 08:00 waits for Thursday's opening
    [InlineData(14, 0, 5, 10, 0)] // due Thursday 14:00: 10:00 is in office hours
    public void A_reminder_that_would_fall_outside_office_hours_goes_when_the_officer_is_at_work_before_the_deadline(
        int reportedHour, int reportedMinute, int remindDay, int remindHour, int remindMinute)
    {
        var spec = For("default").At(London(2026, 3, 4, reportedHour, reportedMinute)).Reported(HateReport());

        Assert.Equal(London(2026, 3, remindDay, remindHour, remindMinute), spec.Pending(DeadlineKind.FirstResponse).RemindAt);
    }

    [Fact]
    public void A_landlord_open_from_half_past_eight_counts_a_report_at_a_quarter_to_nine_from_then()
    {
        var profile = ProfileLoader.BuiltIn("default") with { OfficeHours = new OfficeHours(new TimeOnly(8, 30), new TimeOnly(16, 30)) };
        var spec = new CaseSpec(profile).At(London(2026, 3, 4, 8, 45)).Reported(HateReport());

        Assert.Equal(London(2026, 3, 5, 8, 45), spec.Pending(DeadlineKind.FirstResponse).DueAt);
    }

    [Fact]
    public void A_report_in_the_night_tells_the_complainant_at_once_and_the_team_at_opening()
    {
        var spec = For("default").At(London(2026, 3, 4, 3, 58)).Reported(HateReport());

        var messages = spec.MessagesOf(spec.History);

        var acknowledgement = messages.Single(m => m.Template == MessageTemplate.Acknowledgement);
        Assert.Equal(London(2026, 3, 4, 3, 58), CaseMessages.SendAt(acknowledgement, spec.Now, spec.Calendar));
        var toAssign = messages.Single(m => m.Template == MessageTemplate.NewReportToAssign);
        Assert.Equal(London(2026, 3, 4, 9, 0), CaseMessages.SendAt(toAssign, spec.Now, spec.Calendar));
    }

    [Theory]
    [InlineData(2026, 5, 22, 18, 0, 2026, 5, 26, 9, 0)] // Friday evening before the spring bank holiday: Tuesday's opening
    [InlineData(2026, 12, 24, 18, 0, 2026, 12, 29, 9, 0)] // Christmas Eve evening: after Boxing Day's substitute
    [InlineData(2026, 3, 28, 23, 30, 2026, 3, 30, 9, 0)] // Saturday night, the clocks go forward: Monday 09:00 BST
    [InlineData(2026, 3, 6, 16, 59, 2026, 3, 6, 16, 59)] // Friday before closing: at once
    public void The_team_is_asked_to_assign_a_report_when_it_is_next_at_work(
        int year, int month, int day, int hour, int minute, int toYear, int toMonth, int toDay, int toHour, int toMinute)
    {
        var spec = For("default").At(London(year, month, day, hour, minute)).Reported();

        var toAssign = spec.MessagesOf(spec.History).Single(m => m.Template == MessageTemplate.NewReportToAssign);

        Assert.Equal(London(toYear, toMonth, toDay, toHour, toMinute), CaseMessages.SendAt(toAssign, spec.Now, spec.Calendar));
    }

    [Fact]
    public void A_reminder_fired_late_in_the_evening_goes_at_once_when_its_deadline_is_before_the_next_opening()
    {
        var reminder = new OutgoingMessage(MessageTemplate.DeadlineReminder, new MessageRecipient.Officer("officer-7"),
            ValueList<MessageField>.Empty, DeadlineDueAt: London(2026, 3, 5, 9, 0));

        // The last closing before the deadline has passed: the officer sees it first thing, before the deadline.
        Assert.Equal(London(2026, 3, 4, 19, 0), CaseMessages.SendAt(reminder, London(2026, 3, 4, 19, 0), EnglandAndWales));
    }

    [Fact]
    public void An_escalation_of_a_deadline_missed_in_the_evening_reaches_the_team_leader_the_next_morning()
    {
        var escalation = new OutgoingMessage(MessageTemplate.DeadlineEscalation, new MessageRecipient.Team("team-leader"), ValueList<MessageField>.Empty);

        Assert.Equal(London(2026, 3, 5, 9, 0), CaseMessages.SendAt(escalation, London(2026, 3, 4, 23, 0), EnglandAndWales));
    }

    [Fact]
    public void A_missed_first_response_is_escalated_to_the_team_leader()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport());

        var fired = spec.AdvanceTo(London(2026, 11, 23, 15, 0));

        var missed = fired.OfType<DeadlineMissed>().Single(m => m.Kind == DeadlineKind.FirstResponse);
        Assert.Equal(London(2026, 11, 23, 15, 0), missed.DueAt);
        Assert.Contains(spec.MessagesOf([missed]),
            m => m.Template == MessageTemplate.DeadlineEscalation && m.Recipient == new MessageRecipient.Team("team-leader"));
        Assert.Contains(spec.File.Overdue, d => d.Kind == DeadlineKind.FirstResponse);
    }

    [Fact]
    public void Contact_within_the_standard_is_recorded_as_met_on_time()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).At(London(2026, 11, 23, 10, 0));

        var events = spec.Do(new CaseCommand.RecordContact("contact-1", ContactMethod.Phone));

        var met = events.OfType<DeadlineMet>().Single(m => m.Kind == DeadlineKind.FirstResponse);
        Assert.True(met.OnTime);
    }

    [Fact]
    public void Late_contact_after_an_escalation_is_recorded_as_met_late_and_clears_the_overdue_item()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).At(London(2026, 11, 24, 9, 0));

        var events = spec.Do(new CaseCommand.RecordContact("contact-1", ContactMethod.Phone));

        Assert.False(events.OfType<DeadlineMet>().Single(m => m.Kind == DeadlineKind.FirstResponse).OnTime);
        Assert.DoesNotContain(spec.File.Overdue, d => d.Kind == DeadlineKind.FirstResponse);
    }

    [Fact]
    public void Milton_Keynes_contacts_the_complainant_again_within_ten_working_days()
    {
        var spec = For("milton-keynes").At(London(2026, 12, 18, 11, 0)).Reported().Contacted();

        // Ten working days from Friday 18 December 2026 skip Christmas, Boxing Day (substitute
        // Monday 28th) and New Year's Day.
        Assert.Equal(London(2027, 1, 6, 11, 0), spec.Pending(DeadlineKind.RegularContact).DueAt);
    }

    [Fact]
    public void Reading_contacts_the_complainant_at_least_monthly()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported().Contacted();

        Assert.Equal(London(2026, 4, 2, 10, 0), spec.Pending(DeadlineKind.RegularContact).DueAt);
    }

    [Fact]
    public void Each_contact_moves_the_next_regular_contact_on_and_keeps_one_live_promise()
    {
        var spec = For("milton-keynes").Reported().Contacted("contact-1").At(London(2026, 3, 9, 10, 0)).Contacted("contact-2");

        Assert.Single(spec.File.Deadlines, d => d.Kind == DeadlineKind.RegularContact);
        Assert.Equal(EnglandAndWales.AddWorkingDays(London(2026, 3, 9, 10, 0), 10), spec.Pending(DeadlineKind.RegularContact).DueAt);
    }

    [Fact]
    public void A_missed_regular_contact_breaches_the_standard_and_is_escalated()
    {
        var spec = For("milton-keynes").Reported().Contacted();
        var due = spec.Pending(DeadlineKind.RegularContact).DueAt;

        var fired = spec.AdvanceTo(due.AddMinutes(1));

        fired.OfType<DeadlineMissed>().Single(m => m.Kind == DeadlineKind.RegularContact);
    }

    [Fact]
    public void A_failed_call_counts_as_the_first_response()
    {
        var spec = For("reading").Reported();

        var events = spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-1", ContactMethod.Phone));

        Assert.True(events.OfType<DeadlineMet>().Single(m => m.Kind == DeadlineKind.FirstResponse).OnTime);
    }

    [Fact]
    public void Reading_sends_a_letter_after_two_failed_phone_attempts()
    {
        var spec = For("reading").Reported();
        spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-1", ContactMethod.Phone));

        var events = spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-2", ContactMethod.Phone));

        var letter = events.Single<LetterSent>();
        Assert.True(letter.SentAutomatically);
        Assert.Equal(EnglandAndWales.AddWorkingDays(spec.Now, 10), letter.ReplyDueAt);
        Assert.Contains(spec.MessagesOf(events), m => m.Template == MessageTemplate.ContactLetter);
    }

    [Fact]
    public void Reading_closes_an_enquiry_whose_letter_goes_unanswered_for_ten_working_days()
    {
        var spec = For("reading").Reported();
        spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-1", ContactMethod.Phone));
        var letter = spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-2", ContactMethod.Phone)).Single<LetterSent>();

        var fired = spec.AdvanceTo(letter.ReplyDueAt);

        var closed = fired.Single<EnquiryClosed>();
        Assert.Equal(CaseDecider.NoReplyToLetterReason, closed.ReasonCode);
        Assert.IsType<CaseState.Closed>(spec.State);
        Assert.Contains(spec.MessagesOf(fired), m => m.Template == MessageTemplate.EnquiryClosed);
    }

    [Fact]
    public void A_reply_before_the_letter_runs_out_keeps_the_enquiry_open()
    {
        var spec = For("reading").Reported();
        spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-1", ContactMethod.Phone));
        var letter = spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-2", ContactMethod.Phone)).Single<LetterSent>();
        spec.At(EnglandAndWales.AddWorkingDays(letter.At, 3)).Contacted();

        var fired = spec.AdvanceTo(letter.ReplyDueAt.AddHours(1));

        fired.None<EnquiryClosed>();
        Assert.IsType<CaseState.InEnquiry>(spec.State);
    }

    [Fact]
    public void A_reply_by_email_after_the_letter_is_contact_and_the_enquiry_is_not_closed_for_silence()
    {
        // RBC 8 stage 1: the enquiry closes only "if the complainant does not contact the ASB
        // Service within 10 working days of the letter being sent".
        var spec = For("reading").Reported();
        spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-1", ContactMethod.Phone));
        var letter = spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-2", ContactMethod.Phone)).Single<LetterSent>();
        spec.At(EnglandAndWales.AddWorkingDays(letter.At, 4))
            .Do(new CaseCommand.RecordCorrespondence("email-1", ReportChannel.Email, "Sorry I missed your calls."));

        var fired = spec.AdvanceTo(letter.ReplyDueAt.AddHours(1));

        fired.None<LetterUnanswered>();
        fired.None<EnquiryClosed>();
        Assert.IsType<CaseState.InEnquiry>(spec.State);
    }

    [Theory]
    [InlineData(ContactMethod.Phone)]
    [InlineData(ContactMethod.Visit)]
    public void A_call_or_a_visit_after_the_letter_is_contact_and_the_enquiry_is_not_closed_for_silence(ContactMethod method)
    {
        var spec = For("reading").Reported();
        spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-1", ContactMethod.Phone));
        var letter = spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-2", ContactMethod.Phone)).Single<LetterSent>();
        spec.At(EnglandAndWales.AddWorkingDays(letter.At, 9)).Do(new CaseCommand.RecordContact("contact-1", method));

        var fired = spec.AdvanceTo(letter.ReplyDueAt.AddHours(1));

        fired.None<EnquiryClosed>();
        Assert.IsType<CaseState.InEnquiry>(spec.State);
    }

    [Fact]
    public void Reading_sends_the_letter_after_two_failed_telephone_attempts_not_after_failed_emails_or_visits()
    {
        // RBC 8 stage 1: "unable to contact the complainant after 2 attempts by telephone".
        var spec = For("reading").Reported();
        spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-1", ContactMethod.Email));
        spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-2", ContactMethod.Visit));
        var afterOneCall = spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-3", ContactMethod.Phone));

        afterOneCall.None<LetterSent>();
        Assert.False(spec.History.OfType<ContactAttemptFailed>().First().CountsTowardsLetter);

        var afterTwoCalls = spec.Do(new CaseCommand.RecordFailedContactAttempt("attempt-4", ContactMethod.Phone));

        afterTwoCalls.Single<LetterSent>();
    }

    [Fact]
    public void A_contact_logged_twice_is_recorded_once()
    {
        var spec = For().Reported().Contacted("contact-1");
        var before = spec.State;

        Assert.Empty(spec.Do(new CaseCommand.RecordContact("contact-1", ContactMethod.Phone)));
        Assert.Equal(before, spec.State);
    }

    [Fact]
    public void An_anonymous_reporter_cannot_be_logged_as_contacted()
    {
        var spec = For().Reported(complainant: Complainant.AnonymousReporter);

        Assert.Contains("anonymous", spec.Rejects(new CaseCommand.RecordContact("contact-1", ContactMethod.Phone)));
    }

    [Fact]
    public void An_update_the_officer_writes_is_emailed_to_the_complainant()
    {
        var spec = For().Reported();

        var events = spec.Do(new CaseCommand.SendUpdate("update-1", "We have spoken to your neighbour."));

        var update = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.Update);
        Assert.Equal("We have spoken to your neighbour.", update.Field("text"));
    }

    [Fact]
    public void A_higher_risk_assessment_brings_the_first_response_forward_and_a_lower_one_never_delays_it()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported();
        Assert.Equal(London(2026, 3, 9, 10, 0), spec.Pending(DeadlineKind.FirstResponse).DueAt);

        spec.RiskAssessed(HighRiskAnswers);
        Assert.Equal(RiskLevel.High, spec.File.Risk);
        Assert.Equal(London(2026, 3, 3, 10, 0), spec.Pending(DeadlineKind.FirstResponse).DueAt);

        spec.RiskAssessed(LowRiskAnswers);
        Assert.Equal(RiskLevel.Low, spec.File.Risk);
        Assert.Equal(London(2026, 3, 3, 10, 0), spec.Pending(DeadlineKind.FirstResponse).DueAt);
    }

    [Fact]
    public void Assessing_the_risk_meets_the_risk_assessment_standard()
    {
        var spec = For("livv").Reported();

        var events = spec.Do(new CaseCommand.AssessRisk("assessment-1", LowRiskAnswers));

        Assert.True(events.OfType<DeadlineMet>().Single(m => m.Kind == DeadlineKind.RiskAssessment).OnTime);
        Assert.NotEmpty(events.Single<RiskAssessed>().Reasons);
    }
}
