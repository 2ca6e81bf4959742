using HateCase.Domain.Cases;

namespace HateCase.Mail.Rendering;

// The promises as the policies name them, said the same way in emails, the digest and the staff
// pages: "regular contact" inside a sentence, "Regular contact" at the start of one.
public static class DeadlineNames
{
    public static string Of(DeadlineKind kind) => kind switch
    {
        DeadlineKind.RiskAssessment => "risk assessment",
        DeadlineKind.FirstResponse => "first response",
        DeadlineKind.RegularContact => "regular contact",
        DeadlineKind.EnquiryDecision => "enquiry decision",
        DeadlineKind.CaseReview => "case review",
        DeadlineKind.FollowUpContact => "follow-up contact after closure",
        DeadlineKind.ReferralFollowUp => "referral follow-up",
        DeadlineKind.TellComplainant => "news to give the complainant by phone, text or visit",
        DeadlineKind.AdaptedCopy => "adapted copy for the complainant",
        DeadlineKind.ActionPlan => "action plan",
        DeadlineKind.LetterPosted => "letter to post",
        DeadlineKind.ActionDue => "agreed action",
        _ => Unknown,
    };

    // A kind named in a stored message's fields, which may come from a later version.
    public static string Of(string kind) => Enum.TryParse<DeadlineKind>(kind, out var known) ? Of(known) : Unknown;

    private const string Unknown = "case deadline";

    public static string Heading(DeadlineKind kind)
    {
        var name = Of(kind);
        return char.ToUpperInvariant(name[0]) + name[1..];
    }
}
