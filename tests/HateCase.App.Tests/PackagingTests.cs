using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HateCase.LocalHost;
using HateCase.App.Tests.Support;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// `dotnet publish` output, as deployed to a Function App: an isolated .NET worker with its
// functions.metadata, worker.config.json, host.json and the host's extensions for the bindings
// the functions use; every function at the URL, schedule or queue it had under the custom handler;
// and the local host reading the same functions from the app's attributes.
[Collection(PackagingCollection.Name)]
public sealed class PackagingTests(PublishedAppFixture published, ITestOutputHelper output) : AppTestBase(output)
{
    // Every function: its trigger and (for HTTP) methods and route, (timer) schedule, (queue) queue.
    public static readonly TheoryData<string, string, string, string> Functions = new()
    {
        { "Readiness", "httpTrigger", "GET", "{root:maxlength(0)?}" },
        { "Health", "httpTrigger", "GET", "api/health" },
        { "Ping", "httpTrigger", "POST", "api/ping" },
        { "SubmitReport", "httpTrigger", "POST", "api/reports" },
        { "ListCases", "httpTrigger", "GET", "api/cases" },
        { "GetCase", "httpTrigger", "GET", "api/cases/{caseId}" },
        { "AssessRisk", "httpTrigger", "POST", "api/cases/{caseId}/risk-assessments" },
        { "AssignOfficer", "httpTrigger", "POST", "api/cases/{caseId}/assignment" },
        { "RecordContact", "httpTrigger", "POST", "api/cases/{caseId}/contacts" },
        { "SendUpdate", "httpTrigger", "POST", "api/cases/{caseId}/updates" },
        { "RecordFailedContactAttempt", "httpTrigger", "POST", "api/cases/{caseId}/failed-attempts" },
        { "SendLetter", "httpTrigger", "POST", "api/cases/{caseId}/letters" },
        { "SendAdaptedCopy", "httpTrigger", "POST", "api/cases/{caseId}/adapted-copies/{taskId}/sent" },
        { "RecordLetterPosted", "httpTrigger", "POST", "api/cases/{caseId}/letters/{taskId}/posted" },
        { "LogIncident", "httpTrigger", "POST", "api/cases/{caseId}/incidents" },
        { "AgreeActionPlan", "httpTrigger", "POST", "api/cases/{caseId}/action-plans" },
        { "CompleteAction", "httpTrigger", "POST", "api/cases/{caseId}/actions/{actionId}/completion" },
        { "RecordClosingReview", "httpTrigger", "POST", "api/cases/{caseId}/closing-reviews" },
        { "ConvertToCase", "httpTrigger", "POST", "api/cases/{caseId}/conversion" },
        { "CloseEnquiry", "httpTrigger", "POST", "api/cases/{caseId}/enquiry-closure" },
        { "ReviewCase", "httpTrigger", "POST", "api/cases/{caseId}/reviews" },
        { "RecordIntervention", "httpTrigger", "POST", "api/cases/{caseId}/interventions" },
        { "MakeReferral", "httpTrigger", "POST", "api/cases/{caseId}/referrals" },
        { "RecordReferralOutcome", "httpTrigger", "POST", "api/cases/{caseId}/referrals/{referralId}/outcome" },
        { "AssessProportionality", "httpTrigger", "POST", "api/cases/{caseId}/proportionality-assessments" },
        { "StartLegalAction", "httpTrigger", "POST", "api/cases/{caseId}/legal-actions" },
        { "ConcludeLegalAction", "httpTrigger", "POST", "api/cases/{caseId}/legal-actions/{legalActionId}/conclusion" },
        { "RequestClosure", "httpTrigger", "POST", "api/cases/{caseId}/closure-request" },
        { "ApproveClosure", "httpTrigger", "POST", "api/cases/{caseId}/closure-request/approval" },
        { "RejectClosure", "httpTrigger", "POST", "api/cases/{caseId}/closure-request/rejection" },
        { "HoldCase", "httpTrigger", "POST", "api/cases/{caseId}/legal-hold" },
        { "ReleaseHold", "httpTrigger", "POST", "api/cases/{caseId}/legal-hold/release" },
        { "RestrictCase", "httpTrigger", "POST", "api/cases/{caseId}/restriction" },
        { "LiftRestriction", "httpTrigger", "POST", "api/cases/{caseId}/restriction/lifting" },
        { "Reopen", "httpTrigger", "POST", "api/cases/{caseId}/reopening" },
        { "AcceptRelatedReport", "httpTrigger", "POST", "api/cases/{caseId}/related-reports/{reportId}/acceptance" },
        { "DeclineRelatedReport", "httpTrigger", "POST", "api/cases/{caseId}/related-reports/{reportId}/decline" },
        { "RecordSurveyAnswer", "httpTrigger", "POST", "api/cases/{caseId}/survey-answers" },
        { "InboundNotifications", "httpTrigger", "POST", "api/inbound/notifications" },
        { "DevelopmentInboundMail", "httpTrigger", "POST", "api/dev/inbound-mail" },
        { "DevelopmentInboundMailStatus", "httpTrigger", "GET", "api/dev/inbound-mail/{id}" },
        { "AdvanceClock", "httpTrigger", "POST", "api/dev/clock/advance" },
        { "ListDevelopmentMail", "httpTrigger", "GET", "api/dev/mail" },
        { "ReportForm", "httpTrigger", "GET", "report" },
        { "SendReportForm", "httpTrigger", "POST", "report" },
        { "ReportSent", "httpTrigger", "GET", "report/sent" },
        { "VictimsCode", "httpTrigger", "GET", "victims-code" },
        { "Survey", "httpTrigger", "GET", "survey/{token}" },
        { "AnswerSurvey", "httpTrigger", "POST", "survey/{token}" },
        { "SurveyThanks", "httpTrigger", "GET", "survey/thanks" },
        { "DevelopmentMailbox", "httpTrigger", "GET", "dev/mail" },
        { "DevelopmentSendMailForm", "httpTrigger", "GET", "dev/mail/send" },
        { "DevelopmentSendMail", "httpTrigger", "POST", "dev/mail/send" },
        { "DevelopmentMailMessage", "httpTrigger", "GET", "dev/mail/{id}" },
        { "GovUkFrontend", "httpTrigger", "GET,HEAD", "govuk/{*path}" },
        { "Stylesheets", "httpTrigger", "GET,HEAD", "css/{*path}" },
        { "Scripts", "httpTrigger", "GET,HEAD", "js/{*path}" },
        { "SignInForm", "httpTrigger", "GET", "sign-in" },
        { "SignIn", "httpTrigger", "POST", "sign-in" },
        { "SignOut", "httpTrigger", "POST", "sign-out" },
        { "MyWork", "httpTrigger", "GET", "my-work" },
        { "AllCases", "httpTrigger", "GET", "cases" },
        { "CasePage", "httpTrigger", "GET", "cases/{caseId}" },
        { "CaseActionForm", "httpTrigger", "GET", "cases/{caseId}/{action}" },
        { "CaseAction", "httpTrigger", "POST", "cases/{caseId}/{action}" },
        { "TeamPage", "httpTrigger", "GET", "team" },
        { "RecordReportForm", "httpTrigger", "GET", "record-report" },
        { "RecordReport", "httpTrigger", "POST", "record-report" },
        { "ReportRecorded", "httpTrigger", "GET", "record-report/recorded" },
        { "MeasuresPage", "httpTrigger", "GET", "measures" },
        { "GetMeasures", "httpTrigger", "GET", "api/measures" },
        { "GetMeasuresCases", "httpTrigger", "GET", "api/measures/cases" },
        { "WhoLooked", "httpTrigger", "GET", "who-looked/{caseId}" },
        { "SubjectAccessForm", "httpTrigger", "GET", "subject-access" },
        { "ErasureForm", "httpTrigger", "GET", "erasure/{caseId}" },
        { "ErasePersonalDataOnThePage", "httpTrigger", "POST", "erasure/{caseId}" },
        { "ErasePersonalData", "httpTrigger", "POST", "api/cases/{caseId}/erasures" },
        { "SubjectAccessSearch", "httpTrigger", "POST", "subject-access" },
        { "SubjectAccessDownload", "httpTrigger", "POST", "subject-access/download" },
        { "SendDailyDigest", "timerTrigger", "", "0 */5 * * * *" },
        { "AnonymiseClosedCases", "timerTrigger", "", "0 30 2 * * *" },
        { "FinishErasures", "timerTrigger", "", "0 */5 * * * *" },
        { "MaintainMailbox", "timerTrigger", "", "0 */15 * * * *" },
        { "ProcessInboundMail", "queueTrigger", "", "inbound-mail" },
        { "CaseOrchestrator", "orchestrationTrigger", "", "" },
        { "RecordCase", "activityTrigger", "", "" },
        { "SendCaseMessage", "activityTrigger", "", "" },
    };

