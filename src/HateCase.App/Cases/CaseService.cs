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
public sealed class CaseService(
    DurableTaskClient durable, CaseReadModel cases, Workflow.CasePolicy policy, string profileId, Hosting.AdjustableClock? developmentClock,
    TimeProvider clock, CaseServiceOptions options)
{
    public Task<CaseView?> Get(string caseId, CancellationToken cancellationToken) => cases.Get(caseId, cancellationToken);

    public Task<CaseSummary?> Summary(string caseId, CancellationToken cancellationToken) => cases.Summary(caseId, cancellationToken);

    public Task<CasePage> List(CaseFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        cases.List(filter, pageSize, continuationToken, cancellationToken);

    public Task<string?> FindByReference(string reference, CancellationToken cancellationToken) => cases.FindByReference(reference, cancellationToken);

    public Task<CaseSummary?> FindOpenCaseAbout(string partyKey, CancellationToken cancellationToken) => cases.FindOpenCaseAbout(partyKey, cancellationToken);

    public Task<IReadOnlyList<DateTimeOffset>> ReportsBy(string reporterKey, DateTimeOffset since, CancellationToken cancellationToken) =>
        cases.ReportsBy(reporterKey, since, cancellationToken);

    public async Task<CommandResult> Handle(string caseId, CaseCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        if (await Recorded(caseId, context.CommandId, cancellationToken) is { } earlier)
        {
            return earlier is CommandResult.Accepted a ? a with { Replayed = true } : earlier;
        }
        var input = new CaseInput.Command(context.CommandId, context.Actor, command);
        if (command is CaseCommand.ReportCase report)
        {
            if (CaseDecider.Decide(CaseState.Initial, command, clock.GetUtcNow(), policy.Profile, policy.Calendar) is CaseDecision.Rejected refused)
            {
                return new CommandResult.Rejected(refused.Reason);
            }
            await Open(caseId, input, cancellationToken);
            var outcome = await WaitForOutcome(caseId, context.CommandId, cancellationToken);
            // Two copies of one report (sent again while the first was under way, as a client does
            // whose answer was lost) both start the case, which takes the first to arrive: for the
            // other copy the outcome is a replay, so its caller answers with what the case recorded.
            return outcome is CommandResult.Accepted accepted
                && await cases.Summary(caseId, cancellationToken) is { } recorded && recorded.Reference != report.Reference
                ? accepted with { Replayed = true }
                : outcome;
        }
        else
        {
            if (await cases.Get(caseId, cancellationToken) is not { } view)
            {
                return new CommandResult.CaseNotFound();
            }
            if (CaseDecider.Decide(view.State, command, clock.GetUtcNow(), policy.Profile, policy.Calendar) is CaseDecision.Rejected refused)
            {
                return new CommandResult.Rejected(refused.Reason);
            }
            await durable.RaiseEventAsync(caseId, CaseOrchestrator.InputEvent, input, cancellationToken);
        }
        return await WaitForOutcome(caseId, context.CommandId, cancellationToken);
    }

    // Every case the orchestrations keep (open cases, and closed ones still waiting on a survey or
    // a follow-up contact) is told the development clock's new offset.
    public async Task<IReadOnlyList<string>> TellCasesTheClock(CancellationToken cancellationToken)
    {
        if (developmentClock is null)
        {
            return [];
        }
        var told = new List<string>();
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending], PageSize = 500 };
        await foreach (var instance in durable.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            await durable.RaiseEventAsync(instance.InstanceId, CaseOrchestrator.InputEvent,
                new CaseInput.DevelopmentClockSet(developmentClock.Offset), cancellationToken);
            told.Add(instance.InstanceId);
        }
        return told;
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

    // Starting a case twice (a retried report) starts nothing new: the instance id is the case id.
    private async Task Open(string caseId, CaseInput.Command report, CancellationToken cancellationToken)
    {
        var offset = developmentClock?.Offset ?? TimeSpan.Zero;
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(nameof(CaseOrchestrator), CaseTurn.Open(caseId, profileId, report, offset),
                new StartOrchestrationOptions(InstanceId: caseId), cancellationToken);
        }
        catch (Exception e) when (IsAlreadyStarted(e))
        {
            if (await durable.GetInstanceAsync(caseId, cancellationToken) is null)
            {
                throw;
            }
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
