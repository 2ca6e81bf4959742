namespace HateCase.Domain.Cases;

// The promises an officer must keep on a case. Each is a service standard: recorded as met or
// missed with its times, so the measures come from the record.
public enum DeadlineKind
{
    // LIVV 2.10: risk assessed within one working day; the Ombudsman expects it first.
    RiskAssessment,
    // MK 5.2, RBC 8: first response by risk level (hate: 1 working day).
    FirstResponse,
    // MK 9.2: every 10 working days; RBC: at least monthly.
    RegularContact,
    // RBC 8 stage 1: the enquiry is converted or closed within 4 weeks.
    EnquiryDecision,
    // RBC 8 stage 3: initial case review at 2 months, then monthly.
    CaseReview,
    // LIVV: follow-up contact after closure to check the victim is safe.
    FollowUpContact,
    // RBC 9, LIVV 2.11, PP 7.1.2, MK 6.1: a referral (or management transfer request) is followed
    // up by the date the officer set.
    ReferralFollowUp,
    // MK 11.2, PP 6.3: news for a complainant who asked to be phoned, texted or visited is passed
    // on by the officer within a working day.
    TellComplainant,
    // RBC 9, MK 11.2, PP 6.3: the translated, easy-read, large-print, Braille or audio copy of a
    // written message is sent within a week of the standard one.
    AdaptedCopy,
    // MK 11.2, PP 6.3: a letter to the complainant printed and posted by the post room.
    LetterPosted,
    // RBC 8 stage 1, MK 5.2, LIVV 2.10: the action plan agreed with the complainant.
    ActionPlan,
    // RBC 8, MK 5.2, LIVV 2.10: an action of the agreed plan, done by its date.
    ActionDue,
}

public sealed record Deadline(
    string Id,
    DeadlineKind Kind,
    DateTimeOffset SetAt,
    DateTimeOffset DueAt,
    DateTimeOffset? RemindAt,
    bool Reminded,
    // What the promise is about when a case can hold several of its kind (a referral's id).
    string? About = null)
{
    public CaseTimer LiveTimer => RemindAt is { } remindAt && !Reminded
        ? new CaseTimer($"{Id}:reminder", TimerKind.DeadlineReminder, remindAt, Id)
        : new CaseTimer($"{Id}:due", TimerKind.DeadlineDue, DueAt, Id);
}

public enum TimerKind
{
    DeadlineReminder,
    DeadlineDue,
    LetterReplyWindowEnds,
    SurveyInvitation,
    SurveyReminder,
    SurveyWindowCloses,
}

// A point in time at which the case must be woken. Timers are derived from the state
// (CaseTimers.Due), never kept by hand; the runtime arms exactly these.
public sealed record CaseTimer(string Id, TimerKind Kind, DateTimeOffset DueAt, string? DeadlineId = null);
