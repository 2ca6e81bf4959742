using Azure;
using Azure.Data.Tables;
using HateCase.Domain.Cases;
using HateCase.Domain.Privacy;
using HateCase.Domain.Retention;
using HateCase.Workflow;

namespace HateCase.Storage;

// The case's orchestration as erasure needs it. The turn that erases a person ends the
// orchestration with the next turn as its output (CaseOrchestrator); its history, which held the
// person's data, is purged, and the case goes on from that turn under the same instance id.
public interface ICaseRestarts
{
    // The next turn the orchestration ended with; null while it has not ended (still taking its turn).
    Task<CaseTurn?> EndedWith(string caseId, CancellationToken cancellationToken);

    // Purges an ended orchestration's history; nothing when there is none.
    Task PurgeEnded(string caseId, CancellationToken cancellationToken);

    // Starts the case again from the turn, unless it is already running.
    Task StartFrom(CaseTurn turn, CancellationToken cancellationToken);

    // The development mailbox's copies of the messages (Development only).
    Task ForgetMail(IReadOnlyList<string> messageKeys, CancellationToken cancellationToken);

    // The ASB@ mailbox's own copies of the emails with these keys that the case was given.
    Task ForgetMailboxCopies(string caseId, IReadOnlyCollection<string> messageKeys, CancellationToken cancellationToken);

    // The files an emailed report or reply brought that the recorded chronology names and the
    // erased one no longer does: the erased person's own.
    Task ForgetFiles(IReadOnlyList<CaseEvent> recorded, IReadOnlyList<CaseEvent> erased, CancellationToken cancellationToken);
}

// An erasure listed and not finished: its command (null for one listed before commands were kept
// with it) and when it was begun (real time).
public sealed record UnfinishedErasure(string CaseId, string Person, CaseCommand.ErasePersonalData? Command, DateTimeOffset? BegunAt);

// The steps of one person's erasure after its turn is recorded, in order; a hook after each lets a test crash there.
public enum ErasureStep
{
    TurnKept,
    OrchestrationRestarted,
    IndexForgotten,
    MessagesRemoved,
    ChronologyRewritten,
    Finished,
}

// Erasure on request (UK GDPR Art. 17) of one person in a case, in the projection: what goes is
// the core's PersonalData.Erase. Crash-safe: the `erasing` list row is written before the command
// is raised (with the command) and deleted last, so a run stopped anywhere is listed (Unfinished)
// and finished by the next, which raises the command again if the case never got it. From the
// moment the erasing turn is recorded every reader sees the person erased (the case row's state
// says so, and the chronology is read through PersonalData.Erase); each later step is idempotent. While a case is listed here it takes no commands (InProgress).
public sealed class CaseEraser(CaseProjectionStore store, PersonIndex index)
{
    public const string ErasingPartition = "erasing";

    // The command id a reply emailed to the ASB@ mailbox is recorded under: this, then its message key.
    public const string EmailedCommandPrefix = "email-";

    public Func<string, ErasureStep, Task>? AfterStep { get; set; }

    // The command id of a person's erasure: the same on every try, so the case decides it once.
    public static string CommandId(string person) => "erase-" + person.Replace(':', '-');

