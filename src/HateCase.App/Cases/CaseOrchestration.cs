using HateCase.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace HateCase.App.Cases;

// Each case's orchestration and the two activities it leaves its effects to, as functions: the
// Functions host runs them through its Durable extension, the local host through its own Durable
// Task worker, by the same names. The orchestrator takes only what cannot change between replays
// (the landlords' policies and the workflow settings); the activities take the storage and mail.
public sealed class CaseOrchestration(CasePolicies policies, CaseWorkflowOptions options)
{
    [Function(nameof(CaseOrchestrator))]
    public Task<object?> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new CaseOrchestrator(policies, options).RunAsync(context, context.GetInput<CaseTurn>()
            ?? throw new InvalidOperationException($"Case orchestration {context.InstanceId} was started without its case."));
}

public sealed class CaseActivities(ICaseRecorder recorder, ICaseMessageSender sender)
{
    [Function(nameof(RecordCase))]
    public Task<bool> RecordCase([ActivityTrigger] CaseRecord record, CancellationToken cancellationToken) =>
        recorder.Record(record, cancellationToken);

    [Function(nameof(SendCaseMessage))]
    public Task<MessageDelivery> SendCaseMessage([ActivityTrigger] CaseMessage message, CancellationToken cancellationToken) =>
        sender.Send(message, cancellationToken);
}
