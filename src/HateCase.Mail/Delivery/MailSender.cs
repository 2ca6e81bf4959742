using HateCase.Mail.Rendering;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Digests;

namespace HateCase.Mail.Delivery;

// The runtime's mail ports: each item is written in the landlord's words, then handed to the transport.
public sealed class MailSender(MessageComposer composer, IMailTransport transport) : IMessageSender, IDigestSender
{
    public Task<SendOutcome> Send(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return composer.TryCompose(item, out var message, out var notWritten)
            ? transport.Send(new OutgoingMail(item.Key, item.Attempts, message), cancellationToken)
            : Task.FromResult(notWritten);
    }

    public Task<SendOutcome> Send(DigestItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return composer.TryComposeDigest(item.Digest, out var message, out var notWritten)
            ? transport.Send(new OutgoingMail(item.Key, item.Attempts, message), cancellationToken)
            : Task.FromResult(notWritten);
    }
}
