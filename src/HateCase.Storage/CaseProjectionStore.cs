using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace HateCase.Storage;

public sealed class CaseProjectionOptions
{
    // Prepended to every table and container name, so several deployments (or test runs) can
    // share an account: letters and digits, starting with a letter.
    public string Prefix { get; set; } = "";

    // How often a conditional write is tried again when another writer changed the row first.
    public int MaxWriteAttempts { get; set; } = 16;

    // The compressed size at which a measures pack stops taking cases. A binary property holds
    // 64 KiB; at 30 KiB a pack's base64 text stays under .NET's large-object threshold (85,000
    // bytes), so reading a year leaves no large garbage per pack, and a turn re-compresses less.
    public int MeasuresPackBytes { get; set; } = 30 * 1024;
}

// The tables and the blob container of the projection, and their clients. Laid out as:
//   CaseRecords  PartitionKey = case id
//     "case"              the summary columns, the serialised state and the version
//     "entry|{seq:D10}"   one chronology entry (who, when, command id, the event)
//     "outcome|{id}"      how a command ended (accepted at a version, or refused and why)
//     "message|{key}"     one message's delivery status
//   CaseLists    one partition per list, each row naming a case and the version that wrote it
//     "officer|{id}", "stage|{stage}", "overdue", "reference|{REF}", "party|{key}"   RowKey = case id
//     "due"                                RowKey = "{next due UTC ticks:D19}|{case id}"
//     "reporter|{key}"                     RowKey = "{reported UTC ticks:D19}|{case id}"
//   CaseMeasures one partition "packs" (MeasuresRows): the measure facts of many cases a row, keyed
//     by the month they settled in, and a pointer row per case naming its pack (see MeasuresRecorder)
// A text too long for one property (the event of a long account, a large state) is kept whole
// in the case-records container and the row names its blob.
public sealed partial class CaseProjectionStore
{
    internal const string CaseRowKey = "case";
    internal const string ClaimRowKey = "claim";
    internal const string EntryPrefix = "entry|";
    internal const string OutcomePrefix = "outcome|";
    internal const string MessagePrefix = "message|";

    // A string property holds 64 KiB of UTF-16; anything longer goes to a blob.
    internal const int MaxInlineChars = 30_000;

    public CaseProjectionStore(TableServiceClient tables, BlobServiceClient blobs, CaseProjectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        Options = options ?? new CaseProjectionOptions();
        if (Options.Prefix.Length > 20 || !PrefixPattern().IsMatch(Options.Prefix))
        {
            throw new ArgumentException("The prefix is up to 20 letters and digits, starting with a letter.", nameof(options));
        }
        if (Options.MeasuresPackBytes is < 1024 or > 60 * 1024)
        {
            throw new ArgumentException("A measures pack is 1 to 60 KiB.", nameof(options));
        }
        Records = tables.GetTableClient(Options.Prefix + "CaseRecords");
        Lists = tables.GetTableClient(Options.Prefix + "CaseLists");
        Measures = tables.GetTableClient(Options.Prefix + "CaseMeasures");
        Blobs = blobs.GetBlobContainerClient(Options.Prefix.Length == 0 ? "case-records" : $"{Options.Prefix.ToLowerInvariant()}-case-records");
    }

    public CaseProjectionOptions Options { get; }

    internal TableClient Records { get; }

    internal TableClient Lists { get; }

    internal TableClient Measures { get; }

    internal BlobContainerClient Blobs { get; }

    public async Task EnsureCreated(CancellationToken cancellationToken)
    {
        await Records.CreateIfNotExistsAsync(cancellationToken);
        await Lists.CreateIfNotExistsAsync(cancellationToken);
        await Measures.CreateIfNotExistsAsync(cancellationToken);
        await Blobs.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    internal static string EntryRowKey(long sequence) => $"{EntryPrefix}{sequence:D10}";

    internal static string OutcomeRowKey(string commandId) => OutcomePrefix + commandId;

    internal static string MessageRowKey(string messageKey) => MessagePrefix + messageKey;

    // The key just past every key starting with the prefix ('}' follows '|').
    internal static string EndOf(string prefix) => prefix[..^1] + "}";

    // Case ids, command ids and message keys become keys and blob names as they are.
    public static void CheckId(string id, string parameterName)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 200 || !IdPattern().IsMatch(id))
        {
            throw new ArgumentException("An id is 1 to 200 letters, digits or - _ . : @ characters.", parameterName);
        }
    }

    // Keeps text whole: inline when it fits a property, otherwise in a blob named for what it is.
    // The blob is written only if absent: what a name holds never changes once written.
    internal async Task<(string? Inline, string? Blob)> Keep(string text, string blobName, CancellationToken cancellationToken)
    {
        return text.Length <= MaxInlineChars ? (text, null) : (null, await KeepInBlob(text, blobName, cancellationToken));
    }

    internal async Task<string> KeepInBlob(string text, string blobName, CancellationToken cancellationToken)
    {
        try
        {
            await Blobs.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(text),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Written before (a retried record): the same text under the same name.
        }
        return blobName;
    }

    // A case's chronology rows with their events, oldest first (for the anonymiser and the eraser,
    // which rewrite them).
    internal async Task<List<RecordedEntry>> ReadEntries(string caseId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {caseId} and RowKey gt {EntryPrefix} and RowKey lt {EndOf(EntryPrefix)}");
        var entries = new List<RecordedEntry>();
        await foreach (var row in Records.QueryAsync<EntryRow>(filter, 1000, cancellationToken: cancellationToken))
        {
            var json = await Read(row.Event, row.EventBlob, cancellationToken)
                ?? throw new InvalidOperationException($"The blob holding entry {row.Sequence} of case {caseId} is missing.");
            entries.Add(new RecordedEntry(row, HateCase.Workflow.CaseWorkflowJson.Deserialize<HateCase.Domain.Cases.CaseEvent>(json)));
        }
        return entries.OrderBy(e => e.Row.Sequence).ToList();
    }

    internal async Task<string?> Read(string? inline, string? blobName, CancellationToken cancellationToken)
    {
        if (blobName is null)
        {
            return inline;
        }
        try
        {
            var content = await Blobs.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
            return Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.:@-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9]*)?$")]
    private static partial Regex PrefixPattern();
}

internal sealed record RecordedEntry(EntryRow Row, HateCase.Domain.Cases.CaseEvent Event);
