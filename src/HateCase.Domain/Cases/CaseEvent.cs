using System.Text.Json.Serialization;
using HateCase.Domain.Common;
using HateCase.Domain.Risk;

namespace HateCase.Domain.Cases;

// The case chronology, which is also the audit trail. Stored type names are explicit and
// versioned ("report-received.v1"), never CLR names, so a rename cannot orphan a stored event.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ReportReceived), "report-received.v1")]
[JsonDerivedType(typeof(VictimsCodeSent), "victims-code-sent.v1")]
[JsonDerivedType(typeof(CaseReviewExplained), "case-review-explained.v1")]
[JsonDerivedType(typeof(DeadlineSet), "deadline-set.v1")]
[JsonDerivedType(typeof(DeadlineMet), "deadline-met.v1")]
[JsonDerivedType(typeof(DeadlineMissed), "deadline-missed.v1")]
[JsonDerivedType(typeof(DeadlineCancelled), "deadline-cancelled.v1")]
[JsonDerivedType(typeof(ReminderSent), "reminder-sent.v1")]
[JsonDerivedType(typeof(RiskAssessed), "risk-assessed.v1")]
[JsonDerivedType(typeof(HateRecorded), "hate-recorded.v1")]
[JsonDerivedType(typeof(PossibleHateNotConfirmed), "possible-hate-not-confirmed.v1")]
[JsonDerivedType(typeof(OfficerAssigned), "officer-assigned.v1")]
[JsonDerivedType(typeof(ContactMade), "contact-made.v1")]
[JsonDerivedType(typeof(ContactAttemptFailed), "contact-attempt-failed.v1")]
[JsonDerivedType(typeof(ComplainantToBeTold), "complainant-to-be-told.v1")]
[JsonDerivedType(typeof(AdaptedCopyNeeded), "adapted-copy-needed.v1")]
[JsonDerivedType(typeof(AdaptedCopySent), "adapted-copy-sent.v1")]
[JsonDerivedType(typeof(LetterToPost), "letter-to-post.v1")]
[JsonDerivedType(typeof(LetterPosted), "letter-posted.v1")]
[JsonDerivedType(typeof(LetterSent), "letter-sent.v1")]
[JsonDerivedType(typeof(LetterUnanswered), "letter-unanswered.v1")]
[JsonDerivedType(typeof(IncidentLogged), "incident-logged.v1")]
[JsonDerivedType(typeof(RelatedReportReceived), "related-report-received.v1")]
[JsonDerivedType(typeof(RelatedReportAccepted), "related-report-accepted.v1")]
[JsonDerivedType(typeof(RelatedReportDeclined), "related-report-declined.v1")]
[JsonDerivedType(typeof(ActionPlanAgreed), "action-plan-agreed.v1")]
[JsonDerivedType(typeof(ActionCompleted), "action-completed.v1")]
[JsonDerivedType(typeof(EnquiryConverted), "enquiry-converted.v1")]
[JsonDerivedType(typeof(EnquiryClosed), "enquiry-closed.v1")]
[JsonDerivedType(typeof(CaseReviewed), "case-reviewed.v1")]
[JsonDerivedType(typeof(InterventionRecorded), "intervention-recorded.v1")]
[JsonDerivedType(typeof(ReferralMade), "referral-made.v1")]
[JsonDerivedType(typeof(ReferralOutcomeRecorded), "referral-outcome-recorded.v1")]
[JsonDerivedType(typeof(ProportionalityAssessed), "proportionality-assessed.v1")]
[JsonDerivedType(typeof(LegalActionStarted), "legal-action-started.v1")]
[JsonDerivedType(typeof(LegalActionConcluded), "legal-action-concluded.v1")]
[JsonDerivedType(typeof(ClosingReviewHeld), "closing-review-held.v1")]
[JsonDerivedType(typeof(ClosureRequested), "closure-requested.v1")]
[JsonDerivedType(typeof(ClosureRejected), "closure-rejected.v1")]
[JsonDerivedType(typeof(CaseClosed), "case-closed.v1")]
[JsonDerivedType(typeof(CaseReopened), "case-reopened.v1")]
[JsonDerivedType(typeof(SurveyScheduled), "survey-scheduled.v1")]
[JsonDerivedType(typeof(SurveyInvitationSent), "survey-invitation-sent.v1")]
[JsonDerivedType(typeof(SurveyReminderSent), "survey-reminder-sent.v1")]
[JsonDerivedType(typeof(SurveyAnswered), "survey-answered.v1")]
[JsonDerivedType(typeof(SurveyWindowClosed), "survey-window-closed.v1")]
[JsonDerivedType(typeof(CorrespondenceReceived), "correspondence-received.v1")]
[JsonDerivedType(typeof(MessageUndeliverable), "message-undeliverable.v1")]
[JsonDerivedType(typeof(LegalHoldPlaced), "legal-hold-placed.v1")]
[JsonDerivedType(typeof(LegalHoldReleased), "legal-hold-released.v1")]
[JsonDerivedType(typeof(CaseTeamSet), "case-team-set.v1")]
[JsonDerivedType(typeof(CaseRestricted), "case-restricted.v1")]
[JsonDerivedType(typeof(RestrictionLifted), "restriction-lifted.v1")]
[JsonDerivedType(typeof(PersonalDataErased), "personal-data-erased.v1")]
public abstract record CaseEvent
{
    private CaseEvent() { }

