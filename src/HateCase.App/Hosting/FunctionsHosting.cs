using System.Text.Json;
using HateCase.App.Inbound;
using HateCase.Inbound;
using HateCase.LocalHost;

namespace HateCase.App.Hosting;

// The app follows the Functions conventions for settings in both of its lives: under the
// Functions host (app settings as environment variables) and run locally by HateCase.LocalHost
// (settings from local.settings.json's "Values", as Core Tools would pass them).
public static class FunctionsHosting
{
    // The Functions host starts the worker with its runtime in the environment and the address to
    // call back on the command line; a local run has neither.
    public static bool UnderFunctionsHost(string[] args) =>
        Environment.GetEnvironmentVariable("FUNCTIONS_WORKER_RUNTIME") is { Length: > 0 }
        || args.Any(arg => arg.StartsWith("--functions-uri", StringComparison.Ordinal) || arg.StartsWith("--host", StringComparison.Ordinal));

    public static WebApplicationBuilder AddLocalSettings(this WebApplicationBuilder builder)
    {
        if (FindLocalSettings(builder.Environment.ContentRootPath) is { } settingsFile)
        {
            builder.Configuration.AddInMemoryCollection(ReadValues(settingsFile));
            // Environment variables and the command line still win over the file.
            builder.Configuration.AddEnvironmentVariables();
            builder.Configuration.AddCommandLine(Environment.GetCommandLineArgs().Skip(1).ToArray());
        }
        return builder;
    }

    // Locally the function classes run in this process: HTTP functions on the web host's routing,
    // timers and queues polled by the local host, with host.json's settings. Two local liberties:
    // the case timers run every Standalone:IntervalSeconds (default 5) so that a developer (or a
    // test) waits seconds, not minutes; and the inbound queue is Inbound:QueueName, so that several
    // local apps can share one storage emulator.
    public static IServiceCollection AddLocalFunctionHost(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = configuration["Standalone:IntervalSeconds"] ?? "5";
        if (!int.TryParse(seconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var interval) || interval is < 1 or > 59)
        {
            throw new InvalidOperationException(
                $"The app cannot start until these settings are put right:\n- Standalone:IntervalSeconds is a whole number of seconds from 1 to 59, how often a local run sends what is due of the daily digest and runs the daily retention run");
        }
        var inboundQueue = configuration.GetSection(InboundMailOptions.Section).Get<InboundMailOptions>()?.QueueName ?? InboundFunctions.Queue;
        return services.AddLocalFunctions(typeof(FunctionsHosting).Assembly, local =>
        {
            local.ReadHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"));
            local.QueueService = (_, _) => StorageSetup.QueueService(configuration);
            var every = $"*/{interval} * * * * *";
            local.Schedules["SendDailyDigest"] = every;
            local.Schedules["AnonymiseClosedCases"] = every;
            local.Schedules["FinishErasures"] = every;
            local.QueueNames["ProcessInboundMail"] = inboundQueue;
        });
    }

    // The Functions host watches the queue named in the trigger attribute, whatever the settings say.
    public static void CheckInboundQueueFor(IConfiguration configuration)
    {
        if (configuration.GetSection(InboundMailOptions.Section).Get<InboundMailOptions>()?.QueueName is { } queue && queue != InboundFunctions.Queue)
        {
            throw new InvalidOperationException(
                $"The app cannot start until these settings are put right:\n- Inbound:QueueName must be '{InboundFunctions.Queue}' (or unset) in a Function App: the ProcessInboundMail function reads that queue");
        }
    }

    // local.settings.json sits beside host.json at the top of the repository (or beside the app).
    private static string? FindLocalSettings(string contentRoot)
    {
        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "local.settings.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
            if (File.Exists(Path.Combine(directory.FullName, "host.json")))
            {
                return null;
            }
        }
        return null;
    }

    // "Values": { "Mail__Provider": "Smtp" } becomes Mail:Provider, as app settings do in Azure.
    public static IEnumerable<KeyValuePair<string, string?>> ReadValues(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        foreach (var value in values.EnumerateObject())
        {
            yield return new(value.Name.Replace("__", ":", StringComparison.Ordinal), value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText());
        }
    }

    // A required setting, failing at start-up with its full key.
    public static string GetRequiredValue(this IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The setting '{key}' is required (in local.settings.json 'Values' as '{key.Replace(":", "__", StringComparison.Ordinal)}', or an app setting).");
}
