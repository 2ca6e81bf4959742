namespace HateCase.Workflow;

// Writes the case for reading. A record older than the stored version is not written (a retried
// or late activity never overwrites newer data); a record at the stored version is written again
// without duplicating its chronology entries.
public interface ICaseRecorder
{
    // False when a newer version was already stored and nothing was written.
    Task<bool> Record(CaseRecord record, CancellationToken cancellationToken);
}

// Sends one message. Delivery is at least once: the same message may come again with the same
// Key after a crash or a retry, and the adapter passes the key on so the service sends it once.
// Throws when the service should be tried again later (the activity's retry policy does that).
public interface ICaseMessageSender
{
    Task<MessageDelivery> Send(CaseMessage message, CancellationToken cancellationToken);
}
