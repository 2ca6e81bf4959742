using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using HateCase.Mail.Rendering;

namespace HateCase.Mail.Delivery;

// The System.Net.Mail form of a rendered message: multipart/alternative with a plain-text part
// and an HTML part, and a Message-ID derived from the message key.
internal static class MailMessages
{
    public static MailMessage Build(OutgoingMail mail, string senderAddress, LandlordDetails landlord)
    {
        var rendered = mail.Message;
        var message = new MailMessage
        {
            From = new MailAddress(senderAddress, landlord.Name),
            Subject = rendered.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        try
        {
            foreach (var to in rendered.To)
            {
                message.To.Add(new MailAddress(to));
            }
            message.ReplyToList.Add(new MailAddress(landlord.Email, landlord.Name));
            message.Headers.Add("Message-ID", MessageIdentity.InternetMessageId(mail.Key, AcsEmailBody.Domain(senderAddress)));
            // RFC 3834: an automatic message; well-behaved mail systems do not auto-reply to it.
            message.Headers.Add("Auto-Submitted", "auto-generated");

            var text = AlternateView.CreateAlternateViewFromString(ToCrLf(rendered.Text), Encoding.UTF8, MediaTypeNames.Text.Plain);
            text.TransferEncoding = TransferEncoding.QuotedPrintable;
            var html = AlternateView.CreateAlternateViewFromString(ToCrLf(rendered.Html), Encoding.UTF8, MediaTypeNames.Text.Html);
            html.TransferEncoding = TransferEncoding.Base64;
            message.AlternateViews.Add(text);
            message.AlternateViews.Add(html);
            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private static string ToCrLf(string value) => value.ReplaceLineEndings("\r\n");
}
