using HateCase.Azure.Storage;
using HateCase.Runtime.Ports;
using Microsoft.WindowsAzure.Storage;

namespace HateCase.Azure.Tests;

public class StorageFailuresTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(306)]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(503)]
    public void A_service_that_did_not_answer_in_time_is_an_outage_to_retry(int status)
    {
        var failure = new StorageException(new RequestResult { HttpStatusCode = status }, "no answer", null);

        Assert.IsType<StoreUnavailableException>(StorageFailures.Translate(failure, "Reading a row", CancellationToken.None));
    }

    [Fact]
    public void A_request_the_client_cancelled_while_waiting_is_an_outage_whatever_status_it_records()
    {
        var failure = new StorageException(new RequestResult { HttpStatusCode = 400 }, "The operation was canceled.",
            new TaskCanceledException("The operation was canceled."));

        Assert.IsType<StoreUnavailableException>(StorageFailures.Translate(failure, "Reading a row", CancellationToken.None));
    }

    [Fact]
    public void A_request_the_service_refused_is_not_retried()
    {
        var failure = new StorageException(new RequestResult { HttpStatusCode = 400 }, "Bad Request", null);

        Assert.IsType<StoreRequestInvalidException>(StorageFailures.Translate(failure, "Reading a row", CancellationToken.None));
    }
}
