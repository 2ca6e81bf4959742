namespace HateCase.Inbound.Email;

public enum MailboxFolder
{
    // Acted on (a case opened or a reply recorded) or ignored as automatic mail.
    Processed,

    // Could not become anything; staff look here.
    Rejected,
}

// A message the catch-up found in the inbox; InternetMessageId when the listing carried it.
public sealed record MailboxItem(string MessageId, string? InternetMessageId);

public sealed record CatchUpResult(int Pages, int Messages, bool StartedOver);

// The ASB@ mailbox as inbound processing and retention need it. Microsoft Graph in production (MailboxReader);
// a development mailbox or a test double elsewhere.
public interface IMailbox
{
    // Null when the message is no longer there (moved or deleted since it was announced).
    Task<InboundEmail?> Fetch(string messageId, CancellationToken cancellationToken);

    // Moving a message that is no longer there is not an error.
    Task MoveTo(string messageId, MailboxFolder folder, CancellationToken cancellationToken);

    // Every message that reached the inbox since the last catch-up, from where it left off.
    Task<CatchUpResult> CatchUp(Func<MailboxItem, CancellationToken, Task> onMessage, CancellationToken cancellationToken);

    // Every message filed in the Processed folder (none when there is no such folder yet), with
    // the id that stays the message's wherever it is moved. Returns how many were listed.
    Task<int> ListProcessed(Func<MailboxItem, CancellationToken, Task> onMessage, CancellationToken cancellationToken);

    // Deletes the message for good, in whichever folder it is now (it is not put in Deleted
    // Items, where staff could still read it). Deleting a message that is no longer there is not an error.
    Task Delete(string messageId, CancellationToken cancellationToken);
}
