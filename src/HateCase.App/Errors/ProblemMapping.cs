using HateCase.Runtime.Ports;
using Microsoft.AspNetCore.Diagnostics;

namespace HateCase.App.Errors;

// Failures become HTTP here and nowhere else. Problem details never echo exception messages
// (they may name rows or carry what someone typed); the log records the kind of failure only.
public sealed partial class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            StoreUnavailableException => (StatusCodes.Status503ServiceUnavailable, "The case store is unavailable just now. Nothing was lost; please try again in a minute."),
            ConcurrencyConflictException => (StatusCodes.Status409Conflict, "The case was changing at the same moment. Please try again."),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "The request was cancelled."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side. It has been logged."),
        };
        if (status >= 500)
        {
            // Storage errors name tables and keys (ids and keyed hashes), never what people wrote.
            var detail = exception is StoreException ? exception.Message : "";
            LogFailure(exception.GetType().Name, http.Request.Method, http.Request.Path, detail);
        }
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = "30";
        }
        http.Response.StatusCode = status;
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            // A person on a page gets a page, not JSON.
            await HtmlMessage.Page("Sorry, there is a problem with the service", title, status).ExecuteAsync(http);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title },
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Error} while handling {Method} {Path}. {Detail}")]
    private partial void LogFailure(string error, string method, string path, string detail);
}
