using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using HateCase.Mail.Rendering;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Ports;

namespace HateCase.Mail.Delivery;

// The local default: every message is kept, as the real MIME a mail server would get, in blob
// storage (Azurite), and the app shows them. Blob names sort newest first. Sending is idempotent
// by message key: a marker blob per key names the message blob, so a retry finds the copy it made.
public sealed partial class DevelopmentMailbox(IBlobStore blobs, LandlordDetails landlord, string senderAddress, TimeProvider clock) : IMailTransport
{
    public const string Container = "dev-mailbox";

    private const string MessagesPrefix = "messages/";
    private const string KeysPrefix = "keys/";

    public async Task<SendOutcome> Send(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        try
        {
            var marker = KeysPrefix + MessageIdentity.Digest(mail.Key);
            string name;
            if (await blobs.Get(Container, marker, cancellationToken) is { } existing)
            {
                name = Encoding.UTF8.GetString(existing.Content.Span);
                if (await blobs.Get(Container, name, cancellationToken) is not null)
                {
                    return new SendOutcome.Sent();
                }
            }
            else
            {
                // The marker goes first: a crash after it leaves a name to fill, never a second copy.
                name = MessagesPrefix + NewId(clock.GetUtcNow(), mail.Key);
                await blobs.Put(Container, marker, Encoding.UTF8.GetBytes(name), "text/plain", cancellationToken);
            }
            var mime = WriteMime(mail, clock.GetUtcNow());
            await blobs.Put(Container, name, mime, "message/rfc822", cancellationToken);
            return new SendOutcome.Sent();
        }
        catch (StoreException e)
        {
            return new SendOutcome.TryLater($"The development mailbox could not store the message ({e.GetType().Name})");
        }
    }

    // Removes the copy of the message sent with this key, if there is one (a case's personal data
    // is removed with it): the message first, then its marker, so a crash between leaves the
    // marker, and removing again finishes the job.
    public async Task Forget(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var marker = KeysPrefix + MessageIdentity.Digest(key);
        if (await blobs.Get(Container, marker, cancellationToken) is not { } existing)
        {
            return;
        }
        await blobs.Delete(Container, Encoding.UTF8.GetString(existing.Content.Span), cancellationToken);
        await blobs.Delete(Container, marker, cancellationToken);
    }

    public async Task<IReadOnlyList<MailboxMessage>> List(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 0);
        var names = await blobs.List(Container, MessagesPrefix, cancellationToken);
        var messages = new List<MailboxMessage>();
        foreach (var name in names.Take(max))
        {
            if (await Get(name[MessagesPrefix.Length..], cancellationToken) is { } message)
            {
                messages.Add(message);
            }
        }
        return messages;
    }

    public async Task<MailboxMessage?> Get(string id, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(id) || !MessageIdPattern().IsMatch(id))
        {
            return null;
        }
        var blob = await blobs.Get(Container, MessagesPrefix + id, cancellationToken);
        return blob is null ? null : MimeReader.Read(id, blob.Content);
    }

    // Inverted ticks first, so the ordinal order blob listings use is newest first.
    private static string NewId(DateTimeOffset at, string key) =>
        $"{(DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}-{MessageIdentity.Digest(key)}";

    // System.Net.Mail writes the message to a pickup folder exactly as it would send it; the file
    // is read back and removed. The Date header is then set from the app's clock (which can be
    // moved on in development), and the message key is added for anyone tracing a message.
    private byte[] WriteMime(OutgoingMail mail, DateTimeOffset now)
    {
        var folder = Directory.CreateTempSubdirectory("mailbox-");
        try
        {
            using (var message = MailMessages.Build(mail, senderAddress, landlord))
            using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = folder.FullName })
            {
                client.Send(message);
            }
            var file = folder.GetFiles("*.eml").Single();
            var raw = Encoding.Latin1.GetString(File.ReadAllBytes(file.FullName));
            return Encoding.Latin1.GetBytes(Restamp(raw, now, mail.Key));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Restamp(string raw, DateTimeOffset now, string key)
    {
        var end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return raw;
        }
        var date = now.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";
        var headers = DateHeader().Replace(raw[..end], $"Date: {date}", 1);
        if (key.All(c => c is >= '!' and <= '~'))
        {
            headers += $"\r\nX-Outbox-Key: {key}";
        }
        return headers + raw[end..];
    }

    [GeneratedRegex(@"^\d{19}-[0-9a-f]{40}$")]
    private static partial Regex MessageIdPattern();

    [GeneratedRegex(@"^Date: [^\r\n]*", RegexOptions.Multiline)]
    private static partial Regex DateHeader();
}
