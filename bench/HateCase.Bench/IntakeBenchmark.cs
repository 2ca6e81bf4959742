using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

// The real app, as its own process over loopback HTTP: sustained POST /api/reports (valid, varied
// reports; each starts its case's orchestration, or is raised to the open case it joins, and is
// answered 202 once the case has recorded it, or when the app's wait for that runs out), against
// the app's empty POST /api/ping as the baseline for what HTTP and the host cost on their own.
// Each measurement starts an app process of its own (the same Release build, settings and
// Azurite), warms it up, then measures.
internal static class IntakeBenchmark
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static Task<Measurement> Reports(string azuriteConnectionString, int clients, TimeSpan duration) =>
        Measure("POST /api/reports: valid varied reports, real app process", "reports", HttpStatusCode.Accepted,
            azuriteConnectionString, clients, duration, ReportBodies());

    public static Task<Measurement> Ping(string azuriteConnectionString, int clients, TimeSpan duration) =>
        Measure("POST /api/ping: empty endpoint of the same app", "pings", HttpStatusCode.NoContent,
            azuriteConnectionString, clients, duration, null);

    private static async Task<Measurement> Measure(string name, string unit, HttpStatusCode expected,
        string azuriteConnectionString, int clients, TimeSpan duration, string[]? bodies)
    {
        var path = bodies is null ? "/api/ping" : "/api/reports";
        await using var app = await BenchApp.Start(azuriteConnectionString);
        Console.WriteLine($"  app process {app.ProcessId} at {app.BaseAddress}: {unit}, {clients} client(s), {duration.TotalSeconds:0} s ...");
        var workers = Enumerable.Range(0, clients).Select(c => new Client(app.BaseAddress, path, bodies, expected, offset: c * 7919)).ToList();
        try
        {
            await RunFor(workers, WarmUp(duration), record: false);
            var elapsed = Stopwatch.StartNew();
            var latencies = await RunFor(workers, duration, record: true);
            elapsed.Stop();
            var failures = workers.Sum(w => w.Failures);
            if (failures > 0)
            {
                Console.WriteLine($"  {failures} request(s) did not get {(int)expected}; first: {workers.Select(w => w.FirstFailure).FirstOrDefault(f => f is not null)}");
            }
            return new Measurement(name, unit, clients, latencies.Count, elapsed.Elapsed, latencies);
        }
        catch
        {
            Console.Error.WriteLine(app.Output());
            throw;
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    private static TimeSpan WarmUp(TimeSpan duration) => TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 5, 2, 10));

    private static async Task<List<double>> RunFor(List<Client> workers, TimeSpan duration, bool record)
    {
        var until = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(workers.Select(w => Task.Run(() => w.SendUntil(until, duration, record))));
        return perClient.SelectMany(l => l).ToList();
    }

    // Stands for a value unique to each request, so that a body sent again is another person's
    // report about another household.
    private const string UniqueToken = "UNIQUE-TOKEN";

    // Reports as people send them: hate and ASB, named and anonymous, by email or phone, some
    // about the same few addresses (so some join an open case), with texts of varied length.
    private static string[] ReportBodies()
    {
        var random = new Random(20260302);
        string[] strands = ["race", "religion", "sexual-orientation", "disability", "transgender"];
        string[] what =
        [
            "Shouting and swearing in the communal hallway late at night.",
            "Someone keeps leaving rubbish bags outside my door.",
            "My neighbour's visitors called me racist names in the car park.",
            "Graffiti about my religion was painted on the fence.",
            "Loud music and parties every weekend until the early hours.",
            "A group of teenagers threw stones at my window and laughed about my wheelchair.",
        ];
        var bodies = new string[1_000];
        for (var i = 0; i < bodies.Length; i++)
        {
            var hate = random.Next(3) == 0;
            var anonymous = random.Next(10) == 0;
            var report = new Dictionary<string, object?>
            {
                ["description"] = what[random.Next(what.Length)] + " " + new string('.', random.Next(0, 600)),
                ["location"] = $"Block {(char)('A' + random.Next(8))}, floor {random.Next(1, 12)}",
                ["hatePerceived"] = hate,
                ["hateStrands"] = hate ? new[] { strands[random.Next(strands.Length)] } : null,
                ["violenceOrThreats"] = random.Next(4) == 0,
                ["incidentsInLastMonth"] = random.Next(0, 12),
                // One in twenty about one of a few hundred households already reported, so it joins the open case.
                ["aboutAddress"] = random.Next(20) == 0 ? $"{random.Next(1, 300)} Shared Court, Benchtown" : $"{UniqueToken} Street, Benchtown",
            };
            if (anonymous)
            {
                report["anonymous"] = true;
            }
            else if (random.Next(2) == 0)
            {
                report["name"] = $"Reporter {i}";
                report["email"] = $"reporter-{UniqueToken}@example.org";
            }
            else
            {
                report["phone"] = $"01632 {random.Next(960000, 960999)}";
            }
            bodies[i] = JsonSerializer.Serialize(report, Web);
        }
        return bodies;
    }

    private sealed class Client(Uri baseAddress, string path, string[]? bodies, HttpStatusCode expected, int offset) : IDisposable
    {
        private readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        private readonly string prefix = Guid.NewGuid().ToString("N")[..12];
        private long sent = offset;

        public long Failures { get; private set; }

        public string? FirstFailure { get; private set; }

        public async Task<List<double>> SendUntil(Stopwatch clock, TimeSpan duration, bool record)
        {
            var latencies = new List<double>();
            while (clock.Elapsed < duration)
            {
                using var content = bodies is null
                    ? new StringContent("", Encoding.UTF8, "application/json")
                    : new StringContent(bodies[sent % bodies.Length].Replace(UniqueToken, $"{prefix}-{sent}", StringComparison.Ordinal), Encoding.UTF8, "application/json");
                sent++;
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(path, content);
                var took = Stopwatch.GetElapsedTime(started);
                if (response.StatusCode != expected)
                {
                    Failures++;
                    FirstFailure ??= $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                    continue;
                }
                if (record)
                {
                    latencies.Add(took.TotalMilliseconds);
                }
            }
            return latencies;
        }

        public void Dispose() => http.Dispose();
    }
}
