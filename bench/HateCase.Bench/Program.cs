using System.Globalization;
using HateCase.Testing;

// Figures print the same wherever the benchmark runs.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var options = BenchOptions.Read(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

Console.WriteLine("Starting Azurite (in memory) ...");
await using var azurite = await AzuriteInstance.Start();
var storageTime = TimeSpan.FromSeconds(options.Seconds);
var intakeTime = TimeSpan.FromSeconds(options.IntakeSeconds);

// Each measurement runs in turn against the same Azurite, the storage baseline first; 0 skips one.
var measurements = new List<Func<Task<Measurement>>>();
if (options.Seconds > 0)
{
    measurements.Add(() => TableBatchBenchmark.Run(azurite.ConnectionString, writers: 8, storageTime));
}
if (options.IntakeSeconds > 0)
{
    measurements.Add(() => IntakeBenchmark.Reports(azurite.ConnectionString, clients: 8, intakeTime));
    measurements.Add(() => IntakeBenchmark.Ping(azurite.ConnectionString, clients: 8, intakeTime));
}
if (options.Commands > 0)
{
    measurements.Add(() => OfficerCommandBenchmark.Run(azurite.ConnectionString, officers: 4, options.Commands));
}
if (options.Cases > 0)
{
    measurements.Add(() => DueReminderBenchmark.Run(azurite, options.Cases));
}
if (options.MeasuresCases > 0)
{
    measurements.Add(() => MeasuresBenchmark.Run(azurite.ConnectionString, options.MeasuresCases));
}

// A measurement that fails is reported and the others still run, so one run always prints a table.
var results = new List<Measurement>();
var failed = 0;
foreach (var measure in measurements)
{
    try
    {
        var result = await measure();
        Console.WriteLine($"  done: {result.Name}: {result.Operations} {result.Unit} in {result.Elapsed.TotalSeconds:0.0} s, " +
            $"{result.PerSecond:0.0}/s, p50 / p95 / p99 {result.Percentile(0.5):0.0} / {result.Percentile(0.95):0.0} / {result.Percentile(0.99):0.0} ms");
        results.Add(result);
    }
    catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
    {
        failed++;
        Console.WriteLine($"  FAILED: {e.Message}");
    }
}

Console.WriteLine();
Console.WriteLine($"One run against one Azurite, {Environment.ProcessorCount} cores:");
Measurement.PrintTable(results, Console.Out);
Console.WriteLine();
var batches = results.SingleOrDefault(r => r.Unit == "transactions");
var reports = results.SingleOrDefault(r => r.Unit == "reports");
var pings = results.SingleOrDefault(r => r.Unit == "pings");
var commands = results.SingleOrDefault(r => r.Unit == "commands");
var reminders = results.SingleOrDefault(r => r.Unit == "reminders");
if (reports is not null && pings is not null)
{
    Print($"Intake p99 {reports.Percentile(0.99):0} ms (aim: under 100 ms): {Verdict(reports.Percentile(0.99) < 100)}; " +
        $"{reports.PerSecond:0.0} reports/s, {reports.PerSecond / pings.PerSecond:P2} of the empty endpoint's requests/s; " +
        $"p50 / p99 against the empty endpoint's: {reports.Percentile(0.5) / pings.Percentile(0.5):0.0}x / {reports.Percentile(0.99) / pings.Percentile(0.99):0.0}x");
}
if (commands is not null && batches is not null)
{
    Print($"Officer command to visible p95 {commands.Percentile(0.95) / 1000:0.00} s (aim: under 1.5 s): {Verdict(commands.Percentile(0.95) < 1500)}; " +
        $"p50 {commands.Percentile(0.5) / 1000:0.00} s, {commands.Percentile(0.5) / batches.Percentile(0.5):0}x the raw 3-row transaction's p50");
}
if (reminders is not null && batches is not null)
{
    Print($"{reminders.Operations:N0} reminders due together, all handed to the mail port in {reminders.Elapsed.TotalSeconds:0.0} s " +
        $"(aim: under 20 s): {Verdict(reminders.Elapsed.TotalSeconds < 20)}; {reminders.PerSecond:0.0} cases/s, " +
        $"against {batches.PerSecond:0.0} raw 3-row transactions/s ({batches.PerSecond / reminders.PerSecond:0.0}x)");
}
return failed == 0 ? 0 : 1;

static string Verdict(bool met) => met ? "met" : "MISSED";

static void Print(string line) => Console.WriteLine(line);

internal sealed record BenchOptions(int Seconds, int IntakeSeconds, int Commands, int Cases, int MeasuresCases)
{
    public const string Usage =
        "usage: HateCase.Bench [--seconds N] [--intake-seconds M] [--commands C] [--cases K] [--measures-cases N]   (0 skips that measurement)\n" +
        "  --seconds         measured time of the raw table-batch baseline (default 10)\n" +
        "  --intake-seconds  measured time of POST /api/reports and of POST /api/ping, each (default 30)\n" +
        "  --commands        officer commands timed until the case shows them (default 100)\n" +
        "  --cases           cases whose first reminders fall due together (default 1000)\n" +
        "  --measures-cases  cases in the projection whose reporting year's measures are counted (default 100000)";

    public static BenchOptions? Read(string[] args)
    {
        var values = new Dictionary<string, int> { ["--seconds"] = 10, ["--intake-seconds"] = 30, ["--commands"] = 100, ["--cases"] = 1000, ["--measures-cases"] = 100_000 };
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !values.ContainsKey(args[i]) ||
                !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }
            values[args[i]] = value;
        }
        return new BenchOptions(values["--seconds"], values["--intake-seconds"], values["--commands"], values["--cases"], values["--measures-cases"]);
    }
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
        if (results.Count == 0)
        {
            return;
        }
        var nameWidth = Math.Max("measurement".Length, results.Max(r => r.Name.Length));
        var unitWidth = Math.Max("unit".Length, results.Max(r => r.Unit.Length));
        var header = $"{"measurement".PadRight(nameWidth)}  {"at once",7}  {"unit".PadRight(unitWidth)}  {"count",8}  {"seconds",7}  {"per s",8}  {"p50 ms",8}  {"p95 ms",8}  {"p99 ms",8}";
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name.PadRight(nameWidth)}  {r.Writers,7}  {r.Unit.PadRight(unitWidth)}  {r.Operations,8}  {r.Elapsed.TotalSeconds,7:0.0}  {r.PerSecond,8:0.0}  {r.Percentile(0.50),8:0.0}  {r.Percentile(0.95),8:0.0}  {r.Percentile(0.99),8:0.0}"));
        }
    }
}
