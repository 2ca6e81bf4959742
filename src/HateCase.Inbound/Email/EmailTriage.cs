using System.Globalization;
using System.Net.Mail;
using System.Text;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;

namespace HateCase.Inbound.Email;

// What an email to the ASB@ mailbox becomes. Pure: the same email and policy always give the
// same outcome, and nothing here reads a clock, a store or the network.
// Order matters: automatic mail is recognised first (it is never answered, whatever else is wrong
// with it), then what makes an email unusable, then replies to a case, then new reports.
public static class EmailTriage
{
    public const string FullTextFileName = "email-text.txt";

    public static TriageOutcome Decide(InboundEmail email, TriagePolicy policy) => Decide(email, policy, allowReply: true);

    // The same email read as a new report, for a reply naming a case that does not exist.
    public static TriageOutcome AsNewReport(InboundEmail email, TriagePolicy policy) => Decide(email, policy, allowReply: false);

    private static TriageOutcome Decide(InboundEmail email, TriagePolicy policy, bool allowReply)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(policy);

        if (AutomaticMail.Why(email) is { } automatic)
        {
            return new TriageOutcome.Ignore(automatic, BouncedOutboxKey(email, policy));
        }

        if (policy.OwnAddresses.Contains(email.From.Address.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return new TriageOutcome.Ignore("sent from our own address");
        }

        if (!IsUsableAddress(email.From.Address))
        {
            return new TriageOutcome.Reject("the sender's address is missing or malformed");
        }

        var size = email.EstimatedSize;
        if (size > policy.MaxMessageBytes)
        {
            return new TriageOutcome.Reject(
                $"the message is larger than the {AttachmentScreening.Size(policy.MaxMessageBytes)} limit ({AttachmentScreening.Size(size)})");
        }

        var text = EmailText.Of(email);
        var files = AttachmentScreening.Screen(email.Attachments, policy);
        var reference = CaseReferences.ReferenceIn(email.Subject);
        var answered = CaseReferences.AnsweredMessage(email, policy);

        if (allowReply && (reference is not null || answered is not null))
        {
            return Reply(email, policy, text, files, answered?.CaseId, reference);
        }

        return NewReport(email, policy, text, files);
    }

    private static TriageOutcome Reply(
        InboundEmail email, TriagePolicy policy, EmailText text, AttachmentScreening.Result files, string? caseId, string? reference)
    {
        var words = text.NewText;
        if (words.Length == 0 && files.Accepted.Count == 0 && files.Rejected.Count == 0)
        {
            return new TriageOutcome.Reject("the reply has no new text and no attachments");
        }

        var (fitted, fullText) = Fit(words, policy);
        var summary = words.Length > 0 ? Summary(words, policy.MaxSummaryChars) : FilesNote(files);
        return new TriageOutcome.ReplyToCase(caseId, reference, email.From, summary, fitted, files.Accepted, files.Rejected, fullText);
    }

    private static TriageOutcome NewReport(InboundEmail email, TriagePolicy policy, EmailText text, AttachmentScreening.Result files)
    {
        // A forwarded report, or one whose only words sit under a quote marker, is the report itself.
        var includeQuoted = text.QuotedHistory.Length > 0 && (text.Forwarded || IsForwardSubject(email.Subject) || text.NewText.Length == 0);
        var words = includeQuoted ? Join(text.NewText, text.QuotedHistory) : text.NewText;
        if (words.Length == 0 && files.Accepted.Count == 0 && files.Rejected.Count == 0)
        {
            return new TriageOutcome.Reject("the message has no text and no attachments");
        }

        if (words.Length == 0)
        {
            words = Join(email.Subject.Trim(), $"(The email had no text. {FilesNote(files)})");
        }

        var (description, fullText) = Fit(words, policy);
        var hateWords = PossibleHate.WordsIn(email.Subject + "\n" + words, policy.PossibleHateWords);
        var complainant = new Complainant(
            Anonymous: false,
            // Unknown from an email; the officer confirms at first contact.
            IsVictim: true,
            Name: DisplayName(email.From),
            Email: email.From.Address.Trim(),
            Phone: null,
            PostalAddress: null,
            PreferredContact: ContactMethod.Email,
            SafeTimesToContact: null,
            Language: null,
            InterpreterNeeded: false,
            AccessibilityNeeds: ValueList<string>.Empty,
            ConsentToShareWithPartners: false);
        var report = new IncidentReport(
            OccurredAt: null,
            Location: null,
            Description: description,
            PeopleInvolved: null,
            Witnesses: null,
            ImpactOnYou: null,
            Injuries: false,
            PoliceInvolved: false,
            CrimeReference: null,
            // Unknown from an email: the reporter has not been asked. Words that suggest hate make
            // it a possible hate report, handled as hate until the officer's risk assessment
            // (RBC 5, MK 6.1: every report of hate is high priority).
            HatePerceived: false,
            HateStrands: ValueList<string>.Empty,
            ViolenceOrThreats: false,
            VictimVulnerable: false,
            IncidentsInLastMonth: null,
            PartyKey: null,
            PossibleHateWords: hateWords.ToValueList());
        var quoted = includeQuoted ? null : TrimHistory(text.QuotedHistory, policy.MaxQuotedHistoryChars);
        return new TriageOutcome.NewReport(
            complainant, report, email.Subject, hateWords.Count > 0, hateWords, quoted, files.Accepted, files.Rejected, fullText);
    }