    public abstract DateTimeOffset At { get; init; }

    // Stage 1 begins: the report is recorded without delay (Victims Code right 2).
    public sealed record ReportReceived(
        DateTimeOffset At, string Reference, ReportChannel Channel, Complainant Complainant,
        IncidentReport Report, string IncidentId, string? ReporterKey, RiskLevel TriageRisk,
        ValueList<string> TriageReasons) : CaseEvent;

    // MK 5.1-5.2: the Victims Code, sent as soon as the report is made.
    public sealed record VictimsCodeSent(DateTimeOffset At, VictimsCodeDelivery Delivery, ContactPoint? To) : CaseEvent;

    // 2025 statutory guidance: the case review is explained on a second report within 6 months.
    public sealed record CaseReviewExplained(DateTimeOffset At, ContactPoint To) : CaseEvent;

    public sealed record DeadlineSet(DateTimeOffset At, Deadline Deadline) : CaseEvent;

    public sealed record DeadlineMet(DateTimeOffset At, string DeadlineId, DeadlineKind Kind, DateTimeOffset DueAt) : CaseEvent
    {
        public bool OnTime => At <= DueAt;
    }

    // A breach of a service standard; the team leader is told (escalation).
    public sealed record DeadlineMissed(DateTimeOffset At, string DeadlineId, DeadlineKind Kind, DateTimeOffset DueAt, string EscalatedTo) : CaseEvent;

    public sealed record DeadlineCancelled(DateTimeOffset At, string DeadlineId, DeadlineKind Kind, string Reason) : CaseEvent;

    public sealed record ReminderSent(DateTimeOffset At, string DeadlineId, DeadlineKind Kind, DateTimeOffset DueAt) : CaseEvent;

    // MK 5.2, MKAR 3: the matrix risk assessment; re-assessment is allowed at any time.
    public sealed record RiskAssessed(DateTimeOffset At, string AssessmentId, RiskLevel Level, int Score, ValueList<string> Reasons) : CaseEvent;

    // Hate found at the risk assessment: the case counts as hate from then on, with the strands
    // the officer named (MK 9.2 standard, NM01 (2), volumes by strand).
    public sealed record HateRecorded(DateTimeOffset At, string AssessmentId, ValueList<string> Strands) : CaseEvent;

    // The officer's assessment found no hate motivation in a report that was handled as hate
    // only because of its words; the case no longer counts as hate.
    public sealed record PossibleHateNotConfirmed(DateTimeOffset At, string AssessmentId) : CaseEvent;

    // RBC 9: one named officer is the victim's point of contact throughout.
    public sealed record OfficerAssigned(DateTimeOffset At, string OfficerId) : CaseEvent;

    // With: the other complainant (RBC 9) the contact was with; null for the complainant.
    public sealed record ContactMade(DateTimeOffset At, string ContactId, ContactMethod Method, string? UpdateText, string? With = null) : CaseEvent;

    // MK 11.2, PP 6.3: news the complainant asked to hear by phone, text or visit becomes a task
    // for the officer, due by TellBy; recording a contact with them keeps it. Fields are the
    // news as a written message would carry it. For: the other complainant (RBC 9) to be told;
    // null for the complainant.
    public sealed record ComplainantToBeTold(
        DateTimeOffset At, string TaskId, MessageTemplate News, ContactMethod Method, DateTimeOffset TellBy,
        ValueList<MessageField> Fields, string? For = null) : CaseEvent;

    // RBC 9, MK 11.2, PP 6.3: a written message to someone who asked for another format or
    // language; the officer sends that copy by SendBy. Fields are the message's own. For: the
    // other complainant (RBC 9) the copy is for; null for the complainant.
    public sealed record AdaptedCopyNeeded(
        DateTimeOffset At, string TaskId, MessageTemplate Message, ValueList<string> Formats, DateTimeOffset SendBy,
        ValueList<MessageField> Fields, string? For = null) : CaseEvent;

    public sealed record AdaptedCopySent(DateTimeOffset At, string TaskId) : CaseEvent;

    // MK 11.2, PP 6.3: a letter for the post room to print and post by PostBy.
    public sealed record LetterToPost(DateTimeOffset At, string TaskId, MessageTemplate Message, DateTimeOffset PostBy) : CaseEvent;

