using System.Text.Json.Serialization;
using HateCase.Domain.Common;
using HateCase.Domain.Privacy;
using HateCase.Domain.Risk;
using static HateCase.Domain.Cases.CaseEvent;

namespace HateCase.Domain.Cases;

// What every phase of a case keeps: who to contact, how serious it is, who owns it, the promises
// still to keep, and the incidents counted towards the Case Review thresholds.
public sealed record CaseFile(
    string Reference,
    DateTimeOffset ReportedAt,
    ReportChannel Channel,
    Complainant Complainant,
    string? ReporterKey,
    string? PartyKey,
    bool IsHate,
    ValueList<string> HateStrands,
    RiskLevel Risk,
    bool RiskAssessed,
    string? OfficerId,
    ValueList<Deadline> Deadlines,
    // Missed deadlines whose obligation still stands; cleared when finally met.
    ValueList<Deadline> Overdue,
    int DeadlinesSet,
    ValueList<IncidentRecord> Incidents,
    ContactProgress Contact,
    ValueList<string> OpenLegalActions,
    // Ids the commands supplied (contacts, attempts, incidents, interventions...): a replayed
    // command finds its id here and changes nothing.
    ValueList<string> RecordedIds,
    int ActionPlanVersion,
    int ReviewsHeld,
    int Closures,
    // True while the case counts as hate only because the words of an emailed report suggested
    // it; the officer's risk assessment confirms or clears it.
    bool HateFlaggedFromWords = false,
    // Set while a team leader holds the case (legal action, an ombudsman complaint): it is kept
    // past its retention date until released.
    LegalHold? Hold = null,
    // True once its personal data has been removed (PersonalData.Anonymise): nothing more can
    // happen to the case.
    bool Anonymised = false)
{
    public Deadline? PendingDeadline(DeadlineKind kind) => Deadlines.FirstOrDefault(d => d.Kind == kind);

    public bool HasRecorded(string id) => RecordedIds.Contains(id);

    public DateTimeOffset LastIncidentAt => Incidents.Count == 0 ? ReportedAt : Incidents.Max(i => i.OccurredAt);

    // Legal action types whose latest equality and proportionality assessment found them
    // proportionate and that have not been started since: each action needs its own.
    public ValueList<string> AssessedProportionate { get; init; } = ValueList<string>.Empty;

    // The latest version of the agreed plan's actions, and those of them not yet done, by id.
    public ValueList<PlannedAction> PlanActions { get; init; } = ValueList<PlannedAction>.Empty;
    public ValueList<string> OpenActions { get; init; } = ValueList<string>.Empty;

    // RBC 9: the other people who reported the matter, joined to the case once their report is accepted.
    public ValueList<OtherComplainant> OtherComplainants { get; init; } = ValueList<OtherComplainant>.Empty;

    public IEnumerable<OtherComplainant> JoinedComplainants() => OtherComplainants.Where(o => o.Joined);

    public OtherComplainant? JoinedComplainant(string id) => OtherComplainants.FirstOrDefault(o => o.Joined && o.Id == id);

    // LIVV 2.10: a closing review with the victim is recorded since the case last opened.
    public bool ClosingReviewHeld { get; init; }

    // The officer's tasks to tell another complainant (RBC 9) news, by task id: contact with that
    // person keeps them, contact with the complainant does not.
    public ValueList<PersonTask> OthersToTell { get; init; } = ValueList<PersonTask>.Empty;

    // Adapted copies (RBC 9) still to be sent, by task id.
    public ValueList<string> AdaptedCopiesDue { get; init; } = ValueList<string>.Empty;

    // Letters the post room has still to post, by task id.
    public ValueList<string> LettersToPost { get; init; } = ValueList<string>.Empty;

    // Referrals made and still waiting for their outcome.
    public ValueList<string> OpenReferrals { get; init; } = ValueList<string>.Empty;

    // RBC 15, MK 15.3: the team whose staff see the case (null until an officer is assigned, or
    // where the landlord has no teams), and the named people it is restricted to, if it is.
    public string? Team { get; init; }

    public CaseRestriction? Restriction { get; init; }

    public CaseAccessFacts AccessFacts => new(Team, OfficerId, Restriction?.Allowed);

    // The ids of the related reports received on the case (declined ones too): each names a person
    // who can ask for their data to be erased.
    public ValueList<string> RelatedReports { get; init; } = ValueList<string>.Empty;

    // The people whose data was erased on request (PersonInCase names); nothing more is sent to them.
    public ValueList<string> ErasedPeople { get; init; } = ValueList<string>.Empty;
}

