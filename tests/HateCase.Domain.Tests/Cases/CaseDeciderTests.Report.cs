using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Risk;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

public partial class CaseDeciderTests
{
    [Fact]
    public void Victims_Code_is_emailed_to_the_complainant_as_soon_as_the_report_is_made()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0));

        var events = spec.Do(new CaseCommand.ReportCase("HC-2026-000123", ReportChannel.WebForm, Victim(), AsbReport(),
            "incident-1", "reporter-1", ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: false));

        var sent = events.Single<VictimsCodeSent>();
        Assert.Equal(spec.Now, sent.At);
        Assert.Equal(VictimsCodeDelivery.Email, sent.Delivery);
        var acknowledgement = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.Acknowledgement);
        Assert.Equal(new MessageRecipient.ComplainantByEmail("victim@example.org"), acknowledgement.Recipient);
    }

    [Fact]
    public void An_anonymous_report_gets_no_Victims_Code_and_no_contact_promises()
    {
        var spec = For().Reported(complainant: Complainant.AnonymousReporter);

        spec.History.None<VictimsCodeSent>();
        Assert.Null(spec.File.PendingDeadline(DeadlineKind.FirstResponse));
        Assert.NotNull(spec.File.PendingDeadline(DeadlineKind.RiskAssessment));
        Assert.DoesNotContain(spec.MessagesOf(spec.History), m => m.Recipient is MessageRecipient.ComplainantByEmail or MessageRecipient.ComplainantByPost);
    }

    [Fact]
    public void A_caller_told_the_Victims_Code_on_the_phone_is_recorded_as_told_by_staff()
    {
        var spec = For();
        var events = spec.Do(new CaseCommand.ReportCase("HC-2026-000124", ReportChannel.Phone, Victim(email: null), AsbReport(),
            "incident-1", "reporter-1", ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: true));

        Assert.Equal(VictimsCodeDelivery.ToldByStaff, events.Single<VictimsCodeSent>().Delivery);
        Assert.DoesNotContain(spec.MessagesOf(events), m => m.Template == MessageTemplate.Acknowledgement);
    }

    [Fact]
    public void A_complainant_with_only_a_postal_address_gets_the_Victims_Code_by_post()
    {
        var spec = For().Reported(complainant: Victim(email: null, phone: null, address: "1 High Street"));

        Assert.Equal(VictimsCodeDelivery.Post, spec.History.Single<VictimsCodeSent>().Delivery);
        Assert.Contains(spec.MessagesOf(spec.History),
            m => m.Template == MessageTemplate.Acknowledgement && m.Recipient is MessageRecipient.ComplainantByPost);
    }

    [Fact]
    public void Hate_report_on_a_Friday_afternoon_is_due_Monday_afternoon()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport());

        Assert.Equal(London(2026, 11, 23, 15, 0), spec.Pending(DeadlineKind.FirstResponse).DueAt);
        Assert.Equal(RiskLevel.High, spec.File.Risk);
    }

    [Fact]
    public void Hate_report_before_Christmas_is_due_after_the_bank_holidays()
    {
        var spec = For("milton-keynes").At(London(2026, 12, 24, 15, 30)).Reported(HateReport());

        Assert.Equal(London(2026, 12, 29, 15, 30), spec.Pending(DeadlineKind.FirstResponse).DueAt);
    }

    [Theory]
    [InlineData("default", 5)]
    [InlineData("milton-keynes", 5)]
    [InlineData("reading", 5)]
    public void A_low_risk_nuisance_report_is_answered_within_the_profiles_low_risk_standard(string profile, int workingDays)
    {
        var reportedAt = London(2026, 3, 2, 10, 0);
        var spec = For(profile).At(reportedAt).Reported();

        Assert.Equal(RiskLevel.Low, spec.File.Risk);
        Assert.Equal(EnglandAndWales.AddWorkingDays(reportedAt, workingDays), spec.Pending(DeadlineKind.FirstResponse).DueAt);
    }

    [Fact]
    public void All_reports_relating_to_a_hate_incident_are_responded_to_within_one_working_day_including_one_sent_by_email()
    {
        // RBC 5: "All reports relating to a hate incident will be responded to by the ASB Service
        // within one working day"; MK 6.1: every report of hate is high priority.
        var spec = For("reading").At(London(2026, 11, 20, 15, 0));

        var events = spec.Do(new CaseCommand.ReportCase("HC-2026-000126", ReportChannel.Email, Victim(phone: null), PossibleHateByEmail(),
            "incident-1", "reporter-1", ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: false));

        Assert.True(spec.File.IsHate);
        Assert.Equal(RiskLevel.High, spec.File.Risk);
        Assert.Equal(London(2026, 11, 23, 15, 0), spec.Pending(DeadlineKind.FirstResponse).DueAt);
        // The officer sees why: the triage names the words, and the team is told it may be hate.
        Assert.Contains(events.Single<ReportReceived>().TriageReasons, r => r.Contains("\"racist\"", StringComparison.Ordinal)
            && r.Contains("until the officer's risk assessment", StringComparison.Ordinal));
        var toAssign = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.NewReportToAssign);
        Assert.Equal(CaseMessages.PossibleHate, toAssign.Field("hate"));
        Assert.Equal("High", toAssign.Field("risk"));
    }

    [Fact]
    public void The_officer_given_a_possible_hate_report_is_told_it_is_handled_as_hate()
    {
        var spec = For("reading").Reported(PossibleHateByEmail(), channel: ReportChannel.Email);

        var events = spec.Do(new CaseCommand.AssignOfficer("officer-7"));

        var assigned = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.CaseAssigned);
        Assert.Equal(CaseMessages.PossibleHate, assigned.Field("hate"));
    }

    // MK 11.2, PP 6.3: an interpreter is booked before the first contact.
    [Fact]
    public void The_team_and_the_assigned_officer_are_told_the_complainant_needs_an_interpreter_and_for_which_language()
    {
        var spec = For("milton-keynes");
        var reported = spec.Do(new CaseCommand.ReportCase("HC-2026-000127", ReportChannel.WebForm,
            Victim() with { InterpreterNeeded = true, Language = "Polish" }, HateReport(),
            "incident-1", "reporter-1", ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: false));

        var assigned = spec.Do(new CaseCommand.AssignOfficer("officer-7"));

        Assert.Equal("Polish", Assert.Single(spec.MessagesOf(reported), m => m.Template == MessageTemplate.NewReportToAssign).Field(CaseMessages.InterpreterField));
        Assert.Equal("Polish", Assert.Single(spec.MessagesOf(assigned), m => m.Template == MessageTemplate.CaseAssigned).Field(CaseMessages.InterpreterField));
    }

    [Fact]
    public void No_interpreter_is_mentioned_when_none_was_asked_for()
    {
        var spec = For("milton-keynes").Reported(HateReport());

        var assigned = spec.Do(new CaseCommand.AssignOfficer("officer-7"));

        Assert.Null(Assert.Single(spec.MessagesOf(assigned), m => m.Template == MessageTemplate.CaseAssigned).Field(CaseMessages.InterpreterField));
    }

    [Fact]
    public void An_emailed_report_with_no_words_of_hate_is_triaged_on_its_facts()
    {
        var spec = For("reading").Reported(PossibleHateByEmail() with { PossibleHateWords = ValueList<string>.Empty }, channel: ReportChannel.Email);

        Assert.False(spec.File.IsHate);
        Assert.Equal(RiskLevel.Low, spec.File.Risk);
    }

    [Fact]
    public void A_report_of_threats_is_high_risk_before_any_assessment()
    {
        var spec = For("reading").Reported(AsbReport() with { ViolenceOrThreats = true });

        Assert.Equal(RiskLevel.High, spec.File.Risk);
        Assert.Equal(EnglandAndWales.AddWorkingDays(spec.File.ReportedAt, 1), spec.Pending(DeadlineKind.FirstResponse).DueAt);
    }

    [Fact]
    public void The_risk_assessment_is_due_within_one_working_day_of_the_report()
    {
        var spec = For("livv").At(London(2026, 5, 1, 16, 0)).Reported();

        // Friday 1 May 2026, then the early May bank holiday on Monday 4 May.
        Assert.Equal(London(2026, 5, 5, 16, 0), spec.Pending(DeadlineKind.RiskAssessment).DueAt);
    }

    [Fact]
    public void The_enquiry_must_be_decided_within_four_weeks()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported();

        Assert.Equal(London(2026, 3, 30, 10, 0), spec.Pending(DeadlineKind.EnquiryDecision).DueAt);
    }

    [Fact]
    public void Four_weeks_ending_on_a_weekend_fall_due_on_the_Friday_before()
    {
        var spec = For("reading").At(London(2026, 3, 7, 11, 0)).Reported();

        // 4 April 2026 is a Saturday; Good Friday is 3 April, so the Thursday before.
        Assert.Equal(London(2026, 4, 2, 11, 0), spec.Pending(DeadlineKind.EnquiryDecision).DueAt);
    }

    [Fact]
    public void A_victim_reporting_a_second_time_within_six_months_is_told_about_the_case_review()
    {
        var spec = For().At(London(2026, 6, 1, 9, 30));

        var events = spec.Reported(priorReports: London(2026, 1, 15, 12, 0)).History;

        events.Single<CaseReviewExplained>();
        Assert.Contains(spec.MessagesOf(events), m => m.Template == MessageTemplate.CaseReviewExplained);
    }

    [Fact]
    public void A_first_report_in_six_months_is_not_sent_the_case_review_explanation()
    {
        var spec = For().At(London(2026, 8, 1, 9, 30)).Reported(priorReports: London(2026, 1, 15, 12, 0));

        spec.History.None<CaseReviewExplained>();
    }

    [Fact]
    public void A_hate_strand_the_landlord_does_not_record_is_refused_with_the_list_of_strands()
    {
        var spec = For("reading");

        var reason = spec.Rejects(new CaseCommand.ReportCase("HC-2026-000125", ReportChannel.Api, Victim(), HateReport("alternative-subculture"),
            "incident-1", null, ValueList<DateTimeOffset>.Empty, false));

        Assert.Contains("alternative-subculture", reason);
        Assert.Contains("race", reason);
    }

    [Fact]
    public void Peaks_and_Plains_records_alternative_subculture_as_a_hate_strand()
    {
        var spec = For("peaks-and-plains").Reported(HateReport("alternative-subculture"));

        Assert.True(spec.File.IsHate);
        Assert.Equal(ValueList.Of("alternative-subculture"), spec.File.HateStrands);
    }

    [Fact]
    public void A_report_received_twice_opens_one_case()
    {
        var spec = For().Reported();
        var before = spec.State;

        var events = spec.Do(new CaseCommand.ReportCase("HC-2026-000123", ReportChannel.WebForm, Victim(), AsbReport(),
            "incident-1", "reporter-1", ValueList<DateTimeOffset>.Empty, false));

        Assert.Empty(events);
        Assert.Equal(before, spec.State);
    }

    [Fact]
    public void Commands_for_a_case_never_reported_are_refused()
    {
        var reason = For().Rejects(new CaseCommand.AssignOfficer("officer-1"));

        Assert.Contains("report must be received first", reason);
    }

    [Fact]
    public void A_new_report_is_put_in_front_of_the_team_to_assign()
    {
        var spec = For().Reported(HateReport());

        var message = Assert.Single(spec.MessagesOf(spec.History), m => m.Template == MessageTemplate.NewReportToAssign);
        Assert.Equal(new MessageRecipient.Team(CaseMessages.UnassignedQueue), message.Recipient);
        Assert.Equal("High", message.Field("risk"));
    }
}
