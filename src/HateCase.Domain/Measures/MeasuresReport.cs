namespace HateCase.Domain.Measures;

// The measures of one period, each figure with how it is counted. Every figure comes from the
// record (the cases' dated facts), never from what someone typed into a report.
public sealed record MeasuresReport(
    string ProfileId,
    string ProfileName,
    DateOnly FirstDay,
    DateOnly LastDay,
    DateTimeOffset AsOf,
    IReadOnlyList<Rate> Standards,
    IReadOnlyList<Rate> OnTimeByRisk,
    ResolutionTime TimeToResolve,
    IReadOnlyList<Rate> Satisfaction,
    Volumes Volumes,
    Count CaseReviewsPrompted,
    Count Reopened,
    Nm01 Nm01);

// Met out of counted. Percent is null when nothing was counted (no figure rather than 100%);
// TargetPercent is null for a figure with no target.
public sealed record Rate(string Code, string Name, int Met, int Counted, decimal? TargetPercent, string Definition)
{
    public decimal? Percent => Counted == 0 ? null : Math.Round(100m * Met / Counted, 1, MidpointRounding.AwayFromZero);

    public bool? OnTarget => Percent is { } p && TargetPercent is { } target ? p >= target : null;
}

public sealed record Count(string Code, string Name, int Value, string Definition = "");

// Whole calendar days (UK dates) from the report to each closure in the period.
public sealed record ResolutionTime(int CasesClosed, double? MedianDays, double? Percentile90Days, string Definition);

public sealed record MonthVolume(string Month, int CasesOpened, int HateCasesOpened);

public sealed record Volumes(
    int CasesOpened,
    int HateCasesOpened,
    int ReportsReceived,
    int Closures,
    IReadOnlyList<Count> HateCasesByStrand,
    IReadOnlyList<Count> CasesByChannel,
    IReadOnlyList<Count> CasesByStage,
    IReadOnlyList<MonthVolume> ByMonth,
    string Definition);

// Regulator of Social Housing TSM NM01: ASB cases opened per 1,000 homes (1), and those involving
// hate incidents (2). Null figures when the number of homes owned is not set.
public sealed record Nm01(
    int CasesOpened,
    int HateCasesOpened,
    int? HomesOwned,
    decimal? CasesPer1000Homes,
    decimal? HateCasesPer1000Homes,
    bool ForAReportingYear,
    string Definition);
