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

// A reporting period [From, To).
public sealed record ReportingPeriod(DateTimeOffset From, DateTimeOffset To)
{
    public bool Contains(DateTimeOffset at) => at >= From && at < To;
}

// Met out of counted; Percent is null when nothing was counted (no figure, rather than 100%).
public sealed record Rate(string Name, int Met, int Counted, decimal TargetPercent)
{
    public decimal? Percent => Counted == 0 ? null : Math.Round(100m * Met / Counted, 1, MidpointRounding.AwayFromZero);

    public bool? OnTarget => Percent is { } p ? p >= TargetPercent : null;
}

public sealed record ServiceStandards(Rate HateReportsRespondedToWithinOneWorkingDay, Rate ComplainantsContactedOnTime, Rate VictimsCodeSentAtReport);

public sealed record KeyPerformanceIndicators(Rate ResolvedSuccessfully, Rate SatisfiedWithHandling, Rate SatisfiedWithOutcome);

public sealed record TimeToResolve(int CasesClosed, double? MedianCalendarDays, double? MeanCalendarDays, double? MedianWorkingDays);

public sealed record Volumes(int CasesOpened, int HateCasesOpened, int ReportsReceived, IReadOnlyDictionary<string, int> HateCasesByStrand);

// Regulator of Social Housing TSM NM01: ASB cases, and ASB cases involving hate incidents,
// opened in the year per 1,000 homes owned.
public sealed record Nm01(int CasesOpened, int HateCasesOpened, int HomesOwned, decimal CasesPer1000Homes, decimal HateCasesPer1000Homes);

public static class CaseMeasures
{
    // MK 9.2: the service standards' target is 100%; MK 9.3 KPI targets.
    public const decimal ServiceStandardTarget = 100m;
    public const decimal ResolvedTarget = 80m;
    public const decimal SatisfactionTarget = 70m;

    // 4 or 5 on the 5-point scale counts as satisfied (fairly or very), as the TSMs count it.
    public const int SatisfiedFrom = 4;

    public static ServiceStandards Standards(IEnumerable<CaseRecord> cases, ReportingPeriod period)
    {
        var list = cases.ToList();
        var hateFirstResponses = list.Where(c => c.State.FileOrNull?.IsHate == true)
            .SelectMany(c => Outcomes(c, DeadlineKind.FirstResponse)).Where(o => period.Contains(o.DueAt)).ToList();
        var regularContacts = list.SelectMany(c => Outcomes(c, DeadlineKind.RegularContact)).Where(o => period.Contains(o.DueAt)).ToList();
        var reportsOwedTheCode = list
            .Select(c => (Report: c.Events.OfType<ReportReceived>().FirstOrDefault(), c.Events))
            .Where(r => r.Report is not null && period.Contains(r.Report.At) && r.Report.Complainant.CanBeContacted)
            .ToList();
        return new ServiceStandards(
            new Rate("Hate reports responded to within 1 working day", hateFirstResponses.Count(o => o.OnTime), hateFirstResponses.Count, ServiceStandardTarget),
            new Rate("Complainants contacted on time", regularContacts.Count(o => o.OnTime), regularContacts.Count, ServiceStandardTarget),
            new Rate("Victims Code sent when the report was made",
                reportsOwedTheCode.Count(r => r.Events.OfType<VictimsCodeSent>().Any(v => v.At == r.Report!.At)),
                reportsOwedTheCode.Count, ServiceStandardTarget));
    }

    public static KeyPerformanceIndicators Kpis(IEnumerable<CaseRecord> cases, ReportingPeriod period)
    {
        var events = cases.SelectMany(c => c.Events).Where(e => period.Contains(e.At)).ToList();
        var closures = events.Select(e => e switch
        {
            CaseClosed c => (bool?)c.Resolved,
            EnquiryClosed c => c.Resolved,
            _ => null,
        }).OfType<bool>().ToList();
        var answers = events.OfType<SurveyAnswered>().ToList();
        return new KeyPerformanceIndicators(
            new Rate("Cases resolved successfully", closures.Count(r => r), closures.Count, ResolvedTarget),
            new Rate("Satisfied with the handling of the case", answers.Count(a => a.SatisfactionWithHandling >= SatisfiedFrom), answers.Count, SatisfactionTarget),
            new Rate("Satisfied with the outcome of the case", answers.Count(a => a.SatisfactionWithOutcome >= SatisfiedFrom), answers.Count, SatisfactionTarget));
    }

    // MKAR 3: first response on time by seriousness, by the risk level when the deadline was set.
    public static IReadOnlyDictionary<RiskLevel, Rate> FirstResponseOnTimeByRisk(IEnumerable<CaseRecord> cases, ReportingPeriod period)
    {
        var outcomes = cases.SelectMany(c => Outcomes(c, DeadlineKind.FirstResponse)).Where(o => period.Contains(o.DueAt)).ToList();
        return Enum.GetValues<RiskLevel>().ToDictionary(
            level => level,
            level =>
            {
                var atLevel = outcomes.Where(o => o.RiskWhenSet == level).ToList();
                return new Rate($"{level} risk responded to on time", atLevel.Count(o => o.OnTime), atLevel.Count, ServiceStandardTarget);
            });
    }

