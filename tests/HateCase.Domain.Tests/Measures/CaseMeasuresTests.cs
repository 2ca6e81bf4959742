using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Measures;
using HateCase.Domain.Risk;
using HateCase.Domain.Tests.Cases;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Measures;

public class CaseMeasuresTests
{
    private static readonly ReportingPeriod Year2026 = new(London(2026, 4, 1, 0, 0), London(2027, 4, 1, 0, 0));

    private static CaseRecord Record(CaseSpec spec, string id = "case") => new(id, spec.History.ToList());

    private static CaseSpec HateReportAt(DateTimeOffset at, string profile = "milton-keynes", string strand = "race") =>
        For(profile).At(at).Reported(HateReport(strand));

    [Fact]
    public void A_hate_report_answered_within_one_working_day_meets_the_service_standard_and_a_late_one_breaches_it()
    {
        var onTime = HateReportAt(London(2026, 11, 20, 15, 0)).At(London(2026, 11, 23, 10, 0)).Contacted();
        var late = HateReportAt(London(2026, 11, 20, 15, 0)).At(London(2026, 11, 24, 10, 0)).Contacted();

        var standards = CaseMeasures.Standards([Record(onTime, "a"), Record(late, "b")], Year2026);

        Assert.Equal((1, 2), (standards.HateReportsRespondedToWithinOneWorkingDay.Met, standards.HateReportsRespondedToWithinOneWorkingDay.Counted));
        Assert.Equal(50m, standards.HateReportsRespondedToWithinOneWorkingDay.Percent);
        Assert.False(standards.HateReportsRespondedToWithinOneWorkingDay.OnTarget);
    }

    [Fact]
    public void The_Victims_Code_standard_counts_every_complainant_who_could_be_reached_and_leaves_out_anonymous_reports()
    {
        var emailed = For().At(London(2026, 6, 1, 10, 0)).Reported();
        var toldByPhone = For().At(London(2026, 6, 1, 10, 0));
        toldByPhone.Do(new CaseCommand.ReportCase("HC-2026-000200", ReportChannel.Phone, Victim(email: null), AsbReport(), "i-1", null, [], VictimsCodeGivenByStaff: true));
        var notGiven = For().At(London(2026, 6, 1, 10, 0));
        notGiven.Do(new CaseCommand.ReportCase("HC-2026-000201", ReportChannel.Phone, Victim(email: null), AsbReport(), "i-1", null, [], VictimsCodeGivenByStaff: false));
        var anonymous = For().At(London(2026, 6, 1, 10, 0)).Reported(complainant: Complainant.AnonymousReporter);

        var code = CaseMeasures.Standards([Record(emailed, "a"), Record(toldByPhone, "b"), Record(notGiven, "c"), Record(anonymous, "d")], Year2026).VictimsCodeSentAtReport;

        Assert.Equal((2, 3), (code.Met, code.Counted));
    }

    [Fact]
    public void Regular_contact_is_on_time_only_when_made_before_it_fell_due()
    {
        var spec = For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported().Contacted("c-1");
        spec.At(London(2026, 6, 10, 10, 0)).Contacted("c-2");
        spec.AdvanceTo(London(2026, 7, 1, 10, 0));

        var contact = CaseMeasures.Standards([Record(spec)], Year2026).ComplainantsContactedOnTime;

        Assert.Equal((1, 2), (contact.Met, contact.Counted));
    }

    [Fact]
    public void Resolved_and_satisfaction_KPIs_come_from_closures_and_survey_answers()
    {
        var resolved = For().At(London(2026, 6, 1, 10, 0)).Reported().Converted().At(London(2026, 7, 1, 10, 0));
        resolved.Do(new CaseCommand.RequestClosure(resolved.ReasonCode("behaviour-stopped"), true, "officer-1"));
        resolved.Do(new CaseCommand.ApproveClosure("leader-1"));
        resolved.At(London(2026, 7, 10, 10, 0)).Do(new CaseCommand.RecordSurveyAnswer(5, 4, true, null));
        var unresolved = For().At(London(2026, 6, 1, 10, 0)).Reported().Converted().At(London(2026, 7, 1, 10, 0));
        unresolved.Do(new CaseCommand.RequestClosure(unresolved.ReasonCode("behaviour-stopped"), false, "officer-1"));
        unresolved.Do(new CaseCommand.ApproveClosure("leader-1"));
        unresolved.At(London(2026, 7, 10, 10, 0)).Do(new CaseCommand.RecordSurveyAnswer(3, 2, false, null));

        var kpis = CaseMeasures.Kpis([Record(resolved, "a"), Record(unresolved, "b")], Year2026);

        Assert.Equal(50m, kpis.ResolvedSuccessfully.Percent);
        Assert.Equal(50m, kpis.SatisfiedWithHandling.Percent);
        Assert.Equal(50m, kpis.SatisfiedWithOutcome.Percent);
        Assert.Equal(80m, kpis.ResolvedSuccessfully.TargetPercent);
    }

