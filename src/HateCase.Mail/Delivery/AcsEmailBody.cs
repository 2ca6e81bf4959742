using System.Text.Json;
using HateCase.Mail.Rendering;

namespace HateCase.Mail.Delivery;

// The EmailMessage body of POST /emails:send (api-version 2023-03-31).
internal static class AcsEmailBody
{
    public static BinaryData Write(OutgoingMail mail, string senderAddress, LandlordDetails landlord)
    {
        var message = mail.Message;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("senderAddress", senderAddress);
            json.WriteStartObject("content");
            json.WriteString("subject", message.Subject);
            json.WriteString("plainText", message.Text);
            json.WriteString("html", message.Html);
            json.WriteEndObject();
            json.WriteStartObject("recipients");
            json.WriteStartArray("to");
            foreach (var to in message.To)
            {
                json.WriteStartObject();
                json.WriteString("address", to);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            // Replies reach the landlord's team, not the unattended sending address.
            json.WriteStartArray("replyTo");
            json.WriteStartObject();
            json.WriteString("address", landlord.Email);
            json.WriteString("displayName", landlord.Name);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("headers");
            json.WriteString("Message-ID", MessageIdentity.InternetMessageId(mail.Key, Domain(senderAddress)));
            json.WriteString("Auto-Submitted", "auto-generated");
            json.WriteEndObject();
            // No tracking pixels or rewritten links in messages to victims of crime.
            json.WriteBoolean("userEngagementTrackingDisabled", true);
            json.WriteEndObject();
        }
        return new BinaryData(buffer.ToArray());
    }

    public static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 && at < address.Length - 1 ? address[(at + 1)..] : "localhost";
    }
}
