using System.Text.Json;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Measures;
using HateCase.Domain.Risk;
using HateCase.Domain.Tests.Cases;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Measures;

public class CaseMeasuresTests
{
    private static readonly ReportingPeriod Year2026 = ReportingPeriod.ReportingYear(2026, EnglandAndWales);
    private static readonly DateTimeOffset YearEnd = London(2027, 4, 1, 0, 0);

    private static MeasuresReport Measures(ReportingPeriod period, params CaseSpec[] cases) => Measures(period, YearEnd, null, cases);

    private static MeasuresReport Measures(ReportingPeriod period, DateTimeOffset asOf, int? homes, params CaseSpec[] cases) =>
        MeasuresTally.Count(cases.Select(c => CaseMeasureFacts.Of(c.History)!), period, asOf, cases.FirstOrDefault()?.Profile ?? For().Profile,
            EnglandAndWales, homes);

    private static Rate Standard(MeasuresReport report, string code) => report.Standards.Single(s => s.Code == code);

    private static Rate OnTime(MeasuresReport report, RiskLevel level) =>
        report.OnTimeByRisk.Single(r => r.Code == $"first-response-{level.ToString().ToLowerInvariant()}");

    private static CaseSpec HateReportAt(DateTimeOffset at, string profile = "milton-keynes", string strand = "race") =>
        For(profile).At(at).Reported(HateReport(strand));

