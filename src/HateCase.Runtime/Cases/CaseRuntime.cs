using System.Text.RegularExpressions;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Runtime.Ports;
using Microsoft.Extensions.Logging;

namespace HateCase.Runtime.Cases;

public sealed record CommandContext(string CommandId, string Actor);

public abstract record CommandResult
{
    private CommandResult() { }

    // Replayed: the command had been handled before; these are the events it produced then.
    public sealed record Accepted(long Version, IReadOnlyList<RecordedEvent> Events, bool Replayed) : CommandResult;

    public sealed record Rejected(string Reason) : CommandResult;

    public sealed record CaseNotFound(string CaseId) : CommandResult;
}

public sealed record CaseView(
    string CaseId,
    long Version,
    string ProfileId,
    CaseState State,
    IReadOnlyList<RecordedEvent> Chronology,
    IReadOnlyList<CaseTimer> ArmedTimers,
    IReadOnlyList<OutboxItem> Messages);

public sealed record CasePage(IReadOnlyList<CaseSummary> Cases, string? ContinuationToken);

public sealed class RuntimeOptions
{
    // Prepended to every table name, so several deployments (or test runs) can share an account.
    public string TablePrefix { get; set; } = "";

    public int MaxCommitAttempts { get; set; } = 8;

    // How long an entry may stay in a due index before the work it points to must exist: entries
    // are written just before their case commit, so a younger entry may be waiting for it.
    public TimeSpan IndexGrace { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    public int SweepBatch { get; set; } = 200;

    public int SweepParallelism { get; set; } = 8;

    public int MaxDeliveryAttempts { get; set; } = 10;

    // Cases whose latest state this instance keeps in memory (0 turns the cache off).
    public int StateCacheSize { get; set; } = 5_000;

    public string CasesTable => TablePrefix + "Cases";

    public string TimerIndexTable => TablePrefix + "CaseTimers";

    public string OutboxIndexTable => TablePrefix + "CaseOutbox";

    public string CaseIndexTable => TablePrefix + "CaseIndex";

    public string DigestsTable => TablePrefix + "Digests";

    public string BlobContainer => (TablePrefix.Length == 0 ? "case-chronology" : $"{TablePrefix.ToLowerInvariant()}-case-chronology");
}

// The landlord's profile and the calendar every decision is made with.
public sealed record CasePolicy(ServiceProfile Profile, WorkingCalendar Calendar)
{
    public static CasePolicy For(ServiceProfile profile) => new(profile, profile.CalendarFrom(WorkingCalendar.EnglandAndWales));
}

// One durable orchestration per case: load, decide, commit the events with their outbox in one
// transaction guarded by the state's ETag, then let the sweeper and dispatcher carry out the
// timers and messages the new state implies.
public sealed partial class CaseRuntime(
    ITableStore tables, IBlobStore blobs, CasePolicy policy, TimeProvider clock, RuntimeOptions options, ILogger<CaseRuntime> logger)
{
    private readonly DueIndex timerIndex = new(tables, options.TimerIndexTable);
    private readonly DueIndex outboxIndex = new(tables, options.OutboxIndexTable);
    private readonly StateCache cache = new(options.StateCacheSize);

    public RuntimeOptions Options => options;

    public CasePolicy Policy => policy;

    internal DueIndex TimerIndex => timerIndex;

    internal DueIndex OutboxIndex => outboxIndex;

    public async Task EnsureStorage(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { options.CasesTable, options.TimerIndexTable, options.OutboxIndexTable, options.CaseIndexTable, options.DigestsTable })
        {
            await tables.EnsureTable(table, cancellationToken);
        }
    }

