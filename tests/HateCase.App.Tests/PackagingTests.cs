using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HateCase.App.Functions;
using HateCase.App.Tests.Support;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// `dotnet publish` output, as deployed to a Function App: host.json naming the handler, one folder
// per function with bindings the host can read, and a handler that starts the way the host starts it.
[Collection(PackagingCollection.Name)]
public sealed class PackagingTests(PublishedAppFixture published, ITestOutputHelper output) : AppTestBase(output)
{
    private static readonly string[] TriggerTypes = ["httpTrigger", "timerTrigger", "queueTrigger", "blobTrigger", "serviceBusTrigger", "eventHubTrigger", "eventGridTrigger", "cosmosDBTrigger"];
    private static readonly string[] OtherBindingTypes = ["http", "queue", "blob", "table"];

    private string Folder => published.Folder;

    [Fact]
    public void Host_json_names_a_handler_that_is_in_the_package()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "host.json")));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        var handler = root.GetProperty("customHandler");
        var executable = handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString();
        Assert.False(string.IsNullOrWhiteSpace(executable));
        var path = Path.Combine(Folder, executable!);
        Assert.True(File.Exists(path), $"defaultExecutablePath '{executable}' is not in the published folder.");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"'{executable}' is not executable.");
        }
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        var bundle = root.GetProperty("extensionBundle");
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", bundle.GetProperty("id").GetString());
        Assert.Matches(@"^\[\d+\.\*, \d+\.\d+\.\d+\)$", bundle.GetProperty("version").GetString());
    }

    [Fact]
    public void Every_function_folder_has_bindings_the_host_can_read()
    {
        var functions = FunctionFolders();

        Assert.Contains("SendDailyDigest", functions.Keys);
        Assert.Contains("ProcessQueue", functions.Keys);
        foreach (var (name, bindings) in functions)
        {
            Assert.Matches("^[A-Za-z][A-Za-z0-9_-]{0,126}$", name);
            Assert.NotEmpty(bindings);
            var triggers = bindings.Where(b => Text(b, "type").EndsWith("Trigger", StringComparison.Ordinal)).ToList();
            var trigger = Assert.Single(triggers);
            Assert.Contains(Text(trigger, "type"), TriggerTypes);
            Assert.Equal("in", Text(trigger, "direction"));
            foreach (var binding in bindings)
            {
                Assert.False(string.IsNullOrWhiteSpace(Text(binding, "name")), $"{name}: a binding without a name");
                Assert.Contains(Text(binding, "direction"), new[] { "in", "out", "inout" });
                Assert.True(TriggerTypes.Contains(Text(binding, "type")) || OtherBindingTypes.Contains(Text(binding, "type")),
                    $"{name}: unknown binding type '{Text(binding, "type")}'");
            }
            Assert.Equal(bindings.Count, bindings.Select(b => Text(b, "name")).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
    }

    [Fact]
    public void Timer_schedules_are_six_field_CRON()
    {
        var timers = FunctionFolders().SelectMany(f => f.Value.Where(b => Text(b, "type") == "timerTrigger").Select(b => (Function: f.Key, Binding: b))).ToList();

        Assert.NotEmpty(timers);
        foreach (var (function, binding) in timers)
        {
            var schedule = Text(binding, "schedule");
            Assert.True(Cron.IsValidSixField(schedule), $"{function}: '{schedule}' is not a six-field CRON expression (second minute hour day month day-of-week).");
        }
    }

    [Fact]
    public void Queue_triggers_name_their_queue_and_the_storage_connection()
    {
        var queues = FunctionFolders().SelectMany(f => f.Value.Where(b => Text(b, "type") == "queueTrigger").Select(b => (Function: f.Key, Binding: b))).ToList();

        Assert.NotEmpty(queues);
        foreach (var (function, binding) in queues)
        {
            var queue = Text(binding, "queueName");
            Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", queue);
            Assert.Equal("AzureWebJobsStorage", Text(binding, "connection"));
        }
        // The queue the app puts its work on is the one the host watches for it.
        Assert.Contains(queues, q => q.Function == "ProcessQueue" && Text(q.Binding, "queueName") == TriggerHandlers.WorkQueue);
    }

    [Fact]
    public void Http_functions_have_a_route_and_an_http_output()
    {
        foreach (var (function, bindings) in FunctionFolders().Where(f => f.Value.Any(b => Text(b, "type") == "httpTrigger")))
        {
            var trigger = bindings.Single(b => Text(b, "type") == "httpTrigger");
            Assert.False(string.IsNullOrWhiteSpace(Text(trigger, "route")), $"{function}: an HTTP trigger without a route");
            Assert.Contains(bindings, b => Text(b, "type") == "http" && Text(b, "direction") == "out");
        }
    }

    [Fact]
    public void Function_definitions_are_only_in_the_function_folders()
    {
        var definitions = Directory.GetFiles(Folder, "function.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Folder, path).Replace('\\', '/'))
            .ToList();

        Assert.All(definitions, path => Assert.Matches("^[^/]+/function.json$", path));
    }

    [Fact]
    public void Local_settings_with_their_secrets_are_never_published()
    {
        Assert.False(File.Exists(Path.Combine(Folder, "local.settings.json")));
        Assert.DoesNotContain(Directory.GetFiles(Folder, "local.settings*.json", SearchOption.AllDirectories), f => !f.EndsWith(".sample.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_published_handler_starts_as_the_Functions_host_starts_it()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "host.json")));
        var executable = Path.Combine(Folder, host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!);
        var settings = AppProcess.DevelopmentSettings(published.AzuriteConnectionString, AppProcess.NewRunId());
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        settings["FUNCTIONS_CUSTOMHANDLER_WORKER_ID"] = Guid.NewGuid().ToString();
        settings["FUNCTIONS_APP_ROOT_PATH"] = Folder;

        await using var handler = await AppProcessRunner.Start(Path.Combine(Folder, AppProcessRunner.AppAssemblyName + ".dll"), settings, AppLaunch.AsCustomHandler(executable));
        try
        {
            using var client = new HttpClient { BaseAddress = handler.BaseAddress };
            using var ready = await client.GetAsync("/");
            await Expect.Status(HttpStatusCode.OK, ready);

            // The pages are in the package: the report form, and the GOV.UK Frontend files it links to.
            using var form = await client.GetAsync("/report");
            await Expect.Status(HttpStatusCode.OK, form);
            Assert.Contains("<h1 class=\"govuk-heading-l\">Report hate or anti-social behaviour</h1>", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            foreach (var file in new[] { "/govuk/govuk-frontend.min.css", "/govuk/govuk-frontend.min.js", "/js/govuk-start.js" })
            {
                using var served = await client.GetAsync(file);
                await Expect.Status(HttpStatusCode.OK, served);
            }

            // The host calls each non-HTTP function at /{folder name}.
            foreach (var function in FunctionFolders().Where(f => !f.Value.Any(b => Text(b, "type") == "httpTrigger")).Select(f => f.Key))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/" + function)
                {
                    Content = new StringContent("{\"Data\":{},\"Metadata\":{\"sys\":{\"MethodName\":\"" + function + "\"}}}", System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode != HttpStatusCode.NotFound, $"The handler has no endpoint for the function '{function}'.");
            }
        }
        finally
        {
            Output.WriteLine(handler.Output());
        }
    }

    private Dictionary<string, IReadOnlyList<JsonElement>> FunctionFolders() =>
        Directory.GetDirectories(Folder)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .ToDictionary(
                d => Path.GetFileName(d),
                d =>
                {
                    using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "function.json")));
                    return (IReadOnlyList<JsonElement>)json.RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList();
                });

    private static string Text(JsonElement binding, string property) =>
        binding.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}

// Publishes the app once (Release, into a temporary folder with its own build output, so it
// shares nothing with other builds) for all the packaging tests; and an Azurite to run it against.
public sealed class PublishedAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);
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