    // Lists the erasure before its command is raised, with what the command needs, so that a stop
    // before the command reached the case can be followed by raising it again (Unfinished).
    // begunAt is the real time, not the development clock's: it tells a request still in flight.
    public async Task Begin(string caseId, CaseCommand.ErasePersonalData command, DateTimeOffset begunAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        await store.Lists.UpsertEntityAsync(new ErasingRow
        {
            PartitionKey = ErasingPartition,
            RowKey = RowKey(caseId, command.Person),
            CaseId = caseId,
            Reason = command.Reason,
            RequestedBy = command.RequestedBy,
            BegunAt = begunAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    // Dropped when the case refused the erasure after all.
    public Task Abandon(string caseId, string person, CancellationToken cancellationToken) =>
        DeleteIfThere(store.Lists, ErasingPartition, RowKey(caseId, person), cancellationToken);

    public async Task<bool> InProgress(string caseId, CancellationToken cancellationToken)
    {
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ErasingPartition} and RowKey gt {caseId + "|"} and RowKey lt {caseId + "}"}");
        await foreach (var _ in store.Lists.QueryAsync<ListRow>(filter, 1, [nameof(ListRow.RowKey)], cancellationToken))
        {
            return true;
        }
        return false;
    }

    // The erasures begun and not finished.
    public async Task<IReadOnlyList<UnfinishedErasure>> Unfinished(int max, CancellationToken cancellationToken)
    {
        var found = new List<UnfinishedErasure>();
        await foreach (var row in store.Lists.QueryAsync<ErasingRow>(r => r.PartitionKey == ErasingPartition, Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            var separator = row.RowKey.IndexOf('|', StringComparison.Ordinal);
            var person = row.RowKey[(separator + 1)..];
            found.Add(new UnfinishedErasure(row.RowKey[..separator], person,
                row.Reason is { } reason && row.RequestedBy is { } by ? new CaseCommand.ErasePersonalData(person, reason, by) : null,
                row.BegunAt));
            if (found.Count >= max)
            {
                break;
            }
        }
        return found;
    }

    // True once the case has recorded the person's erasure (its turn is taken; the steps may remain).
    public async Task<bool> IsRecorded(string caseId, string person, CancellationToken cancellationToken) =>
        await RecordedState(caseId, cancellationToken) is { } state && state.FileOrNull?.ErasedPeople.Contains(person) == true;

    // Finishes the erasure once the case has recorded it: false while its turn is still to come.
    public async Task<bool> Finish(string caseId, string person, ICaseRestarts restarts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(restarts);
        CaseProjectionStore.CheckId(caseId, nameof(caseId));
        if (!await IsRecorded(caseId, person, cancellationToken))
        {
            return false;
        }
        var turnBlob = store.Blobs.GetBlobClient($"{caseId}/erasure-turn.json");
        if (!await turnBlob.ExistsAsync(cancellationToken))
        {
            if (await restarts.EndedWith(caseId, cancellationToken) is not { } ended)
            {
                return false;
            }
            // Kept before the purge, which would otherwise lose the case's next turn.
            await turnBlob.UploadAsync(BinaryData.FromString(CaseWorkflowJson.Serialize(ended)), overwrite: true, cancellationToken);
        }
        await Step(caseId, ErasureStep.TurnKept);

        var turn = CaseWorkflowJson.Deserialize<CaseTurn>((await turnBlob.DownloadContentAsync(cancellationToken)).Value.Content.ToString());
        await restarts.PurgeEnded(caseId, cancellationToken);
        await restarts.StartFrom(turn, cancellationToken);
        await Step(caseId, ErasureStep.OrchestrationRestarted);

        var entries = await store.ReadEntries(caseId, cancellationToken);
        var recorded = entries.Select(e => e.Event).ToList();
        var erased = PersonalData.Erase(recorded, person);
        var owners = PersonalData.Owners(recorded);
        var gone = IdentifiersGone(recorded, erased);
        // Before the index entries go: they say which of the case's emails the person sent.
        await restarts.ForgetMailboxCopies(caseId, await TheirEmails(caseId, person, entries, owners, gone, cancellationToken), cancellationToken);
        await ForgetInIndex(caseId, recorded, erased, gone, cancellationToken);
        await Step(caseId, ErasureStep.IndexForgotten);

        await RemoveMessages(caseId, person, entries, owners, restarts, cancellationToken);
        // Before the chronology is rewritten: it is what names the files.
        await restarts.ForgetFiles(recorded, erased, cancellationToken);
        await Step(caseId, ErasureStep.MessagesRemoved);

        for (var i = 0; i < entries.Count; i++)
        {
            await Rewrite(caseId, entries[i].Row, erased[i], cancellationToken);
        }
        await Step(caseId, ErasureStep.ChronologyRewritten);

        await turnBlob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await DeleteIfThere(store.Lists, ErasingPartition, RowKey(caseId, person), cancellationToken);
        await Step(caseId, ErasureStep.Finished);
        return true;
    }

    private static string RowKey(string caseId, string person) => $"{caseId}|{person}";

    private Task Step(string caseId, ErasureStep step) => AfterStep?.Invoke(caseId, step) ?? Task.CompletedTask;

    // The keyed hashes only the erased data held, and the reporter list rows of their report:
    // no subject access search, and no later report's look-up of earlier ones, finds them here.
    private async Task ForgetInIndex(string caseId, IReadOnlyList<CaseEvent> recorded, IReadOnlyList<CaseEvent> erased,
        IReadOnlyList<PersonIdentifier> gone, CancellationToken cancellationToken)
    {
        await index.Forget(caseId, gone, cancellationToken);
        var keysKept = erased.Select(ReporterKeyOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (e, key) in recorded.Select(e => (e, ReporterKeyOf(e))).Where(x => x.Item2 is not null && !keysKept.Contains(x.Item2)))
        {
            await DeleteIfThere(store.Lists, CaseLists.ReporterPartition(key!), CaseLists.TimedRowKey(e.At, caseId), cancellationToken);
            if (e is CaseEvent.ReportReceived && await CaseClaims.ClaimedReporterRow(store, caseId, key!, cancellationToken) is { } claimed)
            {
                await DeleteIfThere(store.Lists, claimed.PartitionKey, claimed.RowKey, cancellationToken);
            }
        }
    }

    // The identifiers only the erased data held.
    private static List<PersonIdentifier> IdentifiersGone(IReadOnlyList<CaseEvent> recorded, IReadOnlyList<CaseEvent> erased)
    {
        var kept = erased.SelectMany(PersonIdentifiers.In).ToHashSet();
        return recorded.SelectMany(PersonIdentifiers.In).Where(i => !kept.Contains(i)).Distinct().ToList();
    }

    // The keys of the emails to the ASB@ mailbox that are the person's: those sent from an address
    // only their data held (their emailed report), and the replies recorded as theirs.
    private async Task<IReadOnlyCollection<string>> TheirEmails(string caseId, string person, List<RecordedEntry> entries,
        IReadOnlyList<string?> owners, IReadOnlyList<PersonIdentifier> gone, CancellationToken cancellationToken)
    {
        var keys = (await index.MessagesOf(caseId, gone, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (owners[i] == person && entries[i].Event is CaseEvent.CorrespondenceReceived
                && entries[i].Row.CommandId.StartsWith(EmailedCommandPrefix, StringComparison.Ordinal))
            {
                keys.Add(entries[i].Row.CommandId[EmailedCommandPrefix.Length..]);
            }
        }
        return keys;
    }

    private static string? ReporterKeyOf(CaseEvent e) => e switch
    {
        CaseEvent.ReportReceived r => r.ReporterKey,
        CaseEvent.RelatedReportReceived r => r.ReporterKey,
        _ => null,
    };

    private async Task RemoveMessages(
        string caseId, string person, List<RecordedEntry> entries, IReadOnlyList<string?> owners, ICaseRestarts restarts, CancellationToken cancellationToken)
    {
        var ownerAt = entries.Select((e, i) => (e.Row.Sequence, Owner: owners[i])).ToDictionary(x => x.Sequence, x => x.Owner);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {caseId} and RowKey gt {CaseProjectionStore.MessagePrefix} and RowKey lt {CaseProjectionStore.EndOf(CaseProjectionStore.MessagePrefix)}");
        var theirs = new List<MessageRow>();
        await foreach (var row in store.Records.QueryAsync<MessageRow>(filter, 1000, cancellationToken: cancellationToken))
        {
            if (PersonalData.MessageGoesWith(person, ownerAt.GetValueOrDefault(row.Sequence), Enum.Parse<MessageTemplate>(row.Template)))
            {
                theirs.Add(row);
            }
        }
        // The copies first: the rows name them.
        await restarts.ForgetMail(theirs.Select(m => m.Key).ToList(), cancellationToken);
        await Task.WhenAll(theirs.Select(m => DeleteIfThere(store.Records, m.PartitionKey, m.RowKey, cancellationToken)));
    }

    private async Task<CaseState?> RecordedState(string caseId, CancellationToken cancellationToken)
    {
        var found = await store.Records.GetEntityIfExistsAsync<CaseRow>(caseId, CaseProjectionStore.CaseRowKey, cancellationToken: cancellationToken);
        if (!found.HasValue || await store.Read(found.Value!.State, found.Value.StateBlob, cancellationToken) is not { } json)
        {
            return null;
        }
        return CaseWorkflowJson.Deserialize<CaseState>(json);
    }

    // The entry keeps its sequence, time, command id and actor. A long text is kept in a blob of
    // its own (the one the recorder wrote goes), rewritten in place if erased again.
    private async Task Rewrite(string caseId, EntryRow row, CaseEvent erased, CancellationToken cancellationToken)
    {
        var json = CaseWorkflowJson.Serialize(erased);
        if (await store.Read(row.Event, row.EventBlob, cancellationToken) != json)
        {
            var (inline, blob) = await store.Keep(json, $"{caseId}/erased-entry-{row.Sequence:D10}.json", cancellationToken);
            row.Event = inline;
            row.EventBlob = blob;
            await store.Records.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, cancellationToken);
        }
        var recorderBlob = $"{caseId}/entry-{row.Sequence:D10}.json";
        if (row.EventBlob != recorderBlob)
        {
            await store.Blobs.DeleteBlobIfExistsAsync(recorderBlob, cancellationToken: cancellationToken);
        }
    }

    private static async Task DeleteIfThere(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}

internal sealed class ErasingRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string CaseId { get; set; } = "";
    public string? Reason { get; set; }
    public string? RequestedBy { get; set; }
    public DateTimeOffset? BegunAt { get; set; }
}
