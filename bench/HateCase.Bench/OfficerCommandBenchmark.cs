using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

// An officer's command until the officer can see it: a team leader assigns a case (POST
// /api/cases/{id}/assignment, raised to the case's orchestration and answered once recorded, or
// with 202 when the app's wait runs out), then reads the case (GET /api/cases/{id}) until it shows
// the officer at a newer version. Timed from sending the command to the read that shows it, for
// cases reported through the API beforehand, several team leaders at once, in the real app process.
internal static class OfficerCommandBenchmark
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan VisibleWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<Measurement> Run(string azuriteConnectionString, int officers, int commands)
    {
        await using var app = await BenchApp.Start(azuriteConnectionString);
        var warmUp = Math.Clamp(commands / 10, officers, 20);
        Console.WriteLine($"  app process {app.ProcessId} at {app.BaseAddress}: reporting {commands + warmUp} cases, then assigning each, {officers} team leader(s) at once ...");
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            var cases = await ForEach(Enumerable.Range(0, commands + warmUp).ToList(), officers, n => Report(http, n));
            await ForEach(cases.Take(warmUp).ToList(), officers, c => AssignAndSee(http, c));
            var elapsed = Stopwatch.StartNew();
            var timed = await ForEach(cases.Skip(warmUp).ToList(), officers, c => AssignAndSee(http, c));
            elapsed.Stop();
            var answeredLater = timed.Count(t => t.Answered == HttpStatusCode.Accepted);
            if (answeredLater > 0)
            {
                Console.WriteLine($"  {answeredLater} of {timed.Count} command(s) were answered 202 (not yet recorded when the app's wait ran out)");
            }
            return new Measurement("officer command until the case shows it (assign, then GET until seen), real app process", "commands",
                officers, timed.Count, elapsed.Elapsed, timed.Select(t => t.Milliseconds).ToList());
        }
        catch
        {
            Console.Error.WriteLine(app.Output());
            throw;
        }
    }

    private sealed record ReportedCase(string CaseId, long Version);

    private sealed record Timed(double Milliseconds, HttpStatusCode Answered);

    // Runs the work for every item, at most `parallel` at a time, keeping the items' order.
    private static async Task<List<TResult>> ForEach<T, TResult>(List<T> items, int parallel, Func<T, Task<TResult>> work)
    {
        var results = new TResult[items.Count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < items.Count; i = Interlocked.Increment(ref next))
            {
                results[i] = await work(items[i]);
            }
        })));
        return results.ToList();
    }

    // A hate report about a household of its own (so it opens a case rather than joining one),
    // once the case can be read.
    private static async Task<ReportedCase> Report(HttpClient http, int n)
    {
        var body = JsonSerializer.Serialize(new
        {
            name = $"Reporter {n}",
            email = $"reporter-{n}@example.org",
            description = "A neighbour shouted racist abuse at me on the stairs.",
            hatePerceived = true,
            hateStrands = new[] { "race" },
            aboutAddress = $"Flat {n}, {Guid.NewGuid():N} Street, Benchtown",
        }, Web);
        using var response = await http.PostAsync("/api/reports", new StringContent(body, Encoding.UTF8, "application/json"));
        await Expect(HttpStatusCode.Accepted, response, "POST /api/reports");
        using var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var caseId = receipt.RootElement.GetProperty("caseId").GetString()!;
        var version = await WaitUntilShown(http, caseId, summary => summary.GetProperty("version").GetInt64() > 0, "the reported case");
        return new ReportedCase(caseId, version);
    }

    private static async Task<Timed> AssignAndSee(HttpClient http, ReportedCase reported)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{reported.CaseId}/assignment")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { officerId = BenchApp.OfficerId }, Web), Encoding.UTF8, "application/json"),
        };
        SignInAsTeamLeader(request);
        using var response = await http.SendAsync(request);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
        {
            await Expect(HttpStatusCode.OK, response, "POST /api/cases/{id}/assignment");
        }
        await WaitUntilShown(http, reported.CaseId, summary =>
            summary.GetProperty("version").GetInt64() > reported.Version &&
            summary.GetProperty("officerId").GetString() == BenchApp.OfficerId, "the assignment");
        return new Timed(Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.StatusCode);
    }

    // Reads the case as its team leader would until its summary shows what is awaited; returns its version.
    private static async Task<long> WaitUntilShown(HttpClient http, string caseId, Func<JsonElement, bool> shows, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}");
            SignInAsTeamLeader(request);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var details = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var summary = details.RootElement.GetProperty("summary");
                if (shows(summary))
                {
                    return summary.GetProperty("version").GetInt64();
                }
            }
            else if (response.StatusCode != HttpStatusCode.NotFound)
            {
                await Expect(HttpStatusCode.OK, response, "GET /api/cases/{id}");
            }
            if (waited.Elapsed > VisibleWithin)
            {
                throw new TimeoutException($"The case did not show {what} within {VisibleWithin.TotalSeconds:0} s.");
            }
            await Task.Delay(PollInterval);
        }
    }

    private static void SignInAsTeamLeader(HttpRequestMessage request)
    {
        request.Headers.Add("X-Dev-User", "bench-team-leader");
        request.Headers.Add("X-Dev-Role", "team-leader");
    }

    private static async Task Expect(HttpStatusCode expected, HttpResponseMessage response, string what)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}, not {(int)expected}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