    public sealed record LetterPosted(DateTimeOffset At, string TaskId) : CaseEvent;

    // RBC 8 stage 1: AttemptsSinceLastContact counts the failed attempts by the methods that lead
    // to the letter (the profile's, telephone by default); an attempt by another method is
    // recorded with CountsTowardsLetter false and leaves the count as it was.
    public sealed record ContactAttemptFailed(
        DateTimeOffset At, string AttemptId, ContactMethod Method, int AttemptsSinceLastContact, bool CountsTowardsLetter = true) : CaseEvent;

    // RBC 8 stage 1: after 2 failed telephone attempts a letter goes out; a reply is awaited.
    public sealed record LetterSent(DateTimeOffset At, string LetterId, int LetterNumber, DateTimeOffset ReplyDueAt, bool SentAutomatically) : CaseEvent;

    public sealed record LetterUnanswered(DateTimeOffset At, int LetterNumber) : CaseEvent;

    public sealed record IncidentLogged(DateTimeOffset At, IncidentRecord Incident, string Description) : CaseEvent;

    // A new report about the same party as this open case is offered to the officer as an
    // incident on this case (NM01: further reports while a case is open are not new cases).
    public sealed record RelatedReportReceived(
        DateTimeOffset At, string ReportId, ReportChannel Channel, Complainant Complainant,
        IncidentReport Report, string? ReporterKey) : CaseEvent;

    public sealed record RelatedReportAccepted(DateTimeOffset At, string ReportId) : CaseEvent;

    // The officer judged the report not to belong here; the shell opens a case for it.
    public sealed record RelatedReportDeclined(DateTimeOffset At, string ReportId, string Reason) : CaseEvent;

    // RBC 8 stage 1: the action plan is opened at the enquiry stage and agreed with the victim.
    public sealed record ActionPlanAgreed(DateTimeOffset At, int Version, string Summary, ValueList<PlannedAction>? Actions = null) : CaseEvent;

    public sealed record ActionCompleted(DateTimeOffset At, string ActionId) : CaseEvent;

    // InitialReviewDueAt: when the first case review falls due (absent from events recorded before
    // it was kept here).
    public sealed record EnquiryConverted(DateTimeOffset At, DateTimeOffset? InitialReviewDueAt = null) : CaseEvent;

    public sealed record EnquiryClosed(DateTimeOffset At, string ReasonCode, bool Resolved, int ClosureNumber) : CaseEvent;

    public sealed record CaseReviewed(
        DateTimeOffset At, int ReviewNumber, ReviewOutcome Outcome, DateTimeOffset? MonitorUntil,
        bool NoIncidentsForQuietPeriod) : CaseEvent;

    // RBC 8 stage 4.
    public sealed record InterventionRecorded(DateTimeOffset At, string InterventionId, string TypeCode) : CaseEvent;

    public sealed record ReferralMade(
        DateTimeOffset At, string ReferralId, ReferralTo To, string? AgencyName, bool ConsentGiven, string? WithoutConsentBecause,
        DateTimeOffset FollowUpBy) : CaseEvent;

    public sealed record ReferralOutcomeRecorded(DateTimeOffset At, string ReferralId, string Outcome) : CaseEvent;

    // MK 11.5, RBC 16, PP 5.6.3: whether the proposed action is proportionate, and why.
    public sealed record ProportionalityAssessed(
        DateTimeOffset At, string AssessmentId, string ActionTypeCode, ProportionalityAssessment Assessment) : CaseEvent;

    // RBC 8 stage 5: a case in legal action stays open until it concludes.
    public sealed record LegalActionStarted(DateTimeOffset At, string LegalActionId, string TypeCode) : CaseEvent;

    public sealed record LegalActionConcluded(DateTimeOffset At, string LegalActionId, string Outcome) : CaseEvent;

    // RBC 8 stage 6: closure needs team manager approval.
    public sealed record ClosingReviewHeld(
        DateTimeOffset At, string ReviewId, bool VictimTookPart, ValueList<SupportService> SignpostedTo, string? OngoingNeeds, string Learning) : CaseEvent;

    public sealed record ClosureRequested(DateTimeOffset At, string ReasonCode, bool Resolved, string RequestedBy) : CaseEvent;

    public sealed record ClosureRejected(DateTimeOffset At, string Reason) : CaseEvent;

    public sealed record CaseClosed(DateTimeOffset At, string ReasonCode, bool Resolved, int ClosureNumber) : CaseEvent;

    public sealed record CaseReopened(DateTimeOffset At, string Reason) : CaseEvent;

    // MK 9.4: satisfaction survey within 6 weeks of closure. InviteAt is null when the
    // complainant cannot be emailed: staff may still record answers given by phone or post.
    public sealed record SurveyScheduled(
        DateTimeOffset At, int ClosureNumber, DateTimeOffset? InviteAt, DateTimeOffset? RemindAt,
        DateTimeOffset ClosesAt) : CaseEvent;