    [Fact]
    public void A_measure_with_nothing_to_count_has_no_figure_rather_than_a_perfect_one()
    {
        var kpis = CaseMeasures.Kpis([], Year2026);

        Assert.Null(kpis.SatisfiedWithHandling.Percent);
        Assert.Null(kpis.SatisfiedWithHandling.OnTarget);
    }

    [Fact]
    public void First_response_on_time_is_reported_by_the_risk_level_when_it_was_promised()
    {
        var high = HateReportAt(London(2026, 6, 1, 10, 0)).At(London(2026, 6, 1, 15, 0)).Contacted();
        var low = For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported();
        low.AdvanceTo(London(2026, 6, 20, 10, 0));

        var byRisk = CaseMeasures.FirstResponseOnTimeByRisk([Record(high, "a"), Record(low, "b")], Year2026);

        Assert.Equal((1, 1), (byRisk[RiskLevel.High].Met, byRisk[RiskLevel.High].Counted));
        Assert.Equal((0, 1), (byRisk[RiskLevel.Low].Met, byRisk[RiskLevel.Low].Counted));
    }

    [Fact]
    public void NM01_counts_cases_opened_in_the_year_per_thousand_homes_with_hate_cases_separately()
    {
        var cases = new List<CaseRecord>();
        for (var i = 0; i < 3; i++)
        {
            cases.Add(Record(For().At(London(2026, 5, 1, 10, 0)).Reported(), $"asb-{i}"));
        }
        cases.Add(Record(HateReportAt(London(2026, 5, 1, 10, 0), "default"), "hate-race"));
        var withRelated = For().At(London(2026, 5, 1, 10, 0)).Reported();
        withRelated.At(London(2026, 5, 2, 10, 0)).Do(new CaseCommand.ReceiveRelatedReport("r-2", ReportChannel.WebForm, Victim(), AsbReport(), "reporter-2", []));
        cases.Add(Record(withRelated, "with-related"));
        cases.Add(Record(For().At(London(2026, 3, 2, 10, 0)).Reported(), "last-year"));

        var nm01 = CaseMeasures.Nm01(cases, Year2026, homesOwned: 4000, For().Profile);

        Assert.Equal(5, nm01.CasesOpened);
        Assert.Equal(1, nm01.HateCasesOpened);
        Assert.Equal(1.3m, nm01.CasesPer1000Homes);
        Assert.Equal(0.3m, nm01.HateCasesPer1000Homes);
    }

    [Fact]
    public void NM01_hate_cases_are_those_on_the_five_national_strands()
    {
        var misogyny = HateReportAt(London(2026, 5, 1, 10, 0), "milton-keynes", "misogyny");
        var disability = HateReportAt(London(2026, 5, 1, 10, 0), "milton-keynes", "disability");

        var nm01 = CaseMeasures.Nm01([Record(misogyny, "a"), Record(disability, "b")], Year2026, 1000, misogyny.Profile);

        Assert.Equal(2, nm01.CasesOpened);
        Assert.Equal(1, nm01.HateCasesOpened);
    }

