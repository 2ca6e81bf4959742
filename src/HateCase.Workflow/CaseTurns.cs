using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Retention;

namespace HateCase.Workflow;

// What one turn of a case produced: the next generation's input, what to record for reading (null
// when nothing changed) and the messages to send.
// EndsOrchestration: the turn erased a person's data (UK GDPR Art. 17), so the orchestration ends
// with Next as its output instead of continuing as new, and the shell purges its history (which
// held that data) and starts the case again from Next (CaseEraser).
public sealed record TurnResult(CaseTurn Next, CaseRecord? Record, IReadOnlyList<CaseMessage> Messages)
{
    public bool EndsOrchestration => Record?.NewEntries.Any(e => e.Event is CaseEvent.PersonalDataErased) ?? false;
}

// One turn of a case, with no Durable plumbing: decide what came in (an input, or null when the
// earliest timer fell due) at `now` with the decider, evolve, and say what to record and send. No
// rule of the service is here; they are all in CaseDecider.
public static class CaseTurns
{
    public const string SystemActor = "system";

    private const int MaxTimersPerTurn = 20;

    // The case's clock: real time plus the development offset, which production never has.
    public static DateTimeOffset CaseNow(CaseTurn turn, DateTimeOffset realNow, CaseWorkflowOptions options) =>
        options.DevelopmentClock ? realNow + turn.ClockOffset : realNow;

    // When, in real time, the case must next be woken for its earliest timer or held message;
    // null when it has neither.
    public static DateTimeOffset? NextWake(CaseTurn turn, CaseWorkflowOptions options)
    {
        var wakes = CaseTimers.Due(turn.State).Select(t => t.DueAt).Concat(turn.Held.Select(h => h.SendAt)).ToList();
        if (wakes.Count == 0)
        {
            return null;
        }
        var earliest = wakes.Min();
        return options.DevelopmentClock ? earliest - turn.ClockOffset : earliest;
    }

    // The next turn keeps the turn's Pending inputs as they are: which input a turn takes is the
    // orchestration's business.
    public static TurnResult Take(CaseTurn turn, CaseInput? input, DateTimeOffset realNow, CasePolicy policy, CaseWorkflowOptions options)
    {
        var waiting = turn;
        var now = CaseNow(turn, realNow, options);
        var taken = input switch
        {
            null => FireDueTimers(waiting, now, policy),
            CaseInput.DevelopmentClockSet set when options.DevelopmentClock => Unchanged(waiting with { ClockOffset = set.Offset }),
            CaseInput.DevelopmentClockSet => Unchanged(waiting),
            CaseInput.Command c when turn.RecentCommandIds.Contains(c.CommandId) => Unchanged(waiting),
            CaseInput.Command { What: CaseCommand.FireTimer } c => Rejected(waiting, c, "Timers are fired by the case itself.", policy),
            CaseInput.Command c => Decide(waiting, c, now, policy),
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };
        return HoldOutsideOfficeHours(taken, now, policy);
    }

    // Every message goes when the core says (complainants at once, officers and teams in office
    // hours): those not yet due wait in the next turn; held ones now due go with this turn's.
    private static TurnResult HoldOutsideOfficeHours(TurnResult taken, DateTimeOffset now, CasePolicy policy)
    {
        var made = taken.Messages.Select(m => new HeldMessage(CaseMessages.SendAt(m.Message, now, policy.Calendar), m));
        var all = taken.Next.Held.Concat(made).ToList();
        var due = all.Where(h => h.SendAt <= now).Select(h => h.Message).ToList();
        var held = all.Where(h => h.SendAt > now).ToValueList();
        return taken with { Next = taken.Next with { Held = held }, Messages = due };
    }

    private static TurnResult Unchanged(CaseTurn next) => new(next, null, []);

    private static TurnResult Decide(CaseTurn turn, CaseInput.Command input, DateTimeOffset now, CasePolicy policy)
    {
        var remembered = turn with { RecentCommandIds = Remember(turn.RecentCommandIds, input.CommandId) };
        return CaseDecider.Decide(turn.State, input.What, now, policy.Profile, policy.Calendar) switch
        {
            CaseDecision.Rejected r => Rejected(remembered, input, r.Reason, policy),
            CaseDecision.Accepted a => Apply(remembered, a.Events, now, input.CommandId, input.Actor, outcomeFor: input.CommandId, policy),
            _ => throw new InvalidOperationException("The decider answered neither accepted nor rejected."),
        };
    }

