using System.Net.Mail;
using HateCase.Inbound;
using HateCase.Inbound.Email;
using HateCase.Runtime.Ports;

namespace HateCase.App.Inbound;

public sealed class DevelopmentAttachmentRequest
{
    public string? Name { get; set; }
    public string? ContentType { get; set; }
    public string? ContentBase64 { get; set; }
}

// An email as someone trying the app sends it to the development ASB@ mailbox.
public sealed class DevelopmentMailRequest
{
    public string? From { get; set; }
    public List<string>? To { get; set; }
    public string? Subject { get; set; }
    public string? Text { get; set; }
    public string? Html { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public List<DevelopmentAttachmentRequest>? Attachments { get; set; }
}

public sealed record DevelopmentDelivery(string Id, string InternetMessageId);

// Development only: keeps a sent email in the development inbox and announces it on the inbound
// queue, exactly as a Graph notification would, so it travels the same path as real mail.
public sealed class DevelopmentInboundMail(DevelopmentInbox inbox, IQueueStore queues, InboundMailOptions options, TimeProvider clock)
{
    // Larger than the 20 MB a message may be, so that triage, not this door, turns big mail away.
    public const long MaxRequestBytes = 25 * 1024 * 1024;

    public const string DefaultTo = "asb@development.invalid";

    public static Dictionary<string, string[]> Problems(DevelopmentMailRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.From))
        {
            errors["from"] = ["Give the sender's address, like name@example.com."];
        }
        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            errors["subject"] = ["Give the email a subject."];
        }
        if (request.Headers?.Count > 100 || request.To?.Count > 100 || request.Attachments?.Count > 50)
        {
            errors["headers"] = ["Use at most 100 headers, 100 recipients and 50 attachments."];
        }
        foreach (var (attachment, index) in (request.Attachments ?? []).Select((a, i) => (a, i)))
        {
            if (string.IsNullOrWhiteSpace(attachment.Name) || Decode(attachment.ContentBase64) is null)
            {
                errors[$"attachments[{index}]"] = ["An attachment needs a name and its content in base64."];
            }
        }
        return errors;
    }

    public async Task<DevelopmentDelivery> Deliver(DevelopmentMailRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = DevelopmentInbox.NewId(now);
        var headers = new Dictionary<string, string>(request.Headers ?? [], StringComparer.OrdinalIgnoreCase);
        var internetMessageId = headers.TryGetValue("Message-ID", out var given) && !string.IsNullOrWhiteSpace(given)
            ? given.Trim()
            : $"<{id}@development.invalid>";
        headers["Message-ID"] = internetMessageId;
        var message = new DevelopmentMessage(
            id,
            internetMessageId,
            Address(request.From!),
            (request.To is { Count: > 0 } to ? to : [DefaultTo]).Select(Address).ToList(),
            request.Subject!.Trim(),
            headers,
            request.Text,
            request.Html,
            (request.Attachments ?? []).Select(a => new DevelopmentAttachment(
                a.Name!.Trim(), string.IsNullOrWhiteSpace(a.ContentType) ? "application/octet-stream" : a.ContentType.Trim(), Decode(a.ContentBase64)!)).ToList(),
            now);
        await inbox.Keep(message, cancellationToken);
        await queues.Enqueue(options.QueueName, new InboundWork.ProcessMessage(id).ToMessage(), null, cancellationToken);
        return new DevelopmentDelivery(id, internetMessageId);
    }

    // "Name <address>" or a bare address; anything else is kept as written, for triage to judge.
    private static MailboxAddress Address(string written)
    {
        try
        {
            var parsed = new MailAddress(written.Trim());
            return new MailboxAddress(string.IsNullOrEmpty(parsed.DisplayName) ? null : parsed.DisplayName, parsed.Address);
        }
        catch (FormatException)
        {
            return new MailboxAddress(null, written.Trim());
        }
    }

    private static byte[]? Decode(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
