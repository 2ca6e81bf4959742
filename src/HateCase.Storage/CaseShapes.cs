using HateCase.Domain.Cases;
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
    string? OfficerId,
    DateTimeOffset ReportedAt,
    DateTimeOffset? NextDueAt,
    DeadlineKind? NextDueKind,
    int OverdueCount,
    long Version)
{
    // Null for a case not yet reported (a refused first report records only its outcome).
    public static CaseSummary? Of(string caseId, CaseState state, long version)
    {
        if (state.FileOrNull is not { } file)
        {
            return null;
        }
        // Closing cancels every promise but the follow-up contact, which a closed case still shows.
        var next = state.IsOpen || state is CaseState.Closed ? file.Deadlines.MinBy(d => d.DueAt) : null;
        return new CaseSummary(caseId, file.Reference, state.StageName, file.Risk, file.IsHate, file.OfficerId,
            file.ReportedAt, next?.DueAt, next?.Kind, file.Overdue.Count, version);
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
}

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
