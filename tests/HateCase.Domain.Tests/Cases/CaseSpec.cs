using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;

namespace HateCase.Domain.Tests.Cases;

// Given a history / When a command at a time / Then the events: the case decider driven the way
// the runtime drives it, with due timers fired in order as the clock moves.
public sealed class CaseSpec(ServiceProfile profile)
{
    public static readonly WorkingCalendar EnglandAndWales = WorkingCalendar.EnglandAndWales;

    private readonly List<CaseEvent> history = [];

    public ServiceProfile Profile { get; } = profile;

    // The landlord's calendar, as the runtime builds it: its closure days and office hours.
    public WorkingCalendar Calendar => Profile.CalendarFrom(EnglandAndWales);

    public CaseState State { get; private set; } = CaseState.Initial;

    public DateTimeOffset Now { get; private set; } = London(2026, 3, 2, 10, 0);

    public IReadOnlyList<CaseEvent> History => history;

    public CaseFile File => State.FileOrNull!;

    public static CaseSpec For(string profileId = "default") => new(ProfileLoader.BuiltIn(profileId));

    // A case whose history starts at another time than the usual (years ago, for retention).
    public CaseSpec StartingAt(DateTimeOffset start)
    {
        if (history.Count > 0)
        {
            throw new InvalidOperationException("The start is set before anything happens.");
        }
        Now = start;
        return this;
    }

