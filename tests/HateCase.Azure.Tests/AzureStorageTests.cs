using HateCase.Azure.Storage;
using HateCase.Testing;

namespace HateCase.Azure.Tests;

public sealed class AzureStorageTests
{
    [Fact]
    public void The_development_storage_shorthand_is_accepted()
    {
        var storage = AzureStorage.FromConnectionString("UseDevelopmentStorage=true");

        Assert.NotNull(storage.Tables);
        Assert.NotNull(storage.Queues);
        Assert.NotNull(storage.Blobs);
    }

    [Fact]
    public void An_unparseable_connection_string_is_refused_without_echoing_it()
    {
        const string secret = "AccountKey=c2VjcmV0";

        var refused = Assert.Throws<ArgumentException>(() => AzureStorage.FromConnectionString("Nonsense;" + secret));

        Assert.DoesNotContain("c2VjcmV0", refused.ToString());
    }

    [Fact]
    public void A_body_is_split_into_parts_of_at_most_32000_chars_without_cutting_a_surrogate_pair()
    {
        var body = new string('a', 31_999) + "😀" + new string('b', 40_000);

        var parts = AzureTableStore.SplitBody(body);

        Assert.Equal(body, string.Concat(parts));
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 32_000));
        Assert.Equal(31_999, parts[0].Length);
        Assert.Empty(AzureTableStore.SplitBody(""));
    }

    [Fact]
    public async Task Azurite_reports_where_it_listens_and_stops_cleanly()
    {
        var azurite = await AzuriteInstance.Start();
        try
        {
            Assert.True(azurite.IsRunning);
            Assert.Equal(3, new[] { azurite.BlobPort, azurite.QueuePort, azurite.TablePort }.Where(p => p > 0).Distinct().Count());
            Assert.Contains($"TableEndpoint=http://127.0.0.1:{azurite.TablePort}/devstoreaccount1", azurite.ConnectionString);
        }
        finally
        {
            await azurite.DisposeAsync();
        }

        Assert.False(azurite.IsRunning);
    }
}
