using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using HateCase.LocalHost.SampleFunctions;
using HateCase.Testing;
using Microsoft.Azure.Functions.Worker;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task An_orchestrator_function_class_is_made_from_the_apps_services_and_reads_its_input_with_the_workers_converter()
    {
        var services = new ServiceCollection().AddSingleton(new Salutation("kind")).BuildServiceProvider();
        var converter = new JsonDataConverter(new JsonSerializerOptions { Converters = { new ShoutedNames() } });
        await using var durable = await DurableTaskTestHost.StartAsync(registry =>
            registry.AddFunctions(FunctionCatalog.Read(typeof(Observed).Assembly), services, converter));

        var id = await durable.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SalutationOrchestration), new Greeting("Ash", "ignored"));
        var done = await durable.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("kind hello, ASH, from Compose", done.ReadOutputAs<string>());
    }

    [Fact]
    public void An_orchestrator_function_without_an_orchestration_context_is_refused_when_the_host_starts()
    {
        var method = typeof(Unhostable).GetMethod(nameof(Unhostable.Activity))!;
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

    // A converter whose mark shows in the output: it reads a greeting's name in capitals.
    private sealed class ShoutedNames : System.Text.Json.Serialization.JsonConverter<Greeting>
    {
        public override Greeting Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new Greeting(document.RootElement.GetProperty("Name").GetString()!.ToUpperInvariant(), document.RootElement.GetProperty("Style").GetString()!);
        }

        public override void Write(Utf8JsonWriter writer, Greeting value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, new { value.Name, value.Style });
    }

    private sealed class Unhostable
    {
        public static string Activity([ActivityTrigger] string input, TimeProvider clock) => input + clock;
    }
}
