using System.Diagnostics;
using System.Globalization;
using HateCase.Azure.Storage;
using HateCase.Runtime.Ports;
using HateCase.Testing;

var seconds = ReadSeconds(args);
if (seconds is null)
{
    Console.Error.WriteLine("usage: HateCase.Bench [--seconds N]   (N > 0, default 10; measured time per measurement)");
    return 2;
}

var duration = TimeSpan.FromSeconds(seconds.Value);
Console.WriteLine("Starting Azurite (in memory) ...");
await using var azurite = await AzuriteInstance.Start();
var storage = AzureStorage.FromConnectionString(azurite.ConnectionString);

// Each measurement runs in turn against the same Azurite; add new ones to this list.
var measurements = new List<Func<Task<Measurement>>>
{
    () => CommitBenchmark.Run(storage.Tables, writers: 1, duration),
    () => CommitBenchmark.Run(storage.Tables, writers: 8, duration),
    () => RuntimeBenchmark.Commands(storage, writers: 8, duration),
    () => RuntimeBenchmark.CommandsInMemory(writers: 8, duration),
    () => RuntimeBenchmark.TimerSweep(storage, armed: 100_000, due: 10_000),
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
var baseline = results.Single(r => r.Unit == "commits" && r.Writers == 8);
var runtime = results.First(r => r.Unit == "commands");
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Runtime commands per second as a share of raw 3-row commits (8 writers each): {runtime.PerSecond / baseline.PerSecond:P0} (aim: at least 50%)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Runtime p50 / p99 latency against the raw commit's: {runtime.Percentile(0.5) / baseline.Percentile(0.5):0.00}x / {runtime.Percentile(0.99) / baseline.Percentile(0.99):0.00}x"));
return 0;

static int? ReadSeconds(string[] args)
{
    if (args.Length == 0)
    {
        return 10;
    }

    return args.Length == 2 && args[0] == "--seconds" &&
           int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : null;
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
