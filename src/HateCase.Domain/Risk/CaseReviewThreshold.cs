using System.Globalization;
using HateCase.Domain.Profiles;

namespace HateCase.Domain.Risk;

// One reported incident as the ASB Case Review counts it. ReporterKey identifies who reported it;
// PartyKey the alleged perpetrator or household (null when not known), so that reports about the
// same party can be counted together (RBC 10: "the same alleged perpetrator(s) or household").
// IncidentId: one incident that counts for several complainants (an officer logged it on their
// case) is listed once for each of them with the same id, and counted once where all reporters count.
public sealed record ReportedIncident(
    DateTimeOffset ReportedAt, DateTimeOffset OccurredAt, string ReporterKey, string? PartyKey, bool IsHate, string? IncidentId = null);

// InformalReviewOffered: MK 7.8, where the statutory threshold is not met the complainant can
// have an informal case review by the ASB team leader.
public sealed record CaseReviewEvaluation(bool ThresholdMet, IReadOnlyList<string> Reasons, bool InformalReviewOffered);

// The statutory ASB Case Review (Anti-social Behaviour, Crime and Policing Act 2014 s.104,
// formerly the "community trigger"); thresholds as in RBC 10 and the landlord's profile.
public static class CaseReviewThreshold
{
    // Statutory guidance (2025): the case review must be explained to every victim who makes a
    // second report within six months, whether or not the threshold is met.
    public const int SecondReportWindowMonths = 6;

    // RBC 10: an application can be made when the last incident is within a month of it and any
    // one of the three counts is reached. Windows run back whole calendar months from the
    // application, boundary included; reports after the application are ignored.
    public static CaseReviewEvaluation Evaluate(
        IEnumerable<ReportedIncident> incidents,
        string applicantKey,
        DateTimeOffset applicationAt,
        CaseReviewThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentException.ThrowIfNullOrWhiteSpace(applicantKey);
        ArgumentNullException.ThrowIfNull(thresholds);
        Validate(thresholds);

        var known = incidents.ToList();
        if (known.Any(i => i is null))
        {
            throw new ArgumentException("The incident list contains a null incident.", nameof(incidents));
        }

        var before = known.Where(i => i.ReportedAt <= applicationAt).ToList();
        var on = Date(applicationAt);
        var reasons = new List<string>();

        var lastIncidentRecent = false;
        if (before.Count == 0)
        {
            reasons.Add($"No incident was reported before the application on {on}.");
        }
        else
        {
            var last = before.Max(i => i.OccurredAt);
            lastIncidentRecent = last >= applicationAt.AddMonths(-thresholds.LastIncidentWithinMonths);
            reasons.Add(lastIncidentRecent
                ? $"The last incident happened on {Date(last)}, within {Months(thresholds.LastIncidentWithinMonths)} of the application on {on}."
                : $"The last incident happened on {Date(last)}, more than {Months(thresholds.LastIncidentWithinMonths)} before the application on {on}; it must be within {Months(thresholds.LastIncidentWithinMonths)}.");
        }

        var window = ReportedWithin(before, applicationAt, thresholds.WindowMonths);

        // RBC 10: at least three incidents about the same alleged perpetrator or household
        // reported by one person, the applicant.
        var fromApplicant = LargestCountForOneParty(window.Where(i => i.ReporterKey == applicantKey));
        var onePersonMet = fromApplicant >= thresholds.IncidentsFromOnePerson;
        reasons.Add($"{Incidents(fromApplicant)} about the same party reported by you in the {Months(thresholds.WindowMonths)} to {on}; {Needed(thresholds.IncidentsFromOnePerson)}.");

        // RBC 10: five or more incidents reported by a group. The group is the people reporting the
        // same problem as the applicant: incidents about a party the applicant has reported,
        // from more than one reporter, the applicant among them.
        var (groupCount, reporters) = LargestGroupAboutTheApplicantsParty(window, applicantKey);
        var groupMet = groupCount >= thresholds.IncidentsFromGroup && reporters > 1;
        reasons.Add($"{Incidents(groupCount)} about the party you reported, by {People(reporters)}, in the {Months(thresholds.WindowMonths)} to {on}; {Needed(thresholds.IncidentsFromGroup)}, from more than one person.");

        // RBC 10: five or more hate incidents about the same alleged perpetrator, by any reporter.
        var hateWindow = Once(ReportedWithin(before, applicationAt, thresholds.HateWindowMonths)).Where(i => i.IsHate);
        var hate = LargestCountForOneParty(hateWindow);
        var hateMet = hate >= thresholds.HateIncidents;
        reasons.Add($"{Incidents(hate, "hate incident")} about the same party in the {Months(thresholds.HateWindowMonths)} to {on}; {Needed(thresholds.HateIncidents)}.");

        var met = lastIncidentRecent && (onePersonMet || groupMet || hateMet);
        reasons.Add(met
            ? "The ASB Case Review threshold is met."
            : "The ASB Case Review threshold is not met, so an informal review by the team leader is offered.");

        return new CaseReviewEvaluation(met, reasons, InformalReviewOffered: !met);
    }

