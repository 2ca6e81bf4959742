using System.Text.Json;
using Azure.Storage.Queues;

namespace HateCase.LocalHost;

public sealed class LocalFunctionsOptions
{
    // The Functions host's default, changed by host.json's extensions.http.routePrefix.
    public string RoutePrefix { get; set; } = "api";

    // The queue service a queue trigger's Connection names (null: AzureWebJobsStorage). Its
    // client must decode base64 messages, the queue extension's default encoding.
    public Func<IServiceProvider, string, QueueServiceClient>? QueueService { get; set; }

    // The queue extension's defaults (host.json extensions.queues), with a shorter poll locally.
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    public int MaxDequeueCount { get; set; } = 5;

    public int BatchSize { get; set; } = 16;

    // Timer schedules run on this clock (the real one, as in Azure).
    public TimeProvider ScheduleClock { get; set; } = TimeProvider.System;

    // Local runs only: a timer function's schedule by function name, in place of its attribute's
    // (a development machine may want every few seconds what Azure does every few minutes).
    public IDictionary<string, string> Schedules { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    // Local runs only: the queue a queue function reads, by function name, in place of its
    // attribute's (several local apps sharing one storage emulator each keep to a queue of their own).
    public IDictionary<string, string> QueueNames { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    // Reads extensions.http.routePrefix and extensions.queues from a host.json, as the Functions host does.
    public LocalFunctionsOptions ReadHostJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("extensions", out var extensions))
        {
            return this;
        }
        if (extensions.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var prefix))
        {
            RoutePrefix = prefix.GetString() ?? "";
        }
        if (extensions.TryGetProperty("queues", out var queues))
        {
            if (queues.TryGetProperty("maxPollingInterval", out var polling))
            {
                MaxPollingInterval = TimeSpan.Parse(polling.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            }
            if (queues.TryGetProperty("visibilityTimeout", out var visibility))
            {
                VisibilityTimeout = TimeSpan.Parse(visibility.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            }
            if (queues.TryGetProperty("maxDequeueCount", out var dequeues))
            {
                MaxDequeueCount = dequeues.GetInt32();
            }
            if (queues.TryGetProperty("batchSize", out var batch))
            {
                BatchSize = batch.GetInt32();
            }
        }
        return this;
    }
}
