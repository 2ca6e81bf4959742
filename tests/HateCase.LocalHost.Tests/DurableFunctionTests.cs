using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using HateCase.LocalHost.SampleFunctions;
using HateCase.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace HateCase.LocalHost.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class DurableFunctionTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_orchestrator_function_calls_an_activity_function_by_its_function_name()
    {
        await using var durable = await DurableTaskTestHost.StartAsync(registry =>
            registry.AddFunctions(FunctionCatalog.Read(typeof(Observed).Assembly)));

        var id = await durable.Client.ScheduleNewOrchestrationInstanceAsync(nameof(GreetingOrchestration), "Sam");
        var done = await durable.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("warm hello, Sam, from Compose", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_HTTP_function_starts_an_orchestration_through_its_durable_client()
    {
        await using var durable = await DurableTaskTestHost.StartAsync(registry =>
            registry.AddFunctions(FunctionCatalog.Read(typeof(Observed).Assembly)));
        await using var host = await SampleHost.StartAsync(azurite.ConnectionString, durable.Client);

        using var response = await host.Client.PostAsync("api/greetings/Kim/orchestrations", null);
        var started = await response.Content.ReadFromJsonAsync<Started>();
        var done = await durable.Client.WaitForInstanceCompletionAsync(started!.InstanceId, getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("warm hello, Kim, from Compose", done.ReadOutputAs<string>());
    }

    [Fact]
    public void An_orchestrator_function_that_asks_for_services_is_refused_when_the_host_starts()
    {
        var method = typeof(Unhostable).GetMethod(nameof(Unhostable.Run))!;
        var entry = new FunctionEntry("Unhostable", method, new FunctionTrigger.Orchestration(), method.GetParameters()[0]);

        var refusal = Assert.Throws<InvalidOperationException>(() => new Microsoft.DurableTask.DurableTaskRegistry().AddFunctions([entry]));

        Assert.Contains("Unhostable", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_the_local_host_cannot_bind_is_refused_when_the_host_starts_naming_it()
    {
        var method = typeof(Unhostable).GetMethod(nameof(Unhostable.Activity))!;
        var entry = new FunctionEntry("Unbindable", method, new FunctionTrigger.Activity(), method.GetParameters()[0]);

        var refusal = Assert.Throws<InvalidOperationException>(() => new Microsoft.DurableTask.DurableTaskRegistry().AddFunctions([entry]));

        Assert.Contains("'Unbindable'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("'clock'", refusal.Message, StringComparison.Ordinal);
    }

    private sealed record Started(string InstanceId);

    private sealed class Unhostable
    {
        public Task<string> Run([OrchestrationTrigger] Microsoft.DurableTask.TaskOrchestrationContext context) => Task.FromResult("");

        public static string Activity([ActivityTrigger] string input, TimeProvider clock) => input + clock;
    }
}
