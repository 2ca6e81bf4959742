using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;
using static HateCase.Domain.Cases.CaseEvent;

namespace HateCase.Domain.Measures;

// One case as the measures read it: its chronology is the record every figure comes from.
public sealed record CaseRecord(string CaseId, IReadOnlyList<CaseEvent> Events)
{
    public CaseState State { get; } = Case.Fold(Events);
}

// The measures of a period over the cases' facts (MeasuresTally), and the ASB Case Review
// thresholds, which look across cases at one complainant's incidents.
public static class CaseMeasures
{
    public static MeasuresReport For(IEnumerable<CaseRecord> cases, ReportingPeriod period, DateTimeOffset asOf,
        ServiceProfile profile, WorkingCalendar calendar, int? homesOwned = null) =>
        MeasuresTally.Count(cases.Select(c => CaseMeasureFacts.Of(c.Events)).OfType<CaseMeasureFacts>(), period, asOf, profile, calendar, homesOwned);

    // The statutory ASB Case Review, evaluated for each complainant over their incidents
    // across all cases (RBC 10; rolling windows back from `at`).
    public static IReadOnlyDictionary<string, CaseReviewEvaluation> CaseReviewThresholds(
        IEnumerable<CaseRecord> cases, DateTimeOffset at, CaseReviewThresholds thresholds)
    {
        var incidents = cases.SelectMany(ReviewIncidents).ToList();
        return incidents.Select(i => i.ReporterKey).Distinct()
            .ToDictionary(reporter => reporter, reporter => CaseReviewThreshold.Evaluate(incidents, reporter, at, thresholds));
    }

    // RBC 10: an incident an officer logged on a case, with no reporter named, counts for each of
    // the case's complainants (the reporter of the case and of each related report accepted).
    private static IEnumerable<ReportedIncident> ReviewIncidents(CaseRecord record)
    {
        if (record.State.FileOrNull is not { } file)
        {
            return [];
        }
        var counted = file.Incidents.Where(i => !i.AwaitingOfficerDecision).ToList();
        var complainants = counted.Select(i => i.ReporterKey).Append(file.ReporterKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return counted.SelectMany(i => (i.ReporterKey is { } reporter ? [reporter] : complainants)
            .Select(r => new ReportedIncident(i.ReportedAt, i.OccurredAt, r, i.PartyKey, i.IsHate, $"{record.CaseId}/{i.Id}")));
    }
}
