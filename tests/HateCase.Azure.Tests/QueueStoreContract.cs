using System.Diagnostics;
using HateCase.Runtime.Ports;

namespace HateCase.Azure.Tests;

// Queue semantics the runtime relies on, on real time (Azure counts visibility in whole seconds).
public abstract class QueueStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    protected abstract IQueueStore Queues { get; }

    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N")[..20];

    [Fact]
    public async Task A_delayed_message_is_not_received_before_its_delay()
    {
        var queue = NewQueue();
        var delay = TimeSpan.FromSeconds(2);
        var sent = Stopwatch.StartNew();

        await Queues.Enqueue(queue, "wake case-1", delay, None);
        await Queues.Enqueue(queue, "now", null, None);
        var (message, after) = await PollUntilReceived(queue, "wake case-1", sent, TimeSpan.FromSeconds(15));

        Assert.True(after >= delay - TimeSpan.FromMilliseconds(100), $"received after {after.TotalMilliseconds:0} ms, delay {delay.TotalSeconds} s");
        Assert.Equal(1, message.DequeueCount);
    }

    [Fact]
    public async Task A_received_and_deleted_message_does_not_come_back()
    {
        var queue = NewQueue();
        await Queues.Enqueue(queue, "send email 7", null, None);

        var received = Assert.Single(await Queues.Receive(queue, 32, TimeSpan.FromSeconds(1), None));
        await Queues.Delete(queue, received, None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal("send email 7", received.Text);
        Assert.Equal(1, received.DequeueCount);
        Assert.Empty(await Queues.Receive(queue, 32, TimeSpan.FromSeconds(30), None));
    }

    [Fact]
    public async Task A_message_not_deleted_comes_back_after_its_visibility_with_a_new_receipt()
    {
        var queue = NewQueue();
        await Queues.Enqueue(queue, "{\"case\":\"case-1\",\"text\":\"Siân — عربي 😀\"}", null, None);

        var first = Assert.Single(await Queues.Receive(queue, 1, TimeSpan.FromSeconds(1), None));
        Assert.Empty(await Queues.Receive(queue, 1, TimeSpan.FromSeconds(1), None));
        var (second, _) = await PollUntilReceived(queue, first.Text, Stopwatch.StartNew(), TimeSpan.FromSeconds(15));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);

        // The first receiver's receipt is stale now: its delete leaves the message alone, quietly.
        await Queues.Delete(queue, first, None);
        await Queues.Delete(queue, second, None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Empty(await Queues.Receive(queue, 32, TimeSpan.FromSeconds(30), None));
    }

    [Fact]
    public async Task A_stale_receipt_does_not_delete_the_message()
    {
        var queue = NewQueue();
        await Queues.Enqueue(queue, "m", null, None);
        var first = Assert.Single(await Queues.Receive(queue, 1, TimeSpan.FromSeconds(1), None));
        var (second, _) = await PollUntilReceived(queue, "m", Stopwatch.StartNew(), TimeSpan.FromSeconds(15));

        await Queues.Delete(queue, first, None);
        var (third, _) = await PollUntilReceived(queue, "m", Stopwatch.StartNew(), TimeSpan.FromSeconds(15));

        Assert.Equal(second.Id, third.Id);
        Assert.Equal(3, third.DequeueCount);
    }

    [Fact]
    public async Task Receiving_from_a_queue_never_written_finds_nothing()
    {
        Assert.Empty(await Queues.Receive(NewQueue(), 32, TimeSpan.FromSeconds(30), None));
    }

    [Fact]
    public async Task Messages_come_out_at_most_max_at_a_time()
    {
        var queue = NewQueue();
        for (var i = 0; i < 5; i++)
        {
            await Queues.Enqueue(queue, $"m{i}", null, None);
        }

        var firstBatch = await Queues.Receive(queue, 3, TimeSpan.FromSeconds(30), None);
        var secondBatch = await Queues.Receive(queue, 32, TimeSpan.FromSeconds(30), None);

        Assert.Equal(3, firstBatch.Count);
        Assert.Equal(2, secondBatch.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"m{i}"), firstBatch.Concat(secondBatch).Select(m => m.Text).Order());
    }

    [Fact]
    public async Task Requests_outside_the_queue_limits_are_refused()
    {
        var queue = NewQueue();

        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Queues.Enqueue("Bad_Name", "m", null, None));
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() =>
            Queues.Enqueue(queue, new string('x', StorageRules.MaxQueueMessageBytes + 1), null, None));
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Queues.Enqueue(queue, "m", TimeSpan.FromDays(8), None));
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Queues.Receive(queue, 33, TimeSpan.FromSeconds(30), None));
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Queues.Receive(queue, 1, TimeSpan.Zero, None));
        await Queues.Enqueue(queue, new string('x', StorageRules.MaxQueueMessageBytes), null, None);
    }

    private async Task<(QueueMessage Message, TimeSpan After)> PollUntilReceived(string queue, string text, Stopwatch since, TimeSpan timeout)
    {
        while (since.Elapsed < timeout)
        {
            var message = (await Queues.Receive(queue, 32, TimeSpan.FromSeconds(1), None)).FirstOrDefault(m => m.Text == text);
            if (message is not null)
            {
                return (message, since.Elapsed);
            }

            await Task.Delay(PollInterval);
        }

        throw new Xunit.Sdk.XunitException($"'{text}' was not received within {timeout}.");
    }
}
