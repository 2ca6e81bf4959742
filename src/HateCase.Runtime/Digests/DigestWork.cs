using System.Globalization;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Ports;
using Microsoft.Extensions.Logging;

namespace HateCase.Runtime.Digests;

// Bound from the "Digest" section.
public sealed class DigestOptions
{
    public const string Section = "Digest";

    public bool Enabled { get; set; } = true;

    // UK local time from which the day's digest goes out on working days; unset, or earlier than
    // the office opens, it goes at the opening. Digests go only in office hours.
    public TimeOnly? SendFrom { get; set; }

    // Calendar days a day's digests are kept (what each officer was told, and whether it went);
    // older days are removed once a day's digests are all sent or failed.
    public int KeepDays { get; set; } = DefaultKeepDays;

    public const int DefaultKeepDays = 90;

    public const int MaxKeepDays = 3650;

    public bool IsValid => KeepDays is >= 1 and <= MaxKeepDays;

    // Set by the host: the table the day's digests are kept in.
    public string Table { get; set; } = "Digests";

    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    public int Parallelism { get; set; } = 8;

    public int MaxDeliveryAttempts { get; set; } = 10;
}

// Where the digests' cases come from: every case with a missed promise or a deadline before the
// time, as last recorded, and the landlord's profile and calendar they are read with.
public interface IDigestCases
{
    ServiceProfile Profile { get; }

    WorkingCalendar Calendar { get; }

    IAsyncEnumerable<(string CaseId, CaseState State)> CasesNeedingAttentionBefore(DateTimeOffset before, CancellationToken cancellationToken);
}

// What one pass did: the working day it worked on (null when no digest is due now).
public sealed record DigestPass(DateOnly? Day, int Planned, int Sent, int Failed);

