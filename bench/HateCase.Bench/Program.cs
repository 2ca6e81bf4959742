using System.Diagnostics;
using System.Globalization;
using HateCase.Azure.Storage;
using HateCase.Runtime.Ports;
using HateCase.Testing;

var options = ReadOptions(args);
if (options is null)
{
    Console.Error.WriteLine("usage: HateCase.Bench [--seconds N] [--intake-seconds M]   (N, M > 0; measured time per measurement: N default 10, M for the app's HTTP intake, default 60)");
    return 2;
}

var (seconds, intakeSeconds) = options.Value;
var duration = TimeSpan.FromSeconds(seconds);
Console.WriteLine("Starting Azurite (in memory) ...");
await using var azurite = await AzuriteInstance.Start();
var storage = AzureStorage.FromConnectionString(azurite.ConnectionString);

// Each measurement runs in turn against the same Azurite; add new ones to this list.
var measurements = new List<Func<Task<Measurement>>>
{
    () => CommitBenchmark.Run(storage.Tables, writers: 1, duration),
    () => IntakeBenchmark.Reports(azurite.ConnectionString, clients: 8, TimeSpan.FromSeconds(intakeSeconds)),
    () => IntakeBenchmark.Ping(azurite.ConnectionString, clients: 8, TimeSpan.FromSeconds(intakeSeconds)),
};

var results = new List<Measurement>();

foreach (var measure in measurements)
{
    var result = await measure();
    Console.WriteLine($"  done: {result.Name}, {result.Writers} writer(s)");
    results.Add(result);
}

Console.WriteLine();
Console.WriteLine($"Azurite through the storage adapter, {Environment.ProcessorCount} cores, {seconds} s per measurement:");
Measurement.PrintTable(results, Console.Out);
var reports = results.Single(r => r.Unit == "reports");
var pings = results.Single(r => r.Unit == "pings");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Reports per second over HTTP as a share of the app's empty endpoint (8 clients each): {reports.PerSecond / pings.PerSecond:P1}; p50 / p99 latency against the empty endpoint's: {reports.Percentile(0.5) / pings.Percentile(0.5):0.00}x / {reports.Percentile(0.99) / pings.Percentile(0.99):0.00}x"));
return 0;

static (int Seconds, int IntakeSeconds)? ReadOptions(string[] args)
{
    var values = new Dictionary<string, int> { ["--seconds"] = 10, ["--intake-seconds"] = 60 };
    for (var i = 0; i < args.Length; i += 2)
    {
        if (i + 1 >= args.Length || !values.ContainsKey(args[i]) ||
            !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return null;
        }

        values[args[i]] = value;
    }

    return (values["--seconds"], values["--intake-seconds"]);
}

// One row of the printed table: how many operations (of the named unit) ran in how long, and their latencies.
internal sealed record Measurement(string Name, string Unit, int Writers, long Operations, TimeSpan Elapsed, IReadOnlyList<double> LatenciesMs)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    public double Percentile(double fraction)
    {
        if (LatenciesMs.Count == 0)
        {
            return double.NaN;
        }

        var sorted = LatenciesMs.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static void PrintTable(IReadOnlyList<Measurement> results, TextWriter output)
    {
        var nameWidth = Math.Max("measurement".Length, results.Max(r => r.Name.Length));
        var unitWidth = Math.Max("unit".Length, results.Max(r => r.Unit.Length));
        var header = $"{"measurement".PadRight(nameWidth)}  {"writers",7}  {"unit".PadRight(unitWidth)}  {"count",8}  {"seconds",7}  {"per s",8}  {"p50 ms",7}  {"p99 ms",7}";
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name.PadRight(nameWidth)}  {r.Writers,7}  {r.Unit.PadRight(unitWidth)}  {r.Operations,8}  {r.Elapsed.TotalSeconds,7:0.0}  {r.PerSecond,8:0.0}  {r.Percentile(0.50),7:0.00}  {r.Percentile(0.99),7:0.00}"));
        }
    }
}

// The raw cost of one case step: an entity-group transaction replacing the case's state row under
// its ETag and inserting two event rows, about 1 KiB each. Every writer has partitions of its own,
// so there are no conflicts: this is the store's ceiling, not the runtime's.
internal static class CommitBenchmark
{
    private const string Table = "benchcommits";
    private const int PartitionsPerWriter = 16;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    private static readonly string Payload = "{\"note\":\"" + new string('x', 1000) + "\"}";