    public static DateTimeOffset London(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, EnglandAndWales.TimeZone.GetUtcOffset(local));
    }

    public CaseSpec At(DateTimeOffset now)
    {
        AdvanceTo(now);
        return this;
    }

    // Moves the clock forward, firing every timer that falls due on the way, in time order.
    public IReadOnlyList<CaseEvent> AdvanceTo(DateTimeOffset until)
    {
        if (until < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(until), "The clock only moves forward.");
        }
        var fired = new List<CaseEvent>();
        while (CaseTimers.Due(State).Where(t => t.DueAt <= until).OrderBy(t => t.DueAt).FirstOrDefault() is { } timer)
        {
            Now = timer.DueAt > Now ? timer.DueAt : Now;
            fired.AddRange(Do(new CaseCommand.FireTimer(timer.Id, timer.DueAt)));
        }
        Now = until;
        return fired;
    }

    public IReadOnlyList<CaseEvent> Do(CaseCommand command)
    {
        var decision = CaseDecider.Decide(State, command, Now, Profile, Calendar);
        if (decision is CaseDecision.Rejected rejected)
        {
            throw new Xunit.Sdk.XunitException($"Expected {command.GetType().Name} to be accepted but: {rejected.Reason}");
        }
        var events = ((CaseDecision.Accepted)decision).Events;
        foreach (var e in events)
        {
            history.Add(e);
            State = Case.Evolve(State, e);
        }
        return events;
    }

    public string Rejects(CaseCommand command) =>
        CaseDecider.Decide(State, command, Now, Profile, Calendar) is CaseDecision.Rejected rejected
            ? rejected.Reason
            : throw new Xunit.Sdk.XunitException($"Expected {command.GetType().Name} to be rejected.");

    public IReadOnlyList<OutgoingMessage> MessagesOf(IEnumerable<CaseEvent> events)
    {
        var state = CaseState.Initial;
        var messages = new List<OutgoingMessage>();
        foreach (var e in history)
        {
            state = Case.Evolve(state, e);
            if (events.Contains(e))
            {
                messages.AddRange(CaseMessages.For(state, e));
            }
        }
        return messages;
    }

    public Deadline Pending(DeadlineKind kind) =>
        File.PendingDeadline(kind) ?? throw new Xunit.Sdk.XunitException($"No pending {kind} deadline.");

    // Scenario builders, named as past facts.
    public CaseSpec Reported(IncidentReport? report = null, Complainant? complainant = null,
        ReportChannel channel = ReportChannel.WebForm, params DateTimeOffset[] priorReports)
    {
        Do(new CaseCommand.ReportCase("HC-2026-000123", channel, complainant ?? Victim(), report ?? AsbReport(),
            "incident-1", "reporter-1", priorReports.ToValueList(), VictimsCodeGivenByStaff: false));
        return this;
    }

    public CaseSpec RiskAssessed(RiskAnswers? answers = null)
    {
        Do(new CaseCommand.AssessRisk($"assessment-{History.Count}", answers ?? LowRiskAnswers));
        return this;
    }

    public CaseSpec Converted()
    {
        if (!File.RiskAssessed)
        {
            RiskAssessed();
        }
        Do(new CaseCommand.ConvertToCase());
        return this;
    }

    public CaseSpec Contacted(string id = "contact-1")
    {
        Do(new CaseCommand.RecordContact(id, ContactMethod.Phone));
        return this;
    }

    public CaseSpec ClosureApproved(string reason = "behaviour-stopped")
    {
        Do(new CaseCommand.RequestClosure(ReasonCode(reason), null, "officer-1"));
        if (State is CaseState.AwaitingClosureApproval)
        {
            Do(new CaseCommand.ApproveClosure("leader-1"));
        }
        return this;
    }

    public string ReasonCode(string preferred) =>
        Profile.FindClosureReason(preferred)?.Code ?? Profile.Closure.Reasons[0].Code;

    public static Complainant Victim(
        string? email = "victim@example.org", string? phone = "07700 900123", string? address = null, ContactMethod? preferred = ContactMethod.Email) =>
        new(Anonymous: false, IsVictim: true, Name: "A Resident", Email: email, Phone: phone, PostalAddress: address,
            PreferredContact: preferred, SafeTimesToContact: null, Language: null, InterpreterNeeded: false,
            AccessibilityNeeds: ValueList<string>.Empty, ConsentToShareWithPartners: true);

    public static IncidentReport AsbReport(string? party = "party-1") =>
        new(OccurredAt: null, Location: "Stairwell", Description: "Loud music and shouting late at night.",
            PeopleInvolved: null, Witnesses: null, ImpactOnYou: null, Injuries: false, PoliceInvolved: false,
            CrimeReference: null, HatePerceived: false, HateStrands: ValueList<string>.Empty, ViolenceOrThreats: false,
            VictimVulnerable: false, IncidentsInLastMonth: 2, PartyKey: party);

    public static IncidentReport HateReport(string strand = "race", string? party = "party-1") =>
        AsbReport(party) with
        {
            Description = "Racist abuse shouted at me by a neighbour.",
            HatePerceived = true,
            HateStrands = ValueList.Of(strand),
        };

    // An email whose words suggest hate; the reporter has not said whether they perceive it so.
    public static IncidentReport PossibleHateByEmail() =>
        AsbReport(party: null) with
        {
            Description = "Someone shouted racist abuse at me on the stairs.",
            IncidentsInLastMonth = null,
            PossibleHateWords = ValueList.Of("racist"),
        };

    public static readonly RiskAnswers LowRiskAnswers = new(
        HarmAnswer.Distress, VulnerabilityAnswer.None, RepeatAnswer.First, HateMotivationPerceived: false,
        ImpactAnswer.Little, ChildrenInHousehold: false, RetaliationFeared: false);

    public static readonly RiskAnswers HighRiskAnswers = new(
        HarmAnswer.ViolenceOrInjury, VulnerabilityAnswer.Significant, RepeatAnswer.Persistent, HateMotivationPerceived: true,
        ImpactAnswer.Severe, ChildrenInHousehold: true, RetaliationFeared: true);
}

public static class EventAssertions
{
    public static T Single<T>(this IEnumerable<CaseEvent> events) where T : CaseEvent
    {
        var matches = events.OfType<T>().ToList();
        Assert.True(matches.Count == 1, $"Expected one {typeof(T).Name} but found {matches.Count} in: {string.Join(", ", events.Select(e => e.GetType().Name))}");
        return matches[0];
    }

    public static void None<T>(this IEnumerable<CaseEvent> events) where T : CaseEvent =>
        Assert.False(events.OfType<T>().Any(), $"Expected no {typeof(T).Name}.");
}
