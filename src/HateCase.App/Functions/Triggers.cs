using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Globalization;
using HateCase.Runtime.Digests;
using HateCase.Runtime.Ports;

namespace HateCase.App.Functions;

// The custom-handler invocation contract for non-HTTP triggers: the Functions host POSTs
// /{FunctionName} with { "Data": {...}, "Metadata": {...} } and reads back
// { "Outputs": {...}, "Logs": [...], "ReturnValue": ... }; a non-2xx answer fails the invocation
// (for a queue trigger: retried, then moved to the poison queue).
public sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata);

public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? ReturnValue);

// Work put on the case-work queue: a kind and its payload. The mailbox adds its own kinds.
public sealed record QueuedWork(string Kind, JsonElement Payload);

public interface IQueuedWorkHandler
{
    string Kind { get; }

    Task Handle(JsonElement payload, CancellationToken cancellationToken);
}

// More work the standalone driver runs on each pass (the mailbox adds its queue and upkeep).
public interface IStandalonePass
{
    Task Run(CancellationToken cancellationToken);
}

public sealed class UnknownWorkException(string kind) : Exception($"No handler for queued work of kind '{kind}'.");

// The trigger functions' bodies, called by the Functions host over HTTP in Azure and by the
// standalone driver locally: the same code either way.
public sealed class TriggerHandlers(DigestWork digests, IEnumerable<IQueuedWorkHandler> handlers)
{
    public const string WorkQueue = "case-work";

    // Every few minutes: plans the day's digests on the first call after the send time, then
    // sends what is waiting. On other calls it costs one read.
    public async Task<IReadOnlyList<string>> SendDailyDigest(CancellationToken cancellationToken)
    {
        var pass = await digests.Run(cancellationToken);
        return pass is { Day: { } day } && pass.Planned + pass.Sent + pass.Failed > 0
            ? [$"Daily digest for {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {pass.Planned} planned, {pass.Sent} sent, {pass.Failed} to retry or failed."]
            : [];
    }

    public async Task ProcessQueuedWork(string message, CancellationToken cancellationToken)
    {
        var work = JsonSerializer.Deserialize<QueuedWork>(message, Workflow.CaseWorkflowJson.Options)
            ?? throw new JsonException("The queue message is empty.");
        var handler = handlers.FirstOrDefault(h => h.Kind == work.Kind) ?? throw new UnknownWorkException(work.Kind);
        await handler.Handle(work.Payload, cancellationToken);
    }
}

public static class TriggerEndpoints
{
    public static IEndpointRouteBuilder MapFunctionTriggers(this IEndpointRouteBuilder app)
    {
        var triggers = app.MapGroup("").AddEndpointFilter(OnlyFromTheFunctionsHost).ExcludeFromDescription();
        triggers.MapPost("/SendDailyDigest", async (TriggerHandlers handlers, CancellationToken ct) =>
            TypedResults.Ok(new InvocationResponse([], await handlers.SendDailyDigest(ct), null)));
        triggers.MapPost("/ProcessQueue", ProcessQueue);
        return app;
    }

    // A queue trigger's message from the host's invocation; the body is read only after the
    // filter has let the call through.
    public static async Task<(string? Text, IResult? Problem)> ReadQueueMessage(HttpRequest http, CancellationToken ct)
    {
        InvocationRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<InvocationRequest>(http.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return (null, TypedResults.Problem("The invocation is not valid JSON.", statusCode: StatusCodes.Status400BadRequest));
        }
        if (request?.Data is null || !request.Data.TryGetValue("message", out var message))
        {
            return (null, TypedResults.Problem("The invocation has no 'message' in Data.", statusCode: StatusCodes.Status400BadRequest));
        }
        // The host passes a queue message as a string (JSON text), or as the parsed object.
        return (message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText(), null);
    }

    private static async Task<IResult> ProcessQueue(HttpRequest http, TriggerHandlers handlers, CancellationToken ct)
    {
        var (text, problem) = await ReadQueueMessage(http, ct);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            await handlers.ProcessQueuedWork(text!, ct);
        }
        catch (Exception e) when (e is JsonException or UnknownWorkException)
        {
            // Not retryable: a non-2xx sends it to the poison queue after the retries.
            return TypedResults.Problem($"The queued work cannot be processed: {e.GetType().Name}.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        return TypedResults.Ok(new InvocationResponse([], [], null));
    }

    // Trigger invocations come from the Functions host on loopback with its invocation id, never
    // proxied from outside (a proxied request carries the caller's address in X-Forwarded-For).
    public static async ValueTask<object?> OnlyFromTheFunctionsHost(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var fromHost = http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
            && http.Request.Headers.ContainsKey("X-Azure-Functions-InvocationId")
            && !http.Request.Headers.ContainsKey("X-Forwarded-For");
        return fromHost ? await next(context) : TypedResults.NotFound();
    }
}

// Standalone, nothing calls the trigger functions: this drives them through the same handlers,
// every few seconds, and takes work off the case-work queue.
public sealed partial class StandaloneTriggers(
    TriggerHandlers handlers, IQueueStore queues, Hosting.StorageHealth health, IEnumerable<IStandalonePass> passes,
    ILogger<StandaloneTriggers> logger, IConfiguration configuration) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue("Standalone:IntervalSeconds", 5.0));
        LogDriving(interval.TotalSeconds);
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await RunOnce(stoppingToken);
            }
            catch (Exception e) when (e is StoreException or HttpRequestException && !stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnce(CancellationToken cancellationToken)
    {
        if ((await health.Check(cancellationToken)).Reachable is false)
        {
            return;
        }
        await handlers.SendDailyDigest(cancellationToken);
        foreach (var pass in passes)
        {
            await pass.Run(cancellationToken);
        }
        foreach (var message in await queues.Receive(TriggerHandlers.WorkQueue, 16, TimeSpan.FromMinutes(5), cancellationToken))
        {
            try
            {
                await handlers.ProcessQueuedWork(message.Text, cancellationToken);
                await queues.Delete(TriggerHandlers.WorkQueue, message, cancellationToken);
            }
            catch (Exception e) when (e is JsonException or UnknownWorkException || message.DequeueCount >= 5)
            {
                // As the Functions host would: set it aside rather than retry forever.
                LogPoisoned(message.Id, e.GetType().Name);
                await queues.Enqueue(TriggerHandlers.WorkQueue + "-poison", message.Text, null, cancellationToken);
                await queues.Delete(TriggerHandlers.WorkQueue, message, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Running standalone: sending the daily digest and processing queued work every {Seconds} s.")]
    private partial void LogDriving(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A standalone trigger pass failed ({Error}); trying again on the next pass.")]
    private partial void LogPassFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queued work {MessageId} could not be processed ({Error}); moved to the poison queue.")]
    private partial void LogPoisoned(string messageId, string error);
}
