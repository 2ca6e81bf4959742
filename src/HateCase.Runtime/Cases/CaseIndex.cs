using HateCase.Domain.Cases;
using HateCase.Domain.Risk;

namespace HateCase.Runtime.Cases;

// What a list of cases shows about each.
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
    public static CaseSummary Of(string caseId, CaseState state, long version)
    {
        var file = state.FileOrNull ?? throw new ArgumentException("The case has not been reported.", nameof(state));
        var next = state.IsOpen || state is CaseState.Closed ? file.Deadlines.MinBy(d => d.DueAt) : null;
        return new CaseSummary(caseId, file.Reference, state.StageName, file.Risk, file.IsHate, file.OfficerId,
            file.ReportedAt, next?.DueAt, next?.Kind, file.Overdue.Count, version);
    }
}

public abstract record CaseFilter
{
    private CaseFilter() { }

    public sealed record ByOfficer(string OfficerId) : CaseFilter;

    public sealed record ByStage(string Stage) : CaseFilter;

    // Cases with a deadline falling due before the time, soonest first.
    public sealed record DueBefore(DateTimeOffset Before) : CaseFilter;

    public sealed record Overdue : CaseFilter;
}

// Index rows that let lists be read as range queries rather than scans (cases due before a
// time are found through the timer index, which is already ordered by due time). The keys a case should
// have are a function of its state; entries are added before the case commit and removed after
// it, and a list checks each entry against the case, so a stale entry is skipped, never shown.
internal static class CaseIndex
{
    public sealed record Key(string PartitionKey, string RowKey);

    public static IReadOnlySet<Key> KeysFor(string caseId, CaseState state)
    {
        var keys = new HashSet<Key>();
        if (state.FileOrNull is not { } file)
        {
            return keys;
        }
        keys.Add(new Key(StagePartition(state.StageName), caseId));
        if (state.IsOpen && file.OfficerId is { } officer)
        {
            keys.Add(new Key(OfficerPartition(officer), caseId));
        }
        // Closing cancels every promise but the follow-up contact, so what a closed case has
        // overdue is a follow-up still to make.
        if (file.Overdue.Count > 0)
        {
            keys.Add(new Key(OverduePartition, caseId));
        }
        // Replies by email name the case by its reference.
        keys.Add(new Key(ReferencePartition(file.Reference), caseId));
        // NM01 and the Ombudsman: a new report about the same party joins the open case.
        if (state.IsOpen && file.PartyKey is { } party)
        {
            keys.Add(new Key(PartyPartition(party), caseId));
        }
        // The 2025 statutory guidance: a second report within six months is told of the case review.
        if (file.ReporterKey is { } reporter)
        {
            keys.Add(new Key(ReporterPartition(reporter), ReporterRowKey(file.ReportedAt, caseId)));
        }
        return keys;
    }

    public const string OverduePartition = "overdue";

    public static string StagePartition(string stage) => $"stage|{stage}";

    public static string OfficerPartition(string officerId) => $"officer|{officerId}";

    public static string PartyPartition(string partyKey) => $"party|{partyKey}";

    public static string ReferencePartition(string reference) => $"reference|{reference.ToUpperInvariant()}";

    public static string ReporterPartition(string reporterKey) => $"reporter|{reporterKey}";

    public static string ReporterRowKey(DateTimeOffset reportedAt, string caseId) => $"{reportedAt.UtcTicks:D19}|{caseId}";

    public static string CaseIdOf(Key key) => key.PartitionKey.StartsWith("reporter|", StringComparison.Ordinal)
        ? key.RowKey[(key.RowKey.IndexOf('|') + 1)..]
        : key.RowKey;
}
