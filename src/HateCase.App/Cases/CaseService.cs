using System.Runtime.CompilerServices;
using HateCase.Domain.Cases;
using HateCase.Storage;
using HateCase.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Cases;

// Who asks for a command and the id that makes it happen once (a retry with the same id changes nothing).
public sealed record CommandContext(string CommandId, string Actor);

public abstract record CommandResult
{
    private CommandResult() { }

    // Recorded at Version. Replayed: the command id had already been recorded.
    public sealed record Accepted(long Version, IReadOnlyList<string> Events, bool Replayed) : CommandResult;

    // Handed to the case and not yet recorded when the wait ran out: it will be.
    public sealed record Queued : CommandResult;

    public sealed record Rejected(string Reason) : CommandResult;

    public sealed record CaseNotFound : CommandResult;

    // RBC 15, MK 15.3: the person may not see the case, so may not act on it (the refusal is recorded).
    public sealed record NotAllowed : CommandResult;
}

public abstract record OpenResult
{
    private OpenResult() { }

    public sealed record Opened(string Reference) : OpenResult;

    public sealed record AlreadyOpen(string Reference) : OpenResult;

    public sealed record Rejected(string Reason) : OpenResult;
}

public sealed class CaseServiceOptions
{
    // How long a command's caller waits for its turn to be recorded before being told to look later.
    public TimeSpan RecordedWait { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(40);
}

// The shell between callers and the cases: commands are checked against the case as last recorded
// (so one that cannot apply is refused at once), then handed to the case's orchestration, whose
// recorded outcome is the answer. Reads come from the projection and never touch an orchestration.
// The Durable client is the one bound to the function being run (see InvocationDurableClient).
public sealed class CaseService(
    Func<DurableTaskClient> durableClient, CaseReadModel cases, CaseClaims claims, Workflow.CasePolicy policy, string profileId, Hosting.AdjustableClock? developmentClock,
    TimeProvider clock, CaseServiceOptions options, CaseEraser? erasures = null)
{
    private DurableTaskClient Durable => durableClient();

    public Workflow.CasePolicy Policy => policy;

    // The case as last recorded; a case started a moment ago is waited for briefly.
    public Task<CaseView?> Get(string caseId, CancellationToken cancellationToken) => RecordedCase(caseId, cancellationToken);

    public Task<CaseSummary?> Summary(string caseId, CancellationToken cancellationToken) => cases.Summary(caseId, cancellationToken);

    public Task<CasePage> List(CaseFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        cases.List(filter, pageSize, continuationToken, cancellationToken);

    public Task<string?> FindByReference(string reference, CancellationToken cancellationToken) => cases.FindByReference(reference, cancellationToken);

    public Task<OpenCase?> FindOpenCaseAbout(string partyKey, CancellationToken cancellationToken) =>
        cases.FindOpenCaseAbout(partyKey, clock.GetUtcNow(), cancellationToken);

    public Task<IReadOnlyList<DateTimeOffset>> ReportsBy(string reporterKey, DateTimeOffset since, CancellationToken cancellationToken) =>
        cases.ReportsBy(reporterKey, since, cancellationToken);

    public async Task<CommandResult> Handle(string caseId, CaseCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        if (await Recorded(caseId, context.CommandId, cancellationToken) is { } earlier)
        {
            return earlier is CommandResult.Accepted a ? a with { Replayed = true } : earlier;
        }
        if (command is CaseCommand.ReportCase)
        {
            throw new ArgumentException("A report opens a case with Open.", nameof(command));
        }
        var recorded = await cases.Get(caseId, cancellationToken);
        if (recorded is null && command is CaseCommand.ReceiveRelatedReport && await Durable.GetInstanceAsync(caseId, cancellationToken) is not null)
        {
            // A case reported a moment ago, started and not yet recorded (its claim found it): it is
            // open, and its report is the first input it takes, so the related report is raised at
            // once, behind it, and answered as soon as that is durable, rather than after waiting
            // for the case to be recorded and then for the report's turn.
            await Durable.RaiseEventAsync(caseId, CaseOrchestrator.InputEvent, new CaseInput.Command(context.CommandId, context.Actor, command), cancellationToken);
            return new CommandResult.Queued();
        }
        if ((recorded ?? await RecordedCase(caseId, cancellationToken)) is not { } view)
        {
            return new CommandResult.CaseNotFound();
        }
        // The orchestration ends at the erasing turn and starts again once its history is purged:
        // an input raised in between would be lost.
        if (command is not CaseCommand.ErasePersonalData && erasures is not null && await erasures.InProgress(caseId, cancellationToken))
        {
            return new CommandResult.Rejected("A person's data in this case is being erased. Try again in a minute.");
        }
        if (CaseDecider.Decide(view.State, command, clock.GetUtcNow(), policy.Profile, policy.Calendar) is CaseDecision.Rejected refused)
        {
            return new CommandResult.Rejected(refused.Reason);
        }
        await Durable.RaiseEventAsync(caseId, CaseOrchestrator.InputEvent, new CaseInput.Command(context.CommandId, context.Actor, command), cancellationToken);
        return await WaitForOutcome(caseId, context.CommandId, cancellationToken);
    }

    // A report claims its case, then starts its orchestration, and is answered once that start is
    // durable (the case is recorded for reading a moment later; the claim lets the next report
    // about the same party find it meanwhile). Of two copies of one report sent at once, or a
    // retry, the first to claim the case is the case's report: the others start nothing and are
    // answered with its reference, and make sure its orchestration was started, in case the
    // process that claimed it stopped before starting it.
    public async Task<OpenResult> Open(string caseId, CaseCommand.ReportCase report, CommandContext context, CancellationToken cancellationToken)
    {
        if (CaseDecider.Decide(CaseState.Initial, report, clock.GetUtcNow(), policy.Profile, policy.Calendar) is CaseDecision.Rejected refused)
        {
            return new OpenResult.Rejected(refused.Reason);
        }
        var claim = await claims.Claim(caseId, report.Reference, report.Report.PartyKey, report.ReporterKey, clock.GetUtcNow(), cancellationToken);
        if (claim.Won || await Durable.GetInstanceAsync(caseId, cancellationToken) is null)
        {
            var input = new CaseInput.Command(context.CommandId, context.Actor, report with { Reference = claim.Reference });
            try
            {
                await Durable.ScheduleNewOrchestrationInstanceAsync(nameof(CaseOrchestrator),
                    CaseTurn.Open(caseId, profileId, input, developmentClock?.Offset ?? TimeSpan.Zero),
                    new StartOrchestrationOptions(InstanceId: caseId), cancellationToken);
            }
            catch (Exception e) when (IsAlreadyStarted(e))
            {
            }
        }
        return claim.Won ? new OpenResult.Opened(claim.Reference) : new OpenResult.AlreadyOpen(claim.Reference);
    }

    // The reference of a case, recorded or claimed (every case is claimed before it starts); null when there is no such case.
    public Task<string?> ReferenceOf(string caseId, CancellationToken cancellationToken) => cases.ReferenceOf(caseId, cancellationToken);

    // The case as last recorded; for a case started a moment ago and not yet recorded, waits for it.
    private async Task<CaseView?> RecordedCase(string caseId, CancellationToken cancellationToken)
    {
        if (await cases.Get(caseId, cancellationToken) is { } view)
        {
            return view;
        }
        if (await Durable.GetInstanceAsync(caseId, cancellationToken) is null)
        {
            return null;
        }
        var deadline = clock.GetTimestamp() + (long)(options.RecordedWait.TotalSeconds * clock.TimestampFrequency);
        while (clock.GetTimestamp() < deadline)
        {
            await Task.Delay(options.PollInterval, cancellationToken);
            if (await cases.Get(caseId, cancellationToken) is { } recorded)
            {
                return recorded;
            }
        }
        return null;
    }

    // The cases the orchestrations keep: open ones, and closed ones still waiting on a survey or a follow-up contact.
    public async Task<IReadOnlyList<string>> RunningCases(CancellationToken cancellationToken)
    {
        var running = new List<string>();
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending], PageSize = 500 };
        await foreach (var instance in Durable.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            running.Add(instance.InstanceId);
        }
        return running;
    }

