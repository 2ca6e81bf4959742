using Azure.Core;
using Azure.Core.Pipeline;

namespace HateCase.Storage.Tests;

// Storage requests stopped or held at a chosen point, as a process killed or paused there would
// leave them, for the tests that stop a writer part-way.
public sealed class ProcessStopped() : Exception("The process stopped here.");

// From the first request that meets the point on, nothing more leaves the process.
public sealed class StopAt(Func<Request, bool> point) : HttpPipelinePolicy
{
    private int stopped;

    public bool Stopped => Volatile.Read(ref stopped) == 1;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message.Request);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message.Request);
        return ProcessNextAsync(message, pipeline);
    }

    private void Check(Request request)
    {
        if (Stopped || point(request))
        {
            Volatile.Write(ref stopped, 1);
            throw new ProcessStopped();
        }
    }
}

// Holds the first request that meets the point until released, as a process paused by the
// garbage collector or a stalled network would.
public sealed class HoldAt(Func<Request, bool> point) : HttpPipelinePolicy
{
    private int held;

    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The recorder sends its requests asynchronously.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (point(message.Request) && Interlocked.Exchange(ref held, 1) == 0)
        {
            Holding.SetResult();
            await Release.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        await ProcessNextAsync(message, pipeline);
    }
}
