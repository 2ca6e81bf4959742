using System.Diagnostics;
using Azure;
using Azure.Data.Tables;

// The storage baseline: Azurite's raw rate of the write a case turn is made of, an entity-group
// transaction replacing a case row under its ETag and inserting two chronology rows, about 1 KiB
// each, straight through Azure.Data.Tables. Every writer has partitions of its own, so there are no
// conflicts: this is the store's ceiling on this machine, not the app's.
internal static class TableBatchBenchmark
{
    private const int PartitionsPerWriter = 16;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    private static readonly string Payload = "{\"note\":\"" + new string('x', 1000) + "\"}";

    public static async Task<Measurement> Run(string azuriteConnectionString, int writers, TimeSpan duration)
    {
        Console.WriteLine($"  raw 3-row table transactions, {writers} writer(s), {duration.TotalSeconds:0} s ...");
        var table = new TableClient(azuriteConnectionString, "benchbatches");
        await table.CreateIfNotExistsAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var workers = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Writer.Create(table, $"{run}-w{w}")));

        await RunFor(workers, WarmUp, record: false);
        var elapsed = Stopwatch.StartNew();
        var latencies = await RunFor(workers, duration, record: true);
        elapsed.Stop();
        return new Measurement("3-row table transaction (replace under ETag + 2 inserts, ~1 KiB each), raw Azurite", "transactions",
            writers, latencies.Count, elapsed.Elapsed, latencies);
    }

    private static async Task<List<double>> RunFor(Writer[] workers, TimeSpan duration, bool record)
    {
        var clock = Stopwatch.StartNew();
        var perWriter = await Task.WhenAll(workers.Select(w => Task.Run(() => w.CommitUntil(clock, duration, record))));
        return perWriter.SelectMany(l => l).ToList();
    }

    private sealed class Writer(TableClient table, string[] partitions, ETag[] etags)
    {
        private long step;

        public static async Task<Writer> Create(TableClient table, string name)
        {
            var partitions = Enumerable.Range(0, PartitionsPerWriter).Select(p => $"case-{name}-{p:D2}").ToArray();
            var etags = new ETag[partitions.Length];
            for (var p = 0; p < partitions.Length; p++)
            {
                var created = await table.AddEntityAsync(Row(partitions[p], "case"));
                etags[p] = created.Headers.ETag ?? throw new InvalidOperationException("Azurite returned no ETag.");
            }
            return new Writer(table, partitions, etags);
        }

        public async Task<List<double>> CommitUntil(Stopwatch clock, TimeSpan duration, bool record)
        {
            var latencies = new List<double>();
            while (clock.Elapsed < duration)
            {
                var n = step++;
                var p = (int)(n % partitions.Length);
                TableTransactionAction[] actions =
                [
                    new(TableTransactionActionType.UpdateReplace, Row(partitions[p], "case"), etags[p]),
                    new(TableTransactionActionType.Add, Row(partitions[p], $"entry|{n:D10}-a")),
                    new(TableTransactionActionType.Add, Row(partitions[p], $"entry|{n:D10}-b")),
                ];
                var started = Stopwatch.GetTimestamp();
                var response = await table.SubmitTransactionAsync(actions);
                var took = Stopwatch.GetElapsedTime(started);
                etags[p] = response.Value[0].Headers.ETag ?? throw new InvalidOperationException("Azurite returned no ETag.");
                if (record)
                {
                    latencies.Add(took.TotalMilliseconds);
                }
            }
            return latencies;
        }

        private static TableEntity Row(string partition, string row) => new(partition, row) { ["Data"] = Payload };
    }
}
