using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HateCase.Runtime.Ports;

namespace HateCase.Inbound.Graph;

// Where the inbox catch-up left off: the @odata.deltaLink of the last complete delta round.
public interface IDeltaTokenStore
{
    Task<string?> Get(string mailbox, CancellationToken cancellationToken);

    Task Save(string mailbox, string deltaLink, CancellationToken cancellationToken);

    Task Clear(string mailbox, CancellationToken cancellationToken);
}

// The subscription we hold on the mailbox, so it is renewed rather than duplicated.
public sealed record SubscriptionRecord(
    string Id, DateTimeOffset ExpiresAt, string Resource, string NotificationUrl, string? LifecycleNotificationUrl);

public interface ISubscriptionRecordStore
{
    Task<SubscriptionRecord?> Get(string mailbox, CancellationToken cancellationToken);

    Task Save(string mailbox, SubscriptionRecord record, CancellationToken cancellationToken);

    Task Clear(string mailbox, CancellationToken cancellationToken);
}

// Both kept as table rows, one per mailbox, keyed by a digest of the mailbox address.
public sealed class TableMailboxState(ITableStore tables, string tableName) : IDeltaTokenStore, ISubscriptionRecordStore
{
    private const string DeltaPartition = "delta";
    private const string SubscriptionPartition = "subscription";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string TableName { get; } = tableName;

    public Task EnsureTable(CancellationToken cancellationToken) => tables.EnsureTable(TableName, cancellationToken);

    async Task<string?> IDeltaTokenStore.Get(string mailbox, CancellationToken cancellationToken) =>
        await Read<DeltaRow>(DeltaPartition, mailbox, cancellationToken) is { } row ? row.DeltaLink : null;

    Task IDeltaTokenStore.Save(string mailbox, string deltaLink, CancellationToken cancellationToken) =>
        Write(DeltaPartition, mailbox, new DeltaRow(deltaLink), cancellationToken);

    Task IDeltaTokenStore.Clear(string mailbox, CancellationToken cancellationToken) =>
        Remove(DeltaPartition, mailbox, cancellationToken);

    Task<SubscriptionRecord?> ISubscriptionRecordStore.Get(string mailbox, CancellationToken cancellationToken) =>
        Read<SubscriptionRecord>(SubscriptionPartition, mailbox, cancellationToken);

    Task ISubscriptionRecordStore.Save(string mailbox, SubscriptionRecord record, CancellationToken cancellationToken) =>
        Write(SubscriptionPartition, mailbox, record, cancellationToken);

    Task ISubscriptionRecordStore.Clear(string mailbox, CancellationToken cancellationToken) =>
        Remove(SubscriptionPartition, mailbox, cancellationToken);

    private async Task<T?> Read<T>(string partition, string mailbox, CancellationToken cancellationToken) where T : class
    {
        var row = await tables.Get(TableName, partition, RowKey(mailbox), cancellationToken);
        return row is null ? null : JsonSerializer.Deserialize<T>(row.Body, Json);
    }

    private Task Write<T>(string partition, string mailbox, T value, CancellationToken cancellationToken) =>
        tables.Commit(TableName,
            [new RowWrite(RowOperation.InsertOrReplace, new TableRow(partition, RowKey(mailbox), JsonSerializer.Serialize(value, Json)))],
            cancellationToken);

    private async Task Remove(string partition, string mailbox, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Commit(TableName, [new RowWrite(RowOperation.Delete, new TableRow(partition, RowKey(mailbox), ""))], cancellationToken);
        }
        catch (RowNotFoundException)
        {
        }
    }

    private static string RowKey(string mailbox) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(mailbox.Trim().ToLowerInvariant())))[..32];

    private sealed record DeltaRow(string DeltaLink);
}
