namespace HateCase.Inbound.Email;

// The words of an email: what the sender wrote now, and the earlier messages quoted under it.
// Forwarded is true when the quoted part is a forwarded message (then it is the report itself).
public sealed record EmailText(string NewText, string QuotedHistory, bool Forwarded)
{
    // HTML is read when present, for its structure (blockquotes, Outlook's reply block);
    // the plain-text body otherwise. Characters are kept as they are: no normalisation, so
    // right-to-left text, combining marks and emoji arrive exactly as sent.
    public static EmailText Of(InboundEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (!string.IsNullOrWhiteSpace(email.HtmlBody))
        {
            var html = HtmlText.Split(email.HtmlBody);
            var text = QuotedText.Split(html.NewText);
            return new EmailText(text.NewText, Join(text.QuotedHistory, html.QuotedHistory), text.Forwarded);
        }

        if (!string.IsNullOrWhiteSpace(email.TextBody))
        {
            var text = QuotedText.Split(email.TextBody);
            return new EmailText(text.NewText, text.QuotedHistory, text.Forwarded);
        }

        return new EmailText("", "", false);
    }

    private static string Join(string first, string second) =>
        first.Length == 0 ? second : second.Length == 0 ? first : first + "\n\n" + second;
}
