using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using Microsoft.DurableTask;

namespace HateCase.Workflow;

// One orchestration per case (instance id = case id), one turn per generation: wait for the
// earliest timer or an input, take the turn (CaseTurns: the decider decides), record it, send its
// messages, then ContinueAsNew with the new state so the history stays one turn long and a
// deployment only ever replays histories of one turn. The worker makes orchestrators without
// dependency injection: register it with a factory, e.g.
// registry.AddOrchestrator(nameof(CaseOrchestrator), () => new CaseOrchestrator(policies, options)).
public sealed class CaseOrchestrator(CasePolicies policies, CaseWorkflowOptions options) : TaskOrchestrator<CaseTurn, object?>
{
    public const string InputEvent = "case-input";

    public override async Task<object?> RunAsync(TaskOrchestrationContext context, CaseTurn turn)
    {
        CaseInput? input;
        if (turn.Pending.Count > 0)
        {
            input = turn.Pending[0];
            turn = turn with { Pending = turn.Pending.Skip(1).ToValueList() };
        }
        else
        {
            input = await NextInputOrTimer(context, turn);
        }
        var result = CaseTurns.Take(turn, input, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero), policies.For(turn.ProfileId), options);
        if (result.Record is { } record)
        {
            await context.CallActivityAsync<bool>(nameof(RecordCase), record, RecordRetry);
        }
        var deliveries = await Task.WhenAll(result.Messages.Select(message => Send(context, message)));

        // A message that cannot be delivered is recorded on the case in a later turn, so the
        // officer sees it. Inputs that came in during the turn go to the next generation in its
        // input too, not through the SDK's carry-over of unprocessed events, which does not carry
        // every buffered event.
        var undeliverable = deliveries.OfType<CaseInput.Command>();
        var next = result.Next with { Pending = result.Next.Pending.AddRange(undeliverable).AddRange(ReceivedMeanwhile(context)) };
        if (result.EndsOrchestration)
        {
            // The history so far holds the erased person's data: the shell purges it and starts
            // the case again from `next` (CaseEraser).
            return next;
        }
        context.ContinueAsNew(next, preserveUnprocessedEvents: false);
        return null;
    }

    private static List<CaseInput> ReceivedMeanwhile(TaskOrchestrationContext context)
    {
        var received = new List<CaseInput>();
        while (true)
        {
            var input = context.WaitForExternalEvent<CaseInput>(InputEvent);
            if (!input.IsCompletedSuccessfully)
            {
                ForwardWhenItArrives(context, input);
                return received;
            }
            received.Add(input.Result);
        }
    }

    // A wait this generation no longer reads would be handed the next input and drop it: an input
    // that arrives there is sent on to the case, where the next generation takes it.
    private static void ForwardWhenItArrives(TaskOrchestrationContext context, Task<CaseInput> abandonedWait) =>
        abandonedWait.ContinueWith(arrived => context.SendEvent(context.InstanceId, InputEvent, arrived.Result),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Current);

    // Null when the timer fell due first.
    private async Task<CaseInput?> NextInputOrTimer(TaskOrchestrationContext context, CaseTurn turn)
    {
        var input = context.WaitForExternalEvent<CaseInput>(InputEvent);
        if (CaseTurns.NextWake(turn, options) is not { } wakeAt)
        {
            return await input;
        }
        using var cancelTimer = new CancellationTokenSource();
        var timer = context.CreateTimer(wakeAt.UtcDateTime, cancelTimer.Token);
        if (await Task.WhenAny(input, timer) == input)
        {
            cancelTimer.Cancel();
            return await input;
        }
        ForwardWhenItArrives(context, input);
        return null;
    }

    // Null when sent; when the message cannot be delivered, the command that records it on the case.
    private async Task<CaseInput.Command?> Send(TaskOrchestrationContext context, CaseMessage message)
    {
        string reason;
        try
        {
            var delivery = await context.CallActivityAsync<MessageDelivery>(nameof(SendCaseMessage), message, SendRetry(options));
            if (delivery == MessageDelivery.Sent)
            {
                return null;
            }
            reason = "The mail service cannot deliver this message.";
        }
        catch (TaskFailedException)
        {
            reason = $"The mail service did not take this message in {options.MaxSendAttempts} attempts.";
        }
        return new CaseInput.Command($"undeliverable:{message.Key}", CaseTurns.SystemActor,
            new CaseCommand.RecordUndeliverableMessage(message.Key, reason));
    }

    private static TaskOptions SendRetry(CaseWorkflowOptions options) => TaskOptions.FromRetryPolicy(new RetryPolicy(
        options.MaxSendAttempts, options.FirstSendRetry, backoffCoefficient: 2, maxRetryInterval: options.MaxSendRetry));

    // The record is what everyone reads: it is retried for as long as storage stays away (a
    // failure here would end the case's orchestration).
    private static readonly TaskOptions RecordRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 10_000, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(5)));
}
