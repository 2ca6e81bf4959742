using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HateCase.Domain.Profiles;
using HateCase.Workflow;
using HateCase.Testing;

namespace HateCase.Browser.Tests.Support;

public sealed record Mail(string Id, string From, IReadOnlyList<string> To, string Subject, DateTimeOffset Date, string Text, string Html)
{
    public bool IsTo(string address) => To.Contains(address, StringComparer.OrdinalIgnoreCase);
}

// The real app in Development, in the test process and served by Kestrel on a loopback port that
// the browser reaches over real HTTP, with tables and a task hub of its own in the shared Azurite.
// Officer actions go through the officer API with the development sign-in headers.
public sealed class RunningApp : IAsyncDisposable
{
    public const string Profile = "milton-keynes";
    public const string OfficerId = "officer-1";

    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(120);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly LoopbackApp<Program> host;

    private RunningApp(LoopbackApp<Program> host)
    {
        this.host = host;
        Http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
    }

    public Uri BaseAddress => host.BaseAddress;

    public HttpClient Http { get; }

    public static CasePolicy Policy { get; } = CasePolicy.For(ProfileLoader.BuiltIn(Profile));

    public static async Task<RunningApp> Start(AzuriteInstance azurite)
    {
        var appPath = AppProcessRunner.FindBuiltApp(typeof(RunningApp).Assembly)
            ?? throw new InvalidOperationException("The app's build output was not found: build this test project (it references the app), then run the tests.");
        var runId = Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage__TablePrefix"] = "b" + runId,
            ["Standalone__IntervalSeconds"] = "1",
            ["Intake__PermitsPerMinute"] = "1000",
            ["App__PublicBaseUrl"] = "http://127.0.0.1:{port}",
            ["Landlord__Profile"] = Profile,
            ["Landlord__Name"] = "Example Housing",
            ["Landlord__Phone"] = "01632 960 000",
            [$"Staff__Officers__{OfficerId}"] = $"officer-1-{runId}@example.org",
            ["Staff__Teams__team-leader"] = $"team-leader-{runId}@example.org",
            ["Staff__Teams__case-officers"] = $"case-officers-{runId}@example.org",
            ["Staff__Teams__post-room"] = $"post-room-{runId}@example.org",
        };
        // The app's own build output is its content root, as when it runs as a process.
        return new RunningApp(await LoopbackApp<Program>.Start(Path.GetDirectoryName(appPath)!, settings));
    }

    public static string NewEmail() => $"resident-{Guid.NewGuid():N}@example.org";

    public string Output() => host.Log.All();

    // ---- The officer API, signed in with the development sign-in ----

    public async Task<JsonElement> Officer(HttpMethod method, string path, object? body = null, string user = OfficerId, string role = "officer")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Dev-User", user);
        request.Headers.Add("X-Dev-Role", role);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body ?? new { }, Web), Encoding.UTF8, "application/json");
        }
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    // The case id behind a reference, from the officer's case list (the list index may lag a moment).
    public async Task<string> CaseIdOf(string reference)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var page = await Officer(HttpMethod.Get, "/api/cases?stage=enquiry&pageSize=200");
            foreach (var summary in page.GetProperty("cases").EnumerateArray())
            {
                if (summary.GetProperty("reference").GetString() == reference)
                {
                    return summary.GetProperty("caseId").GetString()!;
                }
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"No case with reference {reference} is listed.");
            await Task.Delay(250);
        }
    }

    // Moves the app's clock forward (Development only) and runs what fell due.
    public async Task AdvanceClock(TimeSpan by)
    {
        using var response = await Http.PostAsJsonAsync("/api/dev/clock/advance", new { by = System.Xml.XmlConvert.ToString(by) }, Web);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Moving the clock answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<IReadOnlyList<Mail>> MailTo(string address) =>
        ((await Http.GetFromJsonAsync<List<Mail>>("/api/dev/mail?max=300", Web)) ?? []).Where(m => m.IsTo(address)).ToList();

    // Polls the development mailbox until a message matches, or fails after a generous wait.
    public async Task<Mail> WaitForMail(string description, Func<Mail, bool> matches)
    {
        var waited = Stopwatch.StartNew();
        IReadOnlyList<Mail> seen = [];
        while (waited.Elapsed < MailWait)
        {
            seen = await Http.GetFromJsonAsync<List<Mail>>("/api/dev/mail?max=300", Web) ?? [];
            if (seen.FirstOrDefault(matches) is { } found)
            {
                return found;
            }
            await Task.Delay(300);
        }
        throw new Xunit.Sdk.XunitException($"No mail {description} arrived within {MailWait.TotalSeconds:0} s. The newest were:{Environment.NewLine}" +
            string.Join(Environment.NewLine, seen.Take(20).Select(m => $"  to {string.Join(", ", m.To)}: {m.Subject}")));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await host.DisposeAsync();
    }
}
