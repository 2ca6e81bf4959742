using HateCase.Runtime.Ports;

namespace HateCase.Runtime.InMemory;

// Blobs in memory, with the same name rules and missing-blob behaviour as the Azure adapter.
public sealed class InMemoryBlobStore : IBlobStore
{
    private readonly object gate = new();
    private readonly Dictionary<string, SortedDictionary<string, BlobContent>> containers = new(StringComparer.Ordinal);

    public Task Put(string container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        StorageRules.CheckBlobName(name);
        ArgumentNullException.ThrowIfNull(contentType);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!containers.TryGetValue(container, out var blobs))
            {
                blobs = new SortedDictionary<string, BlobContent>(StringComparer.Ordinal);
                containers[container] = blobs;
            }

            blobs[name] = new BlobContent(content.ToArray(), contentType);
        }

        return Task.CompletedTask;
    }

    public Task<BlobContent?> Get(string container, string name, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        StorageRules.CheckBlobName(name);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(containers.TryGetValue(container, out var blobs) && blobs.TryGetValue(name, out var blob)
                ? new BlobContent(blob.Content.ToArray(), blob.ContentType)
                : null);
        }
    }

    public Task<IReadOnlyList<string>> List(string container, string prefix, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        ArgumentNullException.ThrowIfNull(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            IReadOnlyList<string> names = containers.TryGetValue(container, out var blobs)
                ? blobs.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList()
                : [];
            return Task.FromResult(names);
        }
    }

    public Task Delete(string container, string name, CancellationToken cancellationToken)
    {
        StorageRules.CheckContainerName(container);
        StorageRules.CheckBlobName(name);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (containers.TryGetValue(container, out var blobs))
            {
                blobs.Remove(name);
            }
        }

        return Task.CompletedTask;
    }
}
