using Azure.Data.Tables;
using HateCase.Azure.Storage;
using HateCase.Runtime.Ports;
using HateCase.Testing;

namespace HateCase.Azure.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableStoreTests(AzuriteFixture azurite) : TableStoreContract
{
    private readonly AzureStorage storage = AzureStorage.FromConnectionString(azurite.ConnectionString);

    protected override ITableStore Store => storage.Tables;

    [Fact]
    public async Task A_long_body_is_stored_as_counted_parts_of_at_most_32000_chars()
    {
        var table = await NewTable();
        var body = TestText.Mixed(200_000);
        await Store.Commit(table, [Insert("case-1", "state", body)], None);

        var entity = await ReadEntity(table, "case-1", "state");

        var parts = entity.GetInt32(AzureTableStore.BodyPartsProperty)!.Value;
        Assert.Equal(7, parts);
        Assert.All(Enumerable.Range(0, parts), i => Assert.InRange(entity.GetString($"Body{i}").Length, 1, 32_000));
    }

    [Fact]
    public async Task A_stored_row_missing_a_body_part_reads_as_malformed()
    {
        var table = await NewTable();
        var entity = new TableEntity("case-1", "state")
        {
            ["Body0"] = "{\"first\":",
            ["Body1"] = "\"part\"",
            [AzureTableStore.BodyPartsProperty] = 3,
        };
        await WriteEntity(table, entity);

        var malformed = await Assert.ThrowsAsync<StoredRowMalformedException>(() => Store.Get(table, "case-1", "state", None));
        await Assert.ThrowsAsync<StoredRowMalformedException>(() => Store.QueryPartition(table, "case-1", null, null, 10, null, None));

        Assert.Contains("Body2", malformed.Message);
        Assert.DoesNotContain("first", malformed.Message);
    }

    [Fact]
    public async Task A_stored_row_without_a_part_count_reads_as_malformed()
    {
        var table = await NewTable();
        var entity = new TableEntity("case-1", "state") { ["Body0"] = "{}" };
        await WriteEntity(table, entity);

        await Assert.ThrowsAsync<StoredRowMalformedException>(() => Store.Get(table, "case-1", "state", None));
    }

    [Fact]
    public async Task A_stored_row_with_parts_beyond_its_count_reads_as_malformed()
    {
        var table = await NewTable();
        var entity = new TableEntity("case-1", "state")
        {
            ["Body0"] = "{}",
            ["Body1"] = "left over",
            [AzureTableStore.BodyPartsProperty] = 1,
        };
        await WriteEntity(table, entity);

        await Assert.ThrowsAsync<StoredRowMalformedException>(() => Store.Get(table, "case-1", "state", None));
    }

    private Task WriteEntity(string table, TableEntity entity) =>
        new TableClient(azurite.ConnectionString, table).AddEntityAsync(entity);

    private async Task<TableEntity> ReadEntity(string table, string partitionKey, string rowKey) =>
        (await new TableClient(azurite.ConnectionString, table).GetEntityAsync<TableEntity>(partitionKey, rowKey)).Value;
}

[Collection(AzuriteFixture.Collection)]
public sealed class AzureQueueStoreTests(AzuriteFixture azurite) : QueueStoreContract
{
    protected override IQueueStore Queues { get; } = AzureStorage.FromConnectionString(azurite.ConnectionString).Queues;
}

[Collection(AzuriteFixture.Collection)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreContract
{
    protected override IBlobStore Blobs { get; } = AzureStorage.FromConnectionString(azurite.ConnectionString).Blobs;
}
