using HateCase.App.Cases;
using HateCase.App.Functions;
using HateCase.App.Security;
using HateCase.Domain.Cases;
using HateCase.Domain.Retention;
using HateCase.LocalHost;
using HateCase.Storage;
using HateCase.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Retention;

// Erasure on request (UK GDPR Art. 17): an admin erases one person's data in a case before its
// retention date, with the reason (a short note, no personal data, never logged).
public sealed class ErasureFunctions(RequestGate gate, ErasureService erasures)
{
    [Function("ErasePersonalData")]
    public Task<IResult> Erase([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/cases/{caseId}/erasures")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, async http => await JsonBody.Read<ErasureBody>(http) switch
        {
            (_, { } problem) => problem,
            ({ } body, _) => await Checked(body) ?? AsResult(caseId, body.Person!, await erasures.Erase(caseId, body.Person!, body.Reason!.Trim(), http)),
            _ => throw new InvalidOperationException(),
        }, Policies.SubjectAccess);

    private static IResult AsResult(string caseId, string person, ErasureOutcome outcome) => outcome switch
    {
        ErasureOutcome.Erased e => TypedResults.Ok(new ErasureDone(caseId, person, e.Already)),
        ErasureOutcome.Pending => TypedResults.Accepted($"/api/cases/{caseId}", new ErasureDone(caseId, person, AlreadyErased: false)),
        ErasureOutcome.Refused r => TypedResults.Problem(title: "The case refused the erasure", detail: r.Reason, statusCode: StatusCodes.Status409Conflict),
        _ => CommandSender.NoSuchCase(),
    };

    private static Task<IResult?> Checked(ErasureBody body)
    {
        var errors = new Dictionary<string, string[]>();
        if (PersonInCase.Parse(body.Person) is null)
        {
            errors["person"] = ["Name the person as \"complainant\" or as \"related-report:\" followed by the related report's id."];
        }
        if (PersonInCase.ReasonProblem(body.Reason) is { } problem)
        {
            errors["reason"] = [problem];
        }
        return Task.FromResult<IResult?>(errors.Count == 0 ? null : TypedResults.ValidationProblem(errors));
    }
}

public sealed record ErasureBody(string? Person, string? Reason);

public sealed record ErasureDone(string CaseId, string Person, bool AlreadyErased);

// What became of an erasure asked for, for the API and the admin's page to answer.
public abstract record ErasureOutcome
{
    private ErasureOutcome() { }

    public sealed record Erased(bool Already) : ErasureOutcome;

    // Begun and not finished within the wait: the erasure sweep (every few minutes) finishes it.
    public sealed record Pending : ErasureOutcome;

    public sealed record Refused(string Reason) : ErasureOutcome;

    public sealed record NoSuchCase : ErasureOutcome;
}

public sealed class ErasureService(CaseService cases, CaseEraser eraser, CaseRestarts restarts, Privacy.AccessAudit audit, TimeProvider clock)
{
    public static readonly TimeSpan FinishWait = TimeSpan.FromSeconds(30);

    // Longer than a request takes to list an erasure, raise its command and wait for its steps.
    public static readonly TimeSpan LeftToTheRequest = TimeSpan.FromMinutes(2);

    public const string AccessKind = "personal-data-erasure";

    public async Task<ErasureOutcome> Erase(string caseId, string person, string reason, HttpContext http)
    {
        if (!CommandSender.IsValidId(caseId) || await cases.Get(caseId, http.RequestAborted) is not { } view)
        {
            return new ErasureOutcome.NoSuchCase();
        }
        if (view.State.FileOrNull?.ErasedPeople.Contains(person) == true && !await eraser.InProgress(caseId, http.RequestAborted))
        {
            return new ErasureOutcome.Erased(Already: true);
        }
        var command = new CaseCommand.ErasePersonalData(person, reason, http.User.UserId());
        if (CaseDecider.Decide(view.State, command, clock.GetUtcNow(), cases.Policy.Profile, cases.Policy.Calendar) is CaseDecision.Rejected refused)
        {
            return new ErasureOutcome.Refused(refused.Reason);
        }
        await audit.Add(http, AccessKind, refused: false, caseId, detail: person);
        await eraser.Begin(caseId, command, DateTimeOffset.UtcNow, http.RequestAborted);
        switch (await Raise(caseId, command, http.RequestAborted))
        {
            case CommandResult.Rejected r:
                return new ErasureOutcome.Refused(r.Reason);
            case CommandResult.CaseNotFound:
                return new ErasureOutcome.NoSuchCase();
        }
        var until = DateTime.UtcNow + FinishWait;
        while (!await eraser.Finish(caseId, person, restarts, http.RequestAborted))
        {
            if (DateTime.UtcNow > until)
            {
                return new ErasureOutcome.Pending(); // listed as unfinished: the erasure sweep finishes it
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), http.RequestAborted);
        }
        return new ErasureOutcome.Erased(Already: false);
    }

