using HateCase.Domain.Cases;
using HateCase.Domain.Common;

namespace HateCase.Workflow;

// Who did what and when, kept with each event outside the domain event itself. Sequence is the
// case version after the event.
public sealed record ChronologyEntry(long Sequence, DateTimeOffset RecordedAt, string CommandId, string Actor, CaseEvent Event);

// How a command ended, so the caller can see it: accepted at a version, or refused with a reason
// a person can read (a refused command changes nothing but is recorded).
public sealed record CommandOutcome(string CommandId, long Version, string? RejectedBecause)
{
    public bool Accepted => RejectedBecause is null;
}

// What the RecordCase activity writes for reading: the case as of Version and what is new since
// the previous version. Outcome is null for turns no caller waits on (timers). AnonymiseFrom is
// when a closed case's personal data is to be removed (CaseRetention, with the case's profile).
public sealed record CaseRecord(
    string CaseId,
    string ProfileId,
    long Version,
    CaseState State,
    ValueList<ChronologyEntry> NewEntries,
    CommandOutcome? Outcome,
    DateTimeOffset? AnonymiseFrom = null);

// One message to send, with a key that is the same on every retry of its delivery: the
// idempotency key the mail adapters pass on (the ACS Operation-Id, the SMTP Message-ID).
public sealed record CaseMessage(string Key, string CaseId, string Reference, long Sequence, OutgoingMessage Message)
{
    public static string KeyFor(string caseId, long sequence, int index) => $"{caseId}.{sequence}.{index}";
}

public enum MessageDelivery
{
    Sent,
    // The address does not exist or the service refuses the message for good: not retried.
    Undeliverable,
}