    private static TurnResult Rejected(CaseTurn turn, CaseInput.Command input, string reason, CasePolicy policy)
    {
        var next = turn with { RecentCommandIds = Remember(turn.RecentCommandIds, input.CommandId) };
        var record = new CaseRecord(turn.CaseId, turn.ProfileId, turn.Version, turn.State, ValueList<ChronologyEntry>.Empty,
            new CommandOutcome(input.CommandId, turn.Version, reason), AnonymiseFrom(turn.State, policy));
        return new TurnResult(next, record, []);
    }

    // Every timer due by now, earliest first, in one turn (as many as fell due while the case slept).
    private static TurnResult FireDueTimers(CaseTurn turn, DateTimeOffset now, CasePolicy policy)
    {
        var events = new List<CaseEvent>();
        var state = turn.State;
        for (var fired = 0; fired < MaxTimersPerTurn; fired++)
        {
            if (CaseTimers.Due(state).Where(t => t.DueAt <= now).MinBy(t => t.DueAt) is not { } timer ||
                CaseDecider.Decide(state, new CaseCommand.FireTimer(timer.Id, timer.DueAt), now, policy.Profile, policy.Calendar)
                    is not CaseDecision.Accepted { Events.Count: > 0 } accepted)
            {
                break;
            }
            events.AddRange(accepted.Events);
            state = accepted.Events.Aggregate(state, Case.Evolve);
        }
        return events.Count == 0
            ? Unchanged(turn)
            : Apply(turn, events, now, $"timers-{now.UtcTicks}", SystemActor, outcomeFor: null, policy);
    }

    private static TurnResult Apply(
        CaseTurn turn, IReadOnlyList<CaseEvent> events, DateTimeOffset now, string commandId, string actor, string? outcomeFor, CasePolicy policy)
    {
        var state = turn.State;
        var entries = new List<ChronologyEntry>(events.Count);
        var messages = new List<CaseMessage>();
        foreach (var e in events)
        {
            var sequence = turn.Version + entries.Count + 1;
            state = Case.Evolve(state, e);
            entries.Add(new ChronologyEntry(sequence, now, commandId, actor, e));
            var reference = state.FileOrNull?.Reference ?? "";
            messages.AddRange(CaseMessages.For(state, e).Select((m, i) =>
                new CaseMessage(CaseMessage.KeyFor(turn.CaseId, sequence, i), turn.CaseId, reference, sequence, m)));
        }
        var version = turn.Version + entries.Count;
        var next = turn with { State = state, Version = version, Held = WithoutMessagesToErased(turn.Held, events) };
        var outcome = outcomeFor is null ? null : new CommandOutcome(outcomeFor, version, null);
        var record = new CaseRecord(turn.CaseId, turn.ProfileId, version, state, entries.ToValueList(), outcome, AnonymiseFrom(state, policy));
        return new TurnResult(next, record, messages);
    }

    // Only the complainant's messages are ever held (for their safe hours, or staff's copies of
    // theirs for office hours): once they are erased, the held ones that go with them are dropped.
    private static ValueList<HeldMessage> WithoutMessagesToErased(ValueList<HeldMessage> held, IReadOnlyList<CaseEvent> events) =>
        events.OfType<CaseEvent.PersonalDataErased>().Any(e => e.Person == PersonInCase.ComplainantName)
            ? held.RemoveAll(h => PersonalData.IsMessageTo(h.Message.Message.Template))
            : held;

    private static DateTimeOffset? AnonymiseFrom(CaseState state, CasePolicy policy) =>
        CaseRetention.AnonymiseFrom(state, policy.Profile.Retention, policy.Calendar);

    private static ValueList<string> Remember(ValueList<string> recent, string commandId) =>
        recent.Contains(commandId) ? recent : recent.Add(commandId).TakeLast(CaseTurn.RecentCommandsKept).ToValueList();
}
