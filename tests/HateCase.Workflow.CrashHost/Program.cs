using HateCase.LocalDurable;
using HateCase.Workflow;
using HateCase.Workflow.CrashHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Settings come from the environment: the storage connection, the task hub, the worker id, the
// journal folder and how long each send takes. Prints "worker started" once it runs.
string Setting(string name) => Environment.GetEnvironmentVariable(name)
    ?? throw new InvalidOperationException($"{name} is not set.");

var journal = new Journal(Setting("CRASHHOST_JOURNAL"));
var sendDelay = TimeSpan.FromMilliseconds(int.Parse(Setting("CRASHHOST_SEND_DELAY_MS"), System.Globalization.CultureInfo.InvariantCulture));

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var policies = CasePolicies.BuiltIn();
var workflowOptions = new CaseWorkflowOptions { DevelopmentClock = true, FirstSendRetry = TimeSpan.FromSeconds(1) };
builder.Services.AddSingleton(journal);
builder.Services.AddSingleton<ICaseRecorder, JournalRecorder>();
builder.Services.AddSingleton<ICaseMessageSender>(new JournalSender(journal, sendDelay));
builder.Services.AddLocalDurableTask(
    new LocalDurableOptions
    {
        StorageConnection = Setting("CRASHHOST_STORAGE"),
        TaskHub = Setting("CRASHHOST_TASK_HUB"),
        WorkerId = Setting("CRASHHOST_WORKER_ID"),
        QueueVisibilityTimeout = TimeSpan.FromSeconds(10),
        DataConverter = CaseWorkflowJson.Converter,
    },
    register => register
        .AddOrchestrator(nameof(CaseOrchestrator), () => new CaseOrchestrator(policies, workflowOptions))
        .AddActivity<RecordCase>()
        .AddActivity<SendCaseMessage>());

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("worker started");
await host.WaitForShutdownAsync();
