using System.Globalization;
using HateCase.Domain.Cases;
using static HateCase.Domain.Cases.CaseEvent;

namespace HateCase.Domain.Privacy;

// What a data-protection officer does with each piece of a case before releasing it to the person
// who asked (UK GDPR Art. 15(4): a copy must not adversely affect the rights of others).
public enum DisclosureMark
{
    // About the person who asked, in their own words or ours: release.
    Subject,
    // Another person's data (another complainant, a witness, the people involved): redact.
    ThirdParty,
    // An officer's note or a text that names the person but may name others too: read and redact
    // what is about others.
    Check,
}

public sealed record DisclosureItem(DateTimeOffset At, string Record, string Field, string Text, DisclosureMark Mark);

// One case's record as it answers a subject access request: every report and note with text,
// each marked for release or redaction, oldest first. Nothing is left out silently: what is
// another person's is there, marked ThirdParty, for the officer to redact.
public static class SubjectAccess
{
    public static IReadOnlyList<DisclosureItem> Disclose(IEnumerable<CaseEvent> chronology, IReadOnlyCollection<PersonIdentifier> subject)
    {
        ArgumentNullException.ThrowIfNull(chronology);
        ArgumentNullException.ThrowIfNull(subject);
        var items = new List<DisclosureItem>();
        var complainantIsSubject = false;
        // RBC 9: the other people who reported the case, by report id, and whether each is the subject.
        var otherIsSubject = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool IsSubjectOf(string? reportId) => reportId is null ? complainantIsSubject : otherIsSubject.GetValueOrDefault(reportId);
        string Whom(string? reportId) => reportId is null ? "the complainant" : "another person who reported the case";
        foreach (var e in chronology)
        {
            switch (e)
            {
                case ReportReceived report:
                    complainantIsSubject = IsSubject(report.Complainant, subject);
                    items.AddRange(Report(report.At, $"Report {report.Reference}", report.Complainant, report.Report, subject));
                    break;
                case RelatedReportReceived related:
                    otherIsSubject[related.ReportId] = IsSubject(related.Complainant, subject);
                    items.AddRange(Report(related.At, "Linked report", related.Complainant, related.Report, subject));
                    break;
                case ContactMade { UpdateText: { Length: > 0 } update } contact:
                    items.Add(new(contact.At, "Contact", $"Update sent to {Whom(contact.With)} ({Name(contact.Method)})", update, OwnOr(IsSubjectOf(contact.With), update, subject)));
                    break;
                case ComplainantToBeTold { Fields: var fields } task when fields.FirstOrDefault(f => f.Name == "text") is { Value: { Length: > 0 } update }:
                    items.Add(new(task.At, "Contact", $"Update for the officer to give {Whom(task.For)} ({Name(task.Method)})", update, OwnOr(IsSubjectOf(task.For), update, subject)));
                    break;
                case ContactMade contact:
                    items.Add(new(contact.At, "Contact", $"Contact with {Whom(contact.With)}", Name(contact.Method), Of(IsSubjectOf(contact.With))));
                    break;
                case ContactAttemptFailed attempt:
                    items.Add(new(attempt.At, "Contact", "Attempt to contact the complainant", Name(attempt.Method), Of(complainantIsSubject)));
                    break;
                case VictimsCodeSent code:
                    items.Add(new(code.At, "Contact", "The Victims Code sent to the complainant", code.Delivery.ToString(), Of(complainantIsSubject)));
                    break;
                case IncidentLogged logged:
                    items.Add(new(logged.At, "Incident logged by an officer", "Description", logged.Description, DisclosureMark.Check));
                    break;
                case ClosingReviewHeld review:
                    items.Add(new(review.At, "Closing review", review.VictimTookPart ? "Held with the victim" : "Offered; the victim did not take part",
                        (review.OngoingNeeds is { } needs ? needs + " " : "") + review.Learning, DisclosureMark.Check));
                    break;
                case ActionPlanAgreed plan:
                    items.Add(new(plan.At, "Action plan", $"Version {plan.Version}", plan.Summary, DisclosureMark.Check));
                    break;
                case CorrespondenceReceived correspondence:
                    items.Add(new(correspondence.At, "Correspondence received", "Summary", correspondence.Summary, DisclosureMark.Check));
                    break;
                case RiskAssessed risk:
                    items.Add(new(risk.At, "Risk assessment", $"Risk {risk.Level}", string.Join("; ", risk.Reasons), DisclosureMark.Check));
                    break;
                case ClosureRequested closure:
                    items.Add(new(closure.At, "Closure requested", "Reason", closure.ReasonCode, DisclosureMark.Check));
                    break;
                case ClosureRejected rejected:
                    items.Add(new(rejected.At, "Closure rejected", "Reason", rejected.Reason, DisclosureMark.Check));
                    break;
                case CaseReopened reopened:
                    items.Add(new(reopened.At, "Case reopened", "Reason", reopened.Reason, DisclosureMark.Check));
                    break;
                case RelatedReportDeclined declined:
                    items.Add(new(declined.At, "Linked report declined", "Reason", declined.Reason, DisclosureMark.Check));
                    break;
                case ReferralMade referral:
                    items.Add(new(referral.At, "Referral", referral.To.ToString(),
                        (referral.AgencyName is { } agency ? agency + ". " : "")
                        + (referral.ConsentGiven ? "Made with consent." : $"Made without consent: {referral.WithoutConsentBecause}"), DisclosureMark.Check));
                    break;
                case ReferralOutcomeRecorded outcome:
                    items.Add(new(outcome.At, "Referral outcome", "Outcome", outcome.Outcome, DisclosureMark.Check));
                    break;
                // About the person legal action would be taken against, not the complainant.
                case ProportionalityAssessed assessed:
                    items.Add(new(assessed.At, "Equality and proportionality assessment", "Reasons", assessed.Assessment.Reasons,
                        Naming(assessed.Assessment.Reasons, subject) ?? DisclosureMark.ThirdParty));
                    break;
                case LegalHoldPlaced hold:
                    items.Add(new(hold.At, "Legal hold", hold.Reason.ToString(), hold.Details, DisclosureMark.Check));
                    break;
                case LegalHoldReleased released:
                    items.Add(new(released.At, "Legal hold released", "Details", released.Details, DisclosureMark.Check));
                    break;
                case CaseRestricted restricted:
                    items.Add(new(restricted.At, "Case restricted to named staff", "Reason", restricted.Reason, DisclosureMark.Check));
                    break;
                case RestrictionLifted lifted:
                    items.Add(new(lifted.At, "Restriction lifted", "Reason", lifted.Reason, DisclosureMark.Check));
                    break;
                case LegalActionConcluded legal:
                    items.Add(new(legal.At, "Legal action concluded", "Outcome", legal.Outcome, DisclosureMark.Check));
                    break;
                case SurveyAnswered survey:
                    items.Add(new(survey.At, "Satisfaction survey", "Answers",
                        $"Handling {survey.SatisfactionWithHandling} of 5, outcome {survey.SatisfactionWithOutcome} of 5" +
                        (survey.Comments is { Length: > 0 } comments ? $". Comments: {comments}" : ""), Of(IsSubjectOf(survey.Respondent))));
                    break;
            }
        }
        return items;
    }

