using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HateCase.Domain.Profiles;
using HateCase.Workflow;
using HateCase.Testing;

namespace HateCase.App.Tests.Support;

// The real app in Development, against the Azurite it is given, with tables and a task hub of
// its own (a random table prefix) and staff addresses of its own, so that several apps can share
// one Azurite and one development mailbox. It runs in the test process (Start), served by Kestrel
// on a loopback port; or, for the tests that kill it or need a process of its own (a home folder,
// its exit), as its own process from its build output (StartProcess).
public sealed class TestApp : IAsyncDisposable
{
    public const string Profile = "milton-keynes";
    public const string OfficerId = "officer-1";

    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(90);

    private TestApp(IAppUnderTest host, string runId)
    {
        Host = host;
        RunId = runId;
        Http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
    }

    public IAppUnderTest Host { get; }

    // The app's process, when it runs as one.
    public AppProcessRunner Process => Host as AppProcessRunner
        ?? throw new InvalidOperationException("This app runs in the test process: start it with StartProcess to have a process of its own.");

    public HttpClient Http { get; }

    public string RunId { get; }

    public Uri BaseAddress => Host.BaseAddress;

    public string OfficerAddress => $"officer-1-{RunId}@example.org";

    public string TeamLeaderAddress => $"team-leader-{RunId}@example.org";
    public string PostRoomAddress => $"post-room-{RunId}@example.org";

    public string CaseOfficersAddress => $"case-officers-{RunId}@example.org";

    public static string AppPath =>
        AppProcessRunner.FindBuiltApp(typeof(TestApp).Assembly)
        ?? throw new InvalidOperationException("The app's build output was not found: build this test project (it references the app), then run the tests.");

