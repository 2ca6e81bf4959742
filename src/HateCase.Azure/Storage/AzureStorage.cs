using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace HateCase.Azure.Storage;

// No retries inside the storage clients and a short timeout: the runtime owns retries, so an
// outage must surface quickly as StoreUnavailableException rather than hang in hidden back-off loops.
public sealed record AzureStorageOptions
{
    // The longest one request may take, answer included.
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    // Tests reach a loopback server with its own certificate through this.
    internal HttpPipelineTransport? Transport { get; init; }
}

public sealed class AzureStorage
{
    private AzureStorage(TableServiceClient tableService, BlobServiceClient blobService, QueueServiceClient queueService)
    {
        TableService = tableService;
        BlobService = blobService;
        QueueService = queueService;
        Tables = new AzureTableStore(tableService);
        Blobs = new AzureBlobStore(blobService);
        Queues = new AzureQueueStore(queueService);
    }

    public TableServiceClient TableService { get; }

    public BlobServiceClient BlobService { get; }

    public QueueServiceClient QueueService { get; }

    public AzureTableStore Tables { get; }

    public AzureBlobStore Blobs { get; }

    public AzureQueueStore Queues { get; }

    // Accepts a full connection string or "UseDevelopmentStorage=true" (the emulator's default ports).
    public static AzureStorage FromConnectionString(string connectionString, AzureStorageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        options ??= new AzureStorageOptions();
        try
        {
            return new AzureStorage(
                new TableServiceClient(connectionString, Configure(new TableClientOptions(), options)),
                new BlobServiceClient(connectionString, Configure(new BlobClientOptions(), options)),
                new QueueServiceClient(connectionString, Configure(QueueOptions(), options)));
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException)
        {
            // The parser's own message could echo the account key, so it is not passed on.
            throw new ArgumentException("The storage connection string could not be parsed.", nameof(connectionString));
        }
    }

    // An account reached with an Entra ID token (a managed identity in Azure): no key to keep.
    public static AzureStorage FromServiceUris(Uri tableServiceUri, Uri blobServiceUri, Uri queueServiceUri, TokenCredential credential,
        AzureStorageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        ArgumentNullException.ThrowIfNull(queueServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new AzureStorageOptions();
        return new AzureStorage(
            new TableServiceClient(tableServiceUri, credential, Configure(new TableClientOptions(), options)),
            new BlobServiceClient(blobServiceUri, credential, Configure(new BlobClientOptions(), options)),
            new QueueServiceClient(queueServiceUri, credential, Configure(QueueOptions(), options)));
    }

    // Messages travel base64-encoded: what the Functions queue trigger decodes by default.
    private static QueueClientOptions QueueOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    private static T Configure<T>(T clientOptions, AzureStorageOptions options)
        where T : ClientOptions
    {
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        if (options.Transport is { } transport)
        {
            clientOptions.Transport = transport;
        }
        return clientOptions;
    }
}
