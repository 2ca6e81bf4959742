using System.Globalization;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;

namespace HateCase.Domain.Tests.Risk;

public class CaseReviewThresholdTests
{
    private const string Applicant = "resident-applicant";
    private const string Neighbour = "household-flat-3";
    private const string OtherNeighbour = "household-flat-7";

    // RBC 10: 3 from one person or 5 from a group in 6 months, 5 hate incidents in 3 months,
    // last incident within 1 month.
    private static readonly CaseReviewThresholds Reading = new(
        IncidentsFromOnePerson: 3,
        IncidentsFromGroup: 5,
        WindowMonths: 6,
        HateIncidents: 5,
        HateWindowMonths: 3,
        LastIncidentWithinMonths: 1);

    // Only the hate route can be met, so each hate test checks that route alone.
    private static readonly CaseReviewThresholds HateRouteOnly = Reading with { IncidentsFromOnePerson = 99, IncidentsFromGroup = 99 };

    // Only the group route can be met.
    private static readonly CaseReviewThresholds GroupRouteOnly = Reading with { IncidentsFromOnePerson = 99, HateIncidents = 99 };

    private static readonly DateTimeOffset AppliedAt = At("2026-03-04T10:00:00+00:00");

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static ReportedIncident Report(
        DateTimeOffset reportedAt,
        string reporter = Applicant,
        string? party = Neighbour,
        bool hate = false,
        DateTimeOffset? occurredAt = null) =>
        new(reportedAt, occurredAt ?? reportedAt, reporter, party, hate);

    private static ReportedIncident[] ByApplicant(int count, string party = Neighbour) =>
        Enumerable.Range(1, count).Select(n => Report(AppliedAt.AddDays(-7 * n), party: party)).ToArray();

    [Fact]
    public void Three_reports_about_the_same_neighbour_in_six_months_meet_the_case_review_threshold()
    {
        ReportedIncident[] incidents =
        [
            Report(At("2025-10-01T09:00:00+01:00")),
            Report(At("2025-12-01T18:30:00+00:00")),
            Report(At("2026-02-20T21:15:00+00:00")),
        ];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, Reading);

        Assert.True(result.ThresholdMet);
        Assert.False(result.InformalReviewOffered);
        Assert.Contains("3 incidents about the same party reported by you in the 6 months to 4 March 2026; 3 are needed.", result.Reasons);
        Assert.Equal("The ASB Case Review threshold is met.", result.Reasons[^1]);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public void Reports_from_one_person_must_reach_the_profile_s_count(int reports, bool met)
    {
        var result = CaseReviewThreshold.Evaluate(ByApplicant(reports), Applicant, AppliedAt, Reading);

        Assert.Equal(met, result.ThresholdMet);
        Assert.Equal(!met, result.InformalReviewOffered);
    }

    [Fact]
    public void Short_of_the_threshold_the_reasons_say_what_was_counted_and_offer_an_informal_review()
    {
        var result = CaseReviewThreshold.Evaluate(ByApplicant(2), Applicant, AppliedAt, Reading);

        Assert.False(result.ThresholdMet);
        Assert.True(result.InformalReviewOffered);
        Assert.Equal(
            new[]
            {
                "The last incident happened on 25 February 2026, within 1 month of the application on 4 March 2026.",
                "2 incidents about the same party reported by you in the 6 months to 4 March 2026; 3 are needed.",
                "2 incidents about the party you reported, by 1 person, in the 6 months to 4 March 2026; 5 are needed, from more than one person.",
                "0 hate incidents about the same party in the 3 months to 4 March 2026; 5 are needed.",
                "The ASB Case Review threshold is not met, so an informal review by the team leader is offered.",
            },
            result.Reasons);
    }

    [Fact]
    public void Reports_about_different_parties_are_not_pooled_for_the_one_person_rule()
    {
        ReportedIncident[] incidents = [.. ByApplicant(2, Neighbour), Report(AppliedAt.AddDays(-30), party: OtherNeighbour)];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, Reading);