    private static CaseSpec Closed(CaseSpec spec, DateTimeOffset at, bool resolved = true)
    {
        spec.At(at).Do(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), resolved, "officer-1"));
        spec.Do(new CaseCommand.ApproveClosure("leader-1"));
        return spec;
    }

    [Fact]
    public void A_hate_report_answered_within_one_working_day_meets_the_service_standard_and_a_late_one_breaches_it()
    {
        var onTime = HateReportAt(London(2026, 11, 20, 15, 0)).At(London(2026, 11, 23, 10, 0)).Contacted();
        var late = HateReportAt(London(2026, 11, 20, 15, 0)).At(London(2026, 11, 24, 10, 0)).Contacted();

        var standard = Standard(Measures(Year2026, onTime, late), "hate-first-response");

        Assert.Equal((1, 2), (standard.Met, standard.Counted));
        Assert.Equal(50m, standard.Percent);
        Assert.False(standard.OnTarget);
        Assert.Equal("Hate reports responded to within 1 working day", standard.Name);
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

        var code = Standard(Measures(Year2026, emailed, toldByPhone, notGiven, anonymous), "victims-code");

        Assert.Equal((2, 3), (code.Met, code.Counted));
    }

    [Fact]
    public void Regular_contact_is_on_time_only_when_made_before_it_fell_due()
    {
        var spec = For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported().Contacted("c-1");
        spec.At(London(2026, 6, 10, 10, 0)).Contacted("c-2");
        spec.AdvanceTo(London(2026, 7, 1, 10, 0));

        var contact = Standard(Measures(Year2026, spec), "regular-contact");

        Assert.Equal((1, 2), (contact.Met, contact.Counted));
        Assert.Equal("Complainants contacted every 10 working days", contact.Name);
    }

    [Fact]
    public void A_promise_falls_in_the_period_in_which_it_was_due()
    {
        // Reported on Tuesday 31 March 2026 at 16:30: the hate response is due 1 April at 16:30.
        var spec = HateReportAt(London(2026, 3, 31, 16, 30)).At(London(2026, 4, 1, 11, 0)).Contacted();

        Assert.Equal(0, Standard(Measures(ReportingPeriod.ReportingYear(2025, EnglandAndWales), spec), "hate-first-response").Counted);
        Assert.Equal(1, Standard(Measures(Year2026, spec), "hate-first-response").Met);
    }

    [Fact]
    public void Resolved_and_satisfaction_KPIs_come_from_closures_and_survey_answers()
    {
        var resolved = Closed(For().At(London(2026, 6, 1, 10, 0)).Reported().Converted(), London(2026, 7, 1, 10, 0));
        resolved.At(London(2026, 7, 10, 10, 0)).Do(new CaseCommand.RecordSurveyAnswer(5, 4, true, null));
        var unresolved = Closed(For().At(London(2026, 6, 1, 10, 0)).Reported().Converted(), London(2026, 7, 1, 10, 0), resolved: false);
        unresolved.At(London(2026, 7, 10, 10, 0)).Do(new CaseCommand.RecordSurveyAnswer(3, 2, false, null));

        var report = Measures(Year2026, resolved, unresolved);

        Assert.Equal((1, 2, 80m), (Standard(report, "resolved").Met, Standard(report, "resolved").Counted, Standard(report, "resolved").TargetPercent));
        Assert.All(report.Satisfaction, s => Assert.Equal((1, 2, 50m, 70m), (s.Met, s.Counted, s.Percent, s.TargetPercent)));
    }

    [Fact]
    public void A_survey_sent_at_closure_meets_the_six_week_standard_and_one_whose_window_is_still_open_is_not_yet_counted()
    {
        // MK 9.4: surveys within 6 weeks of closure. An emailed complainant is sent it at closure.
        var emailed = Closed(For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported().Converted(), London(2026, 7, 1, 10, 0));
        emailed.AdvanceTo(London(2026, 7, 2, 10, 0));
        // Reached only by phone: no survey goes by email, and none is taken in the 6 weeks.
        var byPhone = For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported(complainant: Victim(email: null)).Converted();
        Closed(byPhone, London(2026, 7, 1, 10, 0));
        var lastWeek = Closed(For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported(complainant: Victim(email: null)).Converted(), London(2026, 8, 25, 10, 0));

        var survey = Standard(Measures(Year2026, London(2026, 9, 1, 10, 0), null, emailed, byPhone, lastWeek), "survey-in-window");

        Assert.Equal((1, 2), (survey.Met, survey.Counted));
        Assert.Equal("Satisfaction survey within 6 weeks of closure", survey.Name);
    }

    [Fact]
    public void A_measure_with_nothing_to_count_has_no_figure_rather_than_a_perfect_one()
    {
        var report = Measures(Year2026, Array.Empty<CaseSpec>());

        Assert.All(report.Standards.Concat(report.Satisfaction).Concat(report.OnTimeByRisk), r => Assert.Equal((0, 0, null, null), (r.Met, r.Counted, r.Percent, r.OnTarget)));
        Assert.Equal((0, null, null), (report.TimeToResolve.CasesClosed, report.TimeToResolve.MedianDays, report.TimeToResolve.Percentile90Days));
        Assert.Equal((0, 0, 0), (report.Volumes.CasesOpened, report.Volumes.ReportsReceived, report.CaseReviewsPrompted.Value));
        Assert.Equal(12, report.Volumes.ByMonth.Count);
        Assert.All(report.Volumes.ByMonth, m => Assert.Equal(0, m.CasesOpened));
    }

    [Fact]
    public void First_response_on_time_is_reported_by_the_risk_level_when_it_was_promised()
    {
        var high = HateReportAt(London(2026, 6, 1, 10, 0)).At(London(2026, 6, 1, 15, 0)).Contacted();
        var low = For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported();
        low.AdvanceTo(London(2026, 6, 20, 10, 0));
        // Assessed as high risk after the low-risk response was promised: held to, and counted at,
        // the high-risk response from then on.
        var raised = For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported();
        raised.Do(new CaseCommand.AssessRisk("a-1", HighRiskAnswers with { HateMotivationPerceived = false }));
        raised.AdvanceTo(London(2026, 6, 20, 10, 0));

        var report = Measures(Year2026, high, low, raised);

        Assert.Equal((1, 2), (OnTime(report, RiskLevel.High).Met, OnTime(report, RiskLevel.High).Counted));
        Assert.Equal((0, 0), (OnTime(report, RiskLevel.Medium).Met, OnTime(report, RiskLevel.Medium).Counted));
        Assert.Equal((0, 1), (OnTime(report, RiskLevel.Low).Met, OnTime(report, RiskLevel.Low).Counted));
        Assert.Equal(["first-response-high", "first-response-medium", "first-response-low"], report.OnTimeByRisk.Select(r => r.Code));
    }

    [Fact]
    public void NM01_counts_cases_opened_in_the_year_per_thousand_homes_with_hate_cases_separately()
    {
        var cases = new List<CaseSpec>();
        for (var i = 0; i < 3; i++)
        {
            cases.Add(For().At(London(2026, 5, 1, 10, 0)).Reported());
        }
        cases.Add(HateReportAt(London(2026, 5, 1, 10, 0), "default"));
        var withRelated = For().At(London(2026, 5, 1, 10, 0)).Reported();
        withRelated.At(London(2026, 5, 2, 10, 0)).Do(new CaseCommand.ReceiveRelatedReport("r-2", ReportChannel.WebForm, Victim(), AsbReport(), "reporter-2", []));
        cases.Add(withRelated);
        cases.Add(For().At(London(2026, 3, 2, 10, 0)).Reported());

        var nm01 = Measures(Year2026, YearEnd, 4000, [.. cases]).Nm01;

        Assert.Equal((5, 1), (nm01.CasesOpened, nm01.HateCasesOpened));
        Assert.Equal((1.3m, 0.3m), (nm01.CasesPer1000Homes, nm01.HateCasesPer1000Homes));
        Assert.True(nm01.ForAReportingYear);
    }

    [Fact]
    public void NM01_hate_cases_are_those_on_the_five_national_strands()
    {
        var misogyny = HateReportAt(London(2026, 5, 1, 10, 0), "milton-keynes", "misogyny");
        var disability = HateReportAt(London(2026, 5, 1, 10, 0), "milton-keynes", "disability");

        var report = Measures(Year2026, YearEnd, 1000, misogyny, disability);

        Assert.Equal((2, 1), (report.Nm01.CasesOpened, report.Nm01.HateCasesOpened));
        Assert.Equal(2, report.Volumes.HateCasesOpened);
    }

    [Fact]
    public void NM01_without_the_number_of_homes_has_counts_but_no_rate()
    {
        var report = Measures(Year2026, For().At(London(2026, 5, 1, 10, 0)).Reported());

        Assert.Equal((1, null, null, null), (report.Nm01.CasesOpened, report.Nm01.HomesOwned, report.Nm01.CasesPer1000Homes, report.Nm01.HateCasesPer1000Homes));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MeasuresTally(Year2026, YearEnd, For().Profile, EnglandAndWales, 0));
    }

    [Fact]
    public void Volumes_count_cases_reports_and_hate_strands_by_channel_stage_and_month()
    {
        var race = HateReportAt(London(2026, 5, 1, 10, 0), "default");
        race.At(London(2026, 5, 3, 10, 0)).Do(new CaseCommand.ReceiveRelatedReport("r-2", ReportChannel.Email, Victim(), HateReport("religion"), "reporter-2", []));
        var asb = For().At(London(2026, 6, 1, 10, 0)).Reported(channel: ReportChannel.Phone).Converted();

        var volumes = Measures(Year2026, race, asb).Volumes;

        Assert.Equal((2, 1, 3), (volumes.CasesOpened, volumes.HateCasesOpened, volumes.ReportsReceived));
        Assert.Equal([("race", 1), ("religion", 1)], volumes.HateCasesByStrand.Select(s => (s.Code, s.Value)));
        Assert.Equal([("web-form", 1), ("phone", 1)], volumes.CasesByChannel.Select(s => (s.Code, s.Value)));
        Assert.Equal([("enquiry", 1), ("investigation", 1)], volumes.CasesByStage.Select(s => (s.Code, s.Value)));
        Assert.Equal((1, 1), (volumes.ByMonth.Single(m => m.Month == "2026-05").CasesOpened, volumes.ByMonth.Single(m => m.Month == "2026-05").HateCasesOpened));
        Assert.Equal((1, 0), (volumes.ByMonth.Single(m => m.Month == "2026-06").CasesOpened, volumes.ByMonth.Single(m => m.Month == "2026-06").HateCasesOpened));
    }

    [Fact]
    public void Hate_found_at_the_risk_assessment_counts_in_the_hate_standard_NM01_and_the_strand_counts()
    {
        // MK 9.2: hate reports responded to within 1 working day; NM01 (2): hate cases per 1,000 homes.
        var found = For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported();
        found.Do(new CaseCommand.AssessRisk("assessment-1", LowRiskAnswers with { HateMotivationPerceived = true }, ValueList.Of("disability")));
        found.At(London(2026, 6, 2, 9, 0)).Contacted();
        var asb = For("milton-keynes").At(London(2026, 6, 1, 10, 0)).Reported();

        var report = Measures(Year2026, YearEnd, 1000, found, asb);

        Assert.Equal((1, 1), (Standard(report, "hate-first-response").Met, Standard(report, "hate-first-response").Counted));
        Assert.Equal(1, report.Volumes.HateCasesOpened);
        Assert.Equal(1, report.Volumes.HateCasesByStrand.Single(s => s.Code == "disability").Value);
        Assert.Equal(1, report.Nm01.HateCasesOpened);
    }

    [Fact]
    public void A_possible_hate_email_the_assessment_finds_is_not_hate_leaves_the_hate_figures()
    {
        var cleared = For("reading").At(London(2026, 6, 1, 10, 0)).Reported(PossibleHateByEmail(), channel: ReportChannel.Email).RiskAssessed();

        var volumes = Measures(Year2026, cleared).Volumes;

        Assert.Equal((1, 0), (volumes.CasesOpened, volumes.HateCasesOpened));
    }

    [Fact]
    public void Time_to_resolve_is_the_median_and_90th_percentile_of_days_from_report_to_closure()
    {
        var cases = new List<CaseSpec>();
        // Closed after 10, 20, ... 100 days: median 55, 90th percentile 90 (the 9th of 10).
        for (var days = 10; days <= 100; days += 10)
        {
            var spec = For().At(London(2026, 5, 1, 10, 0)).Reported();
            spec.At(London(2026, 5, 1, 10, 0).AddDays(days)).Do(new CaseCommand.CloseEnquiry(spec.ReasonCode("not-asb")));
            cases.Add(spec);
        }

        var time = Measures(Year2026, [.. cases]).TimeToResolve;

        Assert.Equal((10, 55.0, 90.0), (time.CasesClosed, time.MedianDays, time.Percentile90Days));
    }

    [Fact]
    public void A_reopened_case_counts_its_reopening_and_each_closure_in_the_period_it_happened()
    {
        var spec = Closed(For().At(London(2026, 5, 1, 10, 0)).Reported().Converted(), London(2026, 6, 1, 10, 0), resolved: true);
        spec.At(London(2026, 6, 15, 10, 0)).Do(new CaseCommand.Reopen("Abuse started again."));
        Closed(spec, London(2026, 8, 1, 10, 0), resolved: false);

        var june = Measures(ReportingPeriod.Month(2026, 6, EnglandAndWales), spec);
        var year = Measures(Year2026, spec);

        Assert.Equal((1, 1, 1), (june.Reopened.Value, Standard(june, "resolved").Counted, Standard(june, "resolved").Met));
        Assert.Equal((1, 2, 1), (year.Reopened.Value, Standard(year, "resolved").Counted, Standard(year, "resolved").Met));
        Assert.Equal((1, 1), (year.Volumes.CasesOpened, year.Volumes.CasesByStage.Single().Value));
        // From the report: 31 days to the first closure, 92 to the second.
        Assert.Equal((31.0, 92.0), (june.TimeToResolve.MedianDays!.Value, Measures(ReportingPeriod.Month(2026, 8, EnglandAndWales), spec).TimeToResolve.MedianDays!.Value));
    }

    [Fact]
    public void A_complainant_told_of_the_case_review_on_a_second_report_counts_as_a_review_prompted()
    {
        var second = For().At(London(2026, 6, 1, 10, 0)).Reported(priorReports: London(2026, 3, 1, 10, 0));
        var first = For().At(London(2026, 6, 1, 10, 0)).Reported();

        Assert.Equal(1, Measures(Year2026, second, first).CaseReviewsPrompted.Value);
    }

    // Period edges in UK time: the reporting year ends at midnight on 31 March, in BST.
    [Theory]
    [InlineData(2026, 3, 31, 23, 30, 2025, 1)]
    [InlineData(2026, 4, 1, 0, 30, 2025, 0)]
    [InlineData(2026, 4, 1, 0, 30, 2026, 1)]
    [InlineData(2026, 3, 31, 23, 30, 2026, 0)]
    [InlineData(2027, 4, 1, 0, 0, 2027, 1)]
    [InlineData(2027, 3, 31, 23, 59, 2027, 0)]
    [InlineData(2027, 3, 31, 23, 59, 2026, 1)]
    public void A_case_counts_as_opened_in_the_reporting_year_of_its_UK_date(int year, int month, int day, int hour, int minute, int reportingYear, int opened)
    {
        var spec = For().At(London(year, month, day, hour, minute)).Reported();

        Assert.Equal(opened, Measures(ReportingPeriod.ReportingYear(reportingYear, EnglandAndWales), spec).Nm01.CasesOpened);
    }

    [Fact]
    public void A_case_opened_on_31_March_and_closed_on_1_April_is_opened_in_one_year_and_closed_in_the_next()
    {
        var spec = For().At(London(2026, 3, 31, 14, 0)).Reported();
        spec.At(London(2026, 4, 1, 11, 0)).Do(new CaseCommand.CloseEnquiry(spec.ReasonCode("not-asb")));

        var before = Measures(ReportingPeriod.ReportingYear(2025, EnglandAndWales), spec);
        var after = Measures(Year2026, spec);

        Assert.Equal((1, 0), (before.Volumes.CasesOpened, before.TimeToResolve.CasesClosed));
        Assert.Equal((0, 1, 1.0), (after.Volumes.CasesOpened, after.TimeToResolve.CasesClosed, after.TimeToResolve.MedianDays));
        Assert.Equal("closed", Assert.Single(before.Volumes.CasesByStage).Code);
    }

    [Theory]
    [InlineData("2026-04-01", "2027-03-31", "2026-03-31T23:00:00Z", "2027-03-31T23:00:00Z")]
    [InlineData("2026-01-01", "2026-03-31", "2026-01-01T00:00:00Z", "2026-03-31T23:00:00Z")]
    [InlineData("2026-10-25", "2026-10-25", "2026-10-24T23:00:00Z", "2026-10-26T00:00:00Z")]
    public void A_period_runs_from_the_start_of_its_first_UK_day_to_the_start_of_the_day_after_its_last(string first, string last, string from, string to)
    {
        var period = ReportingPeriod.Dates(DateOnly.Parse(first), DateOnly.Parse(last), EnglandAndWales);

        Assert.Equal((DateTimeOffset.Parse(from), DateTimeOffset.Parse(to)), (period.From, period.To));
    }

    [Fact]
    public void Reporting_years_their_quarters_and_months_are_whole_UK_dates()
    {
        Assert.Equal("2026-04-01 to 2027-03-31", ReportingPeriod.ReportingYear(2026, EnglandAndWales).ToString());
        Assert.Equal("2026-10-01 to 2026-12-31", ReportingPeriod.Quarter(2026, 3, EnglandAndWales).ToString());
        Assert.Equal("2027-01-01 to 2027-03-31", ReportingPeriod.Quarter(2026, 4, EnglandAndWales).ToString());
        Assert.Equal("2028-02-01 to 2028-02-29", ReportingPeriod.Month(2028, 2, EnglandAndWales).ToString());
        Assert.Equal(2025, ReportingPeriod.ReportingYearOf(new DateOnly(2026, 3, 31)));
        Assert.Equal(2026, ReportingPeriod.ReportingYearOf(new DateOnly(2026, 4, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportingPeriod.Dates(new DateOnly(2026, 5, 2), new DateOnly(2026, 5, 1), EnglandAndWales));
    }

    [Fact]
    public void The_facts_built_turn_by_turn_are_the_facts_of_the_whole_chronology()
    {
        var spec = Closed(HateReportAt(London(2026, 5, 1, 10, 0)).Contacted().Converted(), London(2026, 6, 1, 10, 0));
        spec.At(London(2026, 6, 2, 10, 0)).Do(new CaseCommand.RecordSurveyAnswer(4, 5, true, "Thank you."));
        var history = spec.History;

        CaseMeasureFacts? turnByTurn = null;
        var state = CaseState.Initial;
        for (var i = 0; i < history.Count; i += 3)
        {
            var turn = history.Skip(i).Take(3).ToList();
            state = turn.Aggregate(state, Case.Evolve);
            turnByTurn = CaseMeasureFacts.Next(turnByTurn, turn, state);
        }

        Assert.Equal(CaseMeasureFacts.Of(history), turnByTurn);
    }

    [Fact]
    public void The_facts_hold_no_name_contact_detail_or_free_text()
    {
        var spec = Closed(HateReportAt(London(2026, 5, 1, 10, 0)).Contacted().Converted(), London(2026, 6, 1, 10, 0));
        spec.At(London(2026, 6, 2, 10, 0)).Do(new CaseCommand.RecordSurveyAnswer(4, 5, true, "My neighbour Pat was kind."));

        var json = JsonSerializer.Serialize(CaseMeasureFacts.Of(spec.History));

        foreach (var personal in new[] { "A Resident", "victim@example.org", "07700", "Racist abuse", "Stairwell", "Pat", "reporter-1", "party-1" })
        {
            Assert.DoesNotContain(personal, json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_case_is_settled_once_closed_with_nothing_left_to_happen_and_not_before()
    {
        var spec = For("milton-keynes").At(London(2026, 5, 1, 10, 0)).Reported().Converted();
        Assert.Null(CaseMeasureFacts.Of(spec.History)!.SettledAt);

        Closed(spec, London(2026, 6, 1, 10, 0));
        Assert.Null(CaseMeasureFacts.Of(spec.History)!.SettledAt);

        spec.At(London(2026, 6, 3, 10, 0)).Do(new CaseCommand.RecordSurveyAnswer(4, 5, true, null));
        Assert.Equal(London(2026, 6, 3, 10, 0), CaseMeasureFacts.Of(spec.History)!.SettledAt);
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

        var evaluations = CaseMeasures.CaseReviewThresholds([new CaseRecord("case", spec.History.ToList())], London(2026, 7, 2, 10, 0), spec.Profile.CaseReview);

        Assert.True(evaluations["reporter-1"].ThresholdMet);
        Assert.Contains("3 incidents about the same party reported by you in the 6 months to 2 July 2026; 3 are needed.", evaluations["reporter-1"].Reasons);
        Assert.True(evaluations["reporter-2"].ThresholdMet);
        // The group counts each incident once: the 2 reports and the 2 logged incidents.
        Assert.Contains("4 incidents about the party you reported, by 2 people, in the 6 months to 2 July 2026; 5 are needed, from more than one person.", evaluations["reporter-1"].Reasons);
    }

    [Fact]
    public void Three_reports_from_one_victim_about_one_neighbour_in_six_months_meet_the_case_review_threshold()
    {
        var first = For().At(London(2026, 5, 1, 10, 0)).Reported();
        first.At(London(2026, 6, 1, 10, 0)).Do(new CaseCommand.LogIncident("i-2", London(2026, 5, 31, 22, 0), "Again.", false, "reporter-1", "party-1"));
        first.At(London(2026, 7, 1, 10, 0)).Do(new CaseCommand.LogIncident("i-3", London(2026, 6, 30, 22, 0), "Again.", false, "reporter-1", "party-1"));
        var other = For().At(London(2026, 5, 1, 10, 0));
        other.Do(new CaseCommand.ReportCase("HC-2026-000300", ReportChannel.WebForm, Victim(), AsbReport(), "i-1", "reporter-9", [], false));

        var evaluations = CaseMeasures.CaseReviewThresholds(
            [new CaseRecord("a", first.History.ToList()), new CaseRecord("b", other.History.ToList())], London(2026, 7, 2, 10, 0), first.Profile.CaseReview);

        Assert.True(evaluations["reporter-1"].ThresholdMet);
        Assert.False(evaluations["reporter-9"].ThresholdMet);
        Assert.True(evaluations["reporter-9"].InformalReviewOffered);
    }
}
