using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using HateCase.Domain.Cases;
using HateCase.Domain.Measures;
using HateCase.Workflow;
using CaseRecord = HateCase.Workflow.CaseRecord;

namespace HateCase.Storage;

// The measures' own rows, in the CaseMeasures table, all in one partition:
//   "{settled UTC ticks:D19}|{case id}"   the case's measure facts (no personal data, no free text),
//                                         keyed by when it settled: the latest of its facts once
//                                         nothing more can happen by time alone, or the largest
//                                         time while it can (open, a promise standing, a survey due)
//   "case|{case id}"                      the pointer: the version and key of the case's facts row
// A period [from, to) reads only the facts rows from ticks(from) up: a case settled before the
// period started has nothing in it, and one reported after it ended is filtered out by the table.
// The pointer and the facts row move together in one entity-group transaction, so a reader never
// sees a case twice or not at all. One partition keeps that possible; its write rate (a few rows
// per case turn) is far below what a table partition takes.
internal static class MeasuresRows
{
    public const string Partition = "cases";
    public const string PointerPrefix = "case|";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string FactsKey(DateTimeOffset? settledAt, string caseId) =>
        $"{(settledAt ?? DateTimeOffset.MaxValue).UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{caseId}";

    public static string FirstKeyFrom(DateTimeOffset from) => from.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    public static string PointerKey(string caseId) => PointerPrefix + caseId;
}

internal sealed class MeasuresPointerRow : ITableEntity
{
    public string PartitionKey { get; set; } = MeasuresRows.Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Version { get; set; }
    public string FactsKey { get; set; } = "";
}

internal sealed class MeasuresFactsRow : ITableEntity
{
    public static readonly IReadOnlyList<string> ReadColumns = [nameof(CaseId), nameof(Version), nameof(Facts), nameof(FactsBlob)];

    public string PartitionKey { get; set; } = MeasuresRows.Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string CaseId { get; set; } = "";
    public long Version { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public string? Facts { get; set; }
    public string? FactsBlob { get; set; }
}

// Keeps each case's measure facts as its turns are recorded: the facts of the version before,
// with the events since folded in (CaseMeasureFacts.Next). The events come from the record, or,
// when the facts are older than the turn before (a crash between writes, or a case recorded before
// the measures were kept), from the chronology, which the recorder has written by then. A version
// older than the stored one writes nothing, as for the case row.
internal sealed class MeasuresRecorder(CaseProjectionStore store)
{
    public async Task Record(CaseRecord record, CancellationToken cancellationToken)
    {
        if (record.State.FileOrNull is null)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            var found = await store.Measures.GetEntityIfExistsAsync<MeasuresPointerRow>(
                MeasuresRows.Partition, MeasuresRows.PointerKey(record.CaseId), cancellationToken: cancellationToken);
            var pointer = found.HasValue ? found.Value : null;
            if (pointer is not null && pointer.Version >= record.Version)
            {
                return;
            }
            var before = pointer is null ? null : await ReadFacts(pointer.FactsKey, cancellationToken);
            var beforeVersion = before is null ? 0 : pointer!.Version;
            var events = await EventsSince(record, beforeVersion, cancellationToken);
            if (CaseMeasureFacts.Next(before, events, record.State) is not { } facts)
            {
                return;
            }
            if (await TryWrite(record, pointer, facts, cancellationToken))
            {
                return;
            }
            if (attempt >= store.Options.MaxWriteAttempts)
            {
                throw new InvalidOperationException($"The measures of case {record.CaseId} kept changing; the activity will try again.");
            }
        }
    }

    private async Task<CaseMeasureFacts?> ReadFacts(string factsKey, CancellationToken cancellationToken)
    {
        var found = await store.Measures.GetEntityIfExistsAsync<MeasuresFactsRow>(MeasuresRows.Partition, factsKey, cancellationToken: cancellationToken);
        return found.HasValue ? await MeasuresReadModel.Facts(store, found.Value!, cancellationToken) : null;
    }

    private async Task<IReadOnlyList<CaseEvent>> EventsSince(CaseRecord record, long beforeVersion, CancellationToken cancellationToken)
    {
        var fromRecord = record.NewEntries.Where(e => e.Sequence > beforeVersion).OrderBy(e => e.Sequence).ToList();
        if (fromRecord.Count == record.Version - beforeVersion)
        {
            return [.. fromRecord.Select(e => e.Event)];
        }
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {record.CaseId} and RowKey gt {CaseProjectionStore.EntryRowKey(beforeVersion)} and RowKey le {CaseProjectionStore.EntryRowKey(record.Version)}");
        var events = new List<CaseEvent>();
        await foreach (var row in store.Records.QueryAsync<EntryRow>(filter, 1000, cancellationToken: cancellationToken))
        {
            var json = await store.Read(row.Event, row.EventBlob, cancellationToken)
                ?? throw new InvalidOperationException($"The blob holding entry {row.Sequence} of case {record.CaseId} is missing.");
            events.Add(CaseWorkflowJson.Deserialize<CaseEvent>(json));
        }
        return events;
    }

    private async Task<bool> TryWrite(CaseRecord record, MeasuresPointerRow? pointer, CaseMeasureFacts facts, CancellationToken cancellationToken)
    {
        var key = MeasuresRows.FactsKey(facts.SettledAt, record.CaseId);
        var (inline, blob) = await store.Keep(JsonSerializer.Serialize(facts, MeasuresRows.Json),
            $"{record.CaseId}/measures-{record.Version:D19}.json", cancellationToken);
        var row = new MeasuresFactsRow
        {
            RowKey = key, CaseId = record.CaseId, Version = record.Version, ReportedAt = facts.ReportedAt, Facts = inline, FactsBlob = blob,
        };
        var newPointer = new MeasuresPointerRow { RowKey = MeasuresRows.PointerKey(record.CaseId), Version = record.Version, FactsKey = key };
        List<TableTransactionAction> actions =
        [
            pointer is null
                ? new TableTransactionAction(TableTransactionActionType.Add, newPointer)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newPointer, pointer.ETag),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, row),
        ];
        if (pointer is not null && pointer.FactsKey != key)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete,
                new TableEntity(MeasuresRows.Partition, pointer.FactsKey), ETag.All));
        }
        try
        {
            await store.Measures.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false; // another writer moved the pointer first: decide again from what it wrote
        }
    }
}