public sealed record ContactProgress(
    DateTimeOffset? LastContactAt,
    int FailedAttemptsSinceContact,
    int LettersSent,
    DateTimeOffset? LetterReplyDueAt);

// The phases of a case (RBC 8's six stages: interventions and legal action happen while under
// investigation, and closure waits for approval).
[JsonPolymorphic(TypeDiscriminatorPropertyName = "phase")]
[JsonDerivedType(typeof(NotReported), "not-reported.v1")]
[JsonDerivedType(typeof(InEnquiry), "in-enquiry.v1")]
[JsonDerivedType(typeof(UnderInvestigation), "under-investigation.v1")]
[JsonDerivedType(typeof(AwaitingClosureApproval), "awaiting-closure-approval.v1")]
[JsonDerivedType(typeof(Closed), "closed.v1")]
public abstract record CaseState
{
    private CaseState() { }

    public static CaseState Initial { get; } = new NotReported();

    public sealed record NotReported : CaseState;

    // Stage 1: initial enquiry and assessment, at most 4 weeks.
    public sealed record InEnquiry(CaseFile File) : CaseState;

    // Stages 2-5: investigation, reviews, interventions and legal remedies.
    public sealed record UnderInvestigation(CaseFile File, DateTimeOffset ConvertedAt, DateTimeOffset? MonitoringUntil) : CaseState;

    // Stage 6: closure requested, waiting for the team manager.
    public sealed record AwaitingClosureApproval(CaseFile File, UnderInvestigation Investigation, ClosureRequest Request) : CaseState;

    public sealed record Closed(CaseFile File, ClosureOutcome Outcome, SurveyProgress? Survey) : CaseState;

    public CaseFile? FileOrNull => this switch
    {
        InEnquiry s => s.File,
        UnderInvestigation s => s.File,
        AwaitingClosureApproval s => s.File,
        Closed s => s.File,
        _ => null,
    };

    public bool IsOpen => this is InEnquiry or UnderInvestigation or AwaitingClosureApproval;

    public string StageName => this switch
    {
        NotReported => "not-reported",
        InEnquiry => "enquiry",
        UnderInvestigation => "investigation",
        AwaitingClosureApproval => "awaiting-closure-approval",
        Closed => "closed",
        _ => "unknown",
    };
}

public sealed record ClosureRequest(DateTimeOffset At, string ReasonCode, bool Resolved, string RequestedBy);

public sealed record ClosureOutcome(DateTimeOffset At, string ReasonCode, bool Resolved, bool WasEnquiry, int ClosureNumber);

// MK 9.4: the survey is sent after closure, reminded once, and open for 6 weeks.
public sealed record SurveyProgress(
    int ClosureNumber,
    DateTimeOffset? InviteAt,
    DateTimeOffset? InvitedAt,
    DateTimeOffset? RemindAt,
    bool Reminded,
    DateTimeOffset ClosesAt,
    bool Answered,
    bool WindowClosed)
{
    public bool AcceptsAnswers => !Answered && !WindowClosed;

    // RBC 9: the other complainants who have answered, by id.
    public ValueList<string> AnsweredBy { get; init; } = ValueList<string>.Empty;

    // Respondent: null for the complainant, an other complainant's id for them.
    public bool AcceptsAnswersFrom(string? respondent) =>
        !WindowClosed && (respondent is null ? !Answered : !AnsweredBy.Contains(respondent));
}

public static class Case
{
    public static CaseState Fold(IEnumerable<CaseEvent> events) => events.Aggregate(CaseState.Initial, Evolve);