    // An erasure a stop left part-way: its steps are finished, and if the case never got the
    // command (the stop came between listing it and raising it), the command is raised again,
    // under the same command id, so the case decides it once. One listed moments ago is left to
    // the request that listed it, so that the two never take the same step at once. True when it is finished.
    public async Task<bool> Resume(UnfinishedErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        var (caseId, person) = (erasure.CaseId, erasure.Person);
        if (erasure.BegunAt is { } begun && DateTimeOffset.UtcNow - begun < LeftToTheRequest)
        {
            return false;
        }
        if (await eraser.Finish(caseId, person, restarts, cancellationToken))
        {
            return true;
        }
        if (await eraser.IsRecorded(caseId, person, cancellationToken))
        {
            return false;
        }
        if (erasure.Command is not { } command)
        {
            // Listed without its command, by an earlier version: the admin asks again.
            await eraser.Abandon(caseId, person, cancellationToken);
            return false;
        }
        return await Raise(caseId, command, cancellationToken) is CommandResult.Accepted or CommandResult.Queued
            && await eraser.Finish(caseId, person, restarts, cancellationToken);
    }

    // A listed erasure the case refuses (held meanwhile, or already anonymised) is no longer listed,
    // so the case takes commands again.
    private async Task<CommandResult> Raise(string caseId, CaseCommand.ErasePersonalData command, CancellationToken cancellationToken)
    {
        var result = await cases.Handle(caseId, command, new CommandContext(CaseEraser.CommandId(command.Person), command.RequestedBy), cancellationToken);
        if (result is not (CommandResult.Accepted or CommandResult.Queued))
        {
            await eraser.Abandon(caseId, command.Person, cancellationToken);
        }
        return result;
    }
}

// The case's orchestration for CaseEraser: it ends at the erasing turn with its next turn as its
// output; that history is purged and the case started again from the turn, as a case is started.
public sealed class CaseRestarts(Dev.WhereMailGoes whereMailGoes, CaseCopies copies) : ICaseRestarts
{
    private static DurableTaskClient Durable => InvocationDurableClient.Client;

    public async Task<CaseTurn?> EndedWith(string caseId, CancellationToken cancellationToken)
    {
        var instance = await Durable.GetInstanceAsync(caseId, getInputsAndOutputs: true, cancellationToken);
        return instance is { RuntimeStatus: OrchestrationRuntimeStatus.Completed, SerializedOutput: { } output }
            ? CaseWorkflowJson.Deserialize<CaseTurn>(output)
            : null;
    }

    public async Task PurgeEnded(string caseId, CancellationToken cancellationToken)
    {
        if (await Durable.GetInstanceAsync(caseId, cancellationToken) is { IsCompleted: true })
        {
            await Durable.PurgeInstanceAsync(caseId, cancellationToken);
        }
    }

    public async Task StartFrom(CaseTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (await Durable.GetInstanceAsync(turn.CaseId, cancellationToken) is not null)
        {
            return;
        }
        await Durable.ScheduleNewOrchestrationInstanceAsync(nameof(CaseOrchestrator), turn,
            new Microsoft.DurableTask.StartOrchestrationOptions(InstanceId: turn.CaseId), cancellationToken);
    }

    public async Task ForgetMail(IReadOnlyList<string> messageKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageKeys);
        if (whereMailGoes.DevelopmentMailbox is { } mailbox)
        {
            foreach (var key in messageKeys)
            {
                await mailbox.Forget(key, cancellationToken);
            }
        }
    }

    public Task ForgetMailboxCopies(string caseId, IReadOnlyCollection<string> messageKeys, CancellationToken cancellationToken) =>
        copies.ForgetMailboxCopies(caseId, messageKeys, cancellationToken);

    public Task ForgetFiles(IReadOnlyList<CaseEvent> recorded, IReadOnlyList<CaseEvent> erased, CancellationToken cancellationToken) =>
        copies.ForgetFiles(CaseCopies.FilesNamedIn(recorded).Except(CaseCopies.FilesNamedIn(erased), StringComparer.Ordinal), cancellationToken);
}
