namespace HateCase.Inbound.Email;

// A stored evidence file: where it is, and what it is (the type decided from its bytes).
public sealed record EvidenceFile(string Container, string BlobName, string FileName, string ContentType, long Size);

// Key is stable for the email wherever it comes from (MessageKey): use it as the idempotency key.
public sealed record InboundReport(string Key, TriageOutcome.NewReport Report, IReadOnlyList<EvidenceFile> Evidence, DateTimeOffset ReceivedAt);

public sealed record InboundReply(string Key, TriageOutcome.ReplyToCase Reply, IReadOnlyList<EvidenceFile> Evidence, DateTimeOffset ReceivedAt);

// Where inbound mail meets the cases; the app implements it with its intake and case runtime.
// Every method may be called more than once for the same Key (a crash between acting and
// recording, two deliveries racing) and must then change nothing the second time.
public interface IInboundCaseSink
{
    // Opens a case for the report (or adds it to an open one) and returns the case id.
    Task<string> OpenCase(InboundReport report, CancellationToken cancellationToken);

    // Records the reply on the case it names and returns the case id; null when no case has that
    // id or reference (the email is then read as a new report).
    Task<string?> RecordReply(InboundReply reply, CancellationToken cancellationToken);

    // A bounce of one of our own messages (its outbox key): by default nothing is recorded.
    Task RecordUndeliverable(string key, string outboxKey, string reason, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