    public static CaseState Evolve(CaseState state, CaseEvent @event) => (state, @event) switch
    {
        (CaseState.NotReported, ReportReceived e) => new CaseState.InEnquiry(NewFile(e)),

        (CaseState.InEnquiry s, EnquiryConverted e) => new CaseState.UnderInvestigation(s.File, e.At, null),
        (CaseState.InEnquiry s, EnquiryClosed e) => new CaseState.Closed(
            s.File with { Closures = e.ClosureNumber, ClosingReviewHeld = false },
            new ClosureOutcome(e.At, e.ReasonCode, e.Resolved, WasEnquiry: true, e.ClosureNumber), null),

        (CaseState.UnderInvestigation s, CaseReviewed e) => s with
        {
            File = s.File with { ReviewsHeld = e.ReviewNumber },
            MonitoringUntil = e.MonitorUntil,
        },
        (CaseState.UnderInvestigation s, ClosureRequested e) => new CaseState.AwaitingClosureApproval(
            s.File, s, new ClosureRequest(e.At, e.ReasonCode, e.Resolved, e.RequestedBy)),
        (CaseState.UnderInvestigation s, CaseClosed e) => ClosedFrom(s.File, e),

        (CaseState.AwaitingClosureApproval s, ClosureRejected) => s.Investigation with { File = s.File },
        (CaseState.AwaitingClosureApproval s, CaseClosed e) => ClosedFrom(s.File, e),

        (CaseState.Closed s, SurveyScheduled e) => s with
        {
            Survey = new SurveyProgress(e.ClosureNumber, e.InviteAt, null, e.RemindAt, false, e.ClosesAt, false, false),
        },
        (CaseState.Closed s, SurveyInvitationSent e) when s.Survey is not null => s with { Survey = s.Survey with { InvitedAt = e.At } },
        (CaseState.Closed s, SurveyReminderSent) when s.Survey is not null => s with { Survey = s.Survey with { Reminded = true } },
        (CaseState.Closed s, SurveyAnswered { Respondent: { } respondent }) when s.Survey is not null =>
            s with { Survey = s.Survey with { AnsweredBy = s.Survey.AnsweredBy.Add(respondent) } },
        (CaseState.Closed s, SurveyAnswered) when s.Survey is not null => s with { Survey = s.Survey with { Answered = true } },
        (CaseState.Closed s, SurveyWindowClosed) when s.Survey is not null => s with { Survey = s.Survey with { WindowClosed = true } },
        (CaseState.Closed s, CaseReopened e) => s.Outcome.WasEnquiry
            ? new CaseState.InEnquiry(s.File)
            : new CaseState.UnderInvestigation(s.File, e.At, null),

        // Events that change only the case file, in any phase that has one.
        (_, _) when state.FileOrNull is { } file => WithFile(state, EvolveFile(file, @event)),
        _ => state,
    };

    private static CaseFile NewFile(ReportReceived e) => new(
        Reference: e.Reference,
        ReportedAt: e.At,
        Channel: e.Channel,
        Complainant: e.Complainant,
        ReporterKey: e.ReporterKey,
        PartyKey: e.Report.PartyKey,
        IsHate: e.Report.TreatedAsHate,
        HateStrands: e.Report.HateStrands,
        Risk: e.TriageRisk,
        RiskAssessed: false,
        OfficerId: null,
        Deadlines: ValueList<Deadline>.Empty,
        Overdue: ValueList<Deadline>.Empty,
        DeadlinesSet: 0,
        Incidents: ValueList.Of(new IncidentRecord(
            e.IncidentId, e.At, e.Report.OccurredAt ?? e.At, e.ReporterKey, e.Report.PartyKey,
            e.Report.TreatedAsHate, AwaitingOfficerDecision: false)),
        Contact: new ContactProgress(null, 0, 0, null),
        OpenLegalActions: ValueList<string>.Empty,
        RecordedIds: ValueList.Of(e.IncidentId),
        ActionPlanVersion: 0,
        ReviewsHeld: 0,
        Closures: 0,
        HateFlaggedFromWords: e.Report.FlaggedAsPossibleHate);

    private static CaseState ClosedFrom(CaseFile file, CaseClosed e) => new CaseState.Closed(
        file with { Closures = e.ClosureNumber, ClosingReviewHeld = false },
        new ClosureOutcome(e.At, e.ReasonCode, e.Resolved, WasEnquiry: false, e.ClosureNumber), null);

