using System.Globalization;
using Azure;
using Azure.Data.Tables;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Risk;

namespace HateCase.Storage;

// The case row: what lists show and look cases up by, the state and the version it was written at.
internal sealed class CaseRow : ITableEntity
{
    // The columns a list reads (never the state, which can be large).
    public static readonly IReadOnlyList<string> SummaryColumns =
    [
        nameof(PartitionKey), nameof(RowKey), nameof(Version), nameof(Reference), nameof(Stage), nameof(Risk), nameof(IsHate),
        nameof(OfficerId), nameof(ReportedAt), nameof(NextDueAt), nameof(NextDueKind), nameof(OverdueCount), nameof(IsOpen),
        nameof(PartyKey), nameof(HateStrands), nameof(AnonymiseFrom), nameof(Held), nameof(Erasure), nameof(Team), nameof(RestrictedTo),
    ];

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = CaseProjectionStore.CaseRowKey;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Version { get; set; }
    public string ProfileId { get; set; } = "";
    public string Reference { get; set; } = "";
    public string Stage { get; set; } = "";
    public string Risk { get; set; } = "";
    public bool IsHate { get; set; }
    // The strands' codes from the landlord's profile ("race,religion"): what lists show and filter by.
    public string? HateStrands { get; set; }
    public string? OfficerId { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset? NextDueAt { get; set; }
    public string? NextDueKind { get; set; }
    public int OverdueCount { get; set; }
    public bool IsOpen { get; set; }
    public string? PartyKey { get; set; }
    public string? State { get; set; }
    public string? StateBlob { get; set; }
    // When a closed case's personal data is to be removed; null while open.
    public DateTimeOffset? AnonymiseFrom { get; set; }
    // A team leader holds the case: it is not anonymised.
    public bool Held { get; set; }
    // Null, then Anonymising from the moment the daily run decides to remove the case's personal
    // data (readers show it without any from then on), then Anonymised once every copy is gone.
    public string? Erasure { get; set; }
    // RBC 15, MK 15.3: the case's team, and the staff ids it is restricted to ("kim,lee"; staff ids
    // hold no commas), so a list shows a case only to those who may see it.
    public string? Team { get; set; }
    public string? RestrictedTo { get; set; }

    public const string Anonymising = "anonymising";
    public const string Anonymised = "anonymised";

    public string CaseId => PartitionKey;

    public static CaseRow Of(string caseId, string profileId, long version, CaseState state, CaseFile file, DateTimeOffset? anonymiseFrom)
    {
        var summary = CaseSummary.Of(caseId, state, version)!;
        return new CaseRow
        {
            PartitionKey = caseId,
            Version = version,
            ProfileId = profileId,
            Reference = summary.Reference,
            Stage = summary.Stage,
            Risk = summary.Risk.ToString(),
            IsHate = summary.IsHate,
            HateStrands = summary.HateStrands.Count == 0 ? null : string.Join(',', summary.HateStrands),
            OfficerId = summary.OfficerId,
            ReportedAt = summary.ReportedAt,
            NextDueAt = summary.NextDueAt,
            NextDueKind = summary.NextDueKind?.ToString(),
            OverdueCount = summary.OverdueCount,
            IsOpen = state.IsOpen,
            PartyKey = file.PartyKey,
            AnonymiseFrom = state.IsOpen ? null : anonymiseFrom,
            Held = file.Hold is not null,
            Team = summary.Team,
            RestrictedTo = summary.RestrictedTo is { } allowed ? string.Join(',', allowed) : null,
        };
    }

    public CaseSummary ToSummary() => new(
        CaseId, Reference, Stage, Enum.Parse<RiskLevel>(Risk), IsHate,
        (HateStrands?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? []).ToValueList(), OfficerId, ReportedAt, NextDueAt,
        NextDueKind is null ? null : Enum.Parse<DeadlineKind>(NextDueKind), OverdueCount, Version, Team,
        RestrictedTo?.Split(',', StringSplitOptions.RemoveEmptyEntries).ToValueList());
}

// One row of a list: the case it names and the version of the case that wrote it.
internal sealed class ListRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string CaseId { get; set; } = "";
    public long Version { get; set; }
}

internal sealed class EntryRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Sequence { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string CommandId { get; set; } = "";
    public string Actor { get; set; } = "";
    public string? Event { get; set; }
    public string? EventBlob { get; set; }
}

internal sealed class OutcomeRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string CommandId { get; set; } = "";
    public long Version { get; set; }
    public string? RejectedBecause { get; set; }
}

internal sealed class MessageRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Key { get; set; } = "";
    public long Sequence { get; set; }
    public string Template { get; set; } = "";
    public string Progress { get; set; } = nameof(MessageProgress.Queued);
    public int Attempts { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastFailure { get; set; }

    public MessageStatus ToStatus() => new(Key, Sequence, Enum.Parse<MessageTemplate>(Template), Enum.Parse<MessageProgress>(Progress),
        Attempts, QueuedAt, SentAt, LastFailure);
}

