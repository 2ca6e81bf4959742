using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;

namespace HateCase.Storage;

// What kind of access to special-category data was recorded (RBC 15, MK 15.3: need-to-know access
// and a record of disclosures).
public static class AccessKinds
{
    public const string CasePage = "case-page";
    public const string CaseApi = "case-api";
    // An action's form on the case page (it shows the case's reference and what the action needs).
    public const string CaseActionPage = "case-action-page";
    // A command sent to a case (recorded when refused; one allowed is in the case's chronology).
    public const string CaseCommand = "case-command";
    public const string MeasuresExport = "measures-export";
    public const string CasesExport = "cases-export";
    public const string SubjectAccessSearch = "subject-access-search";
    public const string SubjectAccessDownload = "subject-access-download";
    public const string AccessRecordPage = "access-record-page";
}

// One access: who (the signed-in staff id and role), when, to what (a case, or an export or a
// search, which name no one: a search holds a keyed hash of what was searched, never the terms),
// what kind, and whether it was allowed or refused.
public sealed record AccessEntry(
    DateTimeOffset At, string StaffId, string Role, string Kind, bool Refused, string? CaseId = null, string? Detail = null);

public sealed record AccessPage(IReadOnlyList<AccessEntry> Entries, string? ContinuationToken);

// The "who looked" record in the AccessRecord table, append-only: rows are only ever inserted.
//   PartitionKey "case|{case id}" for a case, "exports" and "searches" for the rest, so a case's
//     record is one partition read in one query;
//   RowKey "{DateTimeOffset.MaxValue ticks - at ticks:D19}|{random}", so a partition reads newest
//     first and two accesses at one moment never collide.
public sealed class AccessRecord
{
    public const int MaxPageSize = 100;
    public const string ExportsPartition = "exports";
    public const string SearchesPartition = "searches";

    private readonly TableClient table;

    public AccessRecord(TableServiceClient tables, CaseProjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        table = tables.GetTableClient(options.Prefix + "AccessRecord");
    }

    public Task EnsureCreated(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    public static string CasePartition(string caseId) => "case|" + caseId;

    public async Task Add(AccessEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.CaseId is { } caseId)
        {
            CaseProjectionStore.CheckId(caseId, nameof(entry));
        }
        var partition = entry.CaseId is { } id ? CasePartition(id)
            : entry.Kind is AccessKinds.SubjectAccessSearch or AccessKinds.SubjectAccessDownload ? SearchesPartition
            : ExportsPartition;
        await table.AddEntityAsync(new AccessRow
        {
            PartitionKey = partition,
            RowKey = $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}|{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}",
            At = entry.At,
            StaffId = Limit(entry.StaffId, 200),
            Role = Limit(entry.Role, 50),
            Kind = entry.Kind,
            Refused = entry.Refused,
            CaseId = entry.CaseId,
            Detail = entry.Detail is null ? null : Limit(entry.Detail, 1000),
        }, cancellationToken);
    }

    // One page of a partition, newest first.
    public async Task<AccessPage> Page(string partition, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        await foreach (var page in table.QueryAsync<AccessRow>(r => r.PartitionKey == partition, pageSize, cancellationToken: cancellationToken)
                           .AsPages(continuationToken, pageSize))
        {
            return new AccessPage(page.Values.Select(r => r.ToEntry()).ToList(), page.ContinuationToken);
        }
        return new AccessPage([], null);
    }

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed class AccessRow : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }

        public DateTimeOffset At { get; set; }
        public string StaffId { get; set; } = "";
        public string Role { get; set; } = "";
        public string Kind { get; set; } = "";
        public bool Refused { get; set; }
        public string? CaseId { get; set; }
        public string? Detail { get; set; }

        public AccessEntry ToEntry() => new(At, StaffId, Role, Kind, Refused, CaseId, Detail);
    }
}
