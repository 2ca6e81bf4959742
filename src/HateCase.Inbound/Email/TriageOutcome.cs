using HateCase.Domain.Cases;

namespace HateCase.Inbound.Email;

// A file that may go with the case: its type decided from its bytes.
public sealed record AcceptedAttachment(string FileName, string ContentType, long Size, ReadOnlyMemory<byte> Content);

// A file that may not, and why (a reason a person can read; no file content in it).
public sealed record RejectedAttachment(string FileName, string Reason);

// Text too long for a description, kept whole as a plain-text evidence file.
public sealed record EvidenceText(string FileName, string Text);

// What one inbound email becomes. Only NewReport and ReplyToCase lead anywhere; Ignore and Reject
// are recorded and never answered, so an auto-reply can never start a mail loop.
public abstract record TriageOutcome
{
    private TriageOutcome() { }

    // A report for a new case (RBC 12, the ASB@ mailbox as a way in: MK 5.3).
    // Report.Description is the new text of the email (or a note pointing at FullText when it
    // is too long). PossibleHate: its words suggest hate, so it is handled as hate until the
    // officer's risk assessment (Report.PossibleHateWords carries them to the case).
    public sealed record NewReport(
        Complainant Complainant,
        IncidentReport Report,
        string Subject,
        bool PossibleHate,
        IReadOnlyList<string> PossibleHateWords,
        string? QuotedHistory,
        IReadOnlyList<AcceptedAttachment> Attachments,
        IReadOnlyList<RejectedAttachment> RejectedAttachments,
        EvidenceText? FullText) : TriageOutcome
    {
        public ReportChannel Channel => ReportChannel.Email;
    }

    // The complainant (or someone) writing about an existing case: the subject names its
    // reference, or the reply headers name one of our Message-IDs (which carry the case id).
    public sealed record ReplyToCase(
        string? CaseId,
        string? Reference,
        MailboxAddress From,
        string Summary,
        string Text,
        IReadOnlyList<AcceptedAttachment> Attachments,
        IReadOnlyList<RejectedAttachment> RejectedAttachments,
        EvidenceText? FullText) : TriageOutcome
    {
        public ReportChannel Channel => ReportChannel.Email;
    }

    // Automatic mail: auto-replies, out-of-office, bounces, bulk mail, mail from robots.
    // BouncedOutboxKey is the outbox key of our own message a bounce names, when it names one.
    public sealed record Ignore(string Reason, string? BouncedOutboxKey = null) : TriageOutcome;

    // Mail that cannot become anything (no usable sender, nothing in it, too large).
    // Kept in the mailbox's Rejected folder for staff to look at.
    public sealed record Reject(string Reason) : TriageOutcome;
}
