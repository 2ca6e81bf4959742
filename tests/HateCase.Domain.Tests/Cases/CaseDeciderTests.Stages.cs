using System.Globalization;
using HateCase.Domain.Cases;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

public partial class CaseDeciderTests
{
    [Fact]
    public void An_enquiry_is_not_converted_to_a_case_before_the_risk_is_assessed()
    {
        var spec = For("reading").Reported();

        Assert.Contains("Assess the risk", spec.Rejects(new CaseCommand.ConvertToCase()));
    }

    [Fact]
    public void Converting_the_enquiry_meets_the_four_week_limit_and_sets_the_initial_review_at_two_months()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported().RiskAssessed().At(London(2026, 3, 16, 10, 0));

        var events = spec.Do(new CaseCommand.ConvertToCase());

        Assert.True(events.OfType<DeadlineMet>().Single(m => m.Kind == DeadlineKind.EnquiryDecision).OnTime);
        Assert.Equal(London(2026, 5, 15, 10, 0), spec.Pending(DeadlineKind.CaseReview).DueAt);
        Assert.IsType<CaseState.UnderInvestigation>(spec.State);
    }

    // RBC 8 stage 2: "The Case Officer will contact the victim/witness advising them that the case
    // is progressing to a full investigation."
    [Fact]
    public void The_victim_is_told_when_the_enquiry_becomes_a_full_investigation_and_when_it_will_be_reviewed()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported().RiskAssessed().At(London(2026, 3, 16, 10, 0));

        var events = spec.Do(new CaseCommand.ConvertToCase());

        var told = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.InvestigationStarted);
        Assert.IsType<MessageRecipient.ComplainantByEmail>(told.Recipient);
        Assert.Equal(spec.Pending(DeadlineKind.CaseReview).DueAt, DateTimeOffset.Parse(told.Field("reviewBy")!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_enquiry_still_undecided_after_four_weeks_is_escalated()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported().Contacted();

        var fired = spec.AdvanceTo(London(2026, 3, 30, 10, 0));

        fired.OfType<DeadlineMissed>().Single(m => m.Kind == DeadlineKind.EnquiryDecision);
    }

    [Fact]
    public void Closing_an_enquiry_tells_the_complainant_why()
    {
        var spec = For("reading").Reported();
        var reason = spec.ReasonCode("not-asb");

        var events = spec.Do(new CaseCommand.CloseEnquiry(reason));

        Assert.Equal(reason, events.Single<EnquiryClosed>().ReasonCode);
        var told = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.EnquiryClosed);
        Assert.Equal(reason, told.Field("reason"));
        Assert.DoesNotContain(spec.File.Deadlines, d => d.Kind != DeadlineKind.FollowUpContact);
    }

    [Fact]
    public void An_unknown_closure_reason_is_refused_with_the_valid_reasons()
    {
        var spec = For("reading").Reported();

        var reason = spec.Rejects(new CaseCommand.CloseEnquiry("because"));

        Assert.Contains("because", reason);
        Assert.Contains(spec.Profile.Closure.Reasons[0].Code, reason);
    }

    [Fact]
    public void After_the_initial_review_the_case_is_reviewed_monthly()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported().Converted();
        spec.At(London(2026, 5, 1, 10, 0));

        var events = spec.Do(new CaseCommand.ReviewCase(1, ReviewOutcome.Continue));

        Assert.True(events.OfType<DeadlineMet>().Single(m => m.Kind == DeadlineKind.CaseReview).OnTime);
        Assert.Equal(London(2026, 6, 1, 10, 0), spec.Pending(DeadlineKind.CaseReview).DueAt);
    }

    [Fact]
    public void A_review_after_four_quiet_weeks_prompts_the_officer_to_consider_closure()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported().Converted().At(London(2026, 5, 1, 10, 0));

        var reviewed = spec.Do(new CaseCommand.ReviewCase(1, ReviewOutcome.ConsiderClosure)).Single<CaseReviewed>();

        Assert.True(reviewed.NoIncidentsForQuietPeriod);
    }

    [Fact]
    public void A_recent_incident_means_the_case_is_not_quiet_at_review()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported().Converted().At(London(2026, 4, 20, 10, 0));
        spec.Do(new CaseCommand.LogIncident("incident-2", London(2026, 4, 18, 22, 0), "Shouting again.", false, "reporter-1", "party-1"));
        spec.At(London(2026, 5, 1, 10, 0));

        var reviewed = spec.Do(new CaseCommand.ReviewCase(1, ReviewOutcome.Continue)).Single<CaseReviewed>();

        Assert.False(reviewed.NoIncidentsForQuietPeriod);
    }

    [Fact]
    public void A_case_being_monitored_is_reviewed_again_when_monitoring_ends()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported().Converted().At(London(2026, 5, 1, 10, 0));

        spec.Do(new CaseCommand.ReviewCase(1, ReviewOutcome.Monitor));

        var monitoring = Assert.IsType<CaseState.UnderInvestigation>(spec.State).MonitoringUntil;
        Assert.Equal(London(2026, 6, 1, 10, 0), monitoring);
        Assert.Equal(London(2026, 6, 1, 10, 0), spec.Pending(DeadlineKind.CaseReview).DueAt);
    }

    // RBC 8 stage 3: considering closure, the officer advises the victim, and how long the case
    // will be monitored for.
    [Theory]
    [InlineData(ReviewOutcome.Monitor, "2026-06-01T10:00:00+01:00")]
    [InlineData(ReviewOutcome.ConsiderClosure, null)]
    public void The_victim_is_told_closure_is_being_considered_and_until_when_the_case_is_monitored(ReviewOutcome outcome, string? monitorUntil)
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported().Converted().At(London(2026, 5, 1, 10, 0));

        var events = spec.Do(new CaseCommand.ReviewCase(1, outcome));

        var told = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.ClosureConsidered);
        DateTimeOffset? expected = monitorUntil is null ? null : DateTimeOffset.Parse(monitorUntil, CultureInfo.InvariantCulture);
        DateTimeOffset? said = told.Field("monitorUntil") is { } until ? DateTimeOffset.Parse(until, CultureInfo.InvariantCulture) : null;
        Assert.Equal(expected, said);
    }

    [Fact]
    public void A_review_that_carries_on_tells_the_victim_nothing_new()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported().Converted().At(London(2026, 5, 1, 10, 0));

        var events = spec.Do(new CaseCommand.ReviewCase(1, ReviewOutcome.Continue));

        Assert.DoesNotContain(spec.MessagesOf(events), m => m.Template == MessageTemplate.ClosureConsidered);
    }

    [Fact]
    public void Reviews_are_held_in_order()
    {
        var spec = For("reading").Reported().Converted();

        Assert.Contains("next review is number 1", spec.Rejects(new CaseCommand.ReviewCase(2, ReviewOutcome.Continue)));
        spec.Do(new CaseCommand.ReviewCase(1, ReviewOutcome.Continue));
        Assert.Empty(spec.Do(new CaseCommand.ReviewCase(1, ReviewOutcome.Continue)));
    }

    [Fact]
    public void A_review_is_refused_while_the_report_is_still_an_enquiry()
    {
        var spec = For("reading").Reported();

        Assert.Contains("once the enquiry has become a case", spec.Rejects(new CaseCommand.ReviewCase(1, ReviewOutcome.Continue)));
    }

    [Fact]
    public void Interventions_are_recorded_from_the_landlords_list()
    {
        var spec = For().Reported().Converted();
        var type = spec.Profile.InterventionTypes[0].Code;

        spec.Do(new CaseCommand.RecordIntervention("intervention-1", type)).Single<InterventionRecorded>();

        Assert.Contains("Unknown intervention type", spec.Rejects(new CaseCommand.RecordIntervention("intervention-2", "shouting-back")));
    }

    [Fact]
    public void A_case_in_legal_action_stays_open_until_the_action_concludes()
    {
        var spec = For("reading").Reported().Converted();
        var injunction = spec.Profile.LegalActionTypes[0].Code;
        spec.Do(new CaseCommand.AssessProportionality("assessment-1", injunction, Proportionate));
        spec.Do(new CaseCommand.StartLegalAction("legal-1", injunction));

        Assert.Contains("Legal action is still in progress",
            spec.Rejects(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), true, "officer-1")));

        spec.Do(new CaseCommand.ConcludeLegalAction("legal-1", "Injunction granted"));
        spec.Do(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), true, "officer-1")).Single<ClosureRequested>();
    }

    [Fact]
    public void An_action_plan_is_agreed_in_versions()
    {
        var spec = For().Reported();

        spec.Do(new CaseCommand.AgreeActionPlan(1, "Officer to visit; diary sheets; weekly call.")).Single<ActionPlanAgreed>();

        Assert.Empty(spec.Do(new CaseCommand.AgreeActionPlan(1, "Officer to visit; diary sheets; weekly call.")));
        Assert.Contains("next action plan version is 2", spec.Rejects(new CaseCommand.AgreeActionPlan(3, "Skipped a version.")));
    }

    [Fact]
    public void A_new_report_about_the_same_party_is_offered_to_the_officer_as_an_incident()
    {
        var spec = For().Reported().Converted();
        spec.Do(new CaseCommand.AssignOfficer("officer-3"));

        var events = spec.Do(new CaseCommand.ReceiveRelatedReport("report-2", ReportChannel.Email,
            Victim(email: "neighbour@example.org"), AsbReport(), "reporter-2", []));

        Assert.Contains(spec.File.Incidents, i => i.Id == "report-2" && i.AwaitingOfficerDecision);
        var messages = spec.MessagesOf(events);
        Assert.Contains(messages, m => m.Template == MessageTemplate.RelatedReportOffered && m.Recipient == new MessageRecipient.Officer("officer-3"));
        Assert.Contains(messages, m => m.Template == MessageTemplate.Acknowledgement && m.Recipient == new MessageRecipient.ComplainantByEmail("neighbour@example.org"));

        spec.Do(new CaseCommand.AcceptRelatedReport("report-2")).Single<RelatedReportAccepted>();
        Assert.Contains(spec.File.Incidents, i => i.Id == "report-2" && !i.AwaitingOfficerDecision);
    }

    [Fact]
    public void A_related_report_the_officer_declines_leaves_the_case()
    {
        var spec = For().Reported();
        spec.Do(new CaseCommand.ReceiveRelatedReport("report-2", ReportChannel.WebForm, Victim(), AsbReport(), "reporter-1", []));

        spec.Do(new CaseCommand.DeclineRelatedReport("report-2", "A different dispute.")).Single<RelatedReportDeclined>();

        Assert.DoesNotContain(spec.File.Incidents, i => i.Id == "report-2");
        Assert.Empty(spec.Do(new CaseCommand.DeclineRelatedReport("report-2", "A different dispute.")));
    }

    [Fact]
    public void The_same_victim_reporting_again_on_an_open_case_is_told_about_the_case_review()
    {
        var spec = For().Reported().At(London(2026, 3, 20, 10, 0));

        var events = spec.Do(new CaseCommand.ReceiveRelatedReport("report-2", ReportChannel.WebForm, Victim(), AsbReport(), "reporter-1", []));

        events.Single<CaseReviewExplained>();
        events.None<VictimsCodeSent>();
    }

    [Fact]
    public void A_related_report_perceived_as_hate_raises_the_case_to_high_risk()
    {
        var spec = For("milton-keynes").At(London(2026, 3, 2, 10, 0)).Reported();

        spec.Do(new CaseCommand.ReceiveRelatedReport("report-2", ReportChannel.WebForm, Victim(), HateReport(), "reporter-1", []));

        Assert.Equal(HateCase.Domain.Risk.RiskLevel.High, spec.File.Risk);
        Assert.Equal(London(2026, 3, 3, 10, 0), spec.Pending(DeadlineKind.FirstResponse).DueAt);
    }

    [Fact]
    public void Correspondence_from_the_complainant_is_put_in_front_of_the_officer()
    {
        var spec = For().Reported();
        spec.Do(new CaseCommand.AssignOfficer("officer-3"));

        var events = spec.Do(new CaseCommand.RecordCorrespondence("mail-1", ReportChannel.Email, "Reply to acknowledgement"));

        Assert.Contains(spec.MessagesOf(events), m => m.Template == MessageTemplate.CorrespondenceReceived);
        Assert.Empty(spec.Do(new CaseCommand.RecordCorrespondence("mail-1", ReportChannel.Email, "Reply to acknowledgement")));
    }

    [Fact]
    public void An_incident_an_officer_logs_on_a_case_is_about_the_case_s_party()
    {
        // RBC 10 counts incidents about "the same alleged perpetrator(s) or household".
        var spec = For("reading").Reported(AsbReport(party: "party-1"));

        var logged = spec.Do(new CaseCommand.LogIncident("incident-2", spec.Now, "Music again at 2am.", false, null, null)).Single<IncidentLogged>();

        Assert.Equal("party-1", logged.Incident.PartyKey);
        Assert.Null(logged.Incident.ReporterKey);
    }

    [Fact]
    public void Assigning_the_same_officer_again_changes_nothing()
    {
        var spec = For().Reported();
        spec.Do(new CaseCommand.AssignOfficer("officer-3")).Single<OfficerAssigned>();

        Assert.Empty(spec.Do(new CaseCommand.AssignOfficer("officer-3")));
        spec.Do(new CaseCommand.AssignOfficer("officer-4")).Single<OfficerAssigned>();
    }
}
