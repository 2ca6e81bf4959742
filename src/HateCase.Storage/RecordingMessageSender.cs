using Azure;
using HateCase.Workflow;

namespace HateCase.Storage;

// Wraps the mail port and keeps each message's delivery status on its case, under the message's
// key, so officers see what went and what did not. The key is the same on every retry and after a
// crash, so the status row is one per message, and a message the row says went is not sent again.
public sealed class RecordingMessageSender(
    ICaseMessageSender inner, CaseProjectionStore store, TimeProvider clock, CaseWorkflowOptions options) : ICaseMessageSender
{
    public const string UndeliverableReason = "The mail service cannot deliver this message (the address does not exist or it was refused for good).";

    public async Task<MessageDelivery> Send(CaseMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        CaseProjectionStore.CheckId(message.CaseId, nameof(message));
        CaseProjectionStore.CheckId(message.Key, nameof(message));

        var attempt = await Update(message, row => row.Progress == nameof(MessageProgress.Sent) ? null : Attempted(row), cancellationToken);
        if (attempt.Progress == nameof(MessageProgress.Sent))
        {
            return MessageDelivery.Sent;
        }
        MessageDelivery delivery;
        try
        {
            delivery = await inner.Send(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only the kind of failure: the service's own words can quote the recipient.
            var failure = $"The mail service did not take the message ({e.GetType().Name}).";
            await Update(message, row => Failed(row, failure), cancellationToken);
            throw;
        }
        var now = clock.GetUtcNow();
        await Update(message, row => delivery == MessageDelivery.Sent
            ? Settle(row, MessageProgress.Sent, now, null)
            : Settle(row, MessageProgress.Undeliverable, null, UndeliverableReason), cancellationToken);
        return delivery;
    }

    private static MessageRow Attempted(MessageRow row)
    {
        row.Attempts++;
        return row;
    }

    // The orchestration gives up after MaxSendAttempts and records the message as undeliverable.
    private MessageRow? Failed(MessageRow row, string failure)
    {
        if (row.Progress == nameof(MessageProgress.Sent))
        {
            return null;
        }
        row.LastFailure = failure;
        if (row.Attempts >= options.MaxSendAttempts)
        {
            row.Progress = nameof(MessageProgress.Undeliverable);
        }
        return row;
    }

    // Sent is final: a late answer from an earlier attempt never takes it back.
    private static MessageRow? Settle(MessageRow row, MessageProgress progress, DateTimeOffset? sentAt, string? failure)
    {
        if (row.Progress == nameof(MessageProgress.Sent))
        {
            return null;
        }
        row.Progress = progress.ToString();
        row.SentAt = sentAt;
        row.LastFailure = failure ?? row.LastFailure;
        return row;
    }

    // Reads the status row (a new one when absent), applies the change and writes it under the
    // ETag read, trying again if another attempt wrote first. A null change writes nothing.
    private async Task<MessageRow> Update(CaseMessage message, Func<MessageRow, MessageRow?> change, CancellationToken cancellationToken)
    {
        var rowKey = CaseProjectionStore.MessageRowKey(message.Key);
        for (var attempt = 1; attempt <= store.Options.MaxWriteAttempts; attempt++)
        {
            var found = await store.Records.GetEntityIfExistsAsync<MessageRow>(message.CaseId, rowKey, cancellationToken: cancellationToken);
            var row = found.HasValue
                ? found.Value!
                : new MessageRow
                {
                    PartitionKey = message.CaseId,
                    RowKey = rowKey,
                    Key = message.Key,
                    Sequence = message.Sequence,
                    Template = message.Message.Template.ToString(),
                    Progress = nameof(MessageProgress.Queued),
                    QueuedAt = clock.GetUtcNow(),
                };
            var etag = row.ETag;
            if (change(row) is not { } changed)
            {
                return row;
            }
            try
            {
                if (found.HasValue)
                {
                    await store.Records.UpdateEntityAsync(changed, etag, Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await store.Records.AddEntityAsync(changed, cancellationToken);
                }
                return changed;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
            }
        }
        throw new InvalidOperationException($"The status of message {message.Key} kept changing; the activity will try again.");
    }
}