    // The host's extension for each binding type that needs one (HTTP and timers are built in).
    private static readonly Dictionary<string, string> ExtensionFor = new()
    {
        ["queueTrigger"] = "AzureStorageQueues",
        ["queue"] = "AzureStorageQueues",
        ["orchestrationTrigger"] = "DurableTask",
        ["activityTrigger"] = "DurableTask",
        ["entityTrigger"] = "DurableTask",
        ["durableClient"] = "DurableTask",
    };

    private string Folder => published.Folder;

    [Fact]
    public void Host_json_is_for_an_isolated_worker_with_the_routes_queues_and_task_hub_the_app_expects()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "host.json")));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.False(root.TryGetProperty("customHandler", out _), "host.json still configures a custom handler.");
        Assert.False(root.TryGetProperty("extensionBundle", out _), "An isolated worker's extensions come from its packages, not a bundle.");
        var extensions = root.GetProperty("extensions");
        Assert.Equal("", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("base64", extensions.GetProperty("queues").GetProperty("messageEncoding").GetString());
        Assert.Equal(5, extensions.GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
        var durable = extensions.GetProperty("durableTask");
        Assert.Equal("HateCase", durable.GetProperty("hubName").GetString());
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
        Assert.Equal("00:00:30", durable.GetProperty("storageProvider").GetProperty("maxQueuePollingInterval").GetString());
    }

    [Fact]
    public void Worker_config_starts_the_published_app_with_dotnet()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        var worker = description.GetProperty("defaultWorkerPath").GetString()!;
        Assert.Equal(AppProcessRunner.AppAssemblyName + ".dll", worker);
        Assert.True(File.Exists(Path.Combine(Folder, worker)), $"'{worker}' is not in the published folder.");
    }

    [Fact]
    public void Every_function_is_published_at_its_url_schedule_or_queue_and_nothing_else()
    {
        var published = PublishedFunctions();

        Assert.Equal(Functions.Select(row => (string)row[0]).Order(), published.Keys.Order());
        foreach (var row in Functions)
        {
            var (name, type, methods, where) = ((string)row[0], (string)row[1], (string)row[2], (string)row[3]);
            var trigger = Trigger(published[name]);
            Assert.Equal(type, Text(trigger, "type"));
            Assert.Equal("In", Text(trigger, "direction"), ignoreCase: true);
            switch (type)
            {
                case "httpTrigger":
                    Assert.Equal(where, Text(trigger, "route"));
                    Assert.Equal(methods.Split(','), trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order());
                    Assert.Equal("Anonymous", Text(trigger, "authLevel"), ignoreCase: true);
                    Assert.Contains(published[name].GetProperty("bindings").EnumerateArray(), b => Text(b, "type") == "http" && Text(b, "direction").Equals("Out", StringComparison.OrdinalIgnoreCase));
                    break;
                case "timerTrigger":
                    Assert.Equal(where, Text(trigger, "schedule"));
                    Assert.True(Cron.IsValidSixField(where), $"{name}: '{where}' is not a six-field CRON expression.");
                    break;
                case "queueTrigger":
                    Assert.Equal(where, Text(trigger, "queueName"));
                    // No connection named: AzureWebJobsStorage, the account the app's own queue store writes to.
                    Assert.Equal("", Text(trigger, "connection"));
                    break;
            }
        }
    }

    [Fact]
    public void The_local_hosts_catalog_of_the_app_agrees_with_the_published_metadata()
    {
        var published = PublishedFunctions();
        var catalog = FunctionCatalog.Read(typeof(Program).Assembly);

        Assert.Equal(published.Keys.Order(), catalog.Select(f => f.Name).Order());
        foreach (var entry in catalog)
        {
            Assert.Equal(published[entry.Name].GetProperty("entryPoint").GetString(), entry.EntryPoint);
            var trigger = Trigger(published[entry.Name]);
            switch (entry.Trigger)
            {
                case FunctionTrigger.Http http:
                    Assert.Equal("httpTrigger", Text(trigger, "type"));
                    Assert.Equal(Text(trigger, "route"), http.Route);
                    Assert.Equal(trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order(), http.Methods.Order());
                    break;
                case FunctionTrigger.Timer timer:
                    Assert.Equal("timerTrigger", Text(trigger, "type"));
                    Assert.Equal(Text(trigger, "schedule"), timer.Schedule);
                    break;
                case FunctionTrigger.Queue queue:
                    Assert.Equal("queueTrigger", Text(trigger, "type"));
                    Assert.Equal(Text(trigger, "queueName"), queue.QueueName);
                    break;
                case FunctionTrigger.Orchestration:
                    Assert.Equal("orchestrationTrigger", Text(trigger, "type"));
                    break;
                case FunctionTrigger.Activity:
                    Assert.Equal("activityTrigger", Text(trigger, "type"));
                    break;
                default:
                    Assert.Fail($"{entry.Name}: a {entry.Trigger.GetType().Name} function the packaging test does not know.");
                    break;
            }
        }
    }

    [Fact]
    public void The_host_gets_the_extension_of_every_binding_the_functions_use()
    {
        var needed = PublishedFunctions().Values
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Select(b => ExtensionFor.GetValueOrDefault(Text(b, "type")))
            .OfType<string>()
            .ToHashSet();
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "extensions.json")));
        var listed = extensions.RootElement.GetProperty("extensions").EnumerateArray().ToDictionary(e => Text(e, "name"), e => Text(e, "hintPath"));

        Assert.Contains("AzureStorageQueues", needed);
        Assert.Contains("DurableTask", needed);
        foreach (var extension in needed)
        {
            Assert.True(listed.TryGetValue(extension, out var hintPath), $"The '{extension}' extension is not in extensions.json.");
            Assert.True(File.Exists(Path.Combine(Folder, hintPath)), $"The '{extension}' extension's assembly '{hintPath}' is not published.");
        }
    }

    [Fact]
    public void Nothing_of_the_custom_handler_is_published()
    {
        Assert.Empty(Directory.GetFiles(Folder, "function.json", SearchOption.AllDirectories));
    }

    [Fact]
    public void Local_settings_with_their_secrets_are_never_published()
    {
        Assert.False(File.Exists(Path.Combine(Folder, "local.settings.json")));
        Assert.DoesNotContain(Directory.GetFiles(Folder, "local.settings*.json", SearchOption.AllDirectories), f => !f.EndsWith(".sample.json", StringComparison.Ordinal));
    }

    // Without the Functions host (Core Tools cannot be installed here) the published app runs its
    // functions itself: the pages, the files they link to, and the API, from the package alone.
    [Fact]
    public async Task The_published_app_serves_its_functions_from_the_package()
    {
        var settings = TestApp.DevelopmentSettings(published.AzuriteConnectionString, TestApp.NewRunId());

        await using var app = await AppProcessRunner.Start(Path.Combine(Folder, AppProcessRunner.AppAssemblyName + ".dll"), settings);
        try
        {
            using var client = new HttpClient { BaseAddress = app.BaseAddress };
            using var ready = await client.GetAsync("/");
            await Expect.Status(HttpStatusCode.OK, ready);

            using var form = await client.GetAsync("/report");
            await Expect.Status(HttpStatusCode.OK, form);
            Assert.Contains("<h1 class=\"govuk-heading-l\">Report hate or anti-social behaviour</h1>", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            foreach (var (file, type) in new[] { ("/govuk/govuk-frontend.min.css", "text/css"), ("/govuk/govuk-frontend.min.js", "text/javascript"), ("/js/govuk-start.js", "text/javascript"), ("/css/app.css", "text/css") })
            {
                using var served = await client.GetAsync(file);
                await Expect.Status(HttpStatusCode.OK, served);
                Assert.Equal(type, served.Content.Headers.ContentType?.MediaType);
                Assert.Contains("max-age=", served.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
            }

            using var cases = await client.GetAsync("/api/cases");
            await Expect.Problem(HttpStatusCode.Unauthorized, cases);
        }
        finally
        {
            Output.WriteLine(app.Output());
        }
    }

    // A command reaches its case through the Durable client the function binds: one that does not
    // bind it fails at the first request.
    [Fact]
    public void Every_command_on_a_case_binds_the_cases_Durable_client()
    {
        var commands = PublishedFunctions().Values.Where(f =>
            Text(Trigger(f), "type") == "httpTrigger" && Text(Trigger(f), "route").StartsWith("api/cases/{caseId}/", StringComparison.Ordinal)
            && Trigger(f).GetProperty("methods").EnumerateArray().Any(m => m.GetString()!.Equals("POST", StringComparison.OrdinalIgnoreCase))).ToList();

        Assert.NotEmpty(commands);
        Assert.All(commands, f => Assert.True(f.GetProperty("bindings").EnumerateArray().Any(b => Text(b, "type") == "durableClient"),
            $"{Text(f, "name")} does not bind the Durable client."));
    }

    private Dictionary<string, JsonElement> PublishedFunctions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "functions.metadata")));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
    }

    private static JsonElement Trigger(JsonElement function) =>
        Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => Text(b, "type").EndsWith("Trigger", StringComparison.Ordinal));

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}

