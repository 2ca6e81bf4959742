using Azure;
using HateCase.Azure.Storage;
using HateCase.Runtime.Ports;

namespace HateCase.Azure.Tests;

public class StorageFailuresTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public void A_service_that_did_not_answer_or_was_busy_is_an_outage_to_retry(int status)
    {
        var failure = new RequestFailedException(status, "no answer");

        Assert.IsType<StoreUnavailableException>(StorageFailures.Translate(failure, "Reading a row", CancellationToken.None));
    }

    [Fact]
    public void A_request_the_client_gave_up_waiting_on_is_an_outage()
    {
        var failure = new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout.");

        Assert.IsType<StoreUnavailableException>(StorageFailures.Translate(failure, "Reading a row", CancellationToken.None));
    }

    [Fact]
    public void A_request_cancelled_by_its_caller_is_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.IsType<OperationCanceledException>(StorageFailures.Translate(new TaskCanceledException(), "Reading a row", cancelled.Token));
    }

    [Fact]
    public void A_request_the_service_refused_is_not_retried()
    {
        var failure = new RequestFailedException(400, "Bad Request", "InvalidInput", null);

        var translated = Assert.IsType<StoreRequestInvalidException>(StorageFailures.Translate(failure, "Reading a row", CancellationToken.None));
        Assert.Contains("400 InvalidInput", translated.Message);
    }
}