    public static async Task<Measurement> Run(ITableStore store, int writers, TimeSpan duration)
    {
        await store.EnsureTable(Table, CancellationToken.None);
        var run = Guid.NewGuid().ToString("N")[..8];
        var workers = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Writer.Create(store, $"{run}-w{w}")));

        await RunFor(workers, WarmUp, record: false);
        var elapsed = Stopwatch.StartNew();
        var latencies = await RunFor(workers, duration, record: true);
        elapsed.Stop();

        return new Measurement("3-row commit: state replace (ETag) + 2 inserts, ~1 KiB each", "commits", writers, latencies.Count, elapsed.Elapsed, latencies);
    }

    // Writers set up once, run a slice at a time: for measuring beside another workload in turns.
    public static async Task<Func<TimeSpan, Task<List<double>>>> Session(ITableStore store, int writers)
    {
        await store.EnsureTable(Table, CancellationToken.None);
        var run = Guid.NewGuid().ToString("N")[..8];
        var workers = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Writer.Create(store, $"{run}-s{w}")));
        await RunFor(workers, WarmUp, record: false);
        return slice => RunFor(workers, slice, record: true);
    }

    private static async Task<List<double>> RunFor(Writer[] workers, TimeSpan duration, bool record)
    {
        var until = Stopwatch.StartNew();
        var perWriter = await Task.WhenAll(workers.Select(w => Task.Run(() => w.CommitUntil(until, duration, record))));
        return perWriter.SelectMany(l => l).ToList();
    }

    private sealed class Writer(ITableStore store, string[] partitions, string[] etags)
    {
        private long step;

        public static async Task<Writer> Create(ITableStore store, string name)
        {
            var partitions = Enumerable.Range(0, PartitionsPerWriter).Select(p => $"case-{name}-{p:D2}").ToArray();
            var etags = new string[partitions.Length];
            for (var p = 0; p < partitions.Length; p++)
            {
                var created = await store.Commit(Table,
                    [new RowWrite(RowOperation.Insert, new TableRow(partitions[p], "state", Payload))], CancellationToken.None);
                etags[p] = created[0]!;
            }

            return new Writer(store, partitions, etags);
        }

        public async Task<List<double>> CommitUntil(Stopwatch clock, TimeSpan duration, bool record)
        {
            var latencies = new List<double>();
            while (clock.Elapsed < duration)
            {
                var n = step++;
                var p = (int)(n % partitions.Length);
                var writes = new[]
                {
                    new RowWrite(RowOperation.Replace, new TableRow(partitions[p], "state", Payload, etags[p])),
                    new RowWrite(RowOperation.Insert, new TableRow(partitions[p], $"event-{n:D10}-a", Payload)),
                    new RowWrite(RowOperation.Insert, new TableRow(partitions[p], $"event-{n:D10}-b", Payload)),
                };
                var started = Stopwatch.GetTimestamp();
                var written = await store.Commit(Table, writes, CancellationToken.None);
                var took = Stopwatch.GetElapsedTime(started);
                etags[p] = written[0]!;
                if (record)
                {
                    latencies.Add(took.TotalMilliseconds);
                }
            }

            return latencies;
        }
    }
}

internal static class Interleaved
{
    public static async Task<Measurement[]> Compare(
        Func<TimeSpan, Task<List<double>>> baseline, string baselineName, string baselineUnit,
        Func<TimeSpan, Task<List<double>>> subject, string subjectName, string subjectUnit,
        int writers, TimeSpan duration)
    {
        var slice = TimeSpan.FromSeconds(1);
        var baselineLatencies = new List<double>();
        var subjectLatencies = new List<double>();
        var baselineTime = TimeSpan.Zero;
        var subjectTime = TimeSpan.Zero;
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += slice)
        {
            var started = Stopwatch.GetTimestamp();
            baselineLatencies.AddRange(await baseline(slice));
            baselineTime += Stopwatch.GetElapsedTime(started);
            started = Stopwatch.GetTimestamp();
            subjectLatencies.AddRange(await subject(slice));
            subjectTime += Stopwatch.GetElapsedTime(started);
        }
        return
        [
            new Measurement(baselineName, baselineUnit, writers, baselineLatencies.Count, baselineTime, baselineLatencies),
            new Measurement(subjectName, subjectUnit, writers, subjectLatencies.Count, subjectTime, subjectLatencies),
        ];
    }
}