    // The settings every Development app in these tests runs with, named as environment variables.
    public static Dictionary<string, string> DevelopmentSettings(string azuriteConnectionString, string runId) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["AzureWebJobsStorage"] = azuriteConnectionString,
        ["Storage__TablePrefix"] = "t" + runId,
        ["Standalone__IntervalSeconds"] = "1",
        ["Intake__PermitsPerMinute"] = "1000",
        ["App__PublicBaseUrl"] = "http://127.0.0.1:{port}",
        ["Landlord__Profile"] = Profile,
        [$"Staff__Officers__{OfficerId}"] = $"officer-1-{runId}@example.org",
        ["Staff__Teams__team-leader"] = $"team-leader-{runId}@example.org",
        ["Staff__Teams__case-officers"] = $"case-officers-{runId}@example.org",
        ["Staff__Teams__post-room"] = $"post-room-{runId}@example.org",
    };

    // Staff are emailed only in office hours, so a Development app in these tests starts its clock
    // at 10:00 on a working day: tests that wait for an officer's or a team's email then pass
    // whatever the hour they are run at, with the working day ahead of them.
    public static Task<TestApp> StartDevelopment(string azuriteConnectionString, Action<Dictionary<string, string>>? adjust = null) =>
        StartDevelopment(azuriteConnectionString, adjust, Start);

    public static Task<TestApp> StartDevelopmentProcess(string azuriteConnectionString, Action<Dictionary<string, string>>? adjust = null) =>
        StartDevelopment(azuriteConnectionString, adjust, StartProcess);

    private static async Task<TestApp> StartDevelopment(string azuriteConnectionString, Action<Dictionary<string, string>>? adjust,
        Func<Dictionary<string, string>, string?, Task<TestApp>> start)
    {
        var runId = NewRunId();
        var settings = DevelopmentSettings(azuriteConnectionString, runId);
        adjust?.Invoke(settings);
        var app = await start(settings, runId);
        try
        {
            await app.AdvanceClock(TenInTheMorningOfAWorkingDay(app.ClockNow) - app.ClockNow);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private static DateTimeOffset TenInTheMorningOfAWorkingDay(DateTimeOffset now)
    {
        var calendar = CasePolicy.For(ProfileLoader.BuiltIn(Profile)).Calendar;
        var day = calendar.LocalDate(now);
        while (!calendar.IsWorkingDay(day) || calendar.OpeningOn(day).AddHours(1) <= now)
        {
            day = day.AddDays(1);
        }
        return calendar.OpeningOn(day).AddHours(1);
    }

    // The app in the test process. A start-up failure is thrown as AppDidNotStartException, with
    // what the app threw as its inner exception.
    public static async Task<TestApp> Start(Dictionary<string, string> settings, string? runId = null)
    {
        var host = await LoopbackApp<Program>.Start(Path.GetDirectoryName(AppPath)!, settings);
        return new TestApp(host, runId ?? NewRunId());
    }

    // The app as its own process, from its build output, with the settings as environment variables.
    public static async Task<TestApp> StartProcess(Dictionary<string, string> settings, string? runId = null)
    {
        var runner = await AppProcessRunner.Start(AppPath, settings);
        return new TestApp(runner, runId ?? NewRunId());
    }

    // Starts the app in the test process expecting it to refuse to start: returns the messages of
    // what it threw (naming the settings to put right), or null if it started (it is stopped then).
    public static async Task<string?> StartUpFailure(Dictionary<string, string> settings)
    {
        TestApp started;
        try
        {
            started = await Start(settings);
        }
        catch (AppDidNotStartException e)
        {
            return string.Join(Environment.NewLine, Messages(e.InnerException!));
        }
        await started.DisposeAsync();
        return null;

        static IEnumerable<string> Messages(Exception thrown) => thrown switch
        {
            AggregateException all => all.InnerExceptions.SelectMany(Messages),
            { InnerException: { } inner } => [thrown.Message, .. Messages(inner)],
            _ => [thrown.Message],
        };
    }

    public static string NewRunId() => Guid.NewGuid().ToString("N")[..10];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    public Task<HttpResponseMessage> PostReport(object report, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = Json(report) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return Http.SendAsync(request);
    }

    public async Task<Receipt> Report(object report, string? idempotencyKey = null)
    {
        using var response = await PostReport(report, idempotencyKey);
        await Expect.Status(HttpStatusCode.Accepted, response);
        var receipt = await response.Content.ReadFromJsonAsync<Receipt>(Web) ?? throw new InvalidOperationException("The receipt is empty.");
        Assert.Equal($"/api/cases/{receipt.CaseId}", response.Headers.Location?.OriginalString);
        return receipt;
    }

    // The officer API, signed in with the development sign-in headers.
    public Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, string? user = OfficerId, string? role = "officer",
        string? team = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (team is not null)
        {
            request.Headers.Add("X-Dev-Team", team);
        }
        if (user is not null)
        {
            request.Headers.Add("X-Dev-User", user);
        }
        if (role is not null)
        {
            request.Headers.Add("X-Dev-Role", role);
        }
        if (body is not null)
        {
            request.Content = Json(body);
        }
        else if (method == HttpMethod.Post)
        {
            request.Content = Json(new { });
        }
        return Http.SendAsync(request);
    }

    // Runs one officer command and expects it to be accepted; returns the names of the events it recorded.
    public async Task<IReadOnlyList<string>> Command(string caseId, string action, object? body = null, string user = OfficerId, string role = "officer")
    {
        using var response = await Send(HttpMethod.Post, $"/api/cases/{caseId}/{action}", body, user, role);
        await Expect.Status(HttpStatusCode.OK, response);
        using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return outcome.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    public async Task<JsonElement> Case(string caseId, string user = OfficerId)
    {
        using var response = await Send(HttpMethod.Get, $"/api/cases/{caseId}", user: user);
        await Expect.Status(HttpStatusCode.OK, response);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    // Waits until a case reported a moment ago is recorded for reading (its report's turn taken),
    // as it is by the time its complainant has the acknowledgement to reply to.
    public async Task CaseRecorded(string caseId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await Send(HttpMethod.Get, $"/api/cases/{caseId}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            if (response.StatusCode != HttpStatusCode.NotFound || DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Case {caseId} was not recorded: {(int)response.StatusCode}.");
            }
            await Task.Delay(200);
        }
    }

    // The case once it shows what the test waits for: what the case sends is recorded as it goes.
    public async Task<JsonElement> CaseWhen(string caseId, Func<JsonElement, bool> shows, string what, string user = OfficerId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var details = await Case(caseId, user);
            if (shows(details))
            {
                return details;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting until the case showed {what}.");
            }
            await Task.Delay(200);
        }
    }

    public async Task<IReadOnlyList<Mail>> Mailbox(int max = 50)
    {
        using var response = await Http.GetAsync($"/api/dev/mail?max={max}");
        await Expect.Status(HttpStatusCode.OK, response);
        return await response.Content.ReadFromJsonAsync<List<Mail>>(Web) ?? [];
    }

    // Polls the development mailbox until a message matches, or fails after a generous wait.
    public async Task<Mail> WaitForMail(string description, Func<Mail, bool> matches, TimeSpan? wait = null)
    {
        var waited = Stopwatch.StartNew();
        IReadOnlyList<Mail> seen = [];
        for (var poll = 1; waited.Elapsed < (wait ?? MailWait); poll++)
        {
            // The mailbox lists newest first (by each app's clock, which a test may have moved on):
            // mostly the newest few are enough, and now and then a deeper look.
            seen = await Mailbox(poll % 4 == 0 ? 500 : 50);
            if (seen.FirstOrDefault(matches) is { } found)
            {
                return found;
            }
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException(
            $"No mail {description} arrived within {(wait ?? MailWait).TotalSeconds:0} s. The newest messages were:{Environment.NewLine}" +
            string.Join(Environment.NewLine, seen.Take(30).Select(m => $"  {m.Date:O} to {string.Join(", ", m.To)}: {m.Subject}")));
    }

    public async Task<IReadOnlyList<Mail>> MailTo(string address) =>
        (await Mailbox(500)).Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    // Sends an email to the development ASB@ mailbox; returns the message's id there.
    public async Task<string> SendToAsbMailbox(object email)
    {
        using var response = await Http.PostAsync("/api/dev/inbound-mail", Json(email));
        await Expect.Status(HttpStatusCode.Accepted, response);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    // Where a message sent to the development ASB@ mailbox is and what it became; null once the
    // mailbox no longer holds it.
    public async Task<JsonElement?> AsbMailboxMessage(string id)
    {
        using var response = await Http.GetAsync($"/api/dev/inbound-mail/{id}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await Expect.Status(HttpStatusCode.OK, response);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    // The case an email to the ASB@ mailbox was recorded on, once the mailbox has handled it.
    public async Task<string> CaseOfAsbMail(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await AsbMailboxMessage(id) is { } status && status.TryGetProperty("caseId", out var caseId) && caseId.GetString() is { Length: > 0 } found)
            {
                return found;
            }
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"The email {id} to the ASB@ mailbox was not recorded on a case in time.");
    }

    // Waits until the development ASB@ mailbox no longer holds the message.
    public async Task AsbMailboxForgets(string id, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await AsbMailboxMessage(id) is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The ASB@ mailbox still holds {what}.");
            await Task.Delay(200);
        }
    }

    // The app's development clock: the real time plus how far the tests have moved it on.
    public TimeSpan ClockOffset { get; private set; }

    public DateTimeOffset ClockNow => DateTimeOffset.UtcNow + ClockOffset;

    // Moves the app's clock to at least `target` (a second on, when it is already there).
    public async Task MoveClockTo(DateTimeOffset target)
    {
        var by = target - ClockNow;
        var now = await AdvanceClock(by > TimeSpan.FromSeconds(1) ? by : TimeSpan.FromSeconds(1));
        Assert.True(now >= target, $"The app's clock reads {now:O}, short of {target:O}.");
    }

    // Moves the app's clock forward and runs what fell due (Development only).
    public async Task<DateTimeOffset> AdvanceClock(TimeSpan by)
    {
        var duration = System.Xml.XmlConvert.ToString(by);
        using var response = await Http.PostAsync("/api/dev/clock/advance", Json(new { by = duration }));
        await Expect.Status(HttpStatusCode.OK, response);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        ClockOffset = TimeSpan.Parse(result.RootElement.GetProperty("offset").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        return result.RootElement.GetProperty("now").GetDateTimeOffset();
    }

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static StringContent Json(object body) =>
        new(body as string ?? JsonSerializer.Serialize(body, Web), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}

public sealed record Receipt(string Reference, string CaseId, bool AddedToOpenCase);

public sealed record Mail(string Id, string From, IReadOnlyList<string> To, string Subject, DateTimeOffset Date,
    IReadOnlyDictionary<string, string> Headers, string Text, string Html)
{
    public bool IsTo(string address) => To.Contains(address, StringComparer.OrdinalIgnoreCase);
}
