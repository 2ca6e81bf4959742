using System.Text;
using System.Text.Json;
using HateCase.App.Functions;
using HateCase.Inbound;
using HateCase.Inbound.Email;
using HateCase.Runtime.Ports;
using Microsoft.AspNetCore.Http.Features;

namespace HateCase.App.Inbound;

// Thin handlers: each trigger passes what it received to InboundMail and answers with its result.
public static partial class InboundEndpoints
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

    // The queue trigger: a non-2xx answer fails the invocation, so the host delivers it again.
    public static async Task<IResult> ProcessInboundMail(HttpRequest http, InboundMail mail, ILoggerFactory loggers, CancellationToken ct)
    {
        var (text, problem) = await TriggerEndpoints.ReadQueueMessage(http, ct);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            await mail.HandleWork(text!, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWorkFailed(loggers.CreateLogger(typeof(InboundEndpoints)), e.GetType().Name);
            return TypedResults.Problem($"The inbound mail work failed ({e.GetType().Name}); it will be tried again.", statusCode: StatusCodes.Status500InternalServerError);
        }
        return TypedResults.Ok(new InvocationResponse([], [], null));
    }

    // The timer: keep the Graph subscription alive and catch up on missed mail.
    public static async Task<IResult> MaintainMailbox(HttpContext http, InboundMailSwitch inbound, CancellationToken ct)
    {
        switch (inbound.Mode)
        {
            case InboundMailMode.Graph:
                await http.RequestServices.GetRequiredService<InboundMail>().Maintain(ct);
                return TypedResults.Ok(new InvocationResponse([], ["Kept the mailbox subscription and caught up."], null));
            case InboundMailMode.DevelopmentMailbox:
                return TypedResults.Ok(new InvocationResponse([], ["The development mailbox needs no upkeep."], null));
            default:
                return TypedResults.Ok(new InvocationResponse([], ["Inbound mail is off: no Inbound:Mailbox is configured."], null));
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound mail work failed ({Error}); the queue will deliver it again.")]
    private static partial void LogWorkFailed(ILogger logger, string error);
}