    public static bool IsSubject(Complainant complainant, IReadOnlyCollection<PersonIdentifier> subject) =>
        PersonIdentifiers.Of(complainant).Any(subject.Contains);

    // A report: who made it and their account are theirs; the witnesses and people involved are
    // others'. A field that names the person asked about is to be checked, whoever wrote it.
    private static IEnumerable<DisclosureItem> Report(
        DateTimeOffset at, string record, Complainant complainant, IncidentReport report, IReadOnlyCollection<PersonIdentifier> subject)
    {
        var own = IsSubject(complainant, subject);
        var theirs = own ? DisclosureMark.Subject : DisclosureMark.ThirdParty;
        yield return new(at, record, "Who reported", Describe(complainant), theirs);
        foreach (var (field, text) in new[]
        {
            ("When it happened", report.OccurredAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
            ("Where", report.Location),
            ("What happened", report.Description),
            ("How it affected them", report.ImpactOnYou),
            ("Crime reference", report.CrimeReference),
        })
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return new(at, record, field, text, own ? DisclosureMark.Subject : Naming(text, subject) ?? theirs);
            }
        }
        foreach (var (field, text) in new[] { ("People involved", report.PeopleInvolved), ("Witnesses", report.Witnesses) })
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return new(at, record, field, text, Naming(text, subject) ?? DisclosureMark.ThirdParty);
            }
        }
    }

    private static DisclosureMark? Naming(string text, IReadOnlyCollection<PersonIdentifier> subject) =>
        PersonIdentifiers.FoundIn(text).Any(subject.Contains) ? DisclosureMark.Check : null;

    private static DisclosureMark OwnOr(bool complainantIsSubject, string text, IReadOnlyCollection<PersonIdentifier> subject) =>
        complainantIsSubject ? DisclosureMark.Check : Naming(text, subject) ?? DisclosureMark.ThirdParty;

    private static DisclosureMark Of(bool complainantIsSubject) => complainantIsSubject ? DisclosureMark.Subject : DisclosureMark.ThirdParty;

    private static string Name(ContactMethod method) => method.ToString().ToLowerInvariant();

    private static string Describe(Complainant c)
    {
        if (c.Anonymous)
        {
            return "Anonymous";
        }
        var parts = new List<string>();
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{label}: {value}");
            }
        }
        Add("Name", c.Name);
        Add("Email", c.Email);
        Add("Phone", c.Phone);
        Add("Address", c.PostalAddress);
        Add("Preferred contact", c.PreferredContact?.ToString());
        Add("Safe times to contact", c.SafeTimesToContact);
        Add("Safe hours for email", c.SafeToEmail?.ToString());
        Add("Language", c.Language);
        if (c.InterpreterNeeded)
        {
            parts.Add("Needs an interpreter");
        }
        if (c.AccessibilityNeeds.Count > 0)
        {
            parts.Add("Accessibility needs: " + string.Join(", ", c.AccessibilityNeeds));
        }
        parts.Add(c.IsVictim ? "The victim" : "Reporting for someone else");
        parts.Add(c.ConsentToShareWithPartners ? "Consents to sharing with partners" : "Has not consented to sharing with partners");
        return string.Join("; ", parts);
    }
}
