using HateCase.Runtime.Ports;

namespace HateCase.Azure.Tests;

// The same assertions for every ITableStore: the in-memory store must behave as Azure Storage does.
public abstract class TableStoreContract
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected abstract ITableStore Store { get; }

    protected async Task<string> NewTable()
    {
        var table = "t" + Guid.NewGuid().ToString("N")[..24];
        await Store.EnsureTable(table, None);
        return table;
    }

    protected static RowWrite Insert(string partitionKey, string rowKey, string body) =>
        new(RowOperation.Insert, new TableRow(partitionKey, rowKey, body));

    [Fact]
    public async Task An_inserted_row_reads_back_with_its_etag()
    {
        var table = await NewTable();

        var etags = await Store.Commit(table, [Insert("case-1", "state", "{\"v\":1}")], None);
        var row = await Store.Get(table, "case-1", "state", None);

        Assert.NotNull(row);
        Assert.Equal("{\"v\":1}", row.Body);
        Assert.Equal(("case-1", "state"), (row.PartitionKey, row.RowKey));
        Assert.False(string.IsNullOrEmpty(etags[0]));
        Assert.Equal(etags[0], row.ETag);
    }

    [Fact]
    public async Task A_missing_row_or_table_reads_as_nothing()
    {
        var table = await NewTable();

        Assert.Null(await Store.Get(table, "case-1", "state", None));
        Assert.Null(await Store.Get("nosuchtable" + Guid.NewGuid().ToString("N")[..8], "case-1", "state", None));
        var page = await Store.QueryPartition("nosuchtable" + Guid.NewGuid().ToString("N")[..8], "case-1", null, null, 10, null, None);
        Assert.Empty(page.Rows);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task A_commit_to_a_missing_table_is_refused()
    {
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() =>
            Store.Commit("nosuchtable" + Guid.NewGuid().ToString("N")[..8], [Insert("case-1", "state", "{}")], None));
    }

    [Fact]
    public async Task Replace_with_the_current_etag_succeeds_and_issues_a_new_etag()
    {
        var table = await NewTable();
        var first = (await Store.Commit(table, [Insert("case-1", "state", "v1")], None))[0];

        var second = (await Store.Commit(table, [new RowWrite(RowOperation.Replace, new TableRow("case-1", "state", "v2", first))], None))[0];

        Assert.NotEqual(first, second);
        var row = await Store.Get(table, "case-1", "state", None);
        Assert.Equal("v2", row!.Body);
        Assert.Equal(second, row.ETag);
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_conflicts_and_the_whole_commit_is_unwritten()
    {
        var table = await NewTable();
        var stale = (await Store.Commit(table, [Insert("case-1", "state", "v1")], None))[0];
        await Store.Commit(table, [new RowWrite(RowOperation.Replace, new TableRow("case-1", "state", "v2", stale))], None);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.Commit(table,
        [
            Insert("case-1", "event-0001", "e1"),
            new RowWrite(RowOperation.Replace, new TableRow("case-1", "state", "v3", stale)),
            Insert("case-1", "event-0002", "e2"),
        ], None));

        Assert.Equal("state", conflict.RowKey);
        Assert.Equal("v2", (await Store.Get(table, "case-1", "state", None))!.Body);
        Assert.Null(await Store.Get(table, "case-1", "event-0001", None));
        Assert.Null(await Store.Get(table, "case-1", "event-0002", None));
    }

    [Fact]
    public async Task Replace_without_an_etag_is_unconditional()
    {
        var table = await NewTable();
        await Store.Commit(table, [Insert("case-1", "state", "v1")], None);

        await Store.Commit(table, [new RowWrite(RowOperation.Replace, new TableRow("case-1", "state", "v2"))], None);

        Assert.Equal("v2", (await Store.Get(table, "case-1", "state", None))!.Body);
    }

    [Fact]
    public async Task Inserting_a_row_that_exists_fails_naming_that_row_and_writes_nothing()
    {
        var table = await NewTable();
        await Store.Commit(table, [Insert("case-1", "command-42", "done")], None);

        var exists = await Assert.ThrowsAsync<RowExistsException>(() => Store.Commit(table,
        [
            Insert("case-1", "event-0001", "e1"),
            Insert("case-1", "event-0002", "e2"),
            Insert("case-1", "command-42", "again"),
        ], None));

        Assert.Equal("command-42", exists.RowKey);
        Assert.Null(await Store.Get(table, "case-1", "event-0001", None));
        Assert.Null(await Store.Get(table, "case-1", "event-0002", None));
        Assert.Equal("done", (await Store.Get(table, "case-1", "command-42", None))!.Body);
    }

    [Fact]
    public async Task Replacing_or_deleting_a_missing_row_fails_naming_that_row()
    {
        var table = await NewTable();

        var replace = await Assert.ThrowsAsync<RowNotFoundException>(() => Store.Commit(table,
            [Insert("case-1", "a", "x"), new RowWrite(RowOperation.Replace, new TableRow("case-1", "missing", "y"))], None));
        var delete = await Assert.ThrowsAsync<RowNotFoundException>(() => Store.Commit(table,
            [new RowWrite(RowOperation.Delete, new TableRow("case-1", "missing", "")), Insert("case-1", "b", "x")], None));

        Assert.Equal("missing", replace.RowKey);
        Assert.Equal("missing", delete.RowKey);
        Assert.Null(await Store.Get(table, "case-1", "a", None));
        Assert.Null(await Store.Get(table, "case-1", "b", None));
    }

    [Fact]
    public async Task Delete_is_guarded_by_the_etag_and_returns_no_etag()
    {
        var table = await NewTable();
        var stale = (await Store.Commit(table, [Insert("case-1", "timer-1", "t")], None))[0];
        var current = (await Store.Commit(table, [new RowWrite(RowOperation.InsertOrReplace, new TableRow("case-1", "timer-1", "t2"))], None))[0];

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Store.Commit(table, [new RowWrite(RowOperation.Delete, new TableRow("case-1", "timer-1", "", stale))], None));
        var etags = await Store.Commit(table,
            [new RowWrite(RowOperation.Delete, new TableRow("case-1", "timer-1", "", current)), Insert("case-1", "timer-2", "t")], None);

        Assert.Null(etags[0]);
        Assert.NotNull(etags[1]);
        Assert.Null(await Store.Get(table, "case-1", "timer-1", None));
    }

    [Fact]
    public async Task A_commit_returns_one_etag_per_write_in_order()
    {
        var table = await NewTable();
        var stateEtag = (await Store.Commit(table, [Insert("case-1", "state", "v1")], None))[0];

        var etags = await Store.Commit(table,
        [
            new RowWrite(RowOperation.Replace, new TableRow("case-1", "state", "v2", stateEtag)),
            Insert("case-1", "event-1", "e1"),
            new RowWrite(RowOperation.InsertOrReplace, new TableRow("case-1", "outbox-1", "o1")),
        ], None);

        Assert.Equal(3, etags.Count);
        Assert.Equal((await Store.Get(table, "case-1", "state", None))!.ETag, etags[0]);
        Assert.Equal((await Store.Get(table, "case-1", "event-1", None))!.ETag, etags[1]);
        Assert.Equal((await Store.Get(table, "case-1", "outbox-1", None))!.ETag, etags[2]);
    }

    [Fact]
    public async Task A_commit_of_100_writes_is_accepted_and_one_of_101_is_refused()
    {
        var table = await NewTable();

        await Store.Commit(table, Enumerable.Range(0, 100).Select(i => Insert("case-1", $"e{i:D3}", "x")).ToList(), None);
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() =>
            Store.Commit(table, Enumerable.Range(0, 101).Select(i => Insert("case-2", $"e{i:D3}", "x")).ToList(), None));

        Assert.NotNull(await Store.Get(table, "case-1", "e099", None));
        Assert.Null(await Store.Get(table, "case-2", "e000", None));
    }

    [Fact]
    public async Task A_commit_spanning_partitions_is_refused_and_nothing_is_written()
    {
        var table = await NewTable();

        await Assert.ThrowsAsync<StoreRequestInvalidException>(() =>
            Store.Commit(table, [Insert("case-1", "event-1", "x"), Insert("case-2", "event-1", "x")], None));

        Assert.Null(await Store.Get(table, "case-1", "event-1", None));
        Assert.Null(await Store.Get(table, "case-2", "event-1", None));
    }

    [Fact]
    public async Task A_row_written_twice_in_one_commit_is_refused()
    {
        var table = await NewTable();

        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Store.Commit(table,
            [Insert("case-1", "event-1", "x"), new RowWrite(RowOperation.InsertOrReplace, new TableRow("case-1", "event-1", "y"))], None));

        Assert.Null(await Store.Get(table, "case-1", "event-1", None));
    }

    [Fact]
    public async Task A_long_body_of_mixed_scripts_and_emoji_round_trips_exactly()
    {
        var table = await NewTable();
        var body = TestText.Mixed(200_000);

        await Store.Commit(table, [Insert("case-1", "state", body)], None);

        Assert.Equal(body, (await Store.Get(table, "case-1", "state", None))!.Body);
    }

    [Fact]
    public async Task An_emoji_straddling_a_body_part_boundary_round_trips()
    {
        var table = await NewTable();
        var boundary = StorageRules.BodyPartChars;
        var body = new string('a', boundary - 1) + "😀" + new string('b', boundary - 1) + "👩🏽‍🦱";

        await Store.Commit(table, [Insert("case-1", "state", body)], None);

        Assert.Equal(body, (await Store.Get(table, "case-1", "state", None))!.Body);
    }

    [Fact]
    public async Task An_empty_body_round_trips()
    {
        var table = await NewTable();

        await Store.Commit(table, [Insert("case-1", "marker", "")], None);

        Assert.Equal("", (await Store.Get(table, "case-1", "marker", None))!.Body);
    }

    [Fact]
    public async Task A_body_of_MaxBodyChars_fits_and_one_char_more_is_refused()
    {
        var table = await NewTable();
        Assert.Equal(StorageRules.MaxBodyChars, Store.MaxBodyChars);
        var largest = TestText.Mixed(Store.MaxBodyChars);

        await Store.Commit(table, [Insert("case-1", "largest", largest)], None);
        var refused = await Assert.ThrowsAsync<StoreRequestInvalidException>(() =>
            Store.Commit(table, [Insert("case-1", "too-large", largest + "x")], None));

        Assert.Equal(largest, (await Store.Get(table, "case-1", "largest", None))!.Body);
        Assert.Null(await Store.Get(table, "case-1", "too-large", None));
        Assert.DoesNotContain(largest[..40], refused.Message);
    }

    [Fact]
    public async Task A_body_with_a_lone_surrogate_is_refused_rather_than_corrupted()
    {
        var table = await NewTable();

        await Assert.ThrowsAsync<StoreRequestInvalidException>(() =>
            Store.Commit(table, [Insert("case-1", "state", "broken \uD83D pair")], None));
    }

    [Fact]
    public async Task A_commit_over_the_transaction_size_limit_is_refused()
    {
        var table = await NewTable();
        var wide = new string('語', 400_000);

        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Store.Commit(table,
            Enumerable.Range(0, 5).Select(i => Insert("case-1", $"e{i}", wide)).ToList(), None));

        Assert.Null(await Store.Get(table, "case-1", "e0", None));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    [InlineData("tab\there")]
    [InlineData("")]
    public async Task Keys_with_forbidden_characters_are_refused(string key)
    {
        var table = await NewTable();

        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Store.Commit(table, [Insert("case-1", key, "x")], None));
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Store.Commit(table, [Insert(key, "row", "x")], None));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1cases")]
    [InlineData("case-rows")]
    [InlineData("tables")]
    public async Task Invalid_table_names_are_refused(string table)
    {
        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Store.EnsureTable(table, None));
    }

    [Fact]
    public async Task Keys_with_quotes_and_other_scripts_work_in_reads_and_queries()
    {
        var table = await NewTable();
        const string partition = "O'Brien–Siân–عربي";

        await Store.Commit(table, [Insert(partition, "it's-1", "a"), Insert(partition, "it's-2", "b")], None);

        Assert.Equal("a", (await Store.Get(table, partition, "it's-1", None))!.Body);
        var page = await Store.QueryPartition(table, partition, "it's-1", "it's-2", 10, null, None);
        Assert.Equal(["it's-1"], page.Rows.Select(r => r.RowKey));
    }

    [Fact]
    public async Task A_partition_query_pages_through_2500_rows_in_key_order()
    {
        var table = await NewTable();
        await InsertRows(table, "case-1", 2500);
        await InsertRows(table, "case-0", 3);
        await InsertRows(table, "case-2", 3);

        var (rows, pages) = await ReadAll((token) => Store.QueryPartition(table, "case-1", null, null, 1000, token, None), 1000);

        Assert.Equal(Enumerable.Range(0, 2500).Select(i => $"row-{i:D5}"), rows.Select(r => r.RowKey));
        Assert.All(rows, r => Assert.Equal("case-1", r.PartitionKey));
        Assert.All(rows, r => Assert.Equal($"body of {r.RowKey}", r.Body));
        Assert.True(pages >= 3, $"2,500 rows came in {pages} pages of at most 1,000");
    }

    [Fact]
    public async Task A_partition_query_keeps_to_the_row_key_range()
    {
        var table = await NewTable();
        await InsertRows(table, "case-1", 50);

        var (rows, _) = await ReadAll((token) => Store.QueryPartition(table, "case-1", "row-00010", "row-00020", 3, token, None), 3);
        var (fromOnly, _) = await ReadAll((token) => Store.QueryPartition(table, "case-1", "row-00045", null, 1000, token, None), 1000);
        var (toOnly, _) = await ReadAll((token) => Store.QueryPartition(table, "case-1", null, "row-00003", 1000, token, None), 1000);

        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"row-{i:D5}"), rows.Select(r => r.RowKey));
        Assert.Equal(Enumerable.Range(45, 5).Select(i => $"row-{i:D5}"), fromOnly.Select(r => r.RowKey));
        Assert.Equal(Enumerable.Range(0, 3).Select(i => $"row-{i:D5}"), toOnly.Select(r => r.RowKey));
    }

    [Fact]
    public async Task A_partition_range_query_pages_across_partitions_in_key_order()
    {
        var table = await NewTable();
        for (var partition = 0; partition < 25; partition++)
        {
            await InsertRows(table, $"due-{partition:D2}", 100);
        }

        await InsertRows(table, "due-25", 5);
        await InsertRows(table, "aaa", 5);

        var (rows, pages) = await ReadAll((token) => Store.QueryPartitionRange(table, "due-00", "due-25", 1000, token, None), 1000);

        var expected = Enumerable.Range(0, 25).SelectMany(p => Enumerable.Range(0, 100).Select(r => ($"due-{p:D2}", $"row-{r:D5}")));
        Assert.Equal(expected, rows.Select(r => (r.PartitionKey, r.RowKey)));
        Assert.True(pages >= 3, $"2,500 rows came in {pages} pages of at most 1,000");
    }

    [Fact]
    public async Task A_continuation_token_the_store_did_not_issue_is_refused()
    {
        var table = await NewTable();

        await Assert.ThrowsAsync<StoreRequestInvalidException>(() =>
            Store.QueryPartition(table, "case-1", null, null, 10, "not-a-token", None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_page_size_outside_1_to_1000_is_refused(int take)
    {
        var table = await NewTable();

        await Assert.ThrowsAsync<StoreRequestInvalidException>(() => Store.QueryPartition(table, "case-1", null, null, take, null, None));
    }

    protected async Task InsertRows(string table, string partitionKey, int count)
    {
        for (var start = 0; start < count; start += StorageRules.MaxWritesPerCommit)
        {
            var writes = Enumerable.Range(start, Math.Min(StorageRules.MaxWritesPerCommit, count - start))
                .Select(i => Insert(partitionKey, $"row-{i:D5}", $"body of row-{i:D5}"))
                .ToList();
            await Store.Commit(table, writes, None);
        }
    }

    private static async Task<(List<TableRow> Rows, int Pages)> ReadAll(Func<string?, Task<RowPage>> readPage, int take)
    {
        var rows = new List<TableRow>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await readPage(token);
            Assert.True(page.Rows.Count <= take, $"a page held {page.Rows.Count} rows, more than {take}");
            rows.AddRange(page.Rows);
            token = page.ContinuationToken;
            pages++;
            Assert.True(pages < 1000, "paging did not end");
        }
        while (token is not null);

        return (rows, pages);
    }
}
