using System.Globalization;
using Azure.Storage.Queues;
using HateCase.Testing;

namespace HateCase.LocalHost.Tests;

// A local run may pace a timer faster or slower than its attribute says, and give a queue
// function a queue of its own; Azure reads only the attributes.
[Collection(AzuriteFixture.Collection)]
public sealed class LocalOverrideTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_local_schedule_runs_the_timer_function_in_place_of_its_attributes_schedule()
    {
        await using var host = await SampleHost.StartAsync(azurite.ConnectionString,
            adjust: options => options.Schedules["EverySecond"] = "*/2 * * * * *");

        await Eventually(() => Ticks(host).Count >= 3);

        // Every second by its attribute; every even second by the local schedule.
        Assert.All(Ticks(host), next => Assert.Equal(0, next.Second % 2));
    }

    [Fact]
    public async Task A_local_queue_name_has_the_queue_function_read_that_queue()
    {
        var name = "sample-" + Guid.NewGuid().ToString("N")[..12];
        await using var host = await SampleHost.StartAsync(azurite.ConnectionString,
            adjust: options => options.QueueNames["ReadInbox"] = name);
        var queue = new QueueClient(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        var text = $"local {Guid.NewGuid():N}";

        await queue.SendMessageAsync(text);

        await Eventually(() => host.Observed.Events.Contains($"inbox:{text}:True"));
    }

    [Theory]
    [InlineData("Schedules", "Greet")]
    [InlineData("Schedules", "NoSuchFunction")]
    [InlineData("QueueNames", "EverySecond")]
    public async Task A_local_override_for_a_function_of_another_kind_stops_start_up_naming_it(string setting, string function)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var host = await SampleHost.StartAsync(azurite.ConnectionString, adjust: options =>
                (setting == "Schedules" ? options.Schedules : options.QueueNames)[function] = "*/2 * * * * *");
        });

        Assert.NotNull(failure);
        Assert.Contains($"'{function}'", failure.Message, StringComparison.Ordinal);
    }

    private static List<DateTime> Ticks(SampleHost host) =>
        host.Observed.Events.Where(e => e.StartsWith("tick:", StringComparison.Ordinal))
            .Select(e => DateTime.Parse(e["tick:".Length..], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
            .ToList();

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(100);
        }
    }
}
