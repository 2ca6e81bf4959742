using System.Globalization;
using HateCase.Domain.Common;

namespace HateCase.Domain.Cases;

// Ways in (MK 5.3, RBC 12, LIVV 2.9).
public enum ReportChannel
{
    WebForm,
    Api,
    Email,
    Phone,
    InPerson,
    Post,
    PartnerReferral,
}

public enum ContactMethod
{
    Phone,
    Email,
    Letter,
    Visit,
    Text,
    Other,
}

// The complainant as the case needs them: how to reach them and what they need from us.
// Anonymous reporters give no contact details and get no messages (MK 5.4, RBC 12).
public sealed record Complainant(
    bool Anonymous,
    bool IsVictim,
    string? Name,
    string? Email,
    string? Phone,
    string? PostalAddress,
    ContactMethod? PreferredContact,
    string? SafeTimesToContact,
    string? Language,
    bool InterpreterNeeded,
    ValueList<string> AccessibilityNeeds,
    bool ConsentToShareWithPartners,
    // The hours of the day (UK time) when it is safe to email them; emails wait for the next.
    SafeHours? SafeToEmail = null)
{
    public static Complainant AnonymousReporter { get; } = new(
        Anonymous: true, IsVictim: true, Name: null, Email: null, Phone: null, PostalAddress: null,
        PreferredContact: null, SafeTimesToContact: null, Language: null, InterpreterNeeded: false,
        AccessibilityNeeds: ValueList<string>.Empty, ConsentToShareWithPartners: false);

    public bool CanBeContacted =>
        !Anonymous && (Email is not null || Phone is not null || PostalAddress is not null);

    public bool CanBeEmailed => !Anonymous && Email is not null;

    public bool CanBeWrittenTo => !Anonymous && (Email is not null || PostalAddress is not null);

    // MK 11.2, PP 6.3: news about the case reaches them the way they asked for it. Someone who
    // asked for a call, a text or a visit is told by an officer; someone who asked for letters
    // gets letters. Otherwise by email, and by post when there is no email address; someone who
    // gave only a phone number is phoned.
    public NewsRoute NewsRoute => this switch
    {
        { Anonymous: true } => NewsRoute.None,
        { PreferredContact: ContactMethod.Phone or ContactMethod.Text, Phone: not null } => NewsRoute.Officer,
        { PreferredContact: ContactMethod.Visit, PostalAddress: not null } => NewsRoute.Officer,
        { PreferredContact: ContactMethod.Letter, PostalAddress: not null } => NewsRoute.Post,
        { Email: not null } => NewsRoute.Email,
        { PostalAddress: not null } => NewsRoute.Post,
        { Phone: not null } => NewsRoute.Officer,
        _ => NewsRoute.None,
    };

    // RBC 9: "Correspondence to be translated into different languages or easy read copies if
    // required"; MK 11.2 and PP 6.3: large print, Braille, audio. The copies each written
    // message needs besides the standard one, named as staff read them.
    public ValueList<string> AdaptedFormats => Anonymous ? ValueList<string>.Empty
        : AccessibilityNeeds.Where(n => KnownFormats.Contains(n.Trim(), StringComparer.OrdinalIgnoreCase)).Select(n => n.Trim().ToLowerInvariant())
            .Concat(Language is { } language && !string.IsNullOrWhiteSpace(language) && !language.Trim().Equals("English", StringComparison.OrdinalIgnoreCase)
                ? [$"a translation into {language.Trim()}"] : Array.Empty<string>())
            .Distinct()
            .ToValueList();

    private static readonly string[] KnownFormats = ["Large print", "Braille", "Easy read", "Audio"];

    // How the officer tells someone whose news goes through an officer.
    public ContactMethod PersonalContactMethod => PreferredContact switch
    {
        ContactMethod.Text when Phone is not null => ContactMethod.Text,
        ContactMethod.Visit when PostalAddress is not null => ContactMethod.Visit,
        _ => ContactMethod.Phone,
    };
}

public enum NewsRoute
{
    None,
    Email,
    Post,
    // A task for the officer: a call, a text message or a visit.
    Officer,
}

// A daily window in UK local time, From before To (a window over midnight is not supported).
public sealed record SafeHours(TimeOnly From, TimeOnly To)
{
    public static readonly TimeSpan Shortest = TimeSpan.FromHours(1);

    public bool IsValid => To > From && To - From >= Shortest;

    public override string ToString() =>
        $"{From.ToString("HH:mm", CultureInfo.InvariantCulture)} to {To.ToString("HH:mm", CultureInfo.InvariantCulture)}";
}

// What a report captures (RBC 12). Free text stays in the event (the chronology); the state
// keeps only what later decisions need.
public sealed record IncidentReport(
    DateTimeOffset? OccurredAt,
    string? Location,
    string Description,
    string? PeopleInvolved,
    string? Witnesses,
    string? ImpactOnYou,
    bool Injuries,
    bool PoliceInvolved,
    string? CrimeReference,
    // A hate incident is any incident the victim or anyone else perceives as motivated by
    // hostility or prejudice (MK 4, RBC 5, LIVV 1.5); no proof is needed (LIVV 2.3).
    bool HatePerceived,
    ValueList<string> HateStrands,
    bool ViolenceOrThreats,
    bool VictimVulnerable,
    int? IncidentsInLastMonth,
    // Who the report is about, as a key the intake computed (never a name): links repeat
    // reports about the same party.
    string? PartyKey,
    // Words of an emailed report that suggest the reporter perceives hostility or prejudice,
    // found by the mailbox triage. RBC 5, MK 6.1: every report of hate is high priority, so
    // such a report is handled as hate until the officer's risk assessment says otherwise.
    ValueList<string>? PossibleHateWords = null)
{
    public bool FlaggedAsPossibleHate => !HatePerceived && PossibleHateWords is { Count: > 0 };

    public bool TreatedAsHate => HatePerceived || FlaggedAsPossibleHate;
}

// An incident as the case keeps it: enough to count towards the ASB Case Review thresholds.
// An incident an officer logs with no reporter counts for every complainant on the case.
public sealed record IncidentRecord(
    string Id,
    DateTimeOffset ReportedAt,
    DateTimeOffset OccurredAt,
    string? ReporterKey,
    string? PartyKey,
    bool IsHate,
    bool AwaitingOfficerDecision);

// LIVV 2.10, 2.11: where a victim can go for support after their case closes.
public enum SupportService
{
    VictimSupport,
    StopHateUk,
    MentalHealthAndWellbeing,
    CitizensAdvice,
    CommunityGroup,
    OtherService,
}

// RBC 9: someone else who reported the same matter. Once the officer accepts their report onto the
// case (Joined) they are a complainant too: contacted regularly, told the case's news and surveyed
// in their own right, and never told who else reported. Id: their report's id.
public sealed record OtherComplainant(string Id, Complainant Complainant, string? ReporterKey, bool Joined);

// A task of the officer's (TaskId) owed to one other complainant (For: their report's id).
public sealed record PersonTask(string TaskId, string For);

// RBC 8, MK 5.2, LIVV 2.10: who is to do an action the plan sets.
public enum ActionOwner
{
    Officer,
    Complainant,
    Partner,
}

// One action of the plan: what is to be done, by whom (a partner agency by its name) and by when.
public sealed record PlannedAction(string Id, string What, ActionOwner Owner, string? Partner, DateTimeOffset DueBy);
