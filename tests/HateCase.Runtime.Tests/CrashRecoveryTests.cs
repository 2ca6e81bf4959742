using HateCase.Azure.Storage;
using HateCase.Domain.Cases;
using HateCase.Domain.Risk;
using HateCase.Runtime.Cases;
using HateCase.Runtime.InMemory;
using HateCase.Runtime.Ports;
using HateCase.Testing;
using static HateCase.Runtime.Tests.RuntimeHarness;

namespace HateCase.Runtime.Tests;

// The runtime "crashes" before and after each storage write of a case's life; a restarted
// runtime carries on (the caller retries what failed, with the same command id). Every run must
// end where the run without faults ends: same chronology, every timer fired, every message sent.
[Collection(AzuriteFixture.Collection)]
public sealed class CrashRecoveryTests(AzuriteFixture azurite)
{
    private const string CaseId = "case-crash";

    private static readonly RiskAnswers Answers = new(HarmAnswer.Distress, VulnerabilityAnswer.Some, RepeatAnswer.Repeated, true, ImpactAnswer.Moderate, false, false);

    // A case's life: report, contact, assessment, conversion, updates, closure, survey.
    private static IEnumerable<(string Name, Func<RuntimeHarness, Task> Step)> Life()
    {
        yield return ("report", h => h.Accept(CaseId, NewReport(hate: true), "cmd-report"));
        yield return ("run", h => h.RunDue());
        yield return ("assign", h => h.Accept(CaseId, new CaseCommand.AssignOfficer("officer-7"), "cmd-assign"));
        yield return ("wait", h => h.AdvanceAndRun(TimeSpan.FromHours(3), TimeSpan.FromHours(1)));
        yield return ("attempt", h => h.Accept(CaseId, new CaseCommand.RecordFailedContactAttempt("attempt-1", ContactMethod.Phone), "cmd-attempt"));
        yield return ("wait", h => h.AdvanceAndRun(TimeSpan.FromHours(1)));
        yield return ("contact", h => h.Accept(CaseId, new CaseCommand.RecordContact("contact-1", ContactMethod.Phone), "cmd-contact"));
        yield return ("assess", h => h.Accept(CaseId, new CaseCommand.AssessRisk("assessment-1", Answers), "cmd-assess"));
        yield return ("convert", h => h.Accept(CaseId, new CaseCommand.ConvertToCase(), "cmd-convert"));
        yield return ("wait", h => h.AdvanceAndRun(TimeSpan.FromDays(5)));
        yield return ("update", h => h.Accept(CaseId, new CaseCommand.SendUpdate("update-1", "We have written to your neighbour."), "cmd-update"));
        yield return ("wait", h => h.AdvanceAndRun(TimeSpan.FromDays(20)));
        yield return ("request", h => h.Accept(CaseId, new CaseCommand.RequestClosure("behaviour-stopped", true, "officer-7"), "cmd-request"));
        yield return ("approve", h => h.Accept(CaseId, new CaseCommand.ApproveClosure("leader-1"), "cmd-approve"));
        yield return ("wait", h => h.AdvanceAndRun(TimeSpan.FromDays(50), TimeSpan.FromDays(1)));
    }

    private sealed record Outcome(IReadOnlyList<string> Chronology, string Stage, IReadOnlyList<string> SentKeys, int Commits);

    private static async Task<Outcome> Live(RuntimeHarness first, FaultInjectingTableStore store)
    {
        var harness = first;
        foreach (var (_, step) in Life())
        {
            try
            {
                await step(harness);
            }
            catch (SimulatedCrashException)
            {
                harness = harness.Restarted(store.Inner);
                await step(harness);
            }
        }
        // Whatever a crash left leased is claimed again once its lease runs out.
        await harness.AdvanceAndRun(TimeSpan.FromDays(1), TimeSpan.FromMinutes(30));
        var view = await harness.View(CaseId);
        Assert.DoesNotContain(view.ArmedTimers, t => t.DueAt <= harness.Clock.GetUtcNow());
        Assert.All(view.Messages, m => Assert.Equal(DeliveryStatus.Sent, m.Status));
        var sent = harness.Mail.Sent.Select(m => m.Key).ToList();
        Assert.All(view.Messages, m => Assert.Contains(m.Key, sent));
        return new Outcome(
            view.Chronology.Select(e => $"{e.Sequence}:{Describe(e.Event)}").ToList(),
            view.State.StageName,
            sent.Distinct().Order().ToList(),
            store.Commits);
    }

    private static string Describe(CaseEvent e) => e switch
    {
        CaseEvent.DeadlineSet s => $"set {s.Deadline.Id}",
        CaseEvent.DeadlineMet m => $"met {m.DeadlineId}",
        CaseEvent.DeadlineMissed m => $"missed {m.DeadlineId}",
        CaseEvent.DeadlineCancelled c => $"cancelled {c.DeadlineId}",
        CaseEvent.ReminderSent r => $"reminded {r.DeadlineId}",
        _ => e.GetType().Name,
    };

    private static async Task<(Outcome Outcome, int Commits)> Reference(Func<ITableStore> newStore)
    {
        var store = new FaultInjectingTableStore(newStore());
        var harness = await Create(store, new InMemoryBlobStore());
        var outcome = await Live(harness, store);
        return (outcome, store.Commits);
    }

    [Fact]
    public async Task A_crash_before_or_after_any_write_loses_nothing_in_memory()
    {
        var (expected, commits) = await Reference(() => new InMemoryTableStore());
        Assert.True(commits > 40, $"The case's life made only {commits} writes.");

        var crashes = 0;
        for (var call = 1; call <= commits; call++)
        {
            foreach (var point in new[] { FaultPoint.BeforeCommit, FaultPoint.AfterCommit })
            {
                var store = new FaultInjectingTableStore(new InMemoryTableStore()).CrashAt(point, call);
                var outcome = await Live(await Create(store, new InMemoryBlobStore()), store);
                // A write that fails (a tidy-up of a row already gone) has no "after" to crash in.
                crashes += store.Crashes.Count;
                Assert.Equal(expected.Chronology, outcome.Chronology);
                Assert.Equal(expected.Stage, outcome.Stage);
                Assert.Equal(expected.SentKeys, outcome.SentKeys);
            }
        }
        Assert.True(crashes > commits * 3 / 2, $"Only {crashes} of {2 * commits} planned crashes happened.");
    }

    [Fact]
    public async Task A_crash_before_or_after_writes_to_Azurite_loses_nothing()
    {
        var storage = AzureStorage.FromConnectionString(azurite.ConnectionString);
        var (expected, commits) = await Reference(() => storage.Tables);

        // Every fifth write, before and after: the in-memory test covers every one.
        for (var call = 1; call <= commits; call += 5)
        {
            foreach (var point in new[] { FaultPoint.BeforeCommit, FaultPoint.AfterCommit })
            {
                var store = new FaultInjectingTableStore(storage.Tables).CrashAt(point, call);
                var outcome = await Live(await Create(store, storage.Blobs), store);
                Assert.Equal(expected.Chronology, outcome.Chronology);
                Assert.Equal(expected.SentKeys, outcome.SentKeys);
            }
        }
    }
}