    private static CaseFile EvolveFile(CaseFile file, CaseEvent @event) => @event switch
    {
        DeadlineSet e => file with { Deadlines = file.Deadlines.Add(e.Deadline), DeadlinesSet = file.DeadlinesSet + 1 },
        ReminderSent e => file with
        {
            Deadlines = file.Deadlines.Select(d => d.Id == e.DeadlineId ? d with { Reminded = true } : d).ToValueList(),
        },
        DeadlineMissed e => file with
        {
            Deadlines = file.Deadlines.RemoveAll(d => d.Id == e.DeadlineId),
            Overdue = file.Overdue.AddRange(file.Deadlines.Where(d => d.Id == e.DeadlineId)),
        },
        DeadlineMet e => WithoutDeadline(file, e.DeadlineId),
        DeadlineCancelled e => WithoutDeadline(file, e.DeadlineId),
        RiskAssessed e => file with { Risk = e.Level, RiskAssessed = true, RecordedIds = file.RecordedIds.Add(e.AssessmentId) },
        HateRecorded e => file with
        {
            IsHate = true,
            HateFlaggedFromWords = false,
            HateStrands = file.HateStrands.AddRange(e.Strands.Where(s => !file.HateStrands.Contains(s))),
            Incidents = WithReportAsHate(file.Incidents, true),
        },
        PossibleHateNotConfirmed => file with
        {
            IsHate = false,
            HateFlaggedFromWords = false,
            Incidents = WithReportAsHate(file.Incidents, false),
        },
        OfficerAssigned e => file with { OfficerId = e.OfficerId },
        ContactMade { With: not null } e => file with { RecordedIds = file.RecordedIds.Add(e.ContactId) },
        ContactMade e => file with
        {
            Contact = file.Contact with { LastContactAt = e.At, FailedAttemptsSinceContact = 0, LetterReplyDueAt = null },
            RecordedIds = file.RecordedIds.Add(e.ContactId),
        },
        ContactAttemptFailed e => file with
        {
            Contact = file.Contact with { FailedAttemptsSinceContact = e.AttemptsSinceLastContact },
            RecordedIds = file.RecordedIds.Add(e.AttemptId),
        },
        LetterSent e => file with
        {
            Contact = file.Contact with { LettersSent = e.LetterNumber, LetterReplyDueAt = e.ReplyDueAt, FailedAttemptsSinceContact = 0 },
            RecordedIds = file.RecordedIds.Add(e.LetterId),
        },
        LetterUnanswered => file with { Contact = file.Contact with { LetterReplyDueAt = null } },
        IncidentLogged e => file with
        {
            Incidents = file.Incidents.Add(e.Incident),
            RecordedIds = file.RecordedIds.Add(e.Incident.Id),
            IsHate = file.IsHate || e.Incident.IsHate,
            HateFlaggedFromWords = file.HateFlaggedFromWords && !e.Incident.IsHate,
        },
        RelatedReportReceived e => file with
        {
            Incidents = file.Incidents.Add(new IncidentRecord(
                e.ReportId, e.At, e.Report.OccurredAt ?? e.At, e.ReporterKey, e.Report.PartyKey,
                e.Report.HatePerceived, AwaitingOfficerDecision: true)),
            RecordedIds = file.RecordedIds.Add(e.ReportId),
            OtherComplainants = IsSomeoneElse(file, e)
                ? file.OtherComplainants.Add(new OtherComplainant(e.ReportId, e.Complainant, e.ReporterKey, Joined: false))
                : file.OtherComplainants,
            RelatedReports = file.RelatedReports.Add(e.ReportId),
        },
        RelatedReportAccepted e => file with
        {
            Incidents = file.Incidents.Select(i => i.Id == e.ReportId ? i with { AwaitingOfficerDecision = false } : i).ToValueList(),
            IsHate = file.IsHate || file.Incidents.Any(i => i.Id == e.ReportId && i.IsHate),
            HateFlaggedFromWords = file.HateFlaggedFromWords && !file.Incidents.Any(i => i.Id == e.ReportId && i.IsHate),
            OtherComplainants = file.OtherComplainants.Select(o => o.Id == e.ReportId ? o with { Joined = true } : o).ToValueList(),
        },
        RelatedReportDeclined e => file with
        {
            Incidents = file.Incidents.RemoveAll(i => i.Id == e.ReportId),
            OtherComplainants = file.OtherComplainants.RemoveAll(o => o.Id == e.ReportId),
        },
        ActionPlanAgreed e => file with
        {
            ActionPlanVersion = e.Version,
            PlanActions = e.Actions ?? ValueList<PlannedAction>.Empty,
            OpenActions = (e.Actions ?? ValueList<PlannedAction>.Empty).Select(a => a.Id).Where(id => !file.RecordedIds.Contains(id)).ToValueList(),
        },
        ActionCompleted e => file with { OpenActions = file.OpenActions.RemoveAll(id => id == e.ActionId), RecordedIds = file.RecordedIds.Add(e.ActionId) },
        InterventionRecorded e => file with { RecordedIds = file.RecordedIds.Add(e.InterventionId) },
        ComplainantToBeTold { For: { } other } e => file with
        {
            OthersToTell = file.OthersToTell.Add(new PersonTask(e.TaskId, other)),
            RecordedIds = file.RecordedIds.Add(e.TaskId),
        },
        ComplainantToBeTold e => file with { RecordedIds = file.RecordedIds.Add(e.TaskId) },
        ClosingReviewHeld e => file with { ClosingReviewHeld = true, RecordedIds = file.RecordedIds.Add(e.ReviewId) },
        AdaptedCopyNeeded e => file with { AdaptedCopiesDue = file.AdaptedCopiesDue.Add(e.TaskId), RecordedIds = file.RecordedIds.Add(e.TaskId) },
        AdaptedCopySent e => file with { AdaptedCopiesDue = file.AdaptedCopiesDue.RemoveAll(id => id == e.TaskId) },
        LetterToPost e => file with { LettersToPost = file.LettersToPost.Add(e.TaskId), RecordedIds = file.RecordedIds.Add(e.TaskId) },
        LetterPosted e => file with { LettersToPost = file.LettersToPost.RemoveAll(id => id == e.TaskId) },
        ReferralMade e => file with { OpenReferrals = file.OpenReferrals.Add(e.ReferralId), RecordedIds = file.RecordedIds.Add(e.ReferralId) },
        ReferralOutcomeRecorded e => file with { OpenReferrals = file.OpenReferrals.RemoveAll(id => id == e.ReferralId) },
        ProportionalityAssessed e => file with
        {
            AssessedProportionate = e.Assessment.Proportionate
                ? file.AssessedProportionate.RemoveAll(t => t == e.ActionTypeCode).Add(e.ActionTypeCode)
                : file.AssessedProportionate.RemoveAll(t => t == e.ActionTypeCode),
            RecordedIds = file.RecordedIds.Add(e.AssessmentId),
        },
        LegalActionStarted e => file with
        {
            OpenLegalActions = file.OpenLegalActions.Add(e.LegalActionId),
            RecordedIds = file.RecordedIds.Add(e.LegalActionId),
            AssessedProportionate = file.AssessedProportionate.RemoveAll(t => t == e.TypeCode),
        },
        LegalActionConcluded e => file with { OpenLegalActions = file.OpenLegalActions.RemoveAll(id => id == e.LegalActionId) },
        CorrespondenceReceived e => file with
        {
            Contact = file.Contact with { FailedAttemptsSinceContact = 0, LetterReplyDueAt = null },
            RecordedIds = file.RecordedIds.Add(e.CorrespondenceId),
        },
        MessageUndeliverable e => file with { RecordedIds = file.RecordedIds.Add(e.MessageKey) },
        LegalHoldPlaced e => file with { Hold = new LegalHold(e.Reason, e.At, e.HeldBy) },
        LegalHoldReleased => file with { Hold = null },
        CaseTeamSet e => file with { Team = e.Team },
        CaseRestricted e => file with { Restriction = new CaseRestriction(e.StaffIds, e.Reason, e.RestrictedBy, e.At) },
        RestrictionLifted => file with { Restriction = null },
        PersonalDataErased e => Retention.PersonalData.Erase(file, e.Person) with { ErasedPeople = file.ErasedPeople.Add(e.Person) },
        _ => file,
    };