    // True when at least one earlier report by the same reporter falls within the six calendar
    // months before this one (boundary included). The caller passes that reporter's reports only;
    // a report at the same instant as this one is taken to be this report.
    public static bool IsSecondReportWithinSixMonths(IEnumerable<ReportedIncident> priorReportsByReporter, DateTimeOffset reportAt)
    {
        ArgumentNullException.ThrowIfNull(priorReportsByReporter);
        var from = reportAt.AddMonths(-SecondReportWindowMonths);
        return priorReportsByReporter.Any(r => r is not null && r.ReportedAt >= from && r.ReportedAt < reportAt);
    }

    private static List<ReportedIncident> ReportedWithin(IEnumerable<ReportedIncident> incidents, DateTimeOffset applicationAt, int months)
    {
        var from = applicationAt.AddMonths(-months);
        return incidents.Where(i => i.ReportedAt >= from).ToList();
    }

    private static (int Incidents, int Reporters) LargestGroupAboutTheApplicantsParty(List<ReportedIncident> window, string applicantKey) =>
        window
            .Where(i => i.ReporterKey == applicantKey && i.PartyKey is not null)
            .Select(i => i.PartyKey!)
            .Distinct(StringComparer.Ordinal)
            .Select(party =>
            {
                var about = window.Where(i => i.PartyKey == party).ToList();
                return (Incidents: Once(about).Count(), Reporters: about.Select(i => i.ReporterKey).Distinct(StringComparer.Ordinal).Count());
            })
            .OrderByDescending(g => g.Incidents)
            .ThenByDescending(g => g.Reporters)
            .FirstOrDefault();

    // An incident listed once for each complainant it counts for is one incident.
    private static IEnumerable<ReportedIncident> Once(IEnumerable<ReportedIncident> incidents)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return incidents.Where(i => i.IncidentId is null || seen.Add(i.IncidentId));
    }

    // Incidents with no known party cannot show behaviour by "the same" party, so they are left out.
    private static int LargestCountForOneParty(IEnumerable<ReportedIncident> incidents) =>
        incidents
            .Where(i => i.PartyKey is not null)
            .GroupBy(i => i.PartyKey, StringComparer.Ordinal)
            .Select(g => g.Count())
            .DefaultIfEmpty(0)
            .Max();

    private static void Validate(CaseReviewThresholds t)
    {
        Positive(t.IncidentsFromOnePerson, nameof(t.IncidentsFromOnePerson));
        Positive(t.IncidentsFromGroup, nameof(t.IncidentsFromGroup));
        Positive(t.WindowMonths, nameof(t.WindowMonths));
        Positive(t.HateIncidents, nameof(t.HateIncidents));
        Positive(t.HateWindowMonths, nameof(t.HateWindowMonths));
        Positive(t.LastIncidentWithinMonths, nameof(t.LastIncidentWithinMonths));
    }

    private static void Positive(int value, string field)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field} must be at least 1.");
        }
    }

    private static string Date(DateTimeOffset at) => at.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Months(int n) => n == 1 ? "1 month" : $"{n} months";

    private static string People(int n) => n == 1 ? "1 person" : $"{n} people";

    private static string Incidents(int n, string noun = "incident") => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Needed(int n) => n == 1 ? "1 is needed" : $"{n} are needed";
}
