using HateCase.Runtime.InMemory;
using HateCase.Runtime.Ports;

namespace HateCase.Azure.Tests;

public sealed class InMemoryTableStoreTests : TableStoreContract
{
    protected override ITableStore Store { get; } = new InMemoryTableStore();
}

public sealed class InMemoryQueueStoreTests : QueueStoreContract
{
    protected override IQueueStore Queues { get; } = new InMemoryQueueStore(TimeProvider.System);
}

public sealed class InMemoryBlobStoreTests : BlobStoreContract
{
    protected override IBlobStore Blobs { get; } = new InMemoryBlobStore();
}
