using System.Text;
using HateCase.Runtime.Ports;

namespace HateCase.Azure.Tests;

public abstract class BlobStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract IBlobStore Blobs { get; }

    private static string NewContainer() => "c-" + Guid.NewGuid().ToString("N")[..20];

    [Fact]
    public async Task A_blob_reads_back_with_its_content_type()
    {
        var container = NewContainer();
        var content = Encoding.UTF8.GetBytes("From: asb@example.org\r\nSubject: Noise — Siân\r\n\r\n😀");

        await Blobs.Put(container, "mail/2026/01/message-1.eml", content, "message/rfc822", None);
        var blob = await Blobs.Get(container, "mail/2026/01/message-1.eml", None);

        Assert.NotNull(blob);
        Assert.Equal(content, blob.Content.ToArray());
        Assert.Equal("message/rfc822", blob.ContentType);
    }

    [Fact]
    public async Task Put_overwrites_a_blob_of_the_same_name()
    {
        var container = NewContainer();
        await Blobs.Put(container, "state.json", "{\"v\":1}"u8.ToArray(), "application/json", None);

        await Blobs.Put(container, "state.json", "{\"v\":2}"u8.ToArray(), "application/json", None);

        Assert.Equal("{\"v\":2}"u8.ToArray(), (await Blobs.Get(container, "state.json", None))!.Content.ToArray());
    }

    [Fact]
    public async Task List_returns_the_names_under_a_prefix_in_order()
    {
        var container = NewContainer();
        foreach (var name in new[] { "b/2", "a/1", "b/1", "b/10", "c" })
        {
            await Blobs.Put(container, name, new byte[] { 1, 2, 3 }, "application/octet-stream", None);
        }

        Assert.Equal(["b/1", "b/10", "b/2"], await Blobs.List(container, "b/", None));
        Assert.Equal(["a/1", "b/1", "b/10", "b/2", "c"], await Blobs.List(container, "", None));
    }

    [Fact]
    public async Task A_deleted_blob_is_gone_and_deleting_again_is_harmless()
    {
        var container = NewContainer();
        await Blobs.Put(container, "x.bin", new byte[] { 9 }, "application/octet-stream", None);

        await Blobs.Delete(container, "x.bin", None);
        await Blobs.Delete(container, "x.bin", None);

        Assert.Null(await Blobs.Get(container, "x.bin", None));
        Assert.Empty(await Blobs.List(container, "", None));
    }

    [Fact]
    public async Task A_missing_container_has_no_blobs()
    {
        var container = NewContainer();

        Assert.Null(await Blobs.Get(container, "x.bin", None));
        Assert.Empty(await Blobs.List(container, "", None));
        await Blobs.Delete(container, "x.bin", None);
    }

    [Fact]
    public async Task An_empty_blob_round_trips()
    {
        var container = NewContainer();

        await Blobs.Put(container, "empty", ReadOnlyMemory<byte>.Empty, "text/plain", None);

        Assert.Empty((await Blobs.Get(container, "empty", None))!.Content.ToArray());
    }

    [Fact]
    public async Task Invalid_names_are_refused()
    {
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Blobs.Put("Mail", "x", new byte[] { 1 }, "text/plain", None));
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Blobs.Put(NewContainer(), "ends-with/", new byte[] { 1 }, "text/plain", None));
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Blobs.Get(NewContainer(), "", None));
    }
}
