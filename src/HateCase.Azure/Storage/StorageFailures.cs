using System.Net.Sockets;
using Azure;
using HateCase.Runtime.Ports;

namespace HateCase.Azure.Storage;

// Turns storage-client failures into the port's exceptions. Messages carry status, error code,
// table and keys, never an entity body.
internal static class StorageFailures
{
    public static bool IsStorageFailure(Exception exception) =>
        exception is RequestFailedException or AggregateException or HttpRequestException or IOException or SocketException
            or TimeoutException or OperationCanceledException;

    public static bool Is(Exception exception, int status, params string[] errorCodes) =>
        exception is RequestFailedException failed && failed.Status == status &&
        (errorCodes.Length == 0 || errorCodes.Contains(failed.ErrorCode, StringComparer.Ordinal));

    // `refine` may map a service answer to a more specific exception; anything it leaves is
    // either an outage (no answer, a timeout, throttling, 5xx) or a refused request.
    public static Exception Translate(Exception exception, string operation, CancellationToken cancellationToken,
        Func<RequestFailedException, Exception?>? refine = null)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException($"{operation} was cancelled.", exception, cancellationToken);
        }

        // Status 0: the client got no answer (connection refused or reset, or its own timeout ran out).
        if (exception is not RequestFailedException failed || failed.Status is 0 or 408 or 429 or >= 500)
        {
            var reason = exception is RequestFailedException { Status: not 0 } answered
                ? $"{answered.Status} {answered.ErrorCode}"
                : (exception.InnerException ?? exception).Message;
            return new StoreUnavailableException($"{operation} failed: the storage service is unavailable ({reason}).", exception);
        }

        return refine?.Invoke(failed)
            ?? new StoreRequestInvalidException($"{operation} was refused: {failed.Status} {failed.ErrorCode}.", failed);
    }
}
