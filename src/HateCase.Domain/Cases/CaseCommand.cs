using HateCase.Domain.Common;
using HateCase.Domain.Risk;

namespace HateCase.Domain.Cases;

// What people (and the runtime's timers) ask of a case. Ids of things a command creates are
// chosen by the caller, so a command delivered twice is recognised and changes nothing.
public abstract record CaseCommand
{
    private CaseCommand() { }

    // A new report opens a case. PriorReportsByReporter are the times of this reporter's other
    // reports, looked up by the intake (for the 2025 statutory guidance's second-report rule).
    public sealed record ReportCase(
        string Reference, ReportChannel Channel, Complainant Complainant, IncidentReport Report,
        string IncidentId, string? ReporterKey, ValueList<DateTimeOffset> PriorReportsByReporter,
        bool VictimsCodeGivenByStaff) : CaseCommand;

    // A new report about the same party as this open case.
    public sealed record ReceiveRelatedReport(
        string ReportId, ReportChannel Channel, Complainant Complainant, IncidentReport Report,
        string? ReporterKey, ValueList<DateTimeOffset> PriorReportsByReporter) : CaseCommand;

    public sealed record AcceptRelatedReport(string ReportId) : CaseCommand;

    public sealed record DeclineRelatedReport(string ReportId, string Reason) : CaseCommand;

    // The officer's matrix risk assessment. Hate found here is recorded as hate, with the strands
    // the officer names (MK 9.2, NM01), from then on.
    public sealed record AssessRisk(string AssessmentId, RiskAnswers Answers, ValueList<string>? HateStrands = null) : CaseCommand;

    // Team: the team of the person assigning (taking the case, the officer's own); the case becomes
    // that team's (RBC 15, MK 15.3: need to know). Null where the landlord has no teams.
    public sealed record AssignOfficer(string OfficerId, string? Team = null) : CaseCommand;

    // With: an other complainant's id (RBC 9); null for the complainant.
    public sealed record RecordContact(string ContactId, ContactMethod Method, string? With = null) : CaseCommand;

    // The officer writes to the complainant (first contact, a regular update, a follow-up).
    public sealed record SendUpdate(string ContactId, string Text, string? To = null) : CaseCommand;

    // The adapted copy a written message needed has gone to the complainant.
    public sealed record SendAdaptedCopy(string TaskId) : CaseCommand;

    public sealed record RecordLetterPosted(string TaskId) : CaseCommand;

    public sealed record RecordFailedContactAttempt(string AttemptId, ContactMethod Method) : CaseCommand;

    public sealed record SendLetter(string LetterId) : CaseCommand;

    // An incident the officer logs on the case. With no reporter it counts for the case's
    // complainants, and with no party it is about the case's party (RBC 10).
    public sealed record LogIncident(
        string IncidentId, DateTimeOffset OccurredAt, string Description, bool IsHate,
        string? ReporterKey, string? PartyKey) : CaseCommand;

    // RBC 8, MK 5.2, LIVV 2.10: each version replaces the plan's actions; each open action is a
    // promise the officer is reminded of and the team leader told of when missed. Without actions,
    // the new version keeps the actions of the one before.
    public sealed record AgreeActionPlan(int Version, string Summary, ValueList<PlannedAction>? Actions = null) : CaseCommand;

    public sealed record CompleteAction(string ActionId) : CaseCommand;

    // RBC 9, LIVV 2.11, PP 7.1.2, MK 6.1: a safeguarding or support referral, or a management
    // transfer request, with the consent given (or the safeguarding reason to refer without it)
    // and the date the officer will follow it up by.
    public sealed record MakeReferral(
        string ReferralId, ReferralTo To, string? AgencyName, bool ConsentGiven, string? WithoutConsentBecause,
        DateTimeOffset FollowUpBy) : CaseCommand;

    public sealed record RecordReferralOutcome(string ReferralId, string Outcome) : CaseCommand;

    public sealed record ConvertToCase : CaseCommand;

    public sealed record CloseEnquiry(string ReasonCode) : CaseCommand;

    public sealed record ReviewCase(int ReviewNumber, ReviewOutcome Outcome) : CaseCommand;

    public sealed record RecordIntervention(string InterventionId, string TypeCode) : CaseCommand;

    // MK 11.5, RBC 16, PP 5.6.3: the equality and proportionality assessment of a proposed legal
    // action, made before it starts.
    public sealed record AssessProportionality(string AssessmentId, string ActionTypeCode, ProportionalityAssessment Assessment) : CaseCommand;

    public sealed record StartLegalAction(string LegalActionId, string TypeCode) : CaseCommand;

    public sealed record ConcludeLegalAction(string LegalActionId, string Outcome) : CaseCommand;

    // LIVV 2.10: the closing review with the victim: whether they took part, the support they
    // were signposted to, any needs that go on after closure, and what was learned.
    public sealed record RecordClosingReview(
        string ReviewId, bool VictimTookPart, ValueList<SupportService> SignpostedTo, string? OngoingNeeds, string Learning) : CaseCommand;

    // Resolved defaults to what the closure reason says (MK 9.3 records resolved or not).
    public sealed record RequestClosure(string ReasonCode, bool? Resolved, string RequestedBy) : CaseCommand;

    public sealed record ApproveClosure(string ApprovedBy) : CaseCommand;

    public sealed record RejectClosure(string Reason) : CaseCommand;

    public sealed record Reopen(string Reason) : CaseCommand;

    // Satisfaction on a 5-point scale, 1 very dissatisfied to 5 very satisfied.
    public sealed record RecordSurveyAnswer(
        int SatisfactionWithHandling, int SatisfactionWithOutcome, bool? WouldReportAgain, string? Comments, string? Respondent = null) : CaseCommand;

    public sealed record RecordCorrespondence(string CorrespondenceId, ReportChannel Channel, string Summary) : CaseCommand;

    public sealed record RecordUndeliverableMessage(string MessageKey, string Reason) : CaseCommand;

    // A team leader holds the case against anonymisation, with the reason and what it is about.
    public sealed record HoldCase(LegalHoldReason Reason, string Details, string HeldBy) : CaseCommand;

    public sealed record ReleaseHold(string Details, string ReleasedBy) : CaseCommand;

    // RBC 15, MK 15.3: a team leader restricts the case to named staff (a case about a member of
    // staff or their relative), with the reason, and lifts it when it is no longer needed.
    public sealed record RestrictCase(ValueList<string> StaffIds, string Reason, string RestrictedBy) : CaseCommand;

    public sealed record LiftRestriction(string Reason, string LiftedBy) : CaseCommand;

    // UK GDPR Art. 17: erase one person's data in the case (PersonInCase names them), with the
    // admin who asked and why.
    public sealed record ErasePersonalData(string Person, string Reason, string RequestedBy) : CaseCommand;

    // Sent by the runtime when an armed timer falls due; a timer the case has moved past is
    // dropped without effect.
    public sealed record FireTimer(string TimerId, DateTimeOffset DueAt) : CaseCommand;
}

public abstract record CaseDecision
{
    private CaseDecision() { }

    public sealed record Accepted(ValueList<CaseEvent> Events) : CaseDecision;

    // A reason a person can read: why the command does not fit the case as it stands.
    public sealed record Rejected(string Reason) : CaseDecision;
}
