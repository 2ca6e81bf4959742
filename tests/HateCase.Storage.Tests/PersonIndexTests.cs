using Azure.Data.Tables;
using Azure.Storage.Blobs;
using HateCase.Domain.Privacy;
using HateCase.Testing;

namespace HateCase.Storage.Tests;

// The person index a subject access request reads, and what anonymising a case removes from it.
[Collection(AzuriteFixture.Collection)]
public sealed class PersonIndexTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly PersonIdentifier Sam = PersonIdentifiers.Phone("07700 900482")!;
    private static readonly PersonIdentifier SamEmail = PersonIdentifiers.Email("sam@example.org")!;
    private static readonly PersonIdentifier Kim = PersonIdentifiers.Email("kim@example.org")!;

    private async Task<(PersonIndex Index, TableClient Table)> FreshIndex(string? prefix = null)
    {
        prefix ??= Projection.NewPrefix();
        var tables = new TableServiceClient(azurite.ConnectionString);
        var index = new PersonIndex(tables, new BlobServiceClient(azurite.ConnectionString), new CaseProjectionOptions { Prefix = prefix });
        await index.EnsureCreated(None);
        return (index, tables.GetTableClient(prefix + "PersonIndex"));
    }

    [Fact]
    public async Task A_person_is_found_in_each_case_and_email_that_holds_any_of_their_details()
    {
        var (index, _) = await FreshIndex();
        await index.AddCase("case-1", [Sam, Kim], None);
        await index.AddCase("case-2", [SamEmail], None);
        await index.AddMessage("case-1", "message-1", [SamEmail], None);
        await index.AddCase("case-3", [Kim], None);

        var found = await index.Find([Sam, SamEmail], None);

        Assert.Equal(["case-1", "case-2"], found.Cases);
        Assert.Equal(new Dictionary<string, string> { ["message-1"] = "case-1" }, found.Messages);
    }

    [Fact]
    public async Task The_index_holds_no_detail_in_clear_only_keyed_hashes()
    {
        var (index, table) = await FreshIndex();
        await index.AddCase("case-1", [Sam, SamEmail], None);

        var stored = string.Join("\n", table.Query<TableEntity>().Select(e => string.Join(" ", e.Select(p => $"{p.Key}={p.Value}"))));

        Assert.DoesNotContain("07700", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("sam", stored, StringComparison.OrdinalIgnoreCase);
        // A plain hash of a phone number is found by hashing every number; the key makes it useless.
        var plain = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sam.Key)));
        Assert.DoesNotContain(plain, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_share_one_key_so_each_finds_what_the_other_indexed()
    {
        var prefix = Projection.NewPrefix();
        var (first, _) = await FreshIndex(prefix);
        var (second, _) = await FreshIndex(prefix);

        var hashes = await Task.WhenAll(first.Hash(Sam), second.Hash(Sam));
        await first.AddCase("case-1", [Sam], None);

        Assert.Equal(hashes[0], hashes[1]);
        Assert.Equal(["case-1"], (await second.Find([Sam], None)).Cases);
    }

    [Fact]
    public async Task A_forgotten_case_and_the_emails_recorded_on_it_are_found_by_no_search_and_leave_no_rows()
    {
        var (index, table) = await FreshIndex();
        await index.AddCase("case-1", [Sam, Kim], None);
        await index.AddMessage("case-1", "message-1", [SamEmail], None);
        await index.AddCase("case-2", [Kim], None);

        await index.Forget("case-1", None);
        await index.Forget("case-1", None);

        var found = await index.Find([Sam, SamEmail, Kim], None);
        Assert.Equal(["case-2"], found.Cases);
        Assert.Empty(found.Messages);
        Assert.DoesNotContain(table.Query<TableEntity>(), e => e.PartitionKey.Contains("case-1", StringComparison.Ordinal) || e.RowKey.Contains("case-1", StringComparison.Ordinal));
    }
}
