using System.Collections.Concurrent;
using HateCase.Runtime.Ports;
using Microsoft.WindowsAzure.Storage.Queue;
using Microsoft.WindowsAzure.Storage.RetryPolicies;

namespace HateCase.Azure.Storage;

// Messages are sent base64-encoded (the storage client's default, and what the Functions queue
// trigger decodes by default) and never expire: a cue for work must not vanish while the app is down.
public sealed class AzureQueueStore : IQueueStore
{
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly CloudQueueClient client;
    private readonly QueueRequestOptions requestOptions;
    private readonly ConcurrentDictionary<string, bool> ensuredQueues = new(StringComparer.Ordinal);

    public AzureQueueStore(CloudQueueClient client, AzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        requestOptions = new QueueRequestOptions
        {
            RetryPolicy = new NoRetry(),
            ServerTimeout = options.ServerTimeout,
            MaximumExecutionTime = options.MaximumExecutionTime,
        };
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
                await Add().ConfigureAwait(false);
            }
            catch (Exception exception) when (StorageFailures.Is(exception, 404, "QueueNotFound"))
            {
                // Deleted since it was created here: create it again, once.
                ensuredQueues.TryRemove(queue, out _);
                await EnsureQueue(queue, cancellationToken).ConfigureAwait(false);
                await Add().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Sending a message to queue {queue}", cancellationToken);
        }

        Task Add() => client.GetQueueReference(queue)
            .AddMessageAsync(new CloudQueueMessage(message), NeverExpires, delay, requestOptions, null, cancellationToken);
    }

    public async Task<IReadOnlyList<QueueMessage>> Receive(string queue, int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        StorageRules.CheckQueueName(queue);
        StorageRules.CheckReceive(max, visibility);
        IEnumerable<CloudQueueMessage> messages;
        try
        {
            messages = await client.GetQueueReference(queue)
                .GetMessagesAsync(max, StorageRules.ToWholeSeconds(visibility), requestOptions, null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFailures.Is(exception, 404, "QueueNotFound"))
        {
            return [];
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Receiving messages from queue {queue}", cancellationToken);
        }

        return messages.Select(m => new QueueMessage(m.Id, m.PopReceipt, m.AsString, m.DequeueCount)).ToList();
    }

    public async Task Delete(string queue, QueueMessage message, CancellationToken cancellationToken)
    {
        StorageRules.CheckQueueName(queue);
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await client.GetQueueReference(queue)
                .DeleteMessageAsync(message.Id, message.PopReceipt, requestOptions, null, cancellationToken)
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

        await client.GetQueueReference(queue).CreateIfNotExistsAsync(requestOptions, null, cancellationToken).ConfigureAwait(false);
        ensuredQueues.TryAdd(queue, true);
    }
}
