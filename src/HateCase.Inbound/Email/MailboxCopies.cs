using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HateCase.Runtime.Ports;

namespace HateCase.Inbound.Email;

// Where the ASB@ mailbox still keeps each email a case was made from or given: one row per copy,
// by case, so that when the case's personal data goes (the retention run, or one person's erasure)
// the mailbox's own copies go too. The row holds the mailbox's id for the message and its key,
// never an address, a subject or a Message-ID.
//
// Table rows: PartitionKey {case id}, RowKey "{message key}|{digest of the mailbox id}".
public sealed class MailboxCopies(ITableStore tables, string tableName, IMailbox mailbox)
{
    private const int Page = 1000;

    // Not a case id (they never hold '!'): where this table notes what it has done.
    private const string StatePartition = "!state";
    private const string EarlierCopiesNoted = "earlier-copies-noted";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string TableName { get; } = tableName;

    public Task EnsureTable(CancellationToken cancellationToken) => tables.EnsureTable(TableName, cancellationToken);

    // Recorded again for the same copy, it is the same row.
    public Task Record(string caseId, string messageKey, string mailboxMessageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        ArgumentException.ThrowIfNullOrEmpty(messageKey);
        ArgumentException.ThrowIfNullOrEmpty(mailboxMessageId);
        var row = new TableRow(caseId, $"{messageKey}|{Digest(mailboxMessageId)}", JsonSerializer.Serialize(new CopyBody(mailboxMessageId), Json));
        return tables.Commit(TableName, [new RowWrite(RowOperation.InsertOrReplace, row)], cancellationToken);
    }

    // The case's copies, or only those of the messages named: (message key, mailbox id).
    public async Task<IReadOnlyList<(string MessageKey, string MailboxMessageId)>> Of(
        string caseId, IReadOnlyCollection<string>? messageKeys, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        var found = new List<(string, string)>();
        string? continuation = null;
        do
        {
            var page = await tables.QueryPartition(TableName, caseId, null, null, Page, continuation, cancellationToken);
            foreach (var row in page.Rows)
            {
                var key = row.RowKey[..row.RowKey.IndexOf('|', StringComparison.Ordinal)];
                if (messageKeys is null || messageKeys.Contains(key))
                {
                    found.Add((key, JsonSerializer.Deserialize<CopyBody>(row.Body, Json)!.MailboxMessageId));
                }
            }
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return found;
    }

    // Deletes the copies from the mailbox for good, then their rows: a stop part-way leaves the
    // rest listed, and running it again finishes (a copy already gone is not an error).
    // messageKeys null: every copy the case has. Returns how many were deleted.
    public async Task<int> Remove(string caseId, IReadOnlyCollection<string>? messageKeys, CancellationToken cancellationToken)
    {
        var copies = await Of(caseId, messageKeys, cancellationToken);
        foreach (var (messageKey, mailboxMessageId) in copies)
        {
            await mailbox.Delete(mailboxMessageId, cancellationToken);
            try
            {
                await tables.Commit(TableName,
                    [new RowWrite(RowOperation.Delete, new TableRow(caseId, $"{messageKey}|{Digest(mailboxMessageId)}", ""))], cancellationToken);
            }
            catch (RowNotFoundException)
            {
            }
        }
        return copies.Count;
    }

    // Once: the copies of emails processed before copies were noted, found by listing the
    // Processed folder and matching each message to what became of it. False when it was done before.
    public async Task<bool> NoteEarlierCopies(ProcessedMessages processed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processed);
        if (await tables.Get(TableName, StatePartition, EarlierCopiesNoted, cancellationToken) is not null)
        {
            return false;
        }
        await mailbox.ListProcessed(async (item, ct) =>
        {
            if (item.InternetMessageId is { Length: > 0 } internetId
                && await processed.Find(MessageKey.For(internetId), ct) is { CaseId: { } caseId })
            {
                await Record(caseId, MessageKey.For(internetId), item.MessageId, ct);
            }
        }, cancellationToken);
        await tables.Commit(TableName, [new RowWrite(RowOperation.InsertOrReplace, new TableRow(StatePartition, EarlierCopiesNoted, "{}"))], cancellationToken);
        return true;
    }

    // Graph ids are long and hold characters a row key may not ('/', '+').
    private static string Digest(string mailboxMessageId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(mailboxMessageId)))[..32];

    private sealed record CopyBody(string MailboxMessageId);
}
