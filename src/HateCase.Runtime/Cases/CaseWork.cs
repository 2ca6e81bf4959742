using HateCase.Domain.Cases;
using HateCase.Runtime.Ports;
using Microsoft.Extensions.Logging;

namespace HateCase.Runtime.Cases;

// The mail port: delivers one outbox item. Adapters: ACS Email, SMTP, the development mailbox.
public interface IMessageSender
{
    Task<SendOutcome> Send(OutboxItem item, CancellationToken cancellationToken);
}

public abstract record SendOutcome
{
    private SendOutcome() { }

    public sealed record Sent : SendOutcome;

    // Worth trying again later (throttled, service busy, network).
    public sealed record TryLater(string Reason, TimeSpan? RetryAfter = null) : SendOutcome;

    // Will never succeed (the address does not exist, the message was refused).
    public sealed record Undeliverable(string Reason) : SendOutcome;
}

// Whether storage was reachable on the last attempt; shown by the health endpoint.
public sealed class RuntimeHealth
{
    private readonly Lock gate = new();

    public bool StorageReachable { get; private set; } = true;

    public DateTimeOffset? OutageSince { get; private set; }

    internal bool ReportOutage(DateTimeOffset at)
    {
        lock (gate)
        {
            if (!StorageReachable)
            {
                return false;
            }
            StorageReachable = false;
            OutageSince = at;
            return true;
        }
    }

    internal bool ReportReachable()
    {
        lock (gate)
        {
            if (StorageReachable)
            {
                return false;
            }
            StorageReachable = true;
            OutageSince = null;
            return true;
        }
    }
}

// Found: entries due; Completed: worked on by this instance; Fired: timers fired (for timers).
public sealed record SweepResult(int Claimed, int Completed, int Failed, int Fired = 0);

