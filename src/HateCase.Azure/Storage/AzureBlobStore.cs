using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using HateCase.Runtime.Ports;
using Microsoft.WindowsAzure.Storage.Blob;
using Microsoft.WindowsAzure.Storage.RetryPolicies;

namespace HateCase.Azure.Storage;

public sealed class AzureBlobStore : IBlobStore
{
    private const string FallbackContentType = "application/octet-stream";

    private readonly CloudBlobClient client;
    private readonly BlobRequestOptions requestOptions;
    private readonly ConcurrentDictionary<string, bool> ensuredContainers = new(StringComparer.Ordinal);

    public AzureBlobStore(CloudBlobClient client, AzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        requestOptions = new BlobRequestOptions
        {
            RetryPolicy = new NoRetry(),
            ServerTimeout = options.ServerTimeout,
            MaximumExecutionTime = options.MaximumExecutionTime,
        };
    }

    public async Task Put(string container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        StorageRules.CheckBlobName(name);
        ArgumentNullException.ThrowIfNull(contentType);
        var bytes = MemoryMarshal.TryGetArray(content, out var segment) ? segment : new ArraySegment<byte>(content.ToArray());
        var operation = $"Writing blob {name} to {container}";
        try
        {
            await EnsureContainer(container, cancellationToken).ConfigureAwait(false);
            try
            {
                await Upload().ConfigureAwait(false);
            }
            catch (Exception exception) when (StorageFailures.Is(exception, 404, "ContainerNotFound"))
            {
                // Deleted since it was created here: create it again, once.
                ensuredContainers.TryRemove(container, out _);
                await EnsureContainer(container, cancellationToken).ConfigureAwait(false);
                await Upload().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, operation, cancellationToken);
        }

        Task Upload()
        {
            var blob = client.GetContainerReference(container).GetBlockBlobReference(name);
            blob.Properties.ContentType = contentType;
            return blob.UploadFromByteArrayAsync(bytes.Array, bytes.Offset, bytes.Count, null, requestOptions, null, cancellationToken);
        }
    }

    public async Task<BlobContent?> Get(string container, string name, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        StorageRules.CheckBlobName(name);
        var blob = client.GetContainerReference(container).GetBlockBlobReference(name);
        using var buffer = new MemoryStream();
        try
        {
            await blob.DownloadToStreamAsync(buffer, null, requestOptions, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFailures.Is(exception, 404))
        {
            return null;
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Reading blob {name} from {container}", cancellationToken);
        }

        return new BlobContent(buffer.ToArray(), blob.Properties.ContentType ?? FallbackContentType);
    }

    public async Task<IReadOnlyList<string>> List(string container, string prefix, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        ArgumentNullException.ThrowIfNull(prefix);
        var reference = client.GetContainerReference(container);
        var names = new List<string>();
        BlobContinuationToken? token = null;
        try
        {
            do
            {
                var segment = await reference.ListBlobsSegmentedAsync(prefix, true, BlobListingDetails.None, null, token,
                    requestOptions, null, cancellationToken).ConfigureAwait(false);
                names.AddRange(segment.Results.OfType<CloudBlob>().Select(blob => blob.Name));
                token = segment.ContinuationToken;
            }
            while (token is not null);
        }
        catch (Exception exception) when (StorageFailures.Is(exception, 404, "ContainerNotFound"))
        {
            return [];
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Listing blobs of {container}", cancellationToken);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public async Task Delete(string container, string name, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        StorageRules.CheckBlobName(name);
        try
        {
            await client.GetContainerReference(container).GetBlockBlobReference(name)
                .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, null, requestOptions, null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFailures.Is(exception, 404))
        {
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Deleting blob {name} from {container}", cancellationToken);
        }
    }

    private async Task EnsureContainer(string container, CancellationToken cancellationToken)
    {
        if (ensuredContainers.ContainsKey(container))
        {
            return;
        }

        await client.GetContainerReference(container)
            .CreateIfNotExistsAsync(BlobContainerPublicAccessType.Off, requestOptions, null, cancellationToken)
            .ConfigureAwait(false);
        ensuredContainers.TryAdd(container, true);
    }
}