    public static TimeToResolve TimeToResolve(IEnumerable<CaseRecord> cases, ReportingPeriod period, WorkingCalendar calendar)
    {
        var durations = cases
            .SelectMany(c => c.Events.Select(e => (Reported: c.Events.OfType<ReportReceived>().First().At, Event: e)))
            .Where(x => x.Event is CaseClosed or EnquiryClosed && period.Contains(x.Event.At))
            .Select(x => (Days: (x.Event.At - x.Reported).TotalDays,
                WorkingDays: calendar.WorkingDaysBetween(calendar.LocalDate(x.Reported), calendar.LocalDate(x.Event.At))))
            .ToList();
        return new TimeToResolve(durations.Count,
            Median(durations.Select(d => d.Days)),
            durations.Count == 0 ? null : Math.Round(durations.Average(d => d.Days), 1),
            Median(durations.Select(d => (double)d.WorkingDays)));
    }

    public static Volumes Volumes(IEnumerable<CaseRecord> cases, ReportingPeriod period)
    {
        var list = cases.ToList();
        var opened = list.Where(c => c.Events.OfType<ReportReceived>().Any(r => period.Contains(r.At))).ToList();
        var hate = opened.Where(c => c.State.FileOrNull?.IsHate == true).ToList();
        var reports = list.Sum(c => c.Events.Count(e => e is ReportReceived or RelatedReportReceived && period.Contains(e.At)));
        var byStrand = hate.SelectMany(c => Strands(c).Distinct()).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        return new Volumes(opened.Count, hate.Count, reports, byStrand);
    }

    // A case is one report, or several about the same party while the case is open (related
    // reports are incidents on it); a report after closure opens a new case. Hate cases count
    // for NM01 when a nationally monitored strand is involved, or no strand was named.
    public static Nm01 Nm01(IEnumerable<CaseRecord> cases, ReportingPeriod year, int homesOwned, ServiceProfile profile)
    {
        if (homesOwned <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(homesOwned), homesOwned, "The number of homes owned must be positive.");
        }
        var opened = cases.Where(c => c.Events.OfType<ReportReceived>().Any(r => year.Contains(r.At))).ToList();
        var national = profile.HateStrands.Where(s => s.National).Select(s => s.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hate = opened.Count(c => c.State.FileOrNull is { IsHate: true } && (!Strands(c).Any() || Strands(c).Any(national.Contains)));
        return new Nm01(opened.Count, hate, homesOwned, Per1000(opened.Count, homesOwned), Per1000(hate, homesOwned));
    }

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

    private sealed record DeadlineOutcome(DateTimeOffset DueAt, bool OnTime, RiskLevel RiskWhenSet);

    // Each deadline of a kind that was met or missed, with whether it was kept on time.
    private static IEnumerable<DeadlineOutcome> Outcomes(CaseRecord record, DeadlineKind kind)
    {
        var risk = RiskLevel.Low;
        var setAtRisk = new Dictionary<string, RiskLevel>();
        var missed = new HashSet<string>();
        foreach (var e in record.Events)
        {
            switch (e)
            {
                case ReportReceived r:
                    risk = r.TriageRisk;
                    break;
                case RiskAssessed r:
                    risk = r.Level;
                    break;
                case DeadlineSet s when s.Deadline.Kind == kind:
                    setAtRisk[s.Deadline.Id] = risk;
                    break;
                case DeadlineMissed m when m.Kind == kind:
                    missed.Add(m.DeadlineId);
                    yield return new DeadlineOutcome(m.DueAt, false, setAtRisk.GetValueOrDefault(m.DeadlineId, risk));
                    break;
                case DeadlineMet m when m.Kind == kind && !missed.Contains(m.DeadlineId):
                    yield return new DeadlineOutcome(m.DueAt, m.OnTime, setAtRisk.GetValueOrDefault(m.DeadlineId, risk));
                    break;
            }
        }
    }

    private static IEnumerable<string> Strands(CaseRecord record) =>
        record.Events.OfType<ReportReceived>().SelectMany(r => r.Report.HateStrands)
            .Concat(record.Events.OfType<RelatedReportReceived>().SelectMany(r => r.Report.HateStrands))
            .Concat(record.Events.OfType<HateRecorded>().SelectMany(h => h.Strands))
            .Select(s => s.ToLowerInvariant());

    private static decimal Per1000(int count, int homes) => Math.Round(1000m * count / homes, 1, MidpointRounding.AwayFromZero);

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return Math.Round(median, 1);
    }
}
