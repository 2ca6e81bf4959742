using Azure;

namespace HateCase.App.Hosting;

// Whether storage answers now: one small read, at most every few seconds.
public sealed class StorageHealth(Azure.Storage.AzureStorage storage, TimeProvider clock)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim gate = new(1, 1);
    private (DateTimeOffset At, bool Reachable, DateTimeOffset? OutageSince) last = (DateTimeOffset.MinValue, true, null);

    public async Task<(bool Reachable, DateTimeOffset? OutageSince)> Check(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (now - last.At < CheckEvery && now >= last.At)
            {
                return (last.Reachable, last.OutageSince);
            }
            var reachable = await Answers(cancellationToken);
            last = (now, reachable, reachable ? null : last.OutageSince ?? now);
            return (last.Reachable, last.OutageSince);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<bool> Answers(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await foreach (var _ in storage.TableService.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages().WithCancellation(timeout.Token))
            {
                break;
            }
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
