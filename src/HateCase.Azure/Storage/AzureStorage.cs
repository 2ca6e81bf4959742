using Microsoft.WindowsAzure.Storage;

namespace HateCase.Azure.Storage;

// Short timeouts and no retries inside the storage client: the runtime owns retries, so an outage
// must surface quickly as StoreUnavailableException rather than hang in hidden back-off loops.
public sealed record AzureStorageOptions
{
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaximumExecutionTime { get; init; } = TimeSpan.FromSeconds(10);
}

public sealed class AzureStorage
{
    private AzureStorage(AzureTableStore tables, AzureBlobStore blobs, AzureQueueStore queues)
    {
        Tables = tables;
        Blobs = blobs;
        Queues = queues;
    }

    public AzureTableStore Tables { get; }

    public AzureBlobStore Blobs { get; }

    public AzureQueueStore Queues { get; }

    // Accepts a full connection string or "UseDevelopmentStorage=true" (the emulator's default ports).
    public static AzureStorage FromConnectionString(string connectionString, AzureStorageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        options ??= new AzureStorageOptions();

        // The parser's own message could echo the account key, so it is not passed on.
        if (!CloudStorageAccount.TryParse(connectionString, out var account))
        {
            throw new ArgumentException("The storage connection string could not be parsed.", nameof(connectionString));
        }

        return new AzureStorage(
            new AzureTableStore(account.CreateCloudTableClient(), options),
            new AzureBlobStore(account.CreateCloudBlobClient(), options),
            new AzureQueueStore(account.CreateCloudQueueClient(), options));
    }
}
