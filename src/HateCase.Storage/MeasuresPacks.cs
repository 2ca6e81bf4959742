using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using HateCase.Domain.Measures;

namespace HateCase.Storage;

// The measures' own rows, in the CaseMeasures table, all in one partition so that a case moving
// from one pack to another, and its pointer, change in one entity-group transaction:
//   "{bucket UTC ticks:D19}|{shard:D2}|{9999 - n:D4}"   a pack: the facts of many cases (no personal
//                                         data, no free text), Brotli-compressed JSON in one binary
//                                         property. The bucket is the UTC month in which the case
//                                         settled (the latest of its facts once nothing more can
//                                         happen by time alone), or the largest time while it can
//                                         (open, a promise standing, a survey due).
//   "case|{case id}"                      the pointer: the version recorded and the pack holding it
// A period [from, to) reads the packs from its first day's month up, a page of packs at a time,
// and skips the cases in them settled before it began or reported after it ended: a year of
// 100,000 cases is a few hundred rows instead of 100,000.
// The shard (a hash of the case id) spreads the cases of one bucket over several packs, so
// recorders of different cases seldom race for one row; when they do, each writes under the ETag
// it read and the loser decides again. Packs of a bucket and shard are numbered down from 9999,
// so the first in key order is the newest, the one a case joins when it has room.
// The earlier layout (one row per case, in partition "cases") is never read: MeasuresBackfill rebuilds
// those cases into packs once and removes its rows.
internal static class MeasuresRows
{
    public const string Partition = "packs";
    public const string PointerPrefix = "case|";
    public const int Shards = 8;

    // An entry larger than half a pack once compressed keeps its facts in a blob, so an empty pack
    // always has room for any entry (CaseProjectionOptions.MeasuresPackBytes).
    public static int MaxEntryBytes(int packBytes) => packBytes / 2;

    private const int MaxPackNumber = 9999;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string PointerKey(string caseId) => PointerPrefix + caseId;

    // The first pack key a period from this time can need: its UTC month's bucket.
    public static string FirstKeyFrom(DateTimeOffset from) => Ticks(MonthOf(from)) + "|";

    public static string BucketAndShard(DateTimeOffset? settledAt, string caseId) =>
        $"{Ticks(settledAt is { } at ? MonthOf(at) : DateTimeOffset.MaxValue)}|{Shard(caseId):D2}|";

    public static string PackKey(string bucketAndShard, int number)
    {
        if (number is < 0 or > MaxPackNumber)
        {
            throw new InvalidOperationException($"A bucket holds at most {MaxPackNumber + 1} packs of a shard.");
        }
        return bucketAndShard + (MaxPackNumber - number).ToString("D4", CultureInfo.InvariantCulture);
    }

    public static int PackNumber(string packKey) => MaxPackNumber - int.Parse(packKey[^4..], CultureInfo.InvariantCulture);

    public static string BucketAndShardOf(string packKey) => packKey[..^4];

    // A stable hash: the same case lands in the same shard in every process.
    public static int Shard(string caseId) => SHA256.HashData(Encoding.UTF8.GetBytes(caseId))[0] % Shards;

    private static DateTimeOffset MonthOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}

internal sealed class MeasuresPointerRow : ITableEntity
{
    public string PartitionKey { get; set; } = MeasuresRows.Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Version { get; set; }
    public string PackKey { get; set; } = "";
}

internal sealed class MeasuresPackRow : ITableEntity
{
    public static readonly IReadOnlyList<string> ReadColumns = [nameof(Facts)];

    public string PartitionKey { get; set; } = MeasuresRows.Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    // The earliest report among its cases: a period ending before it has nothing to read here.
    public DateTimeOffset MinReportedAt { get; set; }
    public int Cases { get; set; }
    public byte[] Facts { get; set; } = [];
}

// One case in a pack: its facts, or the blob holding them when they are too large for a pack.
internal sealed record MeasuresPackEntry(
    [property: JsonPropertyName("case")] string CaseId,
    DateTimeOffset ReportedAt,
    CaseMeasureFacts? Facts,
    string? Blob);

// A pack as the recorder changes it: each case's entry kept as the JSON it was read as, so
// changing one case re-encodes no other.
internal sealed class MeasuresPack
{
    private readonly List<(string CaseId, DateTimeOffset ReportedAt, string Json)> entries;
    private MeasuresPackRow? row;

    private MeasuresPack(string rowKey, ETag etag, List<(string, DateTimeOffset, string)> entries) =>
        (RowKey, ETag, this.entries) = (rowKey, etag, entries);

    public string RowKey { get; }

    // Default for a pack not yet stored.
    public ETag ETag { get; }

    public bool IsStored => ETag != default;

    public int Count => entries.Count;

    public static MeasuresPack New(string rowKey) => new(rowKey, default, []);

    public static MeasuresPack Of(MeasuresPackRow row)
    {
        using var json = JsonDocument.Parse(Decompress(row.Facts));
        var entries = json.RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("case").GetString()!, e.GetProperty("reportedAt").GetDateTimeOffset(), e.GetRawText()))
            .ToList();
        return new MeasuresPack(row.RowKey, row.ETag, entries);
    }

    public string? EntryJson(string caseId) => entries.FirstOrDefault(e => e.CaseId == caseId).Json;

    public MeasuresPack Without(string caseId) => new(RowKey, ETag, entries.Where(e => e.CaseId != caseId).ToList());

    public MeasuresPack With(MeasuresPackEntry entry, string json) =>
        new(RowKey, ETag, [.. entries.Where(e => e.CaseId != entry.CaseId), (entry.CaseId, entry.ReportedAt, json)]);

    // Encoded once: a pack is not changed in place.
    public MeasuresPackRow ToRow() => row ??= Encode();

    private MeasuresPackRow Encode()
    {
        using var raw = new MemoryStream();
        using (var writer = new Utf8JsonWriter(raw))
        {
            writer.WriteStartArray();
            foreach (var entry in entries)
            {
                writer.WriteRawValue(entry.Json, skipInputValidation: true);
            }
            writer.WriteEndArray();
        }
        return new MeasuresPackRow
        {
            RowKey = RowKey,
            MinReportedAt = entries.Min(e => e.ReportedAt),
            Cases = entries.Count,
            Facts = Compress(raw.GetBuffer().AsSpan(0, (int)raw.Length)),
        };
    }

    public static byte[] Compress(ReadOnlySpan<byte> json)
    {
        using var compressed = new MemoryStream();
        using (var brotli = new BrotliStream(compressed, CompressionLevel.Optimal))
        {
            brotli.Write(json);
        }
        return compressed.ToArray();
    }

    private static byte[] Decompress(byte[] packed)
    {
        using var brotli = new BrotliStream(new MemoryStream(packed), CompressionMode.Decompress);
        using var json = new MemoryStream();
        brotli.CopyTo(json);
        return json.ToArray();
    }

    // The entries of a stored pack one at a time, as it is decompressed, for readers.
    public static async IAsyncEnumerable<MeasuresPackEntry> Entries(byte[] packed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var brotli = new BrotliStream(new MemoryStream(packed), CompressionMode.Decompress);
        await foreach (var entry in JsonSerializer.DeserializeAsyncEnumerable<MeasuresPackEntry>(brotli, MeasuresRows.Json, cancellationToken))
        {
            if (entry is not null)
            {
                yield return entry;
            }
        }
    }
}