    public async Task<CommandResult> Handle(string caseId, CaseCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        CheckId(caseId, nameof(caseId));
        CheckId(context.CommandId, nameof(context));
        for (var attempt = 1; ; attempt++)
        {
            // A case this instance wrote last is decided from memory; the commit's ETag check
            // catches a change made elsewhere, and anything that would not commit is re-read.
            var cached = attempt == 1 ? cache.Get(caseId) : null;
            var (stored, etag) = cached ?? await Load(caseId, cancellationToken);
            if (stored is null)
            {
                if (command is not CaseCommand.ReportCase)
                {
                    return new CommandResult.CaseNotFound(caseId);
                }
                stored = NewCase();
            }
            if (stored.RecentCommands.FirstOrDefault(r => r.CommandId == context.CommandId) is { } recent)
            {
                return await Replayed(caseId, recent, cancellationToken);
            }
            var now = clock.GetUtcNow();
            var decision = CaseDecider.Decide(stored.State, command, now, policy.Profile, policy.Calendar);
            var events = (decision as CaseDecision.Accepted)?.Events ?? [];
            if (cached is not null && events.Count == 0)
            {
                cache.Remove(caseId);
                continue; // answer a rejection or a no-op only from what storage holds now
            }
            if (decision is CaseDecision.Rejected rejected)
            {
                return new CommandResult.Rejected(rejected.Reason);
            }
            if (events.Count == 0)
            {
                // Nothing new: perhaps this very command, handled long ago; its receipt says.
                var receipt = await tables.Get(options.CasesTable, caseId, RowKeys.Command(context.CommandId), cancellationToken);
                return receipt is null
                    ? new CommandResult.Accepted(stored.Version, [], Replayed: false)
                    : await Replayed(caseId, CaseJson.Deserialize<CommandReceipt>(receipt.Body), cancellationToken);
            }
            try
            {
                var recorded = await Commit(caseId, stored, etag, events, now, context, relyOnWake: null, cancellationToken);
                return new CommandResult.Accepted(stored.Version + recorded.Count, recorded, Replayed: false);
            }
            catch (RowExistsException e) when (e.RowKey == RowKeys.Command(context.CommandId))
            {
                // Handled long ago (its receipt has left the recent list): answer from the receipt.
                cache.Remove(caseId);
                var receipt = await tables.Get(options.CasesTable, caseId, e.RowKey, cancellationToken);
                return await Replayed(caseId, CaseJson.Deserialize<CommandReceipt>(receipt!.Body), cancellationToken);
            }
            catch (Exception e) when (e is ConcurrencyConflictException or RowExistsException && attempt < options.MaxCommitAttempts)
            {
                cache.Remove(caseId);
                LogCommitConflict(caseId, attempt);
                if (cached is null)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken);
                }
            }
            catch
            {
                cache.Remove(caseId);
                throw;
            }
        }
    }

    private async Task<(StoredState? State, string? ETag)> Load(string caseId, CancellationToken cancellationToken)
    {
        var row = await tables.Get(options.CasesTable, caseId, RowKeys.State, cancellationToken);
        return row is null ? (null, null) : (ReadState(caseId, row), row.ETag);
    }

    // Settled: the entry that woke the case is certainly no longer needed. An entry that found
    // nothing to do may belong to a commit still landing, so it is kept until it is old.
    public sealed record WakeResult(int TimersFired, bool Settled);

    // Woken by the timer index entry due at `entryDueAt`: fires every timer of the case that is
    // due, in order, in one commit, and makes sure an entry exists for the next earliest timer.
    public async Task<WakeResult> Wake(string caseId, DateTimeOffset entryDueAt, CancellationToken cancellationToken)
    {
        CheckId(caseId, nameof(caseId));
        for (var attempt = 1; ; attempt++)
        {
            var stateRow = await tables.Get(options.CasesTable, caseId, RowKeys.State, cancellationToken);
            if (stateRow is null)
            {
                return new WakeResult(0, Settled: false);
            }
            var stored = ReadState(caseId, stateRow);
            var now = clock.GetUtcNow();
            var events = new List<CaseEvent>();
            var state = stored.State;
            var fired = 0;
            while (fired < MaxTimersPerWake && CaseTimers.Due(state).Where(t => t.DueAt <= now).MinBy(t => t.DueAt) is { } timer)
            {
                var decision = CaseDecider.Decide(state, new CaseCommand.FireTimer(timer.Id, timer.DueAt), now, policy.Profile, policy.Calendar);
                var timerEvents = (decision as CaseDecision.Accepted)?.Events ?? [];
                if (timerEvents.Count == 0)
                {
                    break;
                }
                events.AddRange(timerEvents);
                state = timerEvents.Aggregate(state, Case.Evolve);
                fired++;
            }
            try
            {
                if (events.Count > 0)
                {
                    await Commit(caseId, stored, stateRow.ETag, events, now, new CommandContext($"wake-{now.UtcTicks}", SystemActor), relyOnWake: entryDueAt, cancellationToken);
                    return new WakeResult(fired, Settled: true);
                }
                if (stored.WakeAt != entryDueAt)
                {
                    return new WakeResult(0, Settled: false); // the case relies on another entry
                }
                // This entry was the one the case relied on: arm the next before letting it go.
                var next = await EnsureWake(caseId, stored.WakeAt, CaseTimers.Due(state), now, relyOnWake: entryDueAt, cancellationToken);
                await tables.Commit(options.CasesTable, [new RowWrite(RowOperation.Replace,
                    new TableRow(caseId, RowKeys.State, CaseJson.Serialize(stored with { WakeAt = next }), stateRow.ETag))], cancellationToken);
                cache.Remove(caseId);
                return new WakeResult(0, Settled: true);
            }
            catch (ConcurrencyConflictException) when (attempt < options.MaxCommitAttempts)
            {
                cache.Remove(caseId);
                LogCommitConflict(caseId, attempt);
            }
        }
    }

    private const int MaxTimersPerWake = 20;

    public const string SystemActor = "system";

    private StoredState NewCase() => new(0, policy.Profile.Id, CaseState.Initial, null, []);

    // Writes a wake-up entry for the earliest timer when no entry the case relies on is at or
    // before it, and returns the time the case relies on afterwards. Entries are never earlier
    // than now, so a sweeper meeting one before its case commit lands leaves it for a later look.
    private async Task<DateTimeOffset?> EnsureWake(
        string caseId, DateTimeOffset? wakeAt, IReadOnlyList<CaseTimer> timers, DateTimeOffset now, DateTimeOffset? relyOnWake,
        CancellationToken cancellationToken)
    {
        var current = wakeAt == relyOnWake ? null : wakeAt; // the entry being consumed no longer counts
        if (timers.Count == 0)
        {
            return current;
        }
        var earliest = timers.Min(t => t.DueAt);
        var entryAt = earliest < now ? now : earliest;
        if (current is { } existing && existing <= entryAt)
        {
            return current;
        }
        await timerIndex.Add([(caseId, WakeItem, entryAt)], cancellationToken);
        return entryAt;
    }

    internal const string WakeItem = "wake";

    private async Task<IReadOnlyList<RecordedEvent>> Commit(
        string caseId, StoredState stored, string? etag, IReadOnlyList<CaseEvent> events, DateTimeOffset now,
        CommandContext context, DateTimeOffset? relyOnWake, CancellationToken cancellationToken)
    {
        var recorded = new List<RecordedEvent>(events.Count);
        var outbox = new List<OutboxItem>();
        var state = stored.State;
        var reference = stored.State.FileOrNull?.Reference ?? "";
        foreach (var e in events)
        {
            var sequence = stored.Version + recorded.Count + 1;
            state = Case.Evolve(state, e);
            reference = state.FileOrNull?.Reference ?? reference;
            recorded.Add(new RecordedEvent(sequence, now, context.CommandId, context.Actor, e));
            outbox.AddRange(CaseMessages.For(state, e).Select((m, i) => new OutboxItem(
                $"{caseId}.{sequence}.{i}", caseId, reference, sequence, m, DeliveryStatus.Pending, 0, now,
                CaseMessages.SendAt(m, now, policy.Calendar), null, null)));
        }
        var version = stored.Version + recorded.Count;
        var oldKeys = CaseIndex.KeysFor(caseId, stored.State);
        var newKeys = CaseIndex.KeysFor(caseId, state);
        var receipt = new CommandReceipt(context.CommandId, stored.Version + 1, recorded.Count, now);
        var isCommand = context.Actor != SystemActor;

        // Index entries first: a crash after them and before the commit leaves only stale entries.
        var wake = EnsureWake(caseId, stored.WakeAt, CaseTimers.Due(state), now, relyOnWake, cancellationToken);
        await Task.WhenAll(wake, outboxIndex.Add(outbox.Select(o => (caseId, o.Key, o.NextAttemptAt)), cancellationToken),
            UpsertCaseIndex(newKeys.Except(oldKeys), cancellationToken));
        var wakeAt = await wake;

        var recent = isCommand
            ? stored.RecentCommands.Append(receipt).TakeLast(StoredState.RecentCommandsKept).ToList()
            : stored.RecentCommands;
        var newStored = new StoredState(version, stored.ProfileId, state, wakeAt, recent);
        var writes = new List<RowWrite>
        {
            new(etag is null ? RowOperation.Insert : RowOperation.Replace,
                new TableRow(caseId, RowKeys.State, CaseJson.Serialize(newStored), etag)),
            new(RowOperation.Insert, new TableRow(caseId, RowKeys.Events(stored.Version + 1),
                await EventsBody(caseId, stored.Version + 1, recorded, cancellationToken))),
        };
        if (isCommand)
        {
            writes.Add(new(RowOperation.Insert, new TableRow(caseId, RowKeys.Command(context.CommandId), CaseJson.Serialize(receipt))));
        }
        writes.AddRange(outbox.Select(o => new RowWrite(RowOperation.Insert, new TableRow(caseId, RowKeys.Outbox(o.Key), CaseJson.Serialize(o)))));
        var etags = await tables.Commit(options.CasesTable, writes, cancellationToken);
        cache.Set(caseId, (newStored, etags[0]));

        // List entries are tidied now (rarely any) and checked when read anyway.
        await Quietly(() => DeleteCaseIndex(oldKeys.Except(newKeys), cancellationToken));
        return recorded;
    }

    private async Task<string> EventsBody(string caseId, long firstSequence, IReadOnlyList<RecordedEvent> recorded, CancellationToken cancellationToken)
    {
        var body = CaseJson.Serialize(new StoredEvents(recorded, null));
        if (body.Length <= tables.MaxBodyChars)
        {
            return body;
        }
        // Too large for a row (a very long account of an incident): kept whole in a blob.
        var blob = $"{caseId}/events-{firstSequence:D10}.json";
        await blobs.Put(options.BlobContainer, blob, System.Text.Encoding.UTF8.GetBytes(body), "application/json", cancellationToken);
        return CaseJson.Serialize(new StoredEvents(null, blob));
    }

    // A command's events are the one chronology row its commit wrote.
    private async Task<CommandResult> Replayed(string caseId, CommandReceipt receipt, CancellationToken cancellationToken)
    {
        var row = await tables.Get(options.CasesTable, caseId, RowKeys.Events(receipt.FirstSequence), cancellationToken)
            ?? throw new StoredRowMalformedException(options.CasesTable, caseId, RowKeys.Events(receipt.FirstSequence), "the events of a recorded command are missing");
        return new CommandResult.Accepted(receipt.FirstSequence + receipt.EventCount - 1, await ReadEvents(caseId, row, cancellationToken), Replayed: true);
    }

    public async Task<CaseView?> Get(string caseId, CancellationToken cancellationToken)
    {
        CheckId(caseId, nameof(caseId));
        var stateRow = await tables.Get(options.CasesTable, caseId, RowKeys.State, cancellationToken);
        if (stateRow is null)
        {
            return null;
        }
        var stored = ReadState(caseId, stateRow);
        var chronology = await ReadChronology(caseId, cancellationToken);
        var messages = new List<OutboxItem>();
        await foreach (var row in ReadRange(caseId, RowKeys.OutboxPrefix, cancellationToken))
        {
            messages.Add(Read<OutboxItem>(caseId, row));
        }
        return new CaseView(caseId, stored.Version, stored.ProfileId, stored.State, chronology, CaseTimers.Due(stored.State), messages);
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadChronology(string caseId, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        await foreach (var row in ReadRange(caseId, RowKeys.EventsPrefix, cancellationToken))
        {
            events.AddRange(await ReadEvents(caseId, row, cancellationToken));
        }
        return events;
    }

    private async Task<IReadOnlyList<RecordedEvent>> ReadEvents(string caseId, TableRow row, CancellationToken cancellationToken)
    {
        var stored = Read<StoredEvents>(caseId, row);
        if (stored.Blob is { } blobName)
        {
            var blob = await blobs.Get(options.BlobContainer, blobName, cancellationToken)
                ?? throw new StoredRowMalformedException(options.CasesTable, caseId, row.RowKey, "the blob holding its events is missing");
            stored = CaseJson.Deserialize<StoredEvents>(System.Text.Encoding.UTF8.GetString(blob.Content.Span));
        }
        return stored.Events ?? [];
    }

    public async Task<CasePage> List(CaseFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (pageSize is < 1 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "A page holds 1 to 200 cases.");
        }
        if (filter is CaseFilter.DueBefore due)
        {
            return await ListDueBefore(due.Before, pageSize, continuationToken, cancellationToken);
        }
        var partition = filter switch
        {
            CaseFilter.ByOfficer f => CaseIndex.OfficerPartition(f.OfficerId),
            CaseFilter.ByStage f => CaseIndex.StagePartition(f.Stage),
            CaseFilter.Overdue => CaseIndex.OverduePartition,
            _ => throw new ArgumentOutOfRangeException(nameof(filter)),
        };
        var page = await tables.QueryPartition(options.CaseIndexTable, partition, null, null, pageSize, continuationToken, cancellationToken);
        var summaries = await Task.WhenAll(page.Rows.Select(async row =>
        {
            var key = new CaseIndex.Key(row.PartitionKey, row.RowKey);
            var stored = await TryReadState(CaseIndex.CaseIdOf(key), cancellationToken);
            return stored is not null && CaseIndex.KeysFor(key.RowKey, stored.State).Contains(key)
                ? CaseSummary.Of(key.RowKey, stored.State, stored.Version)
                : null;
        }));
        return new CasePage(summaries.OfType<CaseSummary>().ToList(), page.ContinuationToken);
    }

    // Every deadline has a live timer no later than it (its reminder or itself), so the timer
    // index, ordered by due minute, finds the cases with a deadline before the time.
    private async Task<CasePage> ListDueBefore(DateTimeOffset before, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await tables.QueryPartitionRange(options.TimerIndexTable, "0", DueIndex.Bucket(before.AddMinutes(1)), pageSize, continuationToken, cancellationToken);
        var caseIds = page.Rows.Select(r => CaseJson.Deserialize<DueIndex.Entry>(r.Body).CaseId).Distinct().ToList();
        var summaries = await Task.WhenAll(caseIds.Select(async caseId =>
        {
            var stored = await TryReadState(caseId, cancellationToken);
            return stored is not null && stored.State.IsOpen ? CaseSummary.Of(caseId, stored.State, stored.Version) : null;
        }));
        return new CasePage(summaries.OfType<CaseSummary>().Where(s => s.NextDueAt < before).OrderBy(s => s.NextDueAt).ToList(), page.ContinuationToken);
    }

    // Every case with a missed promise, or a timer (so possibly a deadline) before the time, each
    // read once, open or closed: a follow-up contact falls due after closure. The daily digest's
    // candidates; the caller decides what each case has to show.
    public async IAsyncEnumerable<(string CaseId, CaseState State)> CasesNeedingAttentionBefore(
        DateTimeOffset before, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await tables.QueryPartition(options.CaseIndexTable, CaseIndex.OverduePartition, null, null, 1000, token, cancellationToken);
            foreach (var found in await ReadStates(page.Rows.Select(r => r.RowKey)))
            {
                yield return found;
            }
            token = page.ContinuationToken;
        }
        while (token is not null);
        do
        {
            var page = await tables.QueryPartitionRange(options.TimerIndexTable, "0", DueIndex.Bucket(before.AddMinutes(1)), 1000, token, cancellationToken);
            foreach (var found in await ReadStates(page.Rows.Select(r => CaseJson.Deserialize<DueIndex.Entry>(r.Body).CaseId)))
            {
                yield return found;
            }
            token = page.ContinuationToken;
        }
        while (token is not null);

        async Task<IEnumerable<(string CaseId, CaseState State)>> ReadStates(IEnumerable<string> caseIds)
        {
            var found = new List<(string, CaseState)>();
            foreach (var chunk in caseIds.Where(seen.Add).ToList().Chunk(32))
            {
                var states = await Task.WhenAll(chunk.Select(async caseId => (caseId, await TryReadState(caseId, cancellationToken))));
                found.AddRange(states.Where(s => s.Item2 is not null).Select(s => (s.caseId, s.Item2!.State)));
            }
            return found;
        }
    }

    // What a list shows about one case, from its state row alone.
    public async Task<CaseSummary?> Summary(string caseId, CancellationToken cancellationToken)
    {
        CheckId(caseId, nameof(caseId));
        var (stored, _) = await Load(caseId, cancellationToken);
        return stored is null ? null : CaseSummary.Of(caseId, stored.State, stored.Version);
    }

    // The case a human-friendly reference (HC-2026-000123) names, if there is one.
    public async Task<string?> FindByReference(string reference, CancellationToken cancellationToken)
    {
        var page = await tables.QueryPartition(options.CaseIndexTable, CaseIndex.ReferencePartition(reference), null, null, 5, null, cancellationToken);
        foreach (var row in page.Rows)
        {
            var stored = await TryReadState(row.RowKey, cancellationToken);
            if (string.Equals(stored?.State.FileOrNull?.Reference, reference, StringComparison.OrdinalIgnoreCase))
            {
                return row.RowKey;
            }
        }
        return null;
    }

    // The open case about a party, if there is one (checked against the case, not just the index).
    public async Task<CaseSummary?> FindOpenCaseAbout(string partyKey, CancellationToken cancellationToken)
    {
        var page = await tables.QueryPartition(options.CaseIndexTable, CaseIndex.PartyPartition(partyKey), null, null, 20, null, cancellationToken);
        foreach (var row in page.Rows)
        {
            var stored = await TryReadState(row.RowKey, cancellationToken);
            if (stored is { State.IsOpen: true } && stored.State.FileOrNull?.PartyKey == partyKey)
            {
                return CaseSummary.Of(row.RowKey, stored.State, stored.Version);
            }
        }
        return null;
    }

    // When this reporter's earlier reports were made, newest first, as far back as `since`.
    public async Task<IReadOnlyList<DateTimeOffset>> ReportsBy(string reporterKey, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var page = await tables.QueryPartition(options.CaseIndexTable, CaseIndex.ReporterPartition(reporterKey),
            CaseIndex.ReporterRowKey(since, ""), null, 200, null, cancellationToken);
        return page.Rows
            .Select(r => new DateTimeOffset(long.Parse(r.RowKey[..19], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero))
            .OrderDescending()
            .ToList();
    }

    private async Task<StoredState?> TryReadState(string caseId, CancellationToken cancellationToken)
    {
        var row = await tables.Get(options.CasesTable, caseId, RowKeys.State, cancellationToken);
        return row is null ? null : ReadState(caseId, row);
    }

    internal async IAsyncEnumerable<TableRow> ReadRange(string caseId, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await tables.QueryPartition(options.CasesTable, caseId, prefix, RowKeys.EndOf(prefix), StorageRules.MaxPageSize, continuation, cancellationToken);
            foreach (var row in page.Rows)
            {
                yield return row;
            }
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    private StoredState ReadState(string caseId, TableRow row) => Read<StoredState>(caseId, row);

    internal T Read<T>(string caseId, TableRow row)
    {
        try
        {
            return CaseJson.Deserialize<T>(row.Body);
        }
        catch (System.Text.Json.JsonException e)
        {
            // The message names the row, never its content (personal data).
            throw new StoredRowMalformedException(options.CasesTable, caseId, row.RowKey, $"it cannot be read as {typeof(T).Name} ({e.Path ?? "no path"})");
        }
    }

    private Task UpsertCaseIndex(IEnumerable<CaseIndex.Key> keys, CancellationToken cancellationToken) =>
        Task.WhenAll(keys.Select(key => tables.Commit(options.CaseIndexTable,
            [new RowWrite(RowOperation.InsertOrReplace, new TableRow(key.PartitionKey, key.RowKey, "{}"))], cancellationToken)));

    private async Task DeleteCaseIndex(IEnumerable<CaseIndex.Key> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            try
            {
                await tables.Commit(options.CaseIndexTable, [new RowWrite(RowOperation.Delete, new TableRow(key.PartitionKey, key.RowKey, ""))], cancellationToken);
            }
            catch (RowNotFoundException)
            {
            }
        }
    }

    private async Task Quietly(Func<Task> tidy)
    {
        try
        {
            await tidy();
        }
        catch (StoreException e)
        {
            LogTidyFailed(e.GetType().Name);
        }
    }

    // Ids become table keys: letters, digits and - _ . : @ only.
    public static void CheckId(string id, string parameterName)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 200 || !IdPattern().IsMatch(id))
        {
            throw new ArgumentException("An id is 1 to 200 letters, digits or - _ . : @ characters.", parameterName);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.:@-]+$")]
    private static partial Regex IdPattern();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Case {CaseId} changed during commit attempt {Attempt}; reloading.")]
    private partial void LogCommitConflict(string caseId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tidying index entries after a commit failed ({Error}); stale entries are skipped when read.")]
    private partial void LogTidyFailed(string error);
}