    [Fact]
    public void NM01_needs_a_positive_number_of_homes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CaseMeasures.Nm01([], Year2026, 0, For().Profile));
    }

    [Fact]
    public void Volumes_count_cases_reports_and_hate_strands()
    {
        var race = HateReportAt(London(2026, 5, 1, 10, 0), "default");
        race.At(London(2026, 5, 3, 10, 0)).Do(new CaseCommand.ReceiveRelatedReport("r-2", ReportChannel.Email, Victim(), HateReport("religion"), "reporter-2", []));
        var asb = For().At(London(2026, 5, 1, 10, 0)).Reported();

        var volumes = CaseMeasures.Volumes([Record(race, "a"), Record(asb, "b")], Year2026);

        Assert.Equal((2, 1, 3), (volumes.CasesOpened, volumes.HateCasesOpened, volumes.ReportsReceived));
        Assert.Equal(1, volumes.HateCasesByStrand["race"]);
        Assert.Equal(1, volumes.HateCasesByStrand["religion"]);
    }

    [Fact]
    public void Hate_found_at_the_risk_assessment_counts_in_the_hate_standard_NM01_and_the_strand_counts()
    {
        // MK 9.2: hate reports responded to within 1 working day; NM01 (2): hate cases per 1,000 homes.
        var found = For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported();
        found.Do(new CaseCommand.AssessRisk("assessment-1", LowRiskAnswers with { HateMotivationPerceived = true }, ValueList.Of("disability")));
        found.At(London(2026, 6, 2, 9, 0)).Contacted();
        var asb = For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported();
        CaseRecord[] cases = [Record(found, "a"), Record(asb, "b")];

        var standard = CaseMeasures.Standards(cases, Year2026).HateReportsRespondedToWithinOneWorkingDay;
        var volumes = CaseMeasures.Volumes(cases, Year2026);
        var nm01 = CaseMeasures.Nm01(cases, Year2026, 1000, found.Profile);

        Assert.Equal((1, 1), (standard.Met, standard.Counted));
        Assert.Equal(1, volumes.HateCasesOpened);
        Assert.Equal(1, volumes.HateCasesByStrand["disability"]);
        Assert.Equal(1, nm01.HateCasesOpened);
    }

    [Fact]
    public void A_possible_hate_email_the_assessment_finds_is_not_hate_leaves_the_hate_figures()
    {
        var cleared = For("reading").At(London(2026, 6, 1, 10, 0)).Reported(PossibleHateByEmail(), channel: ReportChannel.Email).RiskAssessed();

        var volumes = CaseMeasures.Volumes([Record(cleared)], Year2026);

        Assert.Equal((1, 0), (volumes.CasesOpened, volumes.HateCasesOpened));
    }

    [Fact]
    public void Incidents_an_officer_logs_on_a_case_count_towards_the_case_review_for_each_of_its_complainants()
    {
        // RBC 10: 3 incidents about the same household from one person in 6 months. The victim
        // reported once; the officer logged two more, and a neighbour's related report was accepted.
        var spec = For("reading").At(London(2026, 5, 1, 10, 0)).Reported(AsbReport(party: "party-1"));
        spec.At(London(2026, 5, 5, 10, 0)).Do(new CaseCommand.ReceiveRelatedReport("r-2", ReportChannel.WebForm, Victim("neighbour@example.org"), AsbReport(party: "party-1"), "reporter-2", []));
        spec.Do(new CaseCommand.AcceptRelatedReport("r-2"));
        spec.At(London(2026, 6, 1, 10, 0)).Do(new CaseCommand.LogIncident("i-2", London(2026, 5, 31, 22, 0), "Again.", false, null, null));
        spec.At(London(2026, 7, 1, 10, 0)).Do(new CaseCommand.LogIncident("i-3", London(2026, 6, 30, 22, 0), "Again.", false, null, null));

        var evaluations = CaseMeasures.CaseReviewThresholds([Record(spec)], London(2026, 7, 2, 10, 0), spec.Profile.CaseReview);

        Assert.True(evaluations["reporter-1"].ThresholdMet);
        Assert.Contains("3 incidents about the same party reported by you in the 6 months to 2 July 2026; 3 are needed.", evaluations["reporter-1"].Reasons);
        Assert.True(evaluations["reporter-2"].ThresholdMet);
        // The group counts each incident once: the 2 reports and the 2 logged incidents.
        Assert.Contains("4 incidents about the party you reported, by 2 people, in the 6 months to 2 July 2026; 5 are needed, from more than one person.", evaluations["reporter-1"].Reasons);
    }

    [Fact]
    public void Time_to_resolve_is_measured_from_report_to_closure()
    {
        var quick = For().At(London(2026, 6, 1, 10, 0)).Reported();
        quick.At(London(2026, 6, 11, 10, 0)).Do(new CaseCommand.CloseEnquiry(quick.ReasonCode("not-asb")));
        var slow = For().At(London(2026, 6, 1, 10, 0)).Reported().Converted().At(London(2026, 7, 1, 10, 0)).ClosureApproved();

        var time = CaseMeasures.TimeToResolve([Record(quick, "a"), Record(slow, "b")], Year2026, EnglandAndWales);

        Assert.Equal(2, time.CasesClosed);
        Assert.Equal(20.0, time.MedianCalendarDays);
        Assert.Equal(20.0, time.MeanCalendarDays);
    }

    [Fact]
    public void Three_reports_from_one_victim_about_one_neighbour_in_six_months_meet_the_case_review_threshold()
    {
        var first = For().At(London(2026, 5, 1, 10, 0)).Reported();
        first.At(London(2026, 6, 1, 10, 0)).Do(new CaseCommand.LogIncident("i-2", London(2026, 5, 31, 22, 0), "Again.", false, "reporter-1", "party-1"));
        first.At(London(2026, 7, 1, 10, 0)).Do(new CaseCommand.LogIncident("i-3", London(2026, 6, 30, 22, 0), "Again.", false, "reporter-1", "party-1"));
        var other = For().At(London(2026, 5, 1, 10, 0));
        other.Do(new CaseCommand.ReportCase("HC-2026-000300", ReportChannel.WebForm, Victim(), AsbReport(), "i-1", "reporter-9", [], false));

        var evaluations = CaseMeasures.CaseReviewThresholds([Record(first, "a"), Record(other, "b")], London(2026, 7, 2, 10, 0), first.Profile.CaseReview);

        Assert.True(evaluations["reporter-1"].ThresholdMet);
        Assert.False(evaluations["reporter-9"].ThresholdMet);
        Assert.True(evaluations["reporter-9"].InformalReviewOffered);
    }
}
