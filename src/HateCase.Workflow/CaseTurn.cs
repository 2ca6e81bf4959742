using System.Text.Json.Serialization;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;

namespace HateCase.Workflow;

// The input of one generation of a case's orchestration: everything the next turn needs, so each
// generation's history holds one input and the orchestration can ContinueAsNew with the result.
// RecentCommandIds: the ids of the last commands handled, so a command raised twice changes nothing.
// ClockOffset: the development clock (Development only; production passes and keeps zero).
// Pending: inputs already received and not yet taken, oldest first (the report that opens the
// case; inputs that arrived while a turn was being recorded and sent). One is taken per turn.
// Held: emails to officers and teams made outside office hours, each waiting for the time the
// core says it may go (CaseMessages.SendAt); the case wakes for them as for its timers.
public sealed record CaseTurn(
    string CaseId,
    string ProfileId,
    CaseState State,
    long Version,
    ValueList<string> RecentCommandIds,
    TimeSpan ClockOffset,
    ValueList<CaseInput> Pending,
    ValueList<HeldMessage> Held)
{
    public const int RecentCommandsKept = 64;

    // The first generation of a new case: nothing recorded yet, the report waiting to be decided.
    public static CaseTurn Open(string caseId, string profileId, CaseInput.Command report, TimeSpan clockOffset = default) =>
        new(caseId, profileId, CaseState.Initial, 0, ValueList<string>.Empty, clockOffset, ValueList.Of<CaseInput>(report),
            ValueList<HeldMessage>.Empty);
}

// A message that goes at SendAt (the case's clock), not at once.
public sealed record HeldMessage(DateTimeOffset SendAt, CaseMessage Message);

// What reaches a case from outside: an officer's command, a linked report, a mailbox reply, a
// survey answer (each with the caller's command id and who asked), or in Development a move of
// the clock. Raised to the orchestration as the external event CaseOrchestrator.InputEvent.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "input")]
[JsonDerivedType(typeof(Command), "command.v1")]
[JsonDerivedType(typeof(DevelopmentClockSet), "development-clock-set.v1")]
public abstract record CaseInput
{
    private CaseInput() { }

    public sealed record Command(string CommandId, string Actor, CaseCommand What) : CaseInput;

    // The offset from real time the case's clock runs at; absolute, so a repeat changes nothing.
    public sealed record DevelopmentClockSet(TimeSpan Offset) : CaseInput;
}
