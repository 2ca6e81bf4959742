using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Risk;

namespace HateCase.Domain.Profiles;

// A landlord's service standards, as data. Each built-in profile reproduces one seed policy;
// where the seed is silent the value comes from the national good-practice default and the
// profile's Notes say so.
public sealed record ServiceProfile(
    string Id,
    string Name,
    IReadOnlyList<string> Notes,
    FirstResponseStandard FirstResponse,
    int? RiskAssessmentWorkingDays,
    int? ActionPlanWorkingDays,
    RegularContactStandard? RegularContact,
    EnquiryStandard Enquiry,
    ReviewStandard Reviews,
    ClosureStandard Closure,
    SurveyStandard? Survey,
    FollowUpStandard? FollowUp,
    ReminderStandard Reminders,
    EscalationStandard Escalation,
    IReadOnlyList<HateStrand> HateStrands,
    VictimsCodeText VictimsCode,
    IReadOnlyList<CodedText> InterventionTypes,
    IReadOnlyList<CodedText> LegalActionTypes,
    CaseReviewThresholds CaseReview,
    IReadOnlyList<DateOnly> ClosureDays,
    OfficeHours OfficeHours,
    RetentionStandard Retention)
{
    public int FirstResponseWorkingDays(RiskLevel level) => level switch
    {
        RiskLevel.High => FirstResponse.HighWorkingDays,
        RiskLevel.Medium => FirstResponse.MediumWorkingDays,
        _ => FirstResponse.LowWorkingDays,
    };

    public ClosureReason? FindClosureReason(string code) =>
        Closure.Reasons.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase));

    // The landlord's own closure days (e.g. a Christmas shutdown) on top of the bank holidays,
    // worked in the landlord's office hours.
    public WorkingCalendar CalendarFrom(WorkingCalendar baseCalendar)
    {
        ArgumentNullException.ThrowIfNull(baseCalendar);
        return baseCalendar.WithClosureDays(ClosureDays).WithOfficeHours(OfficeHours);
    }

    public HateStrand? FindHateStrand(string code) =>
        HateStrands.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.OrdinalIgnoreCase));
}

// MK 5.2, RBC 8: first response by risk; MK 6.1 and RBC 8: every hate report is high priority.
public sealed record FirstResponseStandard(
    int HighWorkingDays,
    int MediumWorkingDays,
    int LowWorkingDays,
    bool HateIsAlwaysHigh);

public enum ContactCadenceUnit
{
    WorkingDays,
    CalendarMonths,
}

// MK 9.2: every 10 working days; RBC: at least monthly.
public sealed record RegularContactStandard(int Every, ContactCadenceUnit Unit);

// RBC 8 stage 1: the initial enquiry lasts at most 4 weeks; after 2 failed attempts by
// telephone a letter goes out; no contact within 10 working days of the letter closes the
// enquiry. AttemptMethodsBeforeLetter: the methods whose failed attempts count towards the letter.
public sealed record EnquiryStandard(
    int LimitDays,
    int FailedAttemptsBeforeLetter,
    int LetterReplyWorkingDays,
    bool CloseWhenLetterUnanswered,
    ValueList<ContactMethod> AttemptMethodsBeforeLetter)
{
    // RBC 8 stage 1: "after 2 attempts by telephone".
    public static ValueList<ContactMethod> TelephoneOnly { get; } = ValueList.Of(ContactMethod.Phone);
}

// RBC 8 stages 2-3: initial case review 2 months after conversion, then monthly; with no
// incidents for 4 weeks the officer considers closure; monitoring for up to 1 more month.
public sealed record ReviewStandard(
    int InitialReviewAfterMonths,
    int ReviewEveryMonths,
    int QuietWeeksBeforeClosureConsidered,
    int MonitoringMonths);

// RBC 8 stage 6: closure needs team manager approval; reasons recorded; resolved or not (MK 9.3).
// ReviewWithVictim (LIVV 2.10): a case closes only after a closing review with the victim.
public sealed record ClosureStandard(bool NeedsApproval, IReadOnlyList<ClosureReason> Reasons, bool ReviewWithVictim = false);

public sealed record ClosureReason(string Code, string Text, bool CountsAsResolved);

// MK 9.4: satisfaction survey within 6 weeks of closure.
public sealed record SurveyStandard(int SendAfterDays, int ReminderAfterDays, int WindowDays);

// LIVV: follow-up contact after closure to check the victim is safe.
public sealed record FollowUpStandard(int AfterClosureWorkingDays);

// Officers are reminded this many working days before a deadline; a deadline too close for
// that gets a reminder this many hours before instead.
public sealed record ReminderStandard(int LeadWorkingDays, int ShortDeadlineLeadHours);

public sealed record EscalationStandard(string To);

public sealed record HateStrand(string Code, string Name, bool National);

// MK 5.1-5.2: the Victims Code, sent as soon as the report is made.
public sealed record VictimsCodeText(string Title, string Introduction, IReadOnlyList<string> Rights);

public sealed record CodedText(string Code, string Text);

// UK GDPR Art. 5(1)(e) and the Data Protection Act 2018 (MK 13.2, RBC 15): a closed case file is
// kept this many years after its closure, then its personal data is removed (CaseRetention).
public sealed record RetentionStandard(int YearsAfterClosure);

// RBC 10 and the statutory ASB Case Review: thresholds over rolling windows.
public sealed record CaseReviewThresholds(
    int IncidentsFromOnePerson,
    int IncidentsFromGroup,
    int WindowMonths,
    int HateIncidents,
    int HateWindowMonths,
    int LastIncidentWithinMonths);