// Which list rows a case should have, from its case row alone, so a reader can tell a current
// list row from one a case has moved out of.
internal static class CaseLists
{
    public readonly record struct Key(string PartitionKey, string RowKey);

    public const string OverduePartition = "overdue";
    public const string DuePartition = "due";

    // Every case, newest report first: what "All cases" pages through when nothing narrows it.
    public const string AllPartition = "all";

    // Open cases with no officer, longest waiting first: the case officers' team picks them up.
    public const string UnassignedPartition = "unassigned";

    // Closed cases not held, by when their personal data is to be removed: the daily retention run
    // reads the start of it, never every case.
    public const string RetentionPartition = "retention";

    public static IReadOnlySet<Key> For(CaseRow row)
    {
        var keys = new HashSet<Key>
        {
            new(StagePartition(row.Stage), row.CaseId),
            // Replies by email name the case by its reference.
            new(ReferencePartition(row.Reference), row.CaseId),
            new(AllPartition, NewestFirstRowKey(row.ReportedAt, row.CaseId)),
        };
        if (row.IsOpen && row.OfficerId is null)
        {
            keys.Add(new Key(UnassignedPartition, TimedRowKey(row.ReportedAt, row.CaseId)));
        }
        if (row.IsOpen && row.OfficerId is { } officer)
        {
            keys.Add(new Key(OfficerPartition(officer), row.CaseId));
        }
        if (row.OverdueCount > 0)
        {
            keys.Add(new Key(OverduePartition, row.CaseId));
        }
        if (row.NextDueAt is { } due)
        {
            keys.Add(new Key(DuePartition, TimedRowKey(due, row.CaseId)));
        }
        if (!row.IsOpen && row.AnonymiseFrom is { } anonymiseFrom && !row.Held && row.Erasure != CaseRow.Anonymised)
        {
            keys.Add(new Key(RetentionPartition, TimedRowKey(anonymiseFrom, row.CaseId)));
        }
        // NM01 and the Ombudsman: a new report about the same party joins the open case.
        if (row.IsOpen && row.PartyKey is { } party)
        {
            keys.Add(new Key(PartyPartition(party), row.CaseId));
        }
        return keys;
    }

    // The 2025 statutory guidance: a second report within six months is told of the case review.
    // Every report on the case counts (the first and each related one); a report once made is
    // never unmade, so these rows are only ever added.
    public static IReadOnlySet<Key> ReportersOf(string caseId, CaseFile file)
    {
        var keys = new HashSet<Key>();
        if (file.ReporterKey is { } reporter)
        {
            keys.Add(new Key(ReporterPartition(reporter), TimedRowKey(file.ReportedAt, caseId)));
        }
        foreach (var incident in file.Incidents.Where(i => i.ReporterKey is not null))
        {
            keys.Add(new Key(ReporterPartition(incident.ReporterKey!), TimedRowKey(incident.ReportedAt, caseId)));
        }
        return keys;
    }

    public static string StagePartition(string stage) => "stage|" + KeyText(stage);

    public static string OfficerPartition(string officerId) => "officer|" + KeyText(officerId);

    public static string ReferencePartition(string reference) => "reference|" + KeyText(reference.ToUpperInvariant());

    public static string PartyPartition(string partyKey) => "party|" + KeyText(partyKey);

    public static string ReporterPartition(string reporterKey) => "reporter|" + KeyText(reporterKey);

    public static string TimedRowKey(DateTimeOffset at, string caseId) => $"{Ticks(at)}|{caseId}";

    // Row keys sort ascending: counting down from the latest time lists the newest first.
    public static string NewestFirstRowKey(DateTimeOffset at, string caseId) =>
        $"{(DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}|{caseId}";

    public static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    public static DateTimeOffset TimeOf(string timedRowKey) =>
        new(long.Parse(timedRowKey.AsSpan(0, 19), CultureInfo.InvariantCulture), TimeSpan.Zero);

    public static string CaseIdOf(Key key) =>
        key.PartitionKey is DuePartition or AllPartition or UnassignedPartition or RetentionPartition || key.PartitionKey.StartsWith("reporter|", StringComparison.Ordinal)
            ? key.RowKey[20..]
            : key.RowKey;

    // Officer ids and keys come from outside: escaped so '/', '\', '#', '?' and control characters
    // (not allowed in table keys) cannot occur, and hashed (every UTF-16 unit) when too long for a
    // key or not well-formed text.
    private static string KeyText(string value)
    {
        var escaped = HasLoneSurrogate(value) ? null : Uri.EscapeDataString(value);
        return escaped is { Length: <= 400 }
            ? escaped
            : "sha256-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.AsSpan())));
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }
        return false;
    }
}
