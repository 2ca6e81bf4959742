using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using HateCase.Runtime.Ports;

namespace HateCase.Azure.Storage;

public sealed class AzureBlobStore : IBlobStore
{
    private const string FallbackContentType = "application/octet-stream";

    private readonly BlobServiceClient client;
    private readonly ConcurrentDictionary<string, bool> ensuredContainers = new(StringComparer.Ordinal);

    public AzureBlobStore(BlobServiceClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
    }

    public async Task Put(string container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        StorageRules.CheckBlobName(name);
        ArgumentNullException.ThrowIfNull(contentType);
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

        // With options and no conditions, an upload replaces the blob if it is there.
        Task Upload() => client.GetBlobContainerClient(container).GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
    }

    public async Task<BlobContent?> Get(string container, string name, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        StorageRules.CheckBlobName(name);
        BlobDownloadResult result;
        try
        {
            result = await client.GetBlobContainerClient(container).GetBlobClient(name)
                .DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFailures.Is(exception, 404))
        {
            return null;
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            throw StorageFailures.Translate(exception, $"Reading blob {name} from {container}", cancellationToken);
        }

        return new BlobContent(result.Content.ToMemory(), result.Details.ContentType ?? FallbackContentType);
    }

    public async Task<IReadOnlyList<string>> List(string container, string prefix, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        ArgumentNullException.ThrowIfNull(prefix);
        var names = new List<string>();
        try
        {
            await foreach (var blob in client.GetBlobContainerClient(container)
                .GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
            {
                names.Add(blob.Name);
            }
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
            await client.GetBlobContainerClient(container).GetBlobClient(name)
                .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)
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

        await client.GetBlobContainerClient(container)
            .CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        ensuredContainers.TryAdd(container, true);
    }
}
