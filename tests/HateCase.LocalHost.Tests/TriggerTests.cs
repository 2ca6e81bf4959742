using Azure.Storage.Queues;
using HateCase.Testing;

namespace HateCase.LocalHost.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class TriggerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private SampleHost host = null!;

    public async Task InitializeAsync() => host = await SampleHost.StartAsync(azurite.ConnectionString);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_timer_function_runs_on_its_schedule()
    {
        await Eventually(() => host.Observed.Events.Count(e => e.StartsWith("tick:", StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public async Task A_queue_function_gets_each_message_as_text_with_its_id_and_the_message_is_removed()
    {
        var queue = await Queue("sample-inbox");
        var text = $"report {Guid.NewGuid():N}";
        await queue.SendMessageAsync(text);

        await Eventually(() => host.Observed.Events.Contains($"inbox:{text}:True"));
        await Eventually(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_tried_up_to_the_host_json_limit_then_moved_to_the_poison_queue()
    {
        var queue = await Queue("sample-inbox");
        var poison = await Queue("sample-inbox-poison");
        var text = $"fail {Guid.NewGuid():N}";
        await queue.SendMessageAsync(text);

        await Eventually(async () => (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString() == text));
        Assert.Equal([$"failed:{text}:1", $"failed:{text}:2", $"failed:{text}:3"],
            host.Observed.Events.Where(e => e.StartsWith($"failed:{text}", StringComparison.Ordinal)));
    }

    private async Task<QueueClient> Queue(string name)
    {
        var queue = new QueueClient(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    private static Task Eventually(Func<bool> condition) => Eventually(() => Task.FromResult(condition()));

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(100);
        }
    }
}
