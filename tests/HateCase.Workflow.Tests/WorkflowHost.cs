using System.Collections.Concurrent;
using HateCase.Domain.Cases;
using HateCase.LocalDurable;
using HateCase.Testing;
using HateCase.Workflow.InMemory;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HateCase.Workflow.Tests;

// Records every message it is given; a test may hold a send until it lets it go.
public sealed class TestMessageSender : ICaseMessageSender
{
    private readonly ConcurrentQueue<CaseMessage> sent = new();

    public Func<CaseMessage, Task>? BeforeSend { get; set; }

    // Messages to this address come back as undeliverable.
    public const string BouncingAddress = "no-such-mailbox@example.org";

    public IReadOnlyList<CaseMessage> Sent => sent.ToList();

    public async Task<MessageDelivery> Send(CaseMessage message, CancellationToken cancellationToken)
    {
        if (BeforeSend is { } hold)
        {
            await hold(message);
        }
        if (message.Message.Recipient is MessageRecipient.ComplainantByEmail { Email: BouncingAddress })
        {
            return MessageDelivery.Undeliverable;
        }
        sent.Enqueue(message);
        return MessageDelivery.Sent;
    }
}

// Case orchestrations on the local durable backend over one Azurite, in this process, with the
// recorder in memory: the worker and client a local host will use.
public sealed class WorkflowHost : IAsyncLifetime
{
    private IHost? host;

    public AzuriteInstance Azurite { get; private set; } = null!;

    public InMemoryCaseRecorder Recorder { get; } = new();

    public TestMessageSender Sender { get; } = new();

    public DurableTaskClient Client => host!.Services.GetRequiredService<DurableTaskClient>();

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteInstance.Start();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var policies = CasePolicies.BuiltIn();
        var workflowOptions = new CaseWorkflowOptions { DevelopmentClock = true, FirstSendRetry = TimeSpan.FromSeconds(1) };
        builder.Services.AddSingleton<ICaseRecorder>(Recorder);
        builder.Services.AddSingleton<ICaseMessageSender>(Sender);
        builder.Services.AddLocalDurableTask(
            new LocalDurableOptions
            {
                StorageConnection = Azurite.ConnectionString,
                TaskHub = "casetests",
                WorkerId = "test-worker",
                DataConverter = CaseWorkflowJson.Converter,
            },
            register => register
                .AddOrchestrator(nameof(CaseOrchestrator), () => new CaseOrchestrator(policies, workflowOptions))
                .AddActivity<RecordCase>()
                .AddActivity<SendCaseMessage>());
        host = builder.Build();
        await host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await host.StopAsync(stopping.Token);
            host.Dispose();
        }
        await Azurite.DisposeAsync();
    }

    public Task Open(string caseId, CaseInput.Command report) =>
        Client.ScheduleNewOrchestrationInstanceAsync(nameof(CaseOrchestrator), CaseTurn.Open(caseId, "default", report, Reports.InOfficeHours()),
            new StartOrchestrationOptions(InstanceId: caseId));

    public Task Raise(string caseId, CaseInput input) => Client.RaiseEventAsync(caseId, CaseOrchestrator.InputEvent, input);

    public async Task<RecordedCase> RecordedWhen(string caseId, Func<RecordedCase, bool> condition, string what) =>
        await Eventually.Get(() => Recorder.Find(caseId) is { } found && condition(found) ? found : null, what);
}

public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(45);

    public static async Task<T> Get<T>(Func<T?> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}.");
            }
            await Task.Delay(100);
        }
    }

    public static Task True(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Get(() => condition() ? "yes" : null, what, timeout);
}
