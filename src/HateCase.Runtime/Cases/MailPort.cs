using HateCase.Domain.Cases;

namespace HateCase.Runtime.Cases;

// The mail port: delivers one message. Adapters: ACS Email, SMTP, the development mailbox.
public interface IMessageSender
{
    Task<SendOutcome> Send(OutboxItem item, CancellationToken cancellationToken);
}

public abstract record SendOutcome
{
    private SendOutcome() { }

    public sealed record Sent : SendOutcome;

    // Worth trying again later (throttled, service busy, network).
    public sealed record TryLater(string Reason, TimeSpan? RetryAfter = null) : SendOutcome;

    // Will never succeed (the address does not exist, the message was refused).
    public sealed record Undeliverable(string Reason) : SendOutcome;
}

public enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,
}

// One message to send, as the mail adapters take it. The key is stable across retries: it is the
// idempotency key the adapters pass on (the ACS Operation-Id, the SMTP Message-ID).
public sealed record OutboxItem(
    string Key,
    string CaseId,
    string Reference,
    long EventSequence,
    OutgoingMessage Message,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    string? FailureReason);
