using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HateCase.Runtime.Ports;

namespace HateCase.Inbound.Email;

// The key of one email wherever it turns up (webhook, catch-up, retry, a second copy): a digest of
// its Message-ID, so neither the id nor anything in it is stored or logged.
public static class MessageKey
{
    public static string For(string internetMessageId)
    {
        ArgumentNullException.ThrowIfNull(internetMessageId);
        var id = internetMessageId.Trim();
        if (!id.StartsWith('<'))
        {
            id = "<" + id + ">";
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("hatecase-inbound:" + id)))[..40];
    }
}

// What became of a message, recorded once. No subject, address or text: only the outcome.
public sealed record ProcessedMessage(string Outcome, string? CaseId, string? Reason, DateTimeOffset ProcessedAt);

// One row per email ever processed, inserted only if absent, so whatever mix of notification,
// catch-up and retry brings a message, it is acted on once.
public sealed class ProcessedMessages(ITableStore tables, string tableName)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string TableName { get; } = tableName;

    public Task EnsureTable(CancellationToken cancellationToken) => tables.EnsureTable(TableName, cancellationToken);

    public async Task<ProcessedMessage?> Find(string key, CancellationToken cancellationToken)
    {
        var row = await tables.Get(TableName, Partition(key), key, cancellationToken);
        return row is null ? null : JsonSerializer.Deserialize<ProcessedMessage>(row.Body, Json);
    }

    // False when the message was recorded already (by another delivery of it).
    public async Task<bool> TryRecord(string key, ProcessedMessage record, CancellationToken cancellationToken)
    {
        var row = new TableRow(Partition(key), key, JsonSerializer.Serialize(record, Json));
        try
        {
            await tables.Commit(TableName, [new RowWrite(RowOperation.Insert, row)], cancellationToken);
            return true;
        }
        catch (RowExistsException)
        {
            return false;
        }
    }

    // 256 partitions by the key's first two hex digits, so the table spreads as it grows.
    private static string Partition(string key) => key[..2];
}
