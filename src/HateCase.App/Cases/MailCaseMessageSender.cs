using HateCase.Runtime.Cases;
using HateCase.Workflow;

namespace HateCase.App.Cases;

// The case orchestration's mail port over the app's mail sender (ACS, SMTP or the development
// mailbox), which writes each message in the landlord's words. The message key travels as the
// idempotency key on every attempt. A failure worth retrying is thrown, so the activity's retry
// policy tries again later.
public sealed class MailCaseMessageSender(IMessageSender mail, TimeProvider clock) : ICaseMessageSender
{
    public async Task<MessageDelivery> Send(CaseMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = clock.GetUtcNow();
        var item = new OutboxItem(message.Key, message.CaseId, message.Reference, message.Sequence, message.Message,
            DeliveryStatus.Pending, 0, now, now, null, null);
        return await mail.Send(item, cancellationToken) switch
        {
            SendOutcome.Sent => MessageDelivery.Sent,
            SendOutcome.Undeliverable => MessageDelivery.Undeliverable,
            SendOutcome.TryLater later => throw new MailServiceBusyException(later.RetryAfter),
            _ => throw new InvalidOperationException("The mail sender answered neither sent, try later nor undeliverable."),
        };
    }
}

// The mail service did not take the message this time; its own words are not kept (they can quote the address).
public sealed class MailServiceBusyException(TimeSpan? retryAfter)
    : Exception("The mail service did not take the message this time.")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