        Assert.False(result.ThresholdMet);
        Assert.Contains("2 incidents about the same party reported by you in the 6 months to 4 March 2026; 3 are needed.", result.Reasons);
    }

    [Fact]
    public void Reports_by_someone_else_do_not_count_towards_the_applicant_s_own_total()
    {
        ReportedIncident[] incidents = [.. ByApplicant(2), Report(AppliedAt.AddDays(-30), reporter: "resident-next-door")];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, Reading);

        Assert.False(result.ThresholdMet);
        Assert.Contains("2 incidents about the same party reported by you in the 6 months to 4 March 2026; 3 are needed.", result.Reasons);
        Assert.Contains("3 incidents about the party you reported, by 2 people, in the 6 months to 4 March 2026; 5 are needed, from more than one person.", result.Reasons);
    }

    [Fact]
    public void Reports_with_no_known_party_do_not_count_as_about_the_same_party()
    {
        ReportedIncident[] incidents = [.. ByApplicant(2), Report(AppliedAt.AddDays(-30), party: null)];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, Reading);

        Assert.False(result.ThresholdMet);
    }

    // Windows run whole calendar months back from the application; the boundary is inside.
    [Theory]
    [InlineData("2026-03-04T10:00:00+00:00", "2025-09-04T11:00:00+01:00", true)]
    [InlineData("2026-03-04T10:00:00+00:00", "2025-09-03T11:00:00+01:00", false)]
    [InlineData("2026-03-04T10:00:00+00:00", "2025-09-04T09:59:59+00:00", false)]
    [InlineData("2026-08-31T12:00:00+01:00", "2026-02-28T11:00:00+00:00", true)]
    [InlineData("2026-08-31T12:00:00+01:00", "2026-02-27T11:00:00+00:00", false)]
    public void The_oldest_of_three_reports_counts_when_exactly_six_months_back_but_not_a_day_more(
        string appliedAt, string oldestReportedAt, bool met)
    {
        var applied = At(appliedAt);
        ReportedIncident[] incidents =
        [
            Report(At(oldestReportedAt)),
            Report(applied.AddDays(-20)),
            Report(applied.AddDays(-10)),
        ];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, applied, Reading);

        Assert.Equal(met, result.ThresholdMet);
    }

    [Fact]
    public void An_incident_older_than_a_month_at_application_does_not_meet_the_threshold()
    {
        ReportedIncident[] incidents =
        [
            Report(At("2025-12-01T10:00:00+00:00")),
            Report(At("2026-01-10T10:00:00+00:00")),
            Report(At("2026-01-20T10:00:00+00:00")),
        ];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, Reading);

        Assert.False(result.ThresholdMet);
        Assert.True(result.InformalReviewOffered);
        Assert.Equal(
            "The last incident happened on 20 January 2026, more than 1 month before the application on 4 March 2026; it must be within 1 month.",
            result.Reasons[0]);
        Assert.Contains("3 incidents about the same party reported by you in the 6 months to 4 March 2026; 3 are needed.", result.Reasons);
    }

    [Theory]
    [InlineData("2026-02-04T10:00:00+00:00", true)]
    [InlineData("2026-02-03T10:00:00+00:00", false)]
    public void The_last_incident_may_be_exactly_a_month_before_the_application_but_not_a_day_more(string lastOccurredAt, bool met)
    {
        var last = At(lastOccurredAt);
        ReportedIncident[] incidents =
        [
            Report(At("2025-12-01T10:00:00+00:00")),
            Report(At("2026-01-10T10:00:00+00:00")),
            Report(last),
        ];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, Reading);

        Assert.Equal(met, result.ThresholdMet);
    }

    [Fact]
    public void A_recent_report_of_an_old_incident_does_not_make_the_last_incident_recent()
    {
        ReportedIncident[] incidents =
        [
            Report(At("2025-12-01T10:00:00+00:00")),
            Report(At("2026-01-10T10:00:00+00:00")),
            Report(At("2026-03-01T10:00:00+00:00"), occurredAt: At("2026-01-12T22:00:00+00:00")),
        ];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, Reading);

        Assert.False(result.ThresholdMet);
        Assert.StartsWith("The last incident happened on 12 January 2026, more than 1 month", result.Reasons[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void A_group_of_residents_meets_the_threshold_with_five_incidents_about_the_same_household_in_six_months(int reports, bool met)
    {
        // The applicant reports once; the one-person route cannot be what meets it.
        string[] group = [Applicant, "resident-2", "resident-3"];
        var incidents = Enumerable.Range(0, reports)
            .Select(n => Report(AppliedAt.AddDays(-10 - 20 * n), reporter: group[n % group.Length]));

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, GroupRouteOnly);

        Assert.Equal(met, result.ThresholdMet);
    }

    [Fact]
    public void Five_incidents_all_from_one_reporter_are_not_a_group()
    {
        var incidents = ByApplicant(5);

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, GroupRouteOnly);

        Assert.False(result.ThresholdMet);
        Assert.Contains("5 incidents about the party you reported, by 1 person, in the 6 months to 4 March 2026; 5 are needed, from more than one person.", result.Reasons);
    }

    [Fact]
    public void Five_incidents_reported_by_a_group_must_be_about_the_same_problem_as_the_applicant_s()
    {
        // RBC 10: "Five or more separate ASB incidents reported by a group", read with the
        // statutory guidance as incidents about the same matter: here five neighbours each
        // report a different household, and the applicant a sixth.
        var incidents = Enumerable.Range(0, 5)
            .Select(n => Report(AppliedAt.AddDays(-10 - 20 * n), reporter: $"resident-{n}", party: $"household-{n}"))
            .Append(Report(AppliedAt.AddDays(-5)));

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, GroupRouteOnly);

        Assert.False(result.ThresholdMet);
        Assert.Contains("1 incident about the party you reported, by 1 person, in the 6 months to 4 March 2026; 5 are needed, from more than one person.", result.Reasons);
    }

    [Fact]
    public void A_group_reporting_a_household_the_applicant_never_reported_is_not_the_applicant_s_group()
    {
        var incidents = Enumerable.Range(0, 5)
            .Select(n => Report(AppliedAt.AddDays(-10 - 20 * n), reporter: $"resident-{n % 2}", party: OtherNeighbour))
            .Append(Report(AppliedAt.AddDays(-5)));

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, GroupRouteOnly);

        Assert.False(result.ThresholdMet);
    }

    [Fact]
    public void One_incident_listed_for_each_of_its_complainants_is_counted_once_for_the_group()
    {
        // An incident an officer logs on a case counts for each complainant, as one incident.
        var incidents = Enumerable.Range(0, 4)
            .SelectMany(n => new[] { Applicant, "resident-2" }.Select(r => Report(AppliedAt.AddDays(-10 - 20 * n), reporter: r) with { IncidentId = $"case-1/incident-{n}" }));

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, GroupRouteOnly);

        Assert.False(result.ThresholdMet);
        Assert.Contains("4 incidents about the party you reported, by 2 people, in the 6 months to 4 March 2026; 5 are needed, from more than one person.", result.Reasons);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void Five_hate_incidents_about_the_same_party_in_three_months_meet_the_threshold(int reports, bool met)
    {
        var incidents = Enumerable.Range(0, reports)
            .Select(n => Report(AppliedAt.AddDays(-5 - 10 * n), reporter: $"witness-{n}", hate: true));

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, HateRouteOnly);

        Assert.Equal(met, result.ThresholdMet);
        Assert.Contains($"{reports} hate incidents about the same party in the 3 months to 4 March 2026; 5 are needed.", result.Reasons);
    }

    [Theory]
    [InlineData("2025-12-04T10:00:00+00:00", true)]
    [InlineData("2025-12-03T10:00:00+00:00", false)]
    public void A_hate_incident_counts_when_exactly_three_months_back_but_not_a_day_more(string oldestReportedAt, bool met)
    {
        ReportedIncident[] incidents =
        [
            Report(At(oldestReportedAt), hate: true),
            .. Enumerable.Range(1, 4).Select(n => Report(AppliedAt.AddDays(-7 * n), hate: true)),
        ];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, HateRouteOnly);

        Assert.Equal(met, result.ThresholdMet);
    }

    [Fact]
    public void Hate_incidents_about_different_parties_are_not_pooled()
    {
        var incidents = Enumerable.Range(0, 5)
            .Select(n => Report(AppliedAt.AddDays(-5 - 10 * n), hate: true, party: n < 3 ? Neighbour : OtherNeighbour));

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, HateRouteOnly);

        Assert.False(result.ThresholdMet);
        Assert.Contains("3 hate incidents about the same party in the 3 months to 4 March 2026; 5 are needed.", result.Reasons);
    }

    [Fact]
    public void Incidents_not_perceived_as_hate_do_not_count_towards_the_hate_route()
    {
        var incidents = Enumerable.Range(0, 5)
            .Select(n => Report(AppliedAt.AddDays(-5 - 10 * n), hate: n > 0));

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, HateRouteOnly);

        Assert.False(result.ThresholdMet);
        Assert.Contains("4 hate incidents about the same party in the 3 months to 4 March 2026; 5 are needed.", result.Reasons);
    }

    [Fact]
    public void Where_the_profile_needs_one_hate_incident_a_single_hate_report_meets_the_threshold()
    {
        var oneHateSuffices = Reading with { HateIncidents = 1 };

        var result = CaseReviewThreshold.Evaluate([Report(AppliedAt.AddDays(-3), hate: true)], Applicant, AppliedAt, oneHateSuffices);

        Assert.True(result.ThresholdMet);
        Assert.Contains("1 hate incident about the same party in the 3 months to 4 March 2026; 1 is needed.", result.Reasons);
    }

    [Fact]
    public void Incidents_reported_after_the_application_are_ignored()
    {
        ReportedIncident[] incidents = [.. ByApplicant(2), Report(AppliedAt.AddMinutes(1))];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, Reading);

        Assert.False(result.ThresholdMet);
        Assert.Contains("2 incidents about the same party reported by you in the 6 months to 4 March 2026; 3 are needed.", result.Reasons);
    }

    [Fact]
    public void An_incident_reported_at_the_moment_of_application_counts()
    {
        ReportedIncident[] incidents = [.. ByApplicant(2), Report(AppliedAt)];

        var result = CaseReviewThreshold.Evaluate(incidents, Applicant, AppliedAt, Reading);

        Assert.True(result.ThresholdMet);
    }

    [Fact]
    public void With_no_incidents_reported_the_threshold_is_not_met_and_an_informal_review_is_offered()
    {
        var result = CaseReviewThreshold.Evaluate([], Applicant, AppliedAt, Reading);

        Assert.False(result.ThresholdMet);
        Assert.True(result.InformalReviewOffered);
        Assert.Equal("No incident was reported before the application on 4 March 2026.", result.Reasons[0]);
    }

    [Fact]
    public void An_application_needs_an_applicant()
    {
        Assert.ThrowsAny<ArgumentException>(() => CaseReviewThreshold.Evaluate(ByApplicant(3), " ", AppliedAt, Reading));
    }

    [Fact]
    public void A_profile_window_of_zero_months_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => CaseReviewThreshold.Evaluate(ByApplicant(3), Applicant, AppliedAt, Reading with { WindowMonths = 0 }));

        Assert.Equal("WindowMonths", error.ParamName);
    }

    // Statutory guidance (2025): explain the case review to every victim making a second report
    // within six months.
    [Theory]
    [InlineData("2025-09-04T11:00:00+01:00", true)]
    [InlineData("2026-01-15T08:00:00+00:00", true)]
    [InlineData("2025-09-03T11:00:00+01:00", false)]
    [InlineData("2026-03-04T10:00:00+00:00", false)]
    [InlineData("2026-03-05T10:00:00+00:00", false)]
    public void A_second_report_within_six_months_is_when_the_case_review_must_be_explained(string priorReportedAt, bool second)
    {
        ReportedIncident[] prior = [Report(At(priorReportedAt))];

        Assert.Equal(second, CaseReviewThreshold.IsSecondReportWithinSixMonths(prior, AppliedAt));
    }

    [Fact]
    public void A_first_report_is_not_a_second_report()
    {
        Assert.False(CaseReviewThreshold.IsSecondReportWithinSixMonths([], AppliedAt));
    }
}
