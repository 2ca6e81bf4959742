using HateCase.Domain.Cases;

namespace HateCase.Workflow.InMemory;

// The case as last recorded for reading: its state at Version, its whole chronology, and how each
// command ended.
public sealed record RecordedCase(
    string CaseId,
    string ProfileId,
    long Version,
    CaseState State,
    IReadOnlyList<ChronologyEntry> Chronology,
    IReadOnlyDictionary<string, CommandOutcome> Outcomes);

// The recorder in memory, for tests and a development host: same version guard as any store.
public sealed class InMemoryCaseRecorder : ICaseRecorder
{
    private readonly Dictionary<string, RecordedCase> cases = new(StringComparer.Ordinal);
    private readonly object gate = new();

    public Task<bool> Record(CaseRecord record, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            cases.TryGetValue(record.CaseId, out var stored);
            var next = Apply(stored, record);
            if (next is null)
            {
                return Task.FromResult(false);
            }
            cases[record.CaseId] = next;
            return Task.FromResult(true);
        }
    }

    public RecordedCase? Find(string caseId)
    {
        lock (gate)
        {
            return cases.GetValueOrDefault(caseId);
        }
    }

    public IReadOnlyList<RecordedCase> All()
    {
        lock (gate)
        {
            return cases.Values.ToList();
        }
    }

    // The case after a record is written over what is stored, or null when the record is older
    // than what is stored and must not be written. Chronology entries already there (a retried
    // write) are not added twice; an outcome once recorded stays.
    public static RecordedCase? Apply(RecordedCase? stored, CaseRecord record)
    {
        if (stored is not null && record.Version < stored.Version)
        {
            return null;
        }
        var lastSequence = stored?.Chronology.Count > 0 ? stored.Chronology[^1].Sequence : 0;
        var chronology = (stored?.Chronology ?? []).Concat(record.NewEntries.Where(e => e.Sequence > lastSequence)).ToList();
        var outcomes = new Dictionary<string, CommandOutcome>(stored?.Outcomes ?? new Dictionary<string, CommandOutcome>(), StringComparer.Ordinal);
        if (record.Outcome is { } outcome)
        {
            outcomes.TryAdd(outcome.CommandId, outcome);
        }
        return new RecordedCase(record.CaseId, record.ProfileId, record.Version, record.State, chronology, outcomes);
    }
}
