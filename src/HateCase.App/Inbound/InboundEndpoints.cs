using System.Text;
using System.Text.Json;
using HateCase.App.Functions;
using HateCase.Inbound;
using HateCase.Inbound.Email;
using HateCase.Runtime.Ports;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Inbound;

// Thin handlers: each passes what it received to InboundMail and answers with its result.
public static class InboundEndpoints
{
    // Graph's notifications are small; anything larger is not one.
    private const int MaxNotificationBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    // Graph's change and lifecycle notifications, and its validation handshake: answered exactly
    // as InboundMail says (status, content type and body).
    public static async Task<IResult> ReceiveNotification(HttpRequest http, InboundMail mail, CancellationToken ct)
    {
        if (http.ContentLength > MaxNotificationBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        string body;
        try
        {
            body = await ReadText(http, MaxNotificationBytes, ct);
        }
        catch (PayloadTooLargeException)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var reply = await mail.ReceiveNotification(http.QueryString.Value, body, ct);
        return reply.Body is null
            ? TypedResults.StatusCode(reply.StatusCode)
            : TypedResults.Text(reply.Body, reply.ContentType, Encoding.UTF8, reply.StatusCode);
    }

    // Development only: an email to the development ASB@ mailbox, delivered through the inbound
    // queue as a Graph notification would deliver it. 202 with the message's id.
    public static async Task<IResult> SendToDevelopmentInbox(HttpRequest http, DevelopmentInboundMail inbound, CancellationToken ct)
    {
        if (http.ContentLength > DevelopmentInboundMail.MaxRequestBytes)
        {
            return TooLarge();
        }
        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = DevelopmentInboundMail.MaxRequestBytes;
        }
        DevelopmentMailRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<DevelopmentMailRequest>(await ReadText(http, DevelopmentInboundMail.MaxRequestBytes, ct), Web);
        }
        catch (PayloadTooLargeException)
        {
            return TooLarge();
        }
        catch (JsonException)
        {
            return TypedResults.Problem("The body is not a JSON email.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (request is null)
        {
            return TypedResults.Problem("The body is not a JSON email.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (DevelopmentInboundMail.Problems(request) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var delivered = await inbound.Deliver(request, ct);
        return TypedResults.Accepted($"/api/dev/inbound-mail/{delivered.Id}", delivered);
    }

    // Development only: where a sent email is now, and what it became.
    public static async Task<IResult> DevelopmentMessageStatus(
        string id, DevelopmentInbox inbox, InboundMailOptions options, ITableStore tables, CancellationToken ct)
    {
        if (await inbox.Find(id, ct) is not { } found)
        {
            return TypedResults.Problem("There is no such message in the development inbox.", statusCode: StatusCodes.Status404NotFound);
        }
        var processed = await new ProcessedMessages(tables, options.ProcessedTable).Find(MessageKey.For(found.Message.InternetMessageId), ct);
        return TypedResults.Ok(new DevelopmentMessageStatus(id, found.Folder, processed?.Outcome, processed?.CaseId, processed?.Reason));
    }

    private static IResult TooLarge() => TypedResults.Problem(
        $"An email sent to the development mailbox may be at most {DevelopmentInboundMail.MaxRequestBytes / (1024 * 1024)} MB.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    private sealed class PayloadTooLargeException : Exception;

    private static async Task<string> ReadText(HttpRequest http, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await http.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new PayloadTooLargeException();
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new PayloadTooLargeException();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

// The ASB@ mailbox's functions. Graph's webhook answers only when the mailbox is read through
// Graph, the development mailbox's only in Development without one; otherwise they are not found.
public sealed partial class InboundFunctions(RequestGate gate, InboundMailSwitch inbound, IServiceProvider services, ILogger<InboundFunctions> logger)
{
    // The queue the ASB@ mailbox's work goes on (Inbound:QueueName's default). The Functions host
    // reads it from here; only a local run may move it (see Program).
    public const string Queue = "inbound-mail";

    [Function("InboundNotifications")]
    public Task<IResult> InboundNotifications([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/inbound/notifications")] HttpRequest request) =>
        gate.Serve(request, http => inbound.Mode == InboundMailMode.Graph
            ? InboundEndpoints.ReceiveNotification(http.Request, Mail, http.RequestAborted)
            : Task.FromResult<IResult>(TypedResults.NotFound()));

    [Function("DevelopmentInboundMail")]
    public Task<IResult> DevelopmentInboundMail([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dev/inbound-mail")] HttpRequest request) =>
        gate.Serve(request, http => inbound.Mode == InboundMailMode.DevelopmentMailbox
            ? InboundEndpoints.SendToDevelopmentInbox(http.Request, services.GetRequiredService<DevelopmentInboundMail>(), http.RequestAborted)
            : Task.FromResult<IResult>(TypedResults.NotFound()));

    [Function("DevelopmentInboundMailStatus")]
    public Task<IResult> DevelopmentInboundMailStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dev/inbound-mail/{id}")] HttpRequest request, string id) =>
        gate.Serve(request, http => inbound.Mode == InboundMailMode.DevelopmentMailbox
            ? InboundEndpoints.DevelopmentMessageStatus(id, services.GetRequiredService<DevelopmentInbox>(), services.GetRequiredService<InboundMailOptions>(),
                services.GetRequiredService<ITableStore>(), http.RequestAborted)
            : Task.FromResult<IResult>(TypedResults.NotFound()));

    // A failure leaves the message to the queue: tried again, then moved to inbound-mail-poison.
    // What is thrown names only the kind of failure, so no part of an email reaches the host's logs.
    [Function("ProcessInboundMail")]
    public async Task ProcessInboundMail([QueueTrigger(Queue)] string message, [DurableClient] DurableTaskClient caseClient, CancellationToken cancellationToken)
    {
        if (inbound.Mode == InboundMailMode.Off)
        {
            throw new InboundMailWorkFailed("inbound mail is off (no Inbound:Mailbox)");
        }
        try
        {
            await Mail.HandleWork(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWorkFailed(e.GetType().Name);
            throw new InboundMailWorkFailed(e.GetType().Name);
        }
    }

    // Keeps the Graph subscription alive and catches up on missed mail; with no Graph mailbox
    // there is nothing to do. A failure is tried again on the next run.
    [Function("MaintainMailbox")]
    public async Task MaintainMailbox([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (inbound.Mode != InboundMailMode.Graph)
        {
            return;
        }
        try
        {
            await Mail.Maintain(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogMaintainFailed(e.GetType().Name);
            throw new InboundMailWorkFailed(e.GetType().Name);
        }
    }

    private InboundMail Mail => services.GetRequiredService<InboundMail>();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound mail work failed ({Error}); the queue will deliver it again.")]
    private partial void LogWorkFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping the mailbox subscription and catching up failed ({Error}); trying again in 15 minutes.")]
    private partial void LogMaintainFailed(string error);
}

public sealed class InboundMailWorkFailed(string failure) : Exception($"Inbound mail work failed: {failure}.");
