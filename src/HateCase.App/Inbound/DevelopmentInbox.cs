using System.Text.Json;
using System.Text.RegularExpressions;
using HateCase.Inbound.Email;
using HateCase.Runtime.Ports;

namespace HateCase.App.Inbound;

public sealed record DevelopmentAttachment(string Name, string ContentType, byte[] Content);

// One received message as the development inbox keeps it: JSON, attachments included.
public sealed record DevelopmentMessage(
    string Id,
    string InternetMessageId,
    MailboxAddress From,
    IReadOnlyList<MailboxAddress> To,
    string Subject,
    Dictionary<string, string> Headers,
    string? Text,
    string? Html,
    IReadOnlyList<DevelopmentAttachment> Attachments,
    DateTimeOffset ReceivedAt)
{
    public InboundEmail ToEmail() => new(
        InternetMessageId, Id, From, To, Subject, InboundHeaders.From(Headers), Text, Html,
        Attachments.Select(a => new InboundAttachment(a.Name, a.ContentType, a.Content.Length, a.Content)).ToList(),
        ReceivedAt);
}

public sealed record DevelopmentMessageStatus(string Id, string Folder, string? Outcome, string? CaseId, string? Reason);

// Development only: the ASB@ mailbox stood in for by blobs. A message waits under inbox/ and is
// moved to processed/ or rejected/ once handled, as the Graph mailbox moves it between folders,
// so the same processing code reads it.
public sealed partial class DevelopmentInbox(IBlobStore blobs) : IMailbox
{
    public const string Container = "dev-inbox";

    private const string Inbox = "inbox/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] Folders = [Inbox, Folder(MailboxFolder.Processed), Folder(MailboxFolder.Rejected)];

    public static string NewId(DateTimeOffset now) => $"{now:yyyyMMddHHmmss}-{Guid.NewGuid():N}";

    public Task Keep(DevelopmentMessage message, CancellationToken cancellationToken) =>
        blobs.Put(Container, Inbox + BlobName(message.Id), JsonSerializer.SerializeToUtf8Bytes(message, Json), "application/json", cancellationToken);

    public async Task<InboundEmail?> Fetch(string messageId, CancellationToken cancellationToken) =>
        (await Read(Inbox, messageId, cancellationToken))?.ToEmail();

    public async Task MoveTo(string messageId, MailboxFolder folder, CancellationToken cancellationToken)
    {
        if (!IsId(messageId) || await blobs.Get(Container, Inbox + BlobName(messageId), cancellationToken) is not { } blob)
        {
            return;
        }
        await blobs.Put(Container, Folder(folder) + BlobName(messageId), blob.Content, blob.ContentType, cancellationToken);
        await blobs.Delete(Container, Inbox + BlobName(messageId), cancellationToken);
    }

    public async Task<CatchUpResult> CatchUp(Func<MailboxItem, CancellationToken, Task> onMessage, CancellationToken cancellationToken)
    {
        var names = await blobs.List(Container, Inbox, cancellationToken);
        foreach (var name in names)
        {
            await onMessage(new MailboxItem(Path.GetFileNameWithoutExtension(name), null), cancellationToken);
        }
        return new CatchUpResult(1, names.Count, StartedOver: false);
    }

    public async Task Delete(string messageId, CancellationToken cancellationToken)
    {
        if (!IsId(messageId))
        {
            return;
        }
        foreach (var folder in Folders)
        {
            await blobs.Delete(Container, folder + BlobName(messageId), cancellationToken);
        }
    }

    public async Task<int> ListProcessed(Func<MailboxItem, CancellationToken, Task> onMessage, CancellationToken cancellationToken)
    {
        var names = await blobs.List(Container, Folder(MailboxFolder.Processed), cancellationToken);
        foreach (var name in names)
        {
            var id = Path.GetFileNameWithoutExtension(name);
            if (await Read(Folder(MailboxFolder.Processed), id, cancellationToken) is { } message)
            {
                await onMessage(new MailboxItem(id, message.InternetMessageId), cancellationToken);
            }
        }
        return names.Count;
    }

    // Where the message is now (inbox, processed or rejected), with the message itself.
    public async Task<(string Folder, DevelopmentMessage Message)?> Find(string messageId, CancellationToken cancellationToken)
    {
        foreach (var folder in Folders)
        {
            if (await Read(folder, messageId, cancellationToken) is { } message)
            {
                return (folder.TrimEnd('/'), message);
            }
        }
        return null;
    }

    private async Task<DevelopmentMessage?> Read(string folder, string messageId, CancellationToken cancellationToken)
    {
        if (!IsId(messageId) || await blobs.Get(Container, folder + BlobName(messageId), cancellationToken) is not { } blob)
        {
            return null;
        }
        return JsonSerializer.Deserialize<DevelopmentMessage>(blob.Content.Span, Json);
    }

    private static string Folder(MailboxFolder folder) => folder.ToString().ToLowerInvariant() + "/";

    private static string BlobName(string messageId) => messageId + ".json";

    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    [GeneratedRegex("^[0-9]{14}-[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
