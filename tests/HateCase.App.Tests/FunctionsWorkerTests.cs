using HateCase.App.Tests.Support;
using HateCase.LocalHost;
using HateCase.Testing;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.DependencyInjection;

namespace HateCase.App.Tests;

// The app as the Functions host starts it: built as an isolated worker (not run, as there is no
// host to connect to here), with the same services as a local run.
[Collection(OwnAppCollection.Name)]
public sealed class FunctionsWorkerTests(AzuriteFixture azurite)
{
    // The worker takes its environment from the Functions host (Production unless
    // AZURE_FUNCTIONS_ENVIRONMENT says otherwise), so it is built here as in Azure.
    [Fact]
    public async Task Under_the_Functions_host_every_function_class_gets_its_services()
    {
        using var worker = Program.BuildForFunctionsHost(Arguments());
        await using var scope = worker.Services.CreateAsyncScope();

        foreach (var type in FunctionCatalog.Read(typeof(Program).Assembly).Select(f => f.Method.DeclaringType!).Distinct())
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }
    }

    [Fact]
    public async Task The_worker_describes_to_the_host_the_functions_the_local_host_runs()
    {
        using var worker = Program.BuildForFunctionsHost(Arguments());
        var provider = worker.Services.GetRequiredService<IFunctionMetadataProvider>();

        var described = await provider.GetFunctionMetadataAsync(AppContext.BaseDirectory);

        Assert.Equal(FunctionCatalog.Read(typeof(Program).Assembly).Select(f => f.Name).Order(), described.Select(f => f.Name!).Order());
    }

    // In a Function App the Durable extension runs the case orchestrations, so the worker runs no
    // Durable backend of its own, needs no storage connection string for one, and gives Durable
    // data the case JSON shape.
    [Fact]
    public void Under_the_Functions_host_cases_run_on_the_Durable_extension_with_storage_reached_by_identity()
    {
        var arguments = Arguments()
            .Where(a => !a.StartsWith("--AzureWebJobsStorage=", StringComparison.Ordinal))
            .Append("--AzureWebJobsStorage:accountName=hatecasestorage")
            .ToArray();

        using var worker = Program.BuildForFunctionsHost(arguments);

        Assert.Null(worker.Services.GetService<HateCase.LocalDurable.LocalDurableSidecar>());
        Assert.Null(worker.Services.GetService<Microsoft.DurableTask.Client.DurableTaskClient>());
        var serializer = worker.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Azure.Functions.Worker.WorkerOptions>>().Value.Serializer;
        HateCase.Workflow.CaseInput input = new HateCase.Workflow.CaseInput.DevelopmentClockSet(TimeSpan.FromHours(1));
        var written = serializer!.Serialize(input, typeof(HateCase.Workflow.CaseInput), CancellationToken.None).ToString();
        Assert.Equal(HateCase.Workflow.CaseWorkflowJson.Serialize(input), written);
    }

    [Fact]
    public void Under_the_Functions_host_an_inbound_queue_other_than_the_triggers_stops_start_up_naming_the_setting()
    {
        var arguments = Arguments().Append("--Inbound:QueueName=inbound-elsewhere").ToArray();

        var failure = Record.Exception(() => Program.BuildForFunctionsHost(arguments).Dispose());

        Assert.NotNull(failure);
        Assert.Contains("- Inbound:QueueName ", failure.Message, StringComparison.Ordinal);
    }

    private string[] Arguments()
    {
        var runId = TestApp.NewRunId();
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = "t" + runId,
            ["Landlord:Profile"] = TestApp.Profile,
            ["Mail:Provider"] = "Smtp",
            ["Mail:From"] = "asb@example.org",
            ["Mail:Smtp:Host"] = "127.0.0.1",
        };
        ProductionSettings.AddTo(settings, runId);
        return settings.Select(s => $"--{s.Key}={s.Value}").ToArray();
    }
}