// Carries out what falls due across all cases: fires due timers and delivers the outbox.
// Standalone, the app calls these every few seconds; in Azure, timer-triggered functions do.
public sealed partial class CaseWork(
    CaseRuntime runtime, ITableStore tables, IMessageSender sender, TimeProvider clock, RuntimeHealth health, ILogger<CaseWork> logger)
{
    public const string SystemActor = CaseRuntime.SystemActor;

    public async Task<SweepResult> FireDueTimers(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = await Guarded(() => runtime.TimerIndex.FindDue(now, runtime.Options.SweepBatch, cancellationToken));
        if (found is null)
        {
            return new SweepResult(0, 0, 0);
        }
        var fired = 0;
        var results = await ForEach(found, async c =>
        {
            var timers = await Wake(c, now, cancellationToken);
            Interlocked.Add(ref fired, timers ?? 0);
            return timers is null ? null : true;
        }, cancellationToken);
        return new SweepResult(found.Count, results.Count(r => r is true), results.Count(r => r is false), fired);
    }

    // The number of timers fired; null when another instance claimed the entry first.
    private async Task<int?> Wake(DueIndex.Candidate candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await runtime.TimerIndex.TryClaim(candidate, now, runtime.Options.Lease, cancellationToken) is not { } claimed)
        {
            return null;
        }
        var result = await runtime.Wake(claimed.Entry.CaseId, claimed.Entry.DueAt, cancellationToken);
        if (result.Settled || now - claimed.Entry.DueAt > runtime.Options.IndexGrace)
        {
            await runtime.TimerIndex.Remove(claimed, cancellationToken);
        }
        return result.TimersFired;
    }

    // When the next timer of any case falls due after now, as far as the index knows.
    public Task<DateTimeOffset?> NextTimerDue(CancellationToken cancellationToken) =>
        runtime.TimerIndex.NextAfter(clock.GetUtcNow(), cancellationToken);

    public async Task<SweepResult> DeliverOutbox(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = await Guarded(() => runtime.OutboxIndex.FindDue(now, runtime.Options.SweepBatch, cancellationToken));
        if (found is null)
        {
            return new SweepResult(0, 0, 0);
        }
        var results = await ForEach(found, async c =>
            await runtime.OutboxIndex.TryClaim(c, now, runtime.Options.Lease, cancellationToken) is { } claimed
                ? await Deliver(claimed, now, cancellationToken)
                : (bool?)null, cancellationToken);
        return new SweepResult(found.Count, results.Count(r => r is true), results.Count(r => r is false));
    }

    private async Task<bool> Deliver(DueIndex.Claimed claimed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var caseId = claimed.Entry.CaseId;
        var options = runtime.Options;
        var row = await tables.Get(options.CasesTable, caseId, RowKeys.Outbox(claimed.Entry.ItemId), cancellationToken);
        if (row is null)
        {
            if (now - claimed.Entry.DueAt > options.IndexGrace)
            {
                await runtime.OutboxIndex.Remove(claimed, cancellationToken); // its commit never happened
            }
            return true;
        }
        var item = runtime.Read<OutboxItem>(caseId, row);
        if (item.Status != DeliveryStatus.Pending)
        {
            await runtime.OutboxIndex.Remove(claimed, cancellationToken);
            return true;
        }
        var (outcome, attempts) = await Attempt(() => sender.Send(item, cancellationToken), item.Attempts, options.MaxDeliveryAttempts);
        switch (outcome)
        {
            case SendOutcome.Sent:
                await Update(row, item with { Status = DeliveryStatus.Sent, Attempts = attempts, SentAt = now }, cancellationToken);
                await runtime.OutboxIndex.Remove(claimed, cancellationToken);
                return true;
            case SendOutcome.TryLater later:
                // A retry to staff that would land after hours waits for them, as the first try did.
                var next = CaseMessages.SendAt(item.Message, now + (later.RetryAfter ?? Backoff(attempts)), runtime.Policy.Calendar);
                LogDeliveryRetry(item.Key, attempts, later.Reason);
                await runtime.OutboxIndex.Add([(caseId, item.Key, next)], cancellationToken);
                await Update(row, item with { Attempts = attempts, NextAttemptAt = next, FailureReason = later.Reason }, cancellationToken);
                if (DueIndex.Bucket(next) != claimed.PartitionKey)
                {
                    await runtime.OutboxIndex.Remove(claimed, cancellationToken);
                }
                return false;
            case SendOutcome.Undeliverable undeliverable:
                LogUndeliverable(item.Key, undeliverable.Reason);
                await Update(row, item with { Status = DeliveryStatus.Failed, Attempts = attempts, FailureReason = undeliverable.Reason }, cancellationToken);
                await runtime.Handle(caseId, new CaseCommand.RecordUndeliverableMessage(item.Key, undeliverable.Reason),
                    new CommandContext($"undeliverable:{item.Key}", SystemActor), cancellationToken);
                await runtime.OutboxIndex.Remove(claimed, cancellationToken);
                return false;
            default:
                throw new InvalidOperationException("Unknown send outcome.");
        }
    }

    // One more attempt at a delivery. An exception is a reason to try again, until the last
    // attempt, after which the message is given up as undeliverable.
    public static async Task<(SendOutcome Outcome, int Attempts)> Attempt(Func<Task<SendOutcome>> send, int attemptsSoFar, int maxAttempts)
    {
        SendOutcome outcome;
        try
        {
            outcome = await send();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = new SendOutcome.TryLater(e.GetType().Name);
        }
        var attempts = attemptsSoFar + 1;
        return outcome is SendOutcome.TryLater lastTry && attempts >= maxAttempts
            ? (new SendOutcome.Undeliverable($"Gave up after {attempts} attempts: {lastTry.Reason}"), attempts)
            : (outcome, attempts);
    }

    // 30 s, 1 min, 2 min ... up to an hour between attempts.
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));

    private Task Update(TableRow row, OutboxItem item, CancellationToken cancellationToken) =>
        tables.Commit(runtime.Options.CasesTable, [new RowWrite(RowOperation.Replace, row with { Body = CaseJson.Serialize(item) })], cancellationToken);

    private async Task<T?> Guarded<T>(Func<Task<T>> work) where T : class
    {
        try
        {
            var result = await work();
            if (health.ReportReachable())
            {
                LogStorageBack();
            }
            return result;
        }
        catch (StoreUnavailableException)
        {
            if (health.ReportOutage(clock.GetUtcNow()))
            {
                LogStorageOutage();
            }
            return null;
        }
    }

    private async Task<IReadOnlyList<bool?>> ForEach(IReadOnlyList<DueIndex.Candidate> claimed, Func<DueIndex.Candidate, Task<bool?>> work, CancellationToken cancellationToken)
    {
        var results = new bool?[claimed.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, claimed.Count),
            new ParallelOptions { MaxDegreeOfParallelism = runtime.Options.SweepParallelism, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                try
                {
                    results[i] = await work(claimed[i]);
                }
                catch (StoreException e)
                {
                    // The lease runs out and the entry is tried again on a later sweep.
                    if (e is StoreUnavailableException && health.ReportOutage(clock.GetUtcNow()))
                    {
                        LogStorageOutage();
                    }
                    LogWorkFailed(claimed[i].Entry.CaseId, e.GetType().Name);
                    results[i] = false;
                }
            });
        return results;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is unavailable; due work waits and is retried.")]
    private partial void LogStorageOutage();

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage is reachable again; catching up.")]
    private partial void LogStorageBack();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Due work for case {CaseId} failed ({Error}); it will be retried.")]
    private partial void LogWorkFailed(string caseId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {Key} not delivered on attempt {Attempt} ({Reason}); retrying later.")]
    private partial void LogDeliveryRetry(string key, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Key} is undeliverable ({Reason}); recorded on its case.")]
    private partial void LogUndeliverable(string key, string reason);
}
