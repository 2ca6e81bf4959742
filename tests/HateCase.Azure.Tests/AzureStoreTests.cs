using HateCase.Azure.Storage;
using HateCase.Runtime.Ports;
using HateCase.Testing;
using Microsoft.WindowsAzure.Storage;
using Microsoft.WindowsAzure.Storage.Table;

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

        var parts = entity.Properties[AzureTableStore.BodyPartsProperty].Int32Value!.Value;
        Assert.Equal(7, parts);
        Assert.All(Enumerable.Range(0, parts), i => Assert.InRange(entity.Properties[$"Body{i}"].StringValue.Length, 1, 32_000));
    }

    [Fact]
    public async Task A_stored_row_missing_a_body_part_reads_as_malformed()
    {
        var table = await NewTable();
        var entity = new DynamicTableEntity("case-1", "state");
        entity.Properties["Body0"] = new EntityProperty("{\"first\":");
        entity.Properties["Body1"] = new EntityProperty("\"part\"");
        entity.Properties[AzureTableStore.BodyPartsProperty] = new EntityProperty(3);
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
        var entity = new DynamicTableEntity("case-1", "state");
        entity.Properties["Body0"] = new EntityProperty("{}");
        await WriteEntity(table, entity);

        await Assert.ThrowsAsync<StoredRowMalformedException>(() => Store.Get(table, "case-1", "state", None));
    }

    [Fact]
    public async Task A_stored_row_with_parts_beyond_its_count_reads_as_malformed()
    {
        var table = await NewTable();
        var entity = new DynamicTableEntity("case-1", "state");
        entity.Properties["Body0"] = new EntityProperty("{}");
        entity.Properties["Body1"] = new EntityProperty("left over");
        entity.Properties[AzureTableStore.BodyPartsProperty] = new EntityProperty(1);
        await WriteEntity(table, entity);

        await Assert.ThrowsAsync<StoredRowMalformedException>(() => Store.Get(table, "case-1", "state", None));
    }

    private Task WriteEntity(string table, DynamicTableEntity entity) =>
        CloudStorageAccount.Parse(azurite.ConnectionString).CreateCloudTableClient().GetTableReference(table)
            .ExecuteAsync(TableOperation.Insert(entity));

    private async Task<DynamicTableEntity> ReadEntity(string table, string partitionKey, string rowKey)
    {
        var result = await CloudStorageAccount.Parse(azurite.ConnectionString).CreateCloudTableClient().GetTableReference(table)
            .ExecuteAsync(TableOperation.Retrieve<DynamicTableEntity>(partitionKey, rowKey));
        return Assert.IsType<DynamicTableEntity>(result.Result);
    }
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