// Sends the officers' morning list. Each working day, on the first pass after the send time, the
// digests are planned from the cases and kept, one row per recipient in the day's partition, with
// a marker row written last; then each row is claimed (ETag), sent and marked. Every step can be
// repeated: a second instance or a crash in between plans nothing twice and sends nothing twice.
// A digest still unsent when the office closes is left unsent: yesterday's list would mislead.
// Once a day is done, days older than Digest:KeepDays are removed.
public sealed partial class DigestWork(
    IDigestCases cases, ITableStore tables, IDigestSender sender, TimeProvider clock, DigestOptions options, ILogger<DigestWork> logger)
{
    public const string PlannedMarker = "~planned";

    // Rows a transaction writes at once, well inside the 4 MiB entity-group limit for long lists.
    private const int RowsPerCommit = 20;

    // Deletes carry no body: a transaction's limit of 100 rows is the bound.
    private const int RowsPerDelete = 100;

    // The day whose digests this instance has seen all sent or failed: later passes skip it.
    private string? finishedDay;

    private string Table => options.Table;

    public async Task<DigestPass> Run(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!options.Enabled || DailyDigest.DayToSend(now, cases.Calendar, options.SendFrom) is not { } day)
        {
            return new DigestPass(null, 0, 0, 0);
        }
        var partition = DayPartition(day);
        if (Volatile.Read(ref finishedDay) == partition)
        {
            return new DigestPass(day, 0, 0, 0);
        }
        var planned = await tables.Get(Table, partition, PlannedMarker, cancellationToken) is null
            ? await Plan(day, partition, now, cancellationToken)
            : 0;
        var (sent, failed, waiting) = await Deliver(partition, cancellationToken);
        if (waiting == 0)
        {
            await RemoveDaysBefore(day.AddDays(-options.KeepDays), cancellationToken);
            Volatile.Write(ref finishedDay, partition);
        }
        return new DigestPass(day, planned, sent, failed);
    }

    // One try at sending; a failure that would be worth retrying is final after the last attempt.
    private static async Task<(SendOutcome Outcome, int Attempts)> Attempt(Func<Task<SendOutcome>> send, int attemptsSoFar, int maxAttempts)
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
    private static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));

    public static string DayPartition(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Row keys may not hold / \ # ? or control characters; staff ids are escaped to be safe.
    public static string RecipientKey(MessageRecipient recipient) => recipient switch
    {
        MessageRecipient.Officer officer => "officer|" + Uri.EscapeDataString(officer.OfficerId),
        MessageRecipient.Team team => "team|" + Uri.EscapeDataString(team.Role),
        _ => throw new ArgumentException("A digest goes to an officer or a team.", nameof(recipient)),
    };

    public async Task<IReadOnlyList<DigestItem>> List(DateOnly day, CancellationToken cancellationToken)
    {
        var items = new List<DigestItem>();
        await foreach (var (item, _) in Rows(DayPartition(day), cancellationToken))
        {
            items.Add(item);
        }
        return items;
    }

    private async Task<int> Plan(DateOnly day, string partition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var found = new List<(string, CaseState)>();
        await foreach (var one in cases.CasesNeedingAttentionBefore(DailyDigest.LooksAheadTo(day, cases.Calendar), cancellationToken))
        {
            found.Add(one);
        }
        var digests = DailyDigest.Plan(day, found, cases.Profile, cases.Calendar);
        // The message key names this plan too: keys must be unique to the mail service across
        // every deployment that shares it, and the row stored first is the one that is sent.
        var plan = Guid.NewGuid().ToString("N");
        var rows = digests
            .Select(d =>
            {
                var key = RecipientKey(d.Recipient);
                var item = new DigestItem($"digest|{partition}|{key}|{plan}", d, DeliveryStatus.Pending, 0, now, now, null, null, null);
                return new TableRow(partition, key, CaseJson.Serialize(item));
            })
            .Append(new TableRow(partition, PlannedMarker, CaseJson.Serialize(new PlannedDay(now, digests.Count))))
            .ToList();
        foreach (var batch in rows.Chunk(RowsPerCommit))
        {
            await InsertAll(batch, cancellationToken);
        }
        LogPlanned(partition, digests.Count, found.Count);
        return digests.Count;
    }

    private sealed record PlannedDay(DateTimeOffset PlannedAt, int Digests);

    // Another instance planning the same day writes the same rows: whichever lands first stays.
    private async Task InsertAll(IReadOnlyList<TableRow> rows, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Commit(Table, rows.Select(r => new RowWrite(RowOperation.Insert, r)).ToList(), cancellationToken);
        }
        catch (RowExistsException)
        {
            foreach (var row in rows)
            {
                try
                {
                    await tables.Commit(Table, [new RowWrite(RowOperation.Insert, row)], cancellationToken);
                }
                catch (RowExistsException)
                {
                }
            }
        }
    }

    // Waiting: the digests still pending after this pass, here or with another instance.
    private async Task<(int Sent, int Failed, int Waiting)> Deliver(string partition, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = new List<(DigestItem Item, TableRow Row)>();
        var pending = 0;
        await foreach (var (item, row) in Rows(partition, cancellationToken))
        {
            if (item.Status != DeliveryStatus.Pending)
            {
                continue;
            }
            pending++;
            if (item.NextAttemptAt <= now && (item.LeaseUntil is not { } lease || lease <= now))
            {
                due.Add((item, row));
            }
        }
        var sent = 0;
        var notSent = 0;
        var failedForGood = 0;
        await Parallel.ForEachAsync(due,
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (found, ct) =>
            {
                switch (await Send(found.Item, found.Row, now, ct))
                {
                    case Attempted.Sent:
                        Interlocked.Increment(ref sent);
                        break;
                    case Attempted.Retrying:
                        Interlocked.Increment(ref notSent);
                        break;
                    case Attempted.Failed:
                        Interlocked.Increment(ref notSent);
                        Interlocked.Increment(ref failedForGood);
                        break;
                }
            });
        return (sent, notSent, pending - sent - failedForGood);
    }

    private enum Attempted
    {
        Sent,
        Retrying,
        Failed,
        // Another instance has it.
        Taken,
    }

    private async Task<Attempted> Send(DigestItem item, TableRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var leased = item with { LeaseUntil = now + options.Lease };
        string etag;
        try
        {
            etag = (await tables.Commit(Table, [new RowWrite(RowOperation.Replace, row with { Body = CaseJson.Serialize(leased) })], cancellationToken))[0]!;
        }
        catch (ConcurrencyConflictException)
        {
            return Attempted.Taken;
        }
        var (outcome, attempts) = await Attempt(() => sender.Send(item, cancellationToken), item.Attempts, options.MaxDeliveryAttempts);
        var after = outcome switch
        {
            SendOutcome.Sent => leased with { Status = DeliveryStatus.Sent, Attempts = attempts, SentAt = now, LeaseUntil = null, FailureReason = null },
            SendOutcome.TryLater later => leased with
            {
                Attempts = attempts, NextAttemptAt = now + (later.RetryAfter ?? Backoff(attempts)), LeaseUntil = null, FailureReason = later.Reason,
            },
            SendOutcome.Undeliverable undeliverable => leased with { Status = DeliveryStatus.Failed, Attempts = attempts, LeaseUntil = null, FailureReason = undeliverable.Reason },
            _ => throw new InvalidOperationException("Unknown send outcome."),
        };
        // Sent with the lease still ours, so the ETag guard holds; if the lease ran out and
        // another instance took the row, its record stands and ours is dropped.
        try
        {
            await tables.Commit(Table, [new RowWrite(RowOperation.Replace, row with { Body = CaseJson.Serialize(after), ETag = etag })], cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
        }
        var day = item.Digest.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        switch (outcome)
        {
            case SendOutcome.TryLater later:
                LogRetry(day, attempts, later.Reason);
                return Attempted.Retrying;
            case SendOutcome.Undeliverable failedForGood:
                LogUndeliverable(day, failedForGood.Reason);
                return Attempted.Failed;
            default:
                return Attempted.Sent;
        }
    }

    // After each deletion it reads from the start again, since what it removed is gone; a batch
    // another instance removed first is simply found gone on the next read.
    private async Task RemoveDaysBefore(DateOnly keepFrom, CancellationToken cancellationToken)
    {
        var removed = 0;
        string? token = null;
        while (true)
        {
            var page = await tables.QueryPartitionRange(Table, "0", DayPartition(keepFrom), RowsPerDelete, token, cancellationToken);
            token = page.ContinuationToken;
            if (page.Rows.Count == 0)
            {
                // A page may be empty with more to follow.
                if (token is null)
                {
                    break;
                }
                continue;
            }
            token = null;
            foreach (var day in page.Rows.GroupBy(r => r.PartitionKey))
            {
                try
                {
                    await tables.Commit(Table, day.Select(r => new RowWrite(RowOperation.Delete, r with { ETag = null })).ToList(), cancellationToken);
                    removed += day.Count();
                }
                catch (RowNotFoundException)
                {
                }
            }
        }
        if (removed > 0)
        {
            LogRemoved(removed, DayPartition(keepFrom));
        }
    }

    private async IAsyncEnumerable<(DigestItem Item, TableRow Row)> Rows(string partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await tables.QueryPartition(Table, partition, null, PlannedMarker, 1000, token, cancellationToken);
            foreach (var row in page.Rows)
            {
                yield return (CaseJson.Deserialize<DigestItem>(row.Body), row);
            }
            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Rows} stored daily digest row(s) of days before {KeepFrom}.")]
    private partial void LogRemoved(int rows, string keepFrom);

    [LoggerMessage(Level = LogLevel.Information, Message = "Planned {Digests} daily digest(s) for {Day} from {Cases} case(s).")]
    private partial void LogPlanned(string day, int digests, int cases);

    // The recipient is not logged: a staff id may be a person's name or address.
    [LoggerMessage(Level = LogLevel.Information, Message = "A daily digest for {Day} was not delivered on attempt {Attempt} ({Reason}); retrying later.")]
    private partial void LogRetry(string day, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A daily digest for {Day} could not be delivered ({Reason}); it is recorded as failed.")]
    private partial void LogUndeliverable(string day, string reason);
}
