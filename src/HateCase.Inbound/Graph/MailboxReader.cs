using System.Collections.Concurrent;
using System.Globalization;
using HateCase.Inbound.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.MailFolders.Item.Messages.Delta;
using Microsoft.Graph.Users.Item.Messages.Item.Move;

namespace HateCase.Inbound.Graph;

// The ASB@ mailbox through Microsoft Graph: one message with its internet headers, body and file
// attachments; moving it to the Processed or Rejected folder (made when missing); deleting it for
// good; and the delta catch-up on the inbox, which resumes from the stored @odata.deltaLink after a restart.
public sealed class MailboxReader(
    GraphServiceClient graph,
    InboundMailOptions options,
    IDeltaTokenStore deltaTokens,
    TriagePolicy policy,
    TimeProvider clock,
    ILogger<MailboxReader>? logger = null) : IMailbox
{
    private const string FileAttachmentType = "#microsoft.graph.fileAttachment";

    // Ids that stay the same while the message stays in the mailbox, whichever folder it is moved to.
    private const string ImmutableIds = "IdType=\"ImmutableId\"";

    private static readonly string[] MessageFields =
    [
        "id", "internetMessageId", "subject", "from", "sender", "toRecipients", "receivedDateTime", "internetMessageHeaders", "body",
    ];

    private static readonly string[] AttachmentFields = ["id", "name", "contentType", "size", "isInline"];

    private static readonly string[] DeltaFields = ["id", "internetMessageId", "receivedDateTime"];

    private readonly ILogger logger = logger ?? NullLogger<MailboxReader>.Instance;
    private readonly ConcurrentDictionary<MailboxFolder, string> folderIds = new();

    private Microsoft.Graph.Users.Item.UserItemRequestBuilder Mailbox => graph.Users[options.Mailbox];

    public async Task<InboundEmail?> Fetch(string messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        Message? message;
        try
        {
            message = await Mailbox.Messages[messageId].GetAsync(request =>
            {
                request.QueryParameters.Select = MessageFields;
                // The id answered is then the one that survives the move to Processed.
                request.Headers.Add("Prefer", ImmutableIds);
            }, cancellationToken);
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            return null;
        }

        if (message is null)
        {
            return null;
        }

        var attachments = await Attachments(messageId, cancellationToken);
        return ToInboundEmail(message, messageId, attachments);
    }

    public async Task MoveTo(string messageId, MailboxFolder folder, CancellationToken cancellationToken)
    {
        var destination = await FolderId(folder, cancellationToken);
        try
        {
            await Mailbox.Messages[messageId].Move.PostAsync(
                new MovePostRequestBody { DestinationId = destination }, cancellationToken: cancellationToken);
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            logger.LogInformation("Message to move was no longer in the inbox.");
        }
    }

    public async Task Delete(string messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        try
        {
            await Mailbox.Messages[messageId].PermanentDelete.PostAsync(cancellationToken: cancellationToken);
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            logger.LogInformation("Message to delete was no longer in the mailbox.");
        }
    }

    public async Task<int> ListProcessed(Func<MailboxItem, CancellationToken, Task> onMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        if (await FindFolder(options.ProcessedFolderName, cancellationToken) is not { } folderId)
        {
            return 0;
        }
        var messages = Mailbox.MailFolders[folderId].Messages;
        var page = await messages.GetAsync(request =>
        {
            request.QueryParameters.Select = ["id", "internetMessageId"];
            request.QueryParameters.Top = options.DeltaPageSize;
            request.Headers.Add("Prefer", ImmutableIds);
        }, cancellationToken);
        var listed = 0;
        while (page is not null)
        {
            foreach (var message in page.Value ?? [])
            {
                if (message.Id is { Length: > 0 } id)
                {
                    listed++;
                    await onMessage(new MailboxItem(id, message.InternetMessageId), cancellationToken);
                }
            }
            page = page.OdataNextLink is { Length: > 0 } next
                ? await messages.WithUrl(next).GetAsync(request => request.Headers.Add("Prefer", ImmutableIds), cancellationToken)
                : null;
        }
        return listed;
    }

    public async Task<CatchUpResult> CatchUp(Func<MailboxItem, CancellationToken, Task> onMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        var delta = Mailbox.MailFolders["inbox"].Messages.Delta;
        var link = await deltaTokens.Get(options.Mailbox, cancellationToken);
        var startedOver = link is null;
        DeltaGetResponse? page;
        try
        {
            page = link is null ? await FirstDeltaPage(delta, cancellationToken) : await NextDeltaPage(delta, link, cancellationToken);
        }
        catch (ODataError error) when (link is not null && error.ResponseStatusCode is 400 or 404 or 410)
        {
            // The stored sync state is no longer known to Graph: start a new round.
            logger.LogWarning("Stored delta link refused ({Status}); starting the inbox catch-up again.", error.ResponseStatusCode);
            await deltaTokens.Clear(options.Mailbox, cancellationToken);
            startedOver = true;
            page = await FirstDeltaPage(delta, cancellationToken);
        }

        var pages = 0;
        var messages = 0;
        while (page is not null)
        {
            pages++;
            foreach (var message in page.Value ?? [])
            {
                if (message.Id is { Length: > 0 } id && message.AdditionalData?.ContainsKey("@removed") != true)
                {
                    messages++;
                    await onMessage(new MailboxItem(id, message.InternetMessageId), cancellationToken);
                }
            }

            if (page.OdataNextLink is { Length: > 0 } next)
            {
                page = await NextDeltaPage(delta, next, cancellationToken);
                continue;
            }

            // Saved only after every page was handed on: a crash part-way repeats the round.
            if (page.OdataDeltaLink is { Length: > 0 } deltaLink)
            {
                await deltaTokens.Save(options.Mailbox, deltaLink, cancellationToken);
            }

            break;
        }

        logger.LogInformation("Inbox catch-up: {Messages} messages in {Pages} pages.", messages, pages);
        return new CatchUpResult(pages, messages, startedOver);
    }

    private Task<DeltaGetResponse?> FirstDeltaPage(DeltaRequestBuilder delta, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - options.FirstCatchUpWindow;
        return delta.GetAsDeltaGetResponseAsync(request =>
        {
            request.QueryParameters.Select = DeltaFields;
            request.QueryParameters.ChangeType = "created";
            request.QueryParameters.Filter = "receivedDateTime ge " + since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            request.Headers.Add("Prefer", PageSize());
        }, cancellationToken);
    }

    // Links carry their own query; only the page-size preference is sent again.
    private Task<DeltaGetResponse?> NextDeltaPage(DeltaRequestBuilder delta, string link, CancellationToken cancellationToken) =>
        delta.WithUrl(link).GetAsDeltaGetResponseAsync(request => request.Headers.Add("Prefer", PageSize()), cancellationToken);

    private string PageSize() => "odata.maxpagesize=" + options.DeltaPageSize.ToString(CultureInfo.InvariantCulture);

    // Listed without content first, so a file over the limit is never downloaded; then each
    // file that may be kept is fetched with its bytes, until the message is over its size limit.
    private async Task<List<InboundAttachment>> Attachments(string messageId, CancellationToken cancellationToken)
    {
        var listed = new List<Attachment>();
        var page = await Mailbox.Messages[messageId].Attachments.GetAsync(request =>
        {
            request.QueryParameters.Select = AttachmentFields;
        }, cancellationToken);
        while (page is not null)
        {
            listed.AddRange(page.Value ?? []);
            page = page.OdataNextLink is { Length: > 0 } next
                ? await Mailbox.Messages[messageId].Attachments.WithUrl(next).GetAsync(cancellationToken: cancellationToken)
                : null;
        }

        var result = new List<InboundAttachment>(listed.Count);
        long downloaded = 0;
        foreach (var attachment in listed)
        {
            var size = attachment.Size ?? 0;
            var name = attachment.Name ?? "";
            var declaredType = attachment.ContentType ?? "application/octet-stream";
            var isFile = attachment is FileAttachment || attachment.OdataType == FileAttachmentType;
            ReadOnlyMemory<byte>? content = null;
            if (isFile && attachment.Id is { Length: > 0 } attachmentId && size <= policy.MaxAttachmentBytes &&
                downloaded + size <= policy.MaxMessageBytes)
            {
                var full = await Mailbox.Messages[messageId].Attachments[attachmentId].GetAsync(cancellationToken: cancellationToken);
                if (full is FileAttachment { ContentBytes: { } bytes })
                {
                    content = bytes;
                    downloaded += bytes.Length;
                    size = Math.Max(size, bytes.Length);
                }
            }

            result.Add(new InboundAttachment(name, declaredType, size, content));
        }

        return result;
    }

    private async Task<string> FolderId(MailboxFolder folder, CancellationToken cancellationToken)
    {
        if (folderIds.TryGetValue(folder, out var known))
        {
            return known;
        }

        var name = folder == MailboxFolder.Rejected ? options.RejectedFolderName : options.ProcessedFolderName;
        var id = await FindFolder(name, cancellationToken);
        if (id is null)
        {
            try
            {
                var created = await Mailbox.MailFolders.PostAsync(new MailFolder { DisplayName = name }, cancellationToken: cancellationToken);
                id = created?.Id;
            }
            catch (ODataError error) when (error.ResponseStatusCode == 409)
            {
                // Made meanwhile by another instance.
                id = await FindFolder(name, cancellationToken);
            }
        }

        if (string.IsNullOrEmpty(id))
        {
            throw new InvalidOperationException($"The mailbox folder for {folder} messages could not be found or made.");
        }

        folderIds[folder] = id;
        return id;
    }

    private async Task<string?> FindFolder(string displayName, CancellationToken cancellationToken)
    {
        var folders = await Mailbox.MailFolders.GetAsync(request =>
        {
            request.QueryParameters.Filter = $"displayName eq '{displayName.Replace("'", "''", StringComparison.Ordinal)}'";
            request.QueryParameters.Select = ["id", "displayName"];
        }, cancellationToken);
        return folders?.Value?.FirstOrDefault(f => string.Equals(f.DisplayName, displayName, StringComparison.OrdinalIgnoreCase))?.Id;
    }

    private InboundEmail ToInboundEmail(Message message, string messageId, IReadOnlyList<InboundAttachment> attachments)
    {
        var from = message.From?.EmailAddress ?? message.Sender?.EmailAddress;
        var headers = InboundHeaders.From((message.InternetMessageHeaders ?? [])
            .Where(h => h.Name is not null)
            .Select(h => new KeyValuePair<string, string>(h.Name!, h.Value ?? "")));
        var isHtml = message.Body?.ContentType == BodyType.Html;
        return new InboundEmail(
            InternetMessageId: message.InternetMessageId is { Length: > 0 } internetId ? internetId : $"<graph-{message.Id ?? messageId}>",
            GraphMessageId: message.Id ?? messageId,
            From: new MailboxAddress(from?.Name, from?.Address ?? ""),
            To: (message.ToRecipients ?? []).Select(r => new MailboxAddress(r.EmailAddress?.Name, r.EmailAddress?.Address ?? "")).ToList(),
            Subject: message.Subject ?? "",
            Headers: headers,
            TextBody: isHtml ? null : message.Body?.Content,
            HtmlBody: isHtml ? message.Body?.Content : null,
            Attachments: attachments,
            ReceivedAt: message.ReceivedDateTime ?? clock.GetUtcNow());
    }
}