    // Text over the description limit is never cut silently: the description says where the
    // whole text is, and the whole text goes with the case as an evidence file.
    private static (string Text, EvidenceText? FullText) Fit(string text, TriagePolicy policy)
    {
        if (text.Length <= policy.MaxDescriptionChars)
        {
            return (text, null);
        }

        var note = string.Create(CultureInfo.InvariantCulture,
            $"\n\n[This email is longer than a case description can hold. The full text ({text.Length:N0} characters) is kept with the case as the evidence file \"{FullTextFileName}\".]");
        var kept = CutAtWord(text, Math.Max(0, policy.MaxDescriptionChars - note.Length - 2));
        return (kept + " …" + note, new EvidenceText(FullTextFileName, text));
    }

    // Quoted history is context: past the limit it is trimmed, and says so.
    private static string? TrimHistory(string history, int limit)
    {
        if (history.Length == 0)
        {
            return null;
        }

        if (history.Length <= limit)
        {
            return history;
        }

        var kept = CutAtLine(history, limit);
        return kept + string.Create(CultureInfo.InvariantCulture,
            $"\n\n[Earlier messages trimmed: {history.Length - kept.Length:N0} more characters not shown.]");
    }

    private static string Summary(string text, int limit)
    {
        var firstLine = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return firstLine.Length <= limit ? firstLine : CutAtWord(firstLine, limit - 1) + "…";
    }

    private static string FilesNote(AttachmentScreening.Result files)
    {
        var note = new StringBuilder();
        note.Append(CultureInfo.InvariantCulture, $"{files.Accepted.Count} file{(files.Accepted.Count == 1 ? "" : "s")} attached");
        if (files.Rejected.Count > 0)
        {
            note.Append(CultureInfo.InvariantCulture, $"; {files.Rejected.Count} not accepted");
        }

        return note.Append('.').ToString();
    }

    private static string CutAtWord(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var cut = limit;
        var space = text.LastIndexOfAny([' ', '\n', '\t'], Math.Max(0, limit - 1));
        if (space > limit / 2)
        {
            cut = space;
        }

        return SafeEnd(text, cut).TrimEnd();
    }

    private static string CutAtLine(string text, int limit)
    {
        var newline = text.LastIndexOf('\n', Math.Max(0, limit - 1));
        return SafeEnd(text, newline > limit / 2 ? newline : limit).TrimEnd();
    }

    // Never split a surrogate pair (an emoji, a rare script's letter) in two.
    private static string SafeEnd(string text, int length)
    {
        if (length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length];
    }

    private static string? BouncedOutboxKey(InboundEmail email, TriagePolicy policy) =>
        (CaseReferences.AnsweredMessage(email, policy) ??
         CaseReferences.FirstOurMessageIn(email.TextBody, policy) ??
         CaseReferences.FirstOurMessageIn(email.HtmlBody, policy))?.OutboxKey;

    private static bool IsForwardSubject(string subject) =>
        subject.TrimStart().StartsWith("fw:", StringComparison.OrdinalIgnoreCase) ||
        subject.TrimStart().StartsWith("fwd:", StringComparison.OrdinalIgnoreCase);

    private static string? DisplayName(MailboxAddress from)
    {
        var name = new string((from.Name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim().Trim('"', '\'').Trim();
        return name.Length == 0 || string.Equals(name, from.Address.Trim(), StringComparison.OrdinalIgnoreCase) ? null : name;
    }

    public static bool IsUsableAddress(string? address)
    {
        var value = address?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > 254 || value.Count(c => c == '@') != 1 ||
            value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')' or '[' or ']' or '\\' or ':'))
        {
            return false;
        }

        var at = value.IndexOf('@');
        var local = value[..at];
        var domain = value[(at + 1)..];
        if (local.Length is 0 or > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') ||
                                                 !l.All(c => char.IsLetterOrDigit(c) || c == '-')))
        {
            return false;
        }

        return MailAddress.TryCreate(value, out var parsed) && string.Equals(parsed.Address, value, StringComparison.Ordinal);
    }

    private static string Join(string first, string second) =>
        first.Length == 0 ? second : second.Length == 0 ? first : first + "\n\n" + second;
}