// Publishes the app once (Release, into a temporary folder with its own build output, so it
// shares nothing with other builds) for all the packaging tests; and an Azurite to run it against.
public sealed class PublishedAppFixture : IAsyncLifetime
{
    // Generous: the publish also restores and builds the worker extensions project the Worker SDK generates.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(20);
    private readonly AzuriteFixture azurite = new();
    private DirectoryInfo? temporary;

    public string Folder { get; private set; } = "";

    public string AzuriteConnectionString => azurite.ConnectionString;

    public async Task InitializeAsync()
    {
        temporary = Directory.CreateTempSubdirectory("hatecase-publish-");
        Folder = Path.Combine(temporary.FullName, "app");
        var project = Path.Combine(RepositoryRoot.Find(), "src", AppProcessRunner.AppAssemblyName, AppProcessRunner.AppAssemblyName + ".csproj");
        var publishing = AppProcessRunner.RunDotnet(
            ["publish", project, "-c", "Release", "-o", Folder, "--artifacts-path", Path.Combine(temporary.FullName, "build"), "-nologo"],
            RepositoryRoot.Find(), PublishTimeout);
        await Task.WhenAll(publishing, azurite.InitializeAsync());
        var (exitCode, log) = await publishing;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed with exit code {exitCode}:{Environment.NewLine}{log}");
        }
    }

    public async Task DisposeAsync()
    {
        await azurite.DisposeAsync();
        try
        {
            temporary?.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

// NCRONTAB with seconds, as the timer trigger reads it: second minute hour day month day-of-week.
internal static partial class Cron
{
    private static readonly (int Min, int Max, string[]? Names)[] Fields =
    [
        (0, 59, null),
        (0, 59, null),
        (0, 23, null),
        (1, 31, null),
        (1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        (0, 6, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ];

    public static bool IsValidSixField(string expression)
    {
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 6 && parts.Select((part, i) => part.Split(',').All(item => IsValidItem(item, Fields[i]))).All(ok => ok);
    }

    private static bool IsValidItem(string item, (int Min, int Max, string[]? Names) field)
    {
        var match = Item().Match(item);
        if (!match.Success)
        {
            return false;
        }
        if (match.Groups["step"].Success && (!int.TryParse(match.Groups["step"].Value, out var step) || step < 1 || step > field.Max - field.Min + 1))
        {
            return false;
        }
        if (match.Groups["range"].Value == "*")
        {
            return true;
        }
        var from = Value(match.Groups["from"].Value, field);
        var to = match.Groups["to"].Success ? Value(match.Groups["to"].Value, field) : from;
        return from is not null && to is not null && from <= to;
    }

    private static int? Value(string text, (int Min, int Max, string[]? Names) field)
    {
        if (int.TryParse(text, out var number))
        {
            return number >= field.Min && number <= field.Max ? number : null;
        }
        var index = field.Names is null ? -1 : Array.IndexOf(field.Names, text.ToUpperInvariant());
        return index < 0 ? null : field.Min + index;
    }

    [GeneratedRegex(@"^(?<range>\*|(?<from>[0-9A-Za-z]+)(-(?<to>[0-9A-Za-z]+))?)(/(?<step>\d+))?$")]
    private static partial Regex Item();
}

public sealed class CronCheckTests
{
    [Theory]
    [InlineData("0 */5 * * * *", true)]
    [InlineData("*/20 * * * * *", true)]
    [InlineData("0 30 9 * * MON-FRI", true)]
    [InlineData("0 0 9-17/2 1,15 JAN-MAR *", true)]
    [InlineData("*/5 * * * *", false)]
    [InlineData("60 * * * * *", false)]
    [InlineData("0 0 24 * * *", false)]
    [InlineData("0 0 0 0 * *", false)]
    [InlineData("0 */0 * * * *", false)]
    [InlineData("0 0 0 * * 7-1", false)]
    [InlineData("every minute", false)]
    public void The_schedule_check_knows_a_six_field_CRON_expression(string schedule, bool valid) =>
        Assert.Equal(valid, Cron.IsValidSixField(schedule));
}
