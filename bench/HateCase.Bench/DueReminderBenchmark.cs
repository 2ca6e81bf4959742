using System.Collections.Concurrent;
using System.Diagnostics;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.LocalDurable;
using HateCase.Testing;
using HateCase.Workflow;
using HateCase.Workflow.InMemory;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Many cases whose first reminders fall due at the same moment, on the case orchestration and the
// local Durable backend (DurableTask.AzureStorage on Azurite) in this process, as the app hosts
// them, with the recorder in memory and a mail port that notes what it is handed. The cases are
// reported at the same moment on a day off (development clock), so every one's first reminder
// falls due at the office's next opening; then every case's clock is moved just past it, as the
// app's development clock does (one input raised to each case), and the benchmark times until the
// mail port has every case's reminder.
internal static class DueReminderBenchmark
{
    private const string ProfileId = "default";
    private const int RaisedAtOnce = 16;

    public static async Task<Measurement> Run(AzuriteInstance azurite, int cases)
    {
        var recorder = new InMemoryCaseRecorder();
        var sender = new CountingSender();
        var storageCalls = new StorageCallCounter();
        using var host = Build(azurite.ConnectionString, recorder, sender, storageCalls);
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var run = Guid.NewGuid().ToString("N")[..8];
            var caseIds = Enumerable.Range(0, cases).Select(n => $"case-bench-{run}-{n:D5}").ToList();
            await StartReportedCases(client, recorder, caseIds);
            var (callsBefore, azuriteBefore, benchBefore) = (storageCalls.Snapshot(), azurite.ProcessorTime, Process.GetCurrentProcess().TotalProcessorTime);
            var measured = await MoveClocksPastFirstReminders(client, recorder, sender, caseIds);
            Console.WriteLine($"    processor time while measured: Azurite {(azurite.ProcessorTime - azuriteBefore).TotalSeconds:0.0} s, " +
                $"this process {(Process.GetCurrentProcess().TotalProcessorTime - benchBefore).TotalSeconds:0.0} s");
            StorageCallCounter.Print(callsBefore, storageCalls.Snapshot(), cases, Console.Out);
            return measured;
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stopping.Token);
        }
    }

    private static IHost Build(string azuriteConnectionString, ICaseRecorder recorder, ICaseMessageSender sender, StorageCallCounter storageCalls)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var policies = CasePolicies.BuiltIn();
        var workflow = new CaseWorkflowOptions { DevelopmentClock = true };
        builder.Services.AddSingleton(recorder);
        builder.Services.AddSingleton(sender);
        builder.Services.AddLocalDurableTask(
            new LocalDurableOptions
            {
                StorageConnection = azuriteConnectionString,
                TaskHub = "benchreminders",
                WorkerId = "bench-worker",
                DataConverter = CaseWorkflowJson.Converter,
                StorageRequestPolicy = storageCalls,
            },
            register => register
                .AddOrchestrator(nameof(CaseOrchestrator), () => new CaseOrchestrator(policies, workflow))
                .AddActivity<RecordCase>()
                .AddActivity<SendCaseMessage>());
        return builder.Build();
    }

    // Every case is reported at the same moment, noon on the next day the office is closed (by its
    // development clock), so all wait for the same opening. The report's turn is taken here with
    // the orchestrator's own turn function (the decider decides it) and recorded, and each
    // orchestration starts at the turn after it, waiting on its timers: the benchmark times the
    // reminders, not opening (which the intake benchmark measures over HTTP). The Victims Code that
    // turn would send is not sent.
    private static async Task StartReportedCases(DurableTaskClient client, ICaseRecorder recorder, List<string> caseIds)
    {
        var policy = CasePolicy.For(HateCase.Domain.Profiles.ProfileLoader.BuiltIn(ProfileId));
        var workflow = new CaseWorkflowOptions { DevelopmentClock = true };
        var reportedAt = DateTimeOffset.UtcNow;
        var offset = NoonOnTheNextDayOff(policy.Calendar, reportedAt) - reportedAt;
        Console.WriteLine($"  in-process case orchestrations on Azurite: starting {caseIds.Count} hate cases reported at the same moment on a day off ...");
        var starting = Stopwatch.StartNew();
        await ForEach(caseIds, async (caseId, n) =>
        {
            var opened = CaseTurn.Open(caseId, ProfileId, HateReport(n), offset);
            var reported = CaseTurns.Take(opened with { Pending = ValueList<CaseInput>.Empty }, opened.Pending[0], reportedAt, policy, workflow);
            await recorder.Record(reported.Record!, CancellationToken.None);
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(CaseOrchestrator), reported.Next, new StartOrchestrationOptions(InstanceId: caseId));
        });
        await Until(() => Running(client), "cases' orchestrations running", TimeSpan.FromSeconds(1), client, caseIds);
        Console.WriteLine($"  {caseIds.Count} cases waiting on their timers after {starting.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<int> Running(DurableTaskClient client)
    {
        var running = 0;
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running], PageSize = 1000 };
        await foreach (var _ in client.GetAllInstancesAsync(query))
        {
            running++;
        }
        return running;
    }

    private static async Task<Measurement> MoveClocksPastFirstReminders(
        DurableTaskClient client, InMemoryCaseRecorder recorder, CountingSender sender, List<string> caseIds)
    {
        var firstReminders = caseIds.Select(id => CaseTimers.Due(recorder.Find(id)!.State)
            .Where(t => t.Kind == TimerKind.DeadlineReminder).MinBy(t => t.DueAt)?.DueAt
            ?? throw new InvalidOperationException("A reported hate case has no reminder armed.")).ToList();
        var (earliest, latest) = (firstReminders.Min(), firstReminders.Max());
        Console.WriteLine($"  first reminders due from {earliest:u} to {latest:u} (case clock); moving every case's clock just past {latest:u} ...");
        if (latest - earliest >= TimeSpan.FromMinutes(1))
        {
            Console.WriteLine("  (they do not all fall due in the same minute: the cases' reminder rules differ)");
        }

        var moved = Stopwatch.GetTimestamp();
        var offset = latest.AddSeconds(1) - DateTimeOffset.UtcNow;
        await ForEach(caseIds, (caseId, _) => client.RaiseEventAsync(caseId, CaseOrchestrator.InputEvent, new CaseInput.DevelopmentClockSet(offset)));
        await Until(() => Task.FromResult(caseIds.Count(sender.WasReminded)), "cases' reminders handed to the mail port", TimeSpan.FromMilliseconds(100), client, caseIds);
        var latencies = caseIds.Select(id => Stopwatch.GetElapsedTime(moved, sender.FirstRemindedAt(id)!.Value).TotalMilliseconds).ToList();
        if (sender.RemindersHandedMoreThanOnce(caseIds) is var repeated and > 0)
        {
            Console.WriteLine($"  {repeated} reminder(s) were handed to the mail port more than once (a retried send; the key lets the mail service send it once)");
        }
        return new Measurement("reminders due together: clock moved past them until all are handed to the mail port, in process", "reminders", 1,
            caseIds.Count, TimeSpan.FromMilliseconds(latencies.Max()), latencies);
    }

    private static DateTimeOffset NoonOnTheNextDayOff(WorkingCalendar calendar, DateTimeOffset now)
    {
        var day = calendar.LocalDate(now).AddDays(1);
        while (calendar.IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }
        return calendar.StartOfDay(day).AddHours(12);
    }

    private static CaseInput.Command HateReport(int n)
    {
        var victim = new Complainant(Anonymous: false, IsVictim: true, Name: $"Resident {n}", Email: $"resident-{n}@example.org",
            Phone: null, PostalAddress: null, PreferredContact: ContactMethod.Email, SafeTimesToContact: null, Language: null,
            InterpreterNeeded: false, AccessibilityNeeds: ValueList<string>.Empty, ConsentToShareWithPartners: true);
        var incident = new IncidentReport(OccurredAt: null, Location: "Stairwell", Description: "Racist abuse shouted at me by a neighbour.",
            PeopleInvolved: null, Witnesses: null, ImpactOnYou: null, Injuries: false, PoliceInvolved: false, CrimeReference: null,
            HatePerceived: true, HateStrands: ValueList.Of("race"), ViolenceOrThreats: false, VictimVulnerable: false,
            IncidentsInLastMonth: 1, PartyKey: $"party-{n}");
        return new CaseInput.Command($"report-{n}", "intake", new CaseCommand.ReportCase(
            $"HC-2026-{n + 1:D6}", ReportChannel.WebForm, victim, incident, IncidentId: $"incident-{n}", ReporterKey: $"reporter-{n}",
            PriorReportsByReporter: ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: false));
    }

    private static async Task ForEach(List<string> caseIds, Func<string, int, Task> work)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, RaisedAtOnce).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < caseIds.Count; i = Interlocked.Increment(ref next))
            {
                await work(caseIds[i], i);
            }
        })));
    }

    // Polls until the count reaches the target, saying how far it got every half minute; gives up
    // when it has not moved for ten minutes (every clock move is queued before the first timer
    // turn, so the first reminders can take minutes), saying how a case still waiting stands.
    private static async Task Until(Func<Task<int>> count, string what, TimeSpan pollEvery, DurableTaskClient client, List<string> caseIds)
    {
        var stalledAfter = TimeSpan.FromMinutes(10);
        var waited = Stopwatch.StartNew();
        var (last, lastMoved, lastSaid) = (-1, TimeSpan.Zero, TimeSpan.Zero);
        for (var done = await count(); done < caseIds.Count; done = await count())
        {
            if (done != last)
            {
                (last, lastMoved) = (done, waited.Elapsed);
            }
            if (waited.Elapsed - lastSaid >= TimeSpan.FromSeconds(30))
            {
                lastSaid = waited.Elapsed;
                Console.WriteLine($"    {done} of {caseIds.Count} {what} after {waited.Elapsed.TotalSeconds:0} s");
            }
            if (waited.Elapsed - lastMoved > stalledAfter)
            {
                var instance = await client.GetInstanceAsync(caseIds[^1]);
                throw new TimeoutException($"Stuck at {done} of {caseIds.Count} {what} for {stalledAfter.TotalMinutes:0} minutes; " +
                    $"the last case's orchestration is {instance?.RuntimeStatus.ToString() ?? "missing"}.");
            }
            await Task.Delay(pollEvery);
        }
    }

    // The mail port: takes every message, noting when each case's first deadline reminder came.
    private sealed class CountingSender : ICaseMessageSender
    {
        private readonly ConcurrentDictionary<string, long> firstReminded = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> timesHanded = new(StringComparer.Ordinal);

        public Task<MessageDelivery> Send(CaseMessage message, CancellationToken cancellationToken)
        {
            if (message.Message.Template == MessageTemplate.DeadlineReminder)
            {
                firstReminded.TryAdd(message.CaseId, Stopwatch.GetTimestamp());
                timesHanded.AddOrUpdate(message.Key, 1, (_, times) => times + 1);
            }
            return Task.FromResult(MessageDelivery.Sent);
        }

        public bool WasReminded(string caseId) => firstReminded.ContainsKey(caseId);

        public long? FirstRemindedAt(string caseId) => firstReminded.TryGetValue(caseId, out var at) ? at : null;

        public int RemindersHandedMoreThanOnce(IEnumerable<string> caseIds)
        {
            var mine = caseIds.ToHashSet(StringComparer.Ordinal);
            return timesHanded.Count(pair => pair.Value > 1 && mine.Contains(pair.Key[..pair.Key.IndexOf('.', StringComparison.Ordinal)]));
        }
    }
}