    // The cases are told the development clock's new offset.
    public async Task TellCasesTheClock(IReadOnlyList<string> caseIds, CancellationToken cancellationToken)
    {
        if (developmentClock is null)
        {
            return;
        }
        foreach (var caseId in caseIds)
        {
            await Durable.RaiseEventAsync(caseId, CaseOrchestrator.InputEvent, new CaseInput.DevelopmentClockSet(developmentClock.Offset), cancellationToken);
        }
    }

    // Whether any of the cases is open or has a promise standing (a follow-up after closure): only
    // then do office openings matter to them (the daily digest, emails held for office hours).
    public async Task<bool> AnyOpenOrPromised(IReadOnlyList<string> caseIds, CancellationToken cancellationToken)
    {
        foreach (var caseId in caseIds)
        {
            if (await cases.Summary(caseId, cancellationToken) is not { } summary ||
                summary.Stage != "closed" || summary.NextDueAt is not null || summary.OverdueCount > 0)
            {
                return true;
            }
        }
        return false;
    }

    // The earliest timer after the instant that any of the cases has armed, as last recorded.
    public async Task<DateTimeOffset?> NextTimerAfter(IReadOnlyList<string> caseIds, DateTimeOffset after, CancellationToken cancellationToken)
    {
        DateTimeOffset? earliest = null;
        foreach (var caseId in caseIds)
        {
            if (await cases.Get(caseId, cancellationToken) is { } view &&
                view.ArmedTimers.Where(t => t.DueAt > after).Select(t => (DateTimeOffset?)t.DueAt).Min() is { } due &&
                (earliest is null || due < earliest))
            {
                earliest = due;
            }
        }
        return earliest;
    }

