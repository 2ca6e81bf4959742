using HateCase.Azure.Storage;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Runtime.Digests;
using HateCase.Runtime.InMemory;
using HateCase.Runtime.Ports;
using HateCase.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HateCase.Runtime.Tests;

// The daily digest as the app runs it: a table of its own for the day's digests (in memory or on
// Azurite), a clock the test moves, and the cases as their orchestrations would have recorded them.
public sealed class DigestHarness
{
    private DigestHarness(ITableStore tables, string table, ManualClock clock)
    {
        Tables = tables;
        Table = table;
        Clock = clock;
        Cases = new DecidedCases(ProfileLoader.BuiltIn("default"), clock);
    }

    public ITableStore Tables { get; }

    // The digests table, named for this test so tests sharing Azurite do not meet.
    public string Table { get; }

    public ManualClock Clock { get; }

    public DecidedCases Cases { get; }

    public static Task<DigestHarness> InMemory(ManualClock clock) => Create(new InMemoryTableStore(), clock);

    public static Task<DigestHarness> OnAzurite(AzuriteFixture azurite, ManualClock clock) =>
        Create(AzureStorage.FromConnectionString(azurite.ConnectionString).Tables, clock);

    private static async Task<DigestHarness> Create(ITableStore tables, ManualClock clock)
    {
        var harness = new DigestHarness(tables, "t" + Guid.NewGuid().ToString("N")[..10] + "Digests", clock);
        await tables.EnsureTable(harness.Table, CancellationToken.None);
        return harness;
    }

    // One instance of the app's digest work; `tables` stands for the same storage seen by
    // another process (a fault-injecting wrapper, say).
    public DigestWork Work(IDigestSender mail, DigestOptions? options = null, ITableStore? tables = null)
    {
        options ??= new DigestOptions();
        options.Table = Table;
        return new DigestWork(Cases, tables ?? Tables, mail, Clock, options, NullLogger<DigestWork>.Instance);
    }
}

// Cases decided by the core alone, at the clock's time: each command through CaseDecider.Decide
// and Case.Evolve, and every timer fired when it falls due, earliest first, as a case's
// orchestration wakes for its earliest timer. The digest reads them as last recorded at the clock's time.
public sealed class DecidedCases(ServiceProfile profile, TimeProvider clock) : IDigestCases
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, CaseState> cases = new(StringComparer.Ordinal);

    public ServiceProfile Profile => profile;

    public WorkingCalendar Calendar { get; } = profile.CalendarFrom(WorkingCalendar.EnglandAndWales);

    public void Accept(string caseId, CaseCommand command)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var state = CatchUp(cases.GetValueOrDefault(caseId, CaseState.Initial), now);
            cases[caseId] = CaseDecider.Decide(state, command, now, profile, Calendar) switch
            {
                CaseDecision.Accepted accepted => accepted.Events.Aggregate(state, Case.Evolve),
                CaseDecision.Rejected rejected => throw new Xunit.Sdk.XunitException($"{command.GetType().Name} was not accepted: {rejected.Reason}"),
                _ => throw new InvalidOperationException("The decider answered neither accepted nor rejected."),
            };
        }
    }

    public async IAsyncEnumerable<(string CaseId, CaseState State)> CasesNeedingAttentionBefore(
        DateTimeOffset before, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<(string, CaseState)> found;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            foreach (var caseId in cases.Keys.ToList())
            {
                cases[caseId] = CatchUp(cases[caseId], now);
            }
            found = cases
                .Where(c => c.Value.FileOrNull is { } file && (file.Overdue.Count > 0 || file.Deadlines.Any(d => d.DueAt < before)))
                .Select(c => (c.Key, c.Value))
                .ToList();
        }
        foreach (var one in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return one;
        }
        await Task.CompletedTask;
    }

    private CaseState CatchUp(CaseState state, DateTimeOffset now)
    {
        while (CaseTimers.Due(state).Where(t => t.DueAt <= now).MinBy(t => t.DueAt) is { } timer &&
               CaseDecider.Decide(state, new CaseCommand.FireTimer(timer.Id, timer.DueAt), timer.DueAt, profile, Calendar)
                   is CaseDecision.Accepted { Events.Count: > 0 } fired)
        {
            state = fired.Events.Aggregate(state, Case.Evolve);
        }
        return state;
    }
}
