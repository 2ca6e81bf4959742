using System.Net.Sockets;
using HateCase.Runtime.Ports;
using Microsoft.WindowsAzure.Storage;

namespace HateCase.Azure.Storage;

// Turns storage-client failures into the port's exceptions. Messages carry status, error code,
// table and keys, never an entity body.
internal static class StorageFailures
{
    public static bool IsStorageFailure(Exception exception) =>
        exception is StorageException or HttpRequestException or IOException or SocketException
            or TimeoutException or OperationCanceledException;

    public static int Status(StorageException exception) => exception.RequestInformation?.HttpStatusCode ?? 0;

    public static string? ErrorCode(StorageException exception) =>
        exception.RequestInformation?.ExtendedErrorInformation?.ErrorCode ?? exception.RequestInformation?.ErrorCode;

    public static bool Is(Exception exception, int status, params string[] errorCodes) =>
        exception is StorageException storage && Status(storage) == status &&
        (errorCodes.Length == 0 || errorCodes.Contains(ErrorCode(storage), StringComparer.Ordinal));

    // The client library records 306 ("unused") when it stopped waiting for the service itself:
    // its maximum execution time ran out, or the connection was cancelled. No answer came.
    private const int ClientGaveUp = 306;

    private static bool NoAnswer(StorageException storage) =>
        storage.InnerException is OperationCanceledException or IOException or SocketException or TimeoutException or HttpRequestException;

    // `refine` may map a service answer to a more specific exception; anything it leaves is
    // either an outage (no answer, timeout, throttling, 5xx) or a refused request.
    public static Exception Translate(Exception exception, string operation, CancellationToken cancellationToken,
        Func<StorageException, Exception?>? refine = null)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException($"{operation} was cancelled.", exception, cancellationToken);
        }

        if (exception is not StorageException storage)
        {
            return new StoreUnavailableException($"{operation} failed: {exception.Message}", exception);
        }

        var status = Status(storage);
        if (status is 0 or ClientGaveUp or 408 or 429 or >= 500 || NoAnswer(storage))
        {
            var reason = status == 0 ? storage.InnerException?.Message ?? storage.Message : $"{status} {ErrorCode(storage)}";
            return new StoreUnavailableException($"{operation} failed: the storage service is unavailable ({reason}).", storage);
        }

        return refine?.Invoke(storage)
            ?? new StoreRequestInvalidException($"{operation} was refused: {status} {ErrorCode(storage)}.", storage);
    }
}
