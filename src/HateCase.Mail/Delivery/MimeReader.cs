using System.Text;
using MimeKit;

namespace HateCase.Mail.Delivery;

public sealed record MailboxMessage(
    string Id,
    string From,
    IReadOnlyList<string> To,
    string Subject,
    DateTimeOffset Date,
    IReadOnlyDictionary<string, string> Headers,
    string Text,
    string Html);

// Reads back the MIME the development mailbox stores, for the page that shows it: headers
// decoded, and the plain-text and HTML parts of the message, with \n line ends.
internal static class MimeReader
{
    public static MailboxMessage Read(string id, ReadOnlyMemory<byte> raw)
    {
        MimeMessage message;
        using (var stream = new MemoryStream(raw.ToArray(), writable: false))
        {
            try
            {
                message = MimeMessage.Load(stream);
            }
            catch (FormatException)
            {
                return new MailboxMessage(id, "", [], "(this message could not be read)", DateTimeOffset.MinValue,
                    new Dictionary<string, string>(), "", "");
            }
        }

        // The message's own headers, then its top entity's (Content-Type and the like).
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in message.Headers.Concat(message.Body?.Headers ?? []))
        {
            headers.TryAdd(header.Field, header.Value);
        }

        return new MailboxMessage(
            id,
            headers.GetValueOrDefault("From", ""),
            message.To.Mailboxes.Select(m => m.Address).ToList(),
            message.Subject ?? "",
            message.Date,
            headers,
            message.TextBody?.ReplaceLineEndings("\n") ?? "",
            message.HtmlBody?.ReplaceLineEndings("\n") ?? "");
    }

    // MIME as text whose every char stands for one byte (as SMTP carries it).
    public static MailboxMessage Read(string id, string raw) => Read(id, Encoding.Latin1.GetBytes(raw));
}
