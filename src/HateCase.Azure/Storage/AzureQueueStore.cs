using System.Collections.Concurrent;
using Azure.Storage.Queues;
using HateCase.Runtime.Ports;

namespace HateCase.Azure.Storage;

// Messages are sent base64-encoded (set on the client: what the Functions queue trigger decodes by
// default) and never expire: a cue for work must not vanish while the app is down.
public sealed class AzureQueueStore : IQueueStore
{
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly QueueServiceClient client;
    private readonly ConcurrentDictionary<string, bool> ensuredQueues = new(StringComparer.Ordinal);

    public AzureQueueStore(QueueServiceClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
    }

    public async Task Enqueue(string queue, string message, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        StorageRules.CheckQueueName(queue);
        StorageRules.CheckQueueMessage(queue, message);
        StorageRules.CheckVisibilityDelay(visibilityDelay);
        var delay = visibilityDelay is { } value && value > TimeSpan.Zero ? StorageRules.ToWholeSeconds(value) : (TimeSpan?)null;
        try
        {
            await EnsureQueue(queue, cancellationToken).ConfigureAwait(false);
            try
            {
                await Send().ConfigureAwait(false);
            }
            catch (Exception exception) when (StorageFailures.Is(exception, 404, "QueueNotFound"))
            {
                // Deleted since it was created here: create it again, once.
                ensuredQueues.TryRemove(queue, out _);
                await EnsureQueue(queue, cancellationToken).ConfigureAwait(false);
                await Send().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Sending a message to queue {queue}", cancellationToken);
        }

        Task Send() => client.GetQueueClient(queue).SendMessageAsync(message, delay, NeverExpires, cancellationToken);
    }

    public async Task<IReadOnlyList<QueueMessage>> Receive(string queue, int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        StorageRules.CheckQueueName(queue);
        StorageRules.CheckReceive(max, visibility);
        global::Azure.Storage.Queues.Models.QueueMessage[] messages;
        try
        {
            messages = (await client.GetQueueClient(queue)
                .ReceiveMessagesAsync(max, StorageRules.ToWholeSeconds(visibility), cancellationToken)
                .ConfigureAwait(false)).Value;
        }
        catch (Exception exception) when (StorageFailures.Is(exception, 404, "QueueNotFound"))
        {
            return [];
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Receiving messages from queue {queue}", cancellationToken);
        }

        return messages.Select(m => new QueueMessage(m.MessageId, m.PopReceipt, m.Body.ToString(), (int)Math.Min(m.DequeueCount, int.MaxValue))).ToList();
    }

    public async Task Delete(string queue, QueueMessage message, CancellationToken cancellationToken)
    {
        StorageRules.CheckQueueName(queue);
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await client.GetQueueClient(queue)
                .DeleteMessageAsync(message.Id, message.PopReceipt, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (
            StorageFailures.Is(exception, 404, "MessageNotFound", "QueueNotFound") ||
            StorageFailures.Is(exception, 400, "PopReceiptMismatch"))
        {
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Deleting message {message.Id} from queue {queue}", cancellationToken);
        }
    }

    private async Task EnsureQueue(string queue, CancellationToken cancellationToken)
    {
        if (ensuredQueues.ContainsKey(queue))
        {
            return;
        }

        await client.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        ensuredQueues.TryAdd(queue, true);
    }
}
