using Microsoft.DurableTask;

namespace HateCase.LocalDurable;

public sealed class LocalDurableOptions
{
    // An Azure Storage connection string (Azurite's locally).
    public required string StorageConnection { get; init; }

    // Names the queues, tables and blob containers of this hub; several hubs can share an account.
    public required string TaskHub { get; init; }

    // Stable across restarts of the same process, so a restarted worker takes its partitions
    // straight back instead of waiting for their leases to run out.
    public string WorkerId { get; init; } = Environment.MachineName;

    // How long an idle worker may wait between polls of its queues; short locally, so a new input
    // is picked up within about a second.
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int PartitionCount { get; init; } = 4;

    // How long a message a worker has taken stays hidden from other workers. A worker that dies
    // holding one (an activity it was running, say) leaves it hidden this long before it is taken
    // again; a live worker renews it while it works. Azure's default is 5 minutes.
    public TimeSpan QueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    // How orchestration inputs, events and activity data are written.
    public DataConverter? DataConverter { get; init; }
}
