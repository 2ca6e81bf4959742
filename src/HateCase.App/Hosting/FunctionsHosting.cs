using System.Text.Json;

namespace HateCase.App.Hosting;

// The app follows the Functions conventions for settings and port in both of its lives:
// as the custom handler (the host passes FUNCTIONS_CUSTOMHANDLER_PORT and app settings as
// environment variables) and standalone (settings from local.settings.json's "Values").
public static class FunctionsHosting
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public static bool UnderFunctionsHost => Environment.GetEnvironmentVariable(PortVariable) is { Length: > 0 };

    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        var settingsFile = FindLocalSettings(builder.Environment.ContentRootPath);
        if (!UnderFunctionsHost && settingsFile is not null)
        {
            builder.Configuration.AddInMemoryCollection(ReadValues(settingsFile));
            // Environment variables and the command line still win over the file.
            builder.Configuration.AddEnvironmentVariables();
            builder.Configuration.AddCommandLine(Environment.GetCommandLineArgs().Skip(1).ToArray());
        }
        if (Environment.GetEnvironmentVariable(PortVariable) is { Length: > 0 } port)
        {
            // Only the Functions host calls the handler, on loopback.
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        return builder;
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