    public sealed record SurveyInvitationSent(DateTimeOffset At, int ClosureNumber, DateTimeOffset WindowClosesAt) : CaseEvent;

    public sealed record SurveyReminderSent(DateTimeOffset At, int ClosureNumber) : CaseEvent;

    public sealed record SurveyAnswered(
        DateTimeOffset At, int ClosureNumber, int SatisfactionWithHandling, int SatisfactionWithOutcome,
        bool? WouldReportAgain, string? Comments, string? Respondent = null) : CaseEvent;

    public sealed record SurveyWindowClosed(DateTimeOffset At, int ClosureNumber) : CaseEvent;

    // A reply from the complainant (e.g. to the ASB@ mailbox) carrying the case reference. RBC 8
    // stage 1: it is contact, so an enquiry waiting on a letter is no longer closed for silence.
    public sealed record CorrespondenceReceived(DateTimeOffset At, string CorrespondenceId, ReportChannel Channel, string Summary) : CaseEvent;

    // The outbox could not deliver a message at all (e.g. the address does not exist).
    public sealed record MessageUndeliverable(DateTimeOffset At, string MessageKey, string Reason) : CaseEvent;

    // A team leader keeps the case past its retention date while legal action or an ombudsman
    // complaint needs it (UK GDPR Art. 17(3)(e): erasure does not apply to data needed for legal
    // claims), and releases it when that is over.
    public sealed record LegalHoldPlaced(DateTimeOffset At, LegalHoldReason Reason, string Details, string HeldBy) : CaseEvent;

    public sealed record LegalHoldReleased(DateTimeOffset At, string Details, string ReleasedBy) : CaseEvent;

    // RBC 15, MK 15.3: the case is now this team's; its staff see it.
    public sealed record CaseTeamSet(DateTimeOffset At, string Team) : CaseEvent;

    // RBC 15, MK 15.3: only the named staff and the team leader who restricted it may see the
    // case or act on it, until the restriction is lifted. A new restriction replaces the last.
    public sealed record CaseRestricted(DateTimeOffset At, ValueList<string> StaffIds, string Reason, string RestrictedBy) : CaseEvent;

    public sealed record RestrictionLifted(DateTimeOffset At, string Reason, string LiftedBy) : CaseEvent;

    // UK GDPR Art. 17: an admin erased one person's data in the case on their request, before its
    // retention date (PersonalData.Erase says what went). Person: PersonInCase's name for them.
    // The reason is a short note with no personal data in it.
    public sealed record PersonalDataErased(DateTimeOffset At, string Person, string RequestedBy, string Reason) : CaseEvent;
}

// Where a message to a complainant goes: the reporter of a related report is a complainant too.
public sealed record ContactPoint(string? Email, string? PostalAddress)
{
    public static ContactPoint? Of(Complainant complainant) =>
        complainant.CanBeWrittenTo ? new ContactPoint(complainant.Email, complainant.PostalAddress) : null;
}

public enum VictimsCodeDelivery
{
    Email,
    Post,
    ToldByStaff,
}

// RBC 8 stage 3: at a review the officer closes or carries on; when closure is considered the
// case may be monitored for up to one more month.
public enum ReviewOutcome
{
    Continue,
    Monitor,
    ConsiderClosure,
}

// RBC 16 (the Equality Act assessment), MK 11.5, PP 5.6.3: before legal action, whether the
// protected characteristics and support of the person it would be taken against, and lesser
// options, were considered, and whether the action is a proportionate means to a legitimate aim.
public sealed record ProportionalityAssessment(
    bool ProtectedCharacteristicsConsidered,
    bool SupportConsidered,
    bool LesserOptionsConsidered,
    bool Proportionate,
    string Reasons)
{
    // What an assessment finding action proportionate has left out, as a phrase, or null.
    public string? Unconsidered()
    {
        var missing = new List<string>();
        if (!ProtectedCharacteristicsConsidered)
        {
            missing.Add("their protected characteristics");
        }
        if (!SupportConsidered)
        {
            missing.Add("the support they have");
        }
        if (!LesserOptionsConsidered)
        {
            missing.Add("less severe options");
        }
        return missing.Count switch
        {
            0 => null,
            1 => missing[0],
            _ => string.Join(", ", missing[..^1]) + " and " + missing[^1],
        };
    }
}

// Where a referral goes: RBC 9 (adult social care, children's services, victim support, a
// management transfer under the allocations policy), MK 6.1 and PP 7.1.2 (the MASH and partners).
public enum ReferralTo
{
    AdultSocialCare,
    ChildrensServices,
    Mash,
    VictimSupport,
    Police,
    MentalHealth,
    ManagementTransfer,
    OtherAgency,
}
