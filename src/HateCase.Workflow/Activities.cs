using Microsoft.DurableTask;

namespace HateCase.Workflow;

// Writes a turn of a case for reading (the version guard is the recorder's).
public sealed class RecordCase(ICaseRecorder recorder) : TaskActivity<CaseRecord, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, CaseRecord input) =>
        recorder.Record(input, CancellationToken.None);
}

// Sends one message; thrown failures are retried by the orchestrator's retry policy with the same key.
public sealed class SendCaseMessage(ICaseMessageSender sender) : TaskActivity<CaseMessage, MessageDelivery>
{
    public override Task<MessageDelivery> RunAsync(TaskActivityContext context, CaseMessage input) =>
        sender.Send(input, CancellationToken.None);
}
