using System.Diagnostics;
using HateCase.Domain.Cases;
using HateCase.LocalDurable;
using HateCase.Testing;
using HateCase.Workflow.CrashHost;
using HateCase.Workflow.InMemory;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static HateCase.Workflow.Tests.Reports;

namespace HateCase.Workflow.Tests;

// The worker process is killed (SIGKILL) while messages are being sent and while cases wait on
// durable timers, and started again: no case is lost or doubled, every timer fires once, every
// message is sent at least once and every turn is recorded once.
public sealed class CrashTests
{
    private const string TaskHub = "crashtests";
    private const int CaseCount = 3;
    private static readonly TimeSpan SendTakes = TimeSpan.FromMilliseconds(1500);

    [Fact]
    public async Task Killed_mid_send_and_mid_timer_and_restarted_the_worker_loses_and_doubles_nothing()
    {
        await using var azurite = await AzuriteInstance.Start();
        var journal = Directory.CreateTempSubdirectory("hatecase-crash-").FullName;
        try
        {
            using var client = await ClientOnlyHost(azurite.ConnectionString);
            var durable = client.Services.GetRequiredService<DurableTaskClient>();
            var worker = await CrashWorker.Start(azurite.ConnectionString, journal);
            try
            {
                // Reports come in; the worker dies while their messages are going out.
                var caseIds = Enumerable.Range(1, CaseCount).Select(i => $"case-crash-{i}").ToList();
                foreach (var (caseId, i) in caseIds.Select((c, i) => (c, i)))
                {
                    await durable.ScheduleNewOrchestrationInstanceAsync(nameof(CaseOrchestrator),
                        CaseTurn.Open(caseId, "default", HateReport($"HC-2026-00000{i + 1}", $"report-{i + 1}"), InOfficeHours()),
                        new StartOrchestrationOptions(InstanceId: caseId));
                }
                await Eventually.True(() => SendsInFlight(journal).Count > 0, "a message is being sent");
                await worker.Kill();
                Assert.NotEmpty(SendsInFlight(journal)); // the worker died in the middle of a send
                worker = await CrashWorker.Start(azurite.ConnectionString, journal);
                var opened = await Eventually.Get(() => AllRecordedAndSent(journal, caseIds, r => r.Version > 0), "every report is recorded and its messages sent", Long);

                // Each case's earliest timer is brought to a few seconds away; the worker dies
                // while the cases wait on it and stays down past the time it was due.
                var dueAt = DateTimeOffset.UtcNow.AddSeconds(6);
                foreach (var recorded in opened)
                {
                    var earliest = CaseTimers.Due(recorded.State).Min(t => t.DueAt);
                    await durable.RaiseEventAsync(recorded.CaseId, CaseOrchestrator.InputEvent, new CaseInput.DevelopmentClockSet(earliest - dueAt));
                }
                await Task.Delay(TimeSpan.FromSeconds(3));
                await worker.Kill();
                Assert.DoesNotContain(Journal.ReadRecords(journal).SelectMany(r => r.Chronology), e => e.Event is CaseEvent.ReminderSent);
                await Task.Delay(dueAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
                worker = await CrashWorker.Start(azurite.ConnectionString, journal);
                await Eventually.Get(() => AllRecordedAndSent(journal, caseIds, r => r.Chronology.Any(e => e.Event is CaseEvent.ReminderSent)),
                    "every case's reminders are recorded and sent", Long);
                await Task.Delay(TimeSpan.FromSeconds(3)); // time enough for anything fired twice to show

                var records = Journal.ReadRecords(journal);
                Assert.Equal(caseIds.Order(), records.Select(r => r.CaseId).Order());
                foreach (var recorded in records)
                {
                    var earliest = CaseTimers.Due(opened.Single(o => o.CaseId == recorded.CaseId).State).MinBy(t => t.DueAt)!;
                    Assert.Equal(Enumerable.Range(1, (int)recorded.Version).Select(i => (long)i), recorded.Chronology.Select(e => e.Sequence));
                    var reminders = recorded.Chronology.Select(e => e.Event).OfType<CaseEvent.ReminderSent>().ToList();
                    Assert.Single(reminders, r => r.DeadlineId == earliest.DeadlineId);
                    Assert.Equal(reminders.Count, reminders.Select(r => r.DeadlineId).Distinct().Count());
                    var status = await durable.GetInstanceAsync(recorded.CaseId);
                    Assert.Equal(OrchestrationRuntimeStatus.Running, status!.RuntimeStatus);
                }
                var expected = records.SelectMany(ExpectedMessageKeys).ToHashSet();
                var sent = SentKeys(journal);
                Assert.Subset(sent, expected);
                Assert.Subset(expected, sent);
            }
            finally
            {
                await worker.Kill();
            }
        }
        finally
        {
            Directory.Delete(journal, recursive: true);
        }
    }

    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    private static async Task<IHost> ClientOnlyHost(string storage)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddLocalDurableTaskClient(new LocalDurableOptions
        {
            StorageConnection = storage,
            TaskHub = TaskHub,
            WorkerId = "crash-test-client",
            DataConverter = CaseWorkflowJson.Converter,
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    // The keys of every message the recorded chronology implies, as the orchestration made them.
    private static IEnumerable<string> ExpectedMessageKeys(RecordedCase recorded)
    {
        var state = CaseState.Initial;
        foreach (var entry in recorded.Chronology)
        {
            state = Case.Evolve(state, entry.Event);
            for (var i = 0; i < CaseMessages.For(state, entry.Event).Count; i++)
            {
                yield return CaseMessage.KeyFor(recorded.CaseId, entry.Sequence, i);
            }
        }
    }

    private static HashSet<string> SentKeys(string journal) =>
        Journal.ReadSendLog(journal).Where(l => l.StartsWith("sent ", StringComparison.Ordinal)).Select(l => l["sent ".Length..]).ToHashSet();

    private static HashSet<string> SendsInFlight(string journal)
    {
        var lines = Journal.ReadSendLog(journal);
        var started = lines.Where(l => l.StartsWith("sending ", StringComparison.Ordinal)).Select(l => l["sending ".Length..]).ToHashSet();
        started.ExceptWith(SentKeys(journal));
        return started;
    }

    // Every case recorded as the condition says, and every message its record implies sent.
    private static IReadOnlyList<RecordedCase>? AllRecordedAndSent(string journal, IReadOnlyList<string> caseIds, Func<RecordedCase, bool> condition)
    {
        var records = Journal.ReadRecords(journal);
        var ready = records.Where(condition).ToList();
        if (ready.Count < caseIds.Count || !records.SelectMany(ExpectedMessageKeys).ToHashSet().IsSubsetOf(SentKeys(journal)))
        {
            return null;
        }
        return ready;
    }

    // The crash host in a child process of its own, killed with SIGKILL by its process id.
    private sealed class CrashWorker
    {
        private readonly Process process;
        private readonly List<string> output = [];

        private CrashWorker(Process process) => this.process = process;

        public static async Task<CrashWorker> Start(string storage, string journal)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HateCase.Workflow.CrashHost.dll"));
            start.Environment["CRASHHOST_STORAGE"] = storage;
            start.Environment["CRASHHOST_TASK_HUB"] = TaskHub;
            start.Environment["CRASHHOST_WORKER_ID"] = "crash-worker";
            start.Environment["CRASHHOST_JOURNAL"] = journal;
            start.Environment["CRASHHOST_SEND_DELAY_MS"] = ((int)SendTakes.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var worker = new CrashWorker(new Process { StartInfo = start });
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            worker.process.OutputDataReceived += (_, line) => worker.Note(line.Data, started);
            worker.process.ErrorDataReceived += (_, line) => worker.Note(line.Data, null);
            worker.process.Start();
            worker.process.BeginOutputReadLine();
            worker.process.BeginErrorReadLine();
            try
            {
                await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                await worker.Kill();
                throw new Xunit.Sdk.XunitException($"The crash host did not start. Its output:{Environment.NewLine}{worker.Output()}");
            }
            return worker;
        }

        public async Task Kill()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false); // SIGKILL: no shutdown code runs
            }
            await process.WaitForExitAsync();
        }

        private void Note(string? line, TaskCompletionSource? started)
        {
            if (line is null)
            {
                return;
            }
            lock (output)
            {
                output.Add(line);
            }
            if (line == "worker started")
            {
                started?.TrySetResult();
            }
        }

        private string Output()
        {
            lock (output)
            {
                return string.Join(Environment.NewLine, output.TakeLast(100));
            }
        }
    }
}