    // Waits until none of the cases has a timer due by now left unfired, as last recorded: what
    // fell due when the development clock moved has then been decided. False if time ran out.
    public async Task<bool> WaitUntilTimersFired(IReadOnlyList<string> caseIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiting = caseIds.ToHashSet(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        while (waiting.Count > 0)
        {
            var now = clock.GetUtcNow();
            foreach (var caseId in waiting.ToList())
            {
                if (await cases.Get(caseId, cancellationToken) is not { } view || !view.ArmedTimers.Any(t => t.DueAt <= now))
                {
                    waiting.Remove(caseId);
                }
            }
            if (waiting.Count == 0 || DateTime.UtcNow >= deadline)
            {
                break;
            }
            await Task.Delay(options.PollInterval * 5, cancellationToken);
        }
        return waiting.Count == 0;
    }

    public async IAsyncEnumerable<(string CaseId, CaseState State)> CasesNeedingAttentionBefore(
        DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var recorded in cases.CasesNeedingAttentionBefore(before, cancellationToken))
        {
            yield return (recorded.CaseId, recorded.State);
        }
    }

    private static bool IsAlreadyStarted(Exception e) =>
        e is InvalidOperationException || e is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.AlreadyExists or Grpc.Core.StatusCode.FailedPrecondition };

    private async Task<CommandResult> WaitForOutcome(string caseId, string commandId, CancellationToken cancellationToken)
    {
        var deadline = clock.GetTimestamp() + (long)(options.RecordedWait.TotalSeconds * clock.TimestampFrequency);
        while (true)
        {
            if (await Recorded(caseId, commandId, cancellationToken) is { } outcome)
            {
                return outcome;
            }
            if (clock.GetTimestamp() >= deadline)
            {
                return new CommandResult.Queued();
            }
            await Task.Delay(options.PollInterval, cancellationToken);
        }
    }

    private async Task<CommandResult?> Recorded(string caseId, string commandId, CancellationToken cancellationToken)
    {
        if (await cases.Outcome(caseId, commandId, cancellationToken) is not { } outcome)
        {
            return null;
        }
        if (!outcome.Accepted)
        {
            return new CommandResult.Rejected(outcome.RejectedBecause!);
        }
        var view = await cases.Get(caseId, cancellationToken);
        var events = view?.Chronology.Where(e => e.CommandId == commandId).Select(e => EventName(e.Event)).ToList() ?? [];
        return new CommandResult.Accepted(outcome.Version, events, Replayed: false);
    }

    public static string EventName(CaseEvent e) =>
        System.Text.Json.JsonSerializer.SerializeToElement(e, CaseWorkflowJson.Options).GetProperty("type").GetString() ?? e.GetType().Name;
}