    // The first incident is the report that opened the case; the assessment speaks to it.
    // A named reporter who is neither the complainant nor someone already reporting on the case.
    private static bool IsSomeoneElse(CaseFile file, RelatedReportReceived e) =>
        !e.Complainant.Anonymous
        && (e.ReporterKey is null || (e.ReporterKey != file.ReporterKey && !file.OtherComplainants.Any(o => o.ReporterKey == e.ReporterKey)));

    private static ValueList<IncidentRecord> WithReportAsHate(ValueList<IncidentRecord> incidents, bool isHate) =>
        incidents.Select((incident, index) => index == 0 ? incident with { IsHate = isHate } : incident).ToValueList();

    private static CaseFile WithoutDeadline(CaseFile file, string deadlineId) => file with
    {
        Deadlines = file.Deadlines.RemoveAll(d => d.Id == deadlineId),
        Overdue = file.Overdue.RemoveAll(d => d.Id == deadlineId),
    };

    private static CaseState WithFile(CaseState state, CaseFile file) => state switch
    {
        CaseState.InEnquiry s => s with { File = file },
        CaseState.UnderInvestigation s => s with { File = file },
        CaseState.AwaitingClosureApproval s => s with { File = file },
        CaseState.Closed s => s with { File = file },
        _ => state,
    };
}
