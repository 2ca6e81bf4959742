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

    // How many storage calls the dispatcher (orchestrations and activities) makes at once. Azurite
    // serves one request at a time and its cost per call grows with what it holds, so more than a
    // few in flight only queue inside it, ahead of the app's own requests (a report's claim and
    // start), which then wait behind every case turn in progress. Two was best for both the intake
    // and the reminders when 1, 2, 4 and 8 were measured (README, Benchmarks). The library's
    // default is 25 a processor core, for Azure Storage.
    public int MaxStorageOperationConcurrency { get; init; } = 2;

    // How long a message a worker has taken stays hidden from other workers. A worker that dies
    // holding one (an activity it was running, say) leaves it hidden this long before it is taken
    // again; a live worker renews it while it works. Azure's default is 5 minutes.
    public TimeSpan QueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    // Optional: added to every storage client of the backend (tables, queues, blobs), e.g. to count
    // and time its storage calls, as the benchmark does.
    public Azure.Core.Pipeline.HttpPipelinePolicy? StorageRequestPolicy { get; init; }

    // How orchestration inputs, events and activity data are written.
    public DataConverter? DataConverter { get; init; }
}
