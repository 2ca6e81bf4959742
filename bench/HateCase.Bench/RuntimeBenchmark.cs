using System.Diagnostics;
using HateCase.Azure.Storage;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Ports;
using HateCase.Testing;
using Microsoft.Extensions.Logging.Abstractions;

// The case runtime over the same Azurite: commands handled end to end (load, decide, index,
// commit), and the timer sweep with many timers armed and some due.
internal static class RuntimeBenchmark
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private sealed record Setup(CaseRuntime Runtime, CaseWork Work, ManualClock Clock);

    private static Task<Setup> Create(AzureStorage storage) => Create(storage.Tables, storage.Blobs);

    private static async Task<Setup> Create(ITableStore tables, IBlobStore blobs)
    {
        var clock = new ManualClock(Start);
        var options = new RuntimeOptions { TablePrefix = "b" + Guid.NewGuid().ToString("N")[..8], SweepBatch = 500 };
        var runtime = new CaseRuntime(tables, blobs, CasePolicy.For(ProfileLoader.BuiltIn("default")), clock, options, NullLogger<CaseRuntime>.Instance);
        await runtime.EnsureStorage(CancellationToken.None);
        var work = new CaseWork(runtime, tables, new DiscardingSender(), clock, new RuntimeHealth(), NullLogger<CaseWork>.Instance);
        return new Setup(runtime, work, clock);
    }

    // The same commands over the in-memory store: what the runtime itself costs, storage aside.
    public static async Task<Measurement> CommandsInMemory(int writers, TimeSpan duration)
    {
        var setup = await Create(new HateCase.Runtime.InMemory.InMemoryTableStore(), new HateCase.Runtime.InMemory.InMemoryBlobStore());
        var result = await Drive(setup, writers, duration);
        return result with { Name = "runtime command, in-memory store (runtime's own cost)" };
    }

    public static async Task<Func<TimeSpan, Task<List<double>>>> Session(AzureStorage storage, int writers)
    {
        var setup = await Create(storage);
        var cases = await ReportCases(setup.Runtime, writers * 16, writers);
        var perWriter = cases.Chunk(16).ToArray();
        var counters = new int[writers];
        return async slice =>
        {
            var stopwatch = Stopwatch.StartNew();
            var results = await Task.WhenAll(perWriter.Select((mine, w) => Task.Run(async () =>
            {
                var local = new List<double>();
                while (stopwatch.Elapsed < slice)
                {
                    var n = counters[w]++;
                    var started = Stopwatch.GetTimestamp();
                    await setup.Runtime.Handle(mine[n % mine.Length], CommandFor(w, n), new CommandContext($"cmd-{w}-{n}", "officer-1"), CancellationToken.None);
                    local.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                return local;
            })));
            return results.SelectMany(l => l).ToList();
        };
    }

    private static CaseCommand CommandFor(int writer, int n) => n % 2 == 0
        ? new CaseCommand.LogIncident($"incident-{writer}-{n}", Start, "Shouting in the stairwell again.", false, "reporter-1", "party-1")
        : new CaseCommand.RecordContact($"contact-{writer}-{n}", ContactMethod.Phone);

    private static async Task<Measurement> Drive(Setup setup, int writers, TimeSpan duration)
    {
        var cases = await ReportCases(setup.Runtime, writers * 16, writers);
        var perWriter = cases.Chunk(16).ToArray();
        var latencies = new List<double>();
        var stopwatch = Stopwatch.StartNew();
        var results = await Task.WhenAll(perWriter.Select((mine, w) => Task.Run(async () =>
        {
            var local = new List<double>();
            for (var n = 0; stopwatch.Elapsed < duration; n++)
            {
                var caseId = mine[n % mine.Length];
                var started = Stopwatch.GetTimestamp();
                await setup.Runtime.Handle(caseId, CommandFor(w, n), new CommandContext($"cmd-{w}-{n}", "officer-1"), CancellationToken.None);
                local.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return local;
        })));
        stopwatch.Stop();
        latencies.AddRange(results.SelectMany(l => l));
        return new Measurement("runtime command (log incident / record contact)", "commands", writers, latencies.Count, stopwatch.Elapsed, latencies);
    }

    // Reports cases until `due` timers have fallen due a day later, arms future timers up to
    // `armed` in all, then times the sweep that fires the due ones.
    public static async Task<Measurement> TimerSweep(AzureStorage storage, int armed, int due)
    {
        var setup = await Create(storage);
        var perCase = CaseTimers.Due(await OneCaseState(setup)).Count(t => t.DueAt <= Start.AddDays(1).AddHours(1));
        var caseCount = (int)Math.Ceiling(due / (double)Math.Max(1, perCase));
        Console.WriteLine($"  arming: {caseCount} cases with {perCase} timers each due within a day, then future timers to {armed} armed ...");
        await ReportCases(setup.Runtime, caseCount, 8);
        var future = Math.Max(0, armed - caseCount * CaseTimers.Due(await OneCaseState(setup)).Count);
        await ArmFutureTimers(storage.Tables, setup.Runtime.Options.TimerIndexTable, future);

        setup.Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromHours(1)));
        var fired = 0L;
        var stopwatch = Stopwatch.StartNew();
        var latencies = new List<double>();
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var sweep = await setup.Work.FireDueTimers(CancellationToken.None);
            if (sweep.Claimed == 0)
            {
                break;
            }
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds / Math.Max(1, sweep.Fired));
            fired += sweep.Fired;
        }
        stopwatch.Stop();
        return new Measurement($"timer sweep, {armed:N0} armed, {caseCount * perCase:N0} due", "timers", setup.Runtime.Options.SweepParallelism, fired, stopwatch.Elapsed, latencies);
    }

    private static async Task<CaseState> OneCaseState(Setup setup)
    {
        var caseId = "probe-" + Guid.NewGuid().ToString("N")[..8];
        await setup.Runtime.Handle(caseId, Report(), new CommandContext("probe", "bench"), CancellationToken.None);
        return (await setup.Runtime.Get(caseId, CancellationToken.None))!.State;
    }

    private static async Task<string[]> ReportCases(CaseRuntime runtime, int count, int writers)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"case-{Guid.NewGuid():N}").ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (id, ct) =>
            await runtime.Handle(id, Report(), new CommandContext($"report-{id}", "bench"), ct));
        return ids;
    }

    private static async Task ArmFutureTimers(ITableStore tables, string table, int count)
    {
        var index = new DueIndex(tables, table);
        var entries = Enumerable.Range(0, count)
            .Select(i => ($"future-{i / 4}", $"timer-{i % 4}@0", Start.AddDays(30).AddMinutes(i % 20_000)));
        await Parallel.ForEachAsync(entries.Chunk(2_000), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (chunk, ct) => await index.Add(chunk, ct));
    }

    private static CaseCommand.ReportCase Report() => new("HC-2026-000001", ReportChannel.WebForm,
        new Complainant(false, true, null, "victim@example.org", null, null, ContactMethod.Email, null, null, false, ValueList<string>.Empty, true),
        new IncidentReport(null, null, "Racist abuse shouted in the stairwell.", null, null, null, false, false, null, true,
            ValueList.Of("race"), false, false, 1, "party-1"),
        "incident-1", "reporter-1", ValueList<DateTimeOffset>.Empty, false);

    private sealed class DiscardingSender : IMessageSender
    {
        public Task<SendOutcome> Send(OutboxItem item, CancellationToken cancellationToken) => Task.FromResult<SendOutcome>(new SendOutcome.Sent());
    }
}
