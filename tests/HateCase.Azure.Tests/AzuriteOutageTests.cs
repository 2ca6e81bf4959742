using System.Diagnostics;
using HateCase.Azure.Storage;
using HateCase.Runtime.Ports;
using HateCase.Testing;

namespace HateCase.Azure.Tests;

// Its own Azurite, persisting to a temporary folder, so stopping it disturbs no other test.
public sealed class AzuriteOutageTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(3);

    private AzuriteInstance azurite = null!;

    public async Task InitializeAsync() => azurite = await AzuriteInstance.Start(AzuritePersistence.TemporaryFolder);

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    [Fact]
    public async Task An_outage_surfaces_quickly_as_unavailable_and_the_data_is_there_after_a_restart()
    {
        var storage = AzureStorage.FromConnectionString(azurite.ConnectionString);
        var tables = storage.Tables;
        await tables.EnsureTable("cases", None);
        var etag = (await tables.Commit("cases", [new RowWrite(RowOperation.Insert, new TableRow("case-1", "state", "v1"))], None))[0];
        await storage.Queues.Enqueue("due", "case-1", null, None);
        await storage.Blobs.Put("mail", "m1", new byte[] { 1 }, "application/octet-stream", None);

        await azurite.Stop();

        await AssertUnavailableQuickly(() => tables.Get("cases", "case-1", "state", None));
        await AssertUnavailableQuickly(() => tables.Commit("cases",
            [new RowWrite(RowOperation.Replace, new TableRow("case-1", "state", "v2", etag))], None));
        await AssertUnavailableQuickly(() => tables.QueryPartition("cases", "case-1", null, null, 10, null, None));
        await AssertUnavailableQuickly(() => storage.Queues.Receive("due", 1, TimeSpan.FromSeconds(30), None));
        await AssertUnavailableQuickly(() => storage.Blobs.Get("mail", "m1", None));

        await azurite.Restart();

        var row = await tables.Get("cases", "case-1", "state", None);
        Assert.Equal("v1", row!.Body);
        Assert.Equal(etag, row.ETag);
        await tables.Commit("cases", [new RowWrite(RowOperation.Replace, new TableRow("case-1", "state", "v2", etag))], None);
        Assert.Equal("v2", (await tables.Get("cases", "case-1", "state", None))!.Body);
        Assert.Equal("case-1", Assert.Single(await storage.Queues.Receive("due", 32, TimeSpan.FromSeconds(30), None)).Text);
        Assert.Equal(new byte[] { 1 }, (await storage.Blobs.Get("mail", "m1", None))!.Content.ToArray());
    }

    private static async Task AssertUnavailableQuickly(Func<Task> call)
    {
        var timer = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StoreUnavailableException>(call);
        Assert.True(timer.Elapsed < Quickly, $"the outage took {timer.Elapsed.TotalSeconds:0.0} s to surface");
    }
}
