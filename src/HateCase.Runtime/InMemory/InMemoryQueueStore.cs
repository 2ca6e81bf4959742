using HateCase.Runtime.Ports;

namespace HateCase.Runtime.InMemory;

// Queues in memory with the Azure semantics the runtime relies on: a delayed message stays hidden
// until its delay has passed, a received message is hidden for its visibility and then comes back
// with a higher dequeue count, and only the latest pop receipt deletes it. Times follow the given clock.
public sealed class InMemoryQueueStore(TimeProvider? clock = null) : IQueueStore
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly object gate = new();
    private readonly Dictionary<string, List<StoredMessage>> queues = new(StringComparer.Ordinal);
    private long lastSequence;

    public Task Enqueue(string queue, string message, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        StorageRules.CheckQueueName(queue);
        StorageRules.CheckQueueMessage(queue, message);
        StorageRules.CheckVisibilityDelay(visibilityDelay);
        cancellationToken.ThrowIfCancellationRequested();
        var visibleAt = clock.GetUtcNow() + StorageRules.ToWholeSeconds(visibilityDelay ?? TimeSpan.Zero);
        lock (gate)
        {
            if (!queues.TryGetValue(queue, out var messages))
            {
                messages = [];
                queues[queue] = messages;
            }

            messages.Add(new StoredMessage(Guid.NewGuid().ToString(), message, ++lastSequence) { VisibleAt = visibleAt });
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueueMessage>> Receive(string queue, int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        StorageRules.CheckQueueName(queue);
        StorageRules.CheckReceive(max, visibility);
        cancellationToken.ThrowIfCancellationRequested();
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (!queues.TryGetValue(queue, out var messages))
            {
                return Task.FromResult<IReadOnlyList<QueueMessage>>([]);
            }

            var received = new List<QueueMessage>();
            foreach (var message in messages.Where(m => m.VisibleAt <= now).OrderBy(m => m.Sequence).Take(max))
            {
                message.VisibleAt = now + StorageRules.ToWholeSeconds(visibility);
                message.PopReceipt = Guid.NewGuid().ToString("N");
                message.DequeueCount++;
                received.Add(new QueueMessage(message.Id, message.PopReceipt, message.Text, message.DequeueCount));
            }

            return Task.FromResult<IReadOnlyList<QueueMessage>>(received);
        }
    }

    public Task Delete(string queue, QueueMessage message, CancellationToken cancellationToken)
    {
        StorageRules.CheckQueueName(queue);
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (queues.TryGetValue(queue, out var messages))
            {
                messages.RemoveAll(m => m.Id == message.Id && m.PopReceipt == message.PopReceipt);
            }
        }

        return Task.CompletedTask;
    }

    private sealed class StoredMessage(string id, string text, long sequence)
    {
        public string Id { get; } = id;
        public string Text { get; } = text;
        public long Sequence { get; } = sequence;
        public DateTimeOffset VisibleAt { get; set; }
        public string? PopReceipt { get; set; }
        public int DequeueCount { get; set; }
    }
}
