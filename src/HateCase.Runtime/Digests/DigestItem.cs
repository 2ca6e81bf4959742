using HateCase.Domain.Cases;
using HateCase.Runtime.Cases;

namespace HateCase.Runtime.Digests;

// The mail port for the officers' morning list; the mail adapters implement it beside IMessageSender.
public interface IDigestSender
{
    Task<SendOutcome> Send(DigestItem item, CancellationToken cancellationToken);
}

// One recipient's digest for one working day, kept until it is sent. The key is fixed when the
// day is planned ("digest|2026-11-23|officer|officer-7|{plan}"), so a repeated send is the same
// message to the mail service.
public sealed record DigestItem(
    string Key,
    Digest Digest,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset? SentAt,
    string? FailureReason);
