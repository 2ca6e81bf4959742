using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Privacy;
using HateCase.Domain.Risk;
using HateCase.Workflow;

namespace HateCase.Storage;

// What a list of cases shows about each: the summary columns of the case row.
public sealed record CaseSummary(
    string CaseId,
    string Reference,
    string Stage,
    RiskLevel Risk,
    bool IsHate,
    // The hate strands' codes (the landlord's profile names them): never anything about the people.
    ValueList<string> HateStrands,
    string? OfficerId,
    DateTimeOffset ReportedAt,
    DateTimeOffset? NextDueAt,
    DeadlineKind? NextDueKind,
    int OverdueCount,
    long Version,
    // RBC 15, MK 15.3: the case's team and, while restricted, the only people who may see it.
    string? Team = null,
    ValueList<string>? RestrictedTo = null)
{
    public CaseAccessFacts AccessFacts => new(Team, OfficerId, RestrictedTo);

    // Null for a case not yet reported (a refused first report records only its outcome).
    public static CaseSummary? Of(string caseId, CaseState state, long version)
    {
        if (state.FileOrNull is not { } file)
        {
            return null;
        }
        // Closing cancels every promise but the follow-up contact, which a closed case still shows.
        var next = state.IsOpen || state is CaseState.Closed ? file.Deadlines.MinBy(d => d.DueAt) : null;
        return new CaseSummary(caseId, file.Reference, state.StageName, file.Risk, file.IsHate, file.HateStrands, file.OfficerId,
            file.ReportedAt, next?.DueAt, next?.Kind, file.Overdue.Count, version, file.Team, file.AccessFacts.RestrictedTo);
    }
}

public abstract record CaseFilter
{
    private CaseFilter() { }

    // The officer's open cases.
    public sealed record ByOfficer(string OfficerId) : CaseFilter;

    public sealed record ByStage(string Stage) : CaseFilter;

    // Open cases with a deadline falling due before the time, soonest first.
    public sealed record DueBefore(DateTimeOffset Before) : CaseFilter;

    // Cases with a missed deadline whose obligation still stands.
    public sealed record Overdue : CaseFilter;

    // Open cases with no officer, longest waiting first.
    public sealed record Unassigned : CaseFilter;
}

// "All cases" narrowed by any of these (null: any). One of them picks the list read (the
// officer's, the overdue, the stage's, or every case); the rest are checked on each case read.
public sealed record CaseQuery(string? OfficerId = null, string? Stage = null, RiskLevel? Risk = null, string? HateStrand = null, bool OverdueOnly = false)
{
    public bool Matches(CaseSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return (OfficerId is null || string.Equals(summary.OfficerId, OfficerId, StringComparison.Ordinal))
            && (Stage is null || summary.Stage == Stage)
            && (Risk is null || summary.Risk == Risk)
            && (HateStrand is null || summary.HateStrands.Contains(HateStrand))
            && (!OverdueOnly || summary.OverdueCount > 0);
    }
}

// One request's look at a list: the cases that matched among the RowsRead looked at, and where to
// carry on (null at the end of the list).
public sealed record CaseSearchPage(IReadOnlyList<CaseSummary> Cases, int RowsRead, string? ContinuationToken);

public sealed record CasePage(IReadOnlyList<CaseSummary> Cases, string? ContinuationToken);

// The case as last recorded: its state, the whole chronology (who did what and when), the timers
// its state arms and how each of its messages went.
public sealed record CaseView(
    string CaseId,
    long Version,
    string ProfileId,
    CaseState State,
    IReadOnlyList<ChronologyEntry> Chronology,
    IReadOnlyList<CaseTimer> ArmedTimers,
    IReadOnlyList<MessageStatus> Messages)
{
    public CaseSummary Summary => CaseSummary.Of(CaseId, State, Version)!;
}

// The case's state as recorded at Version: what the daily digest decides from.
public sealed record RecordedState(string CaseId, long Version, CaseState State);

public enum MessageProgress
{
    // Handed to the mail port and not yet accepted (still being tried).
    Queued,
    Sent,
    // Refused for good (the address does not exist, or the service will not take it).
    Undeliverable,
}

// How one message went. LastFailure says what kind of failure the last attempt met, never the
// message, its recipient or the service's own words (which can quote the address).
public sealed record MessageStatus(
    string Key,
    long Sequence,
    MessageTemplate Template,
    MessageProgress Progress,
    int Attempts,
    DateTimeOffset QueuedAt,
    DateTimeOffset? SentAt,
    string? LastFailure);
