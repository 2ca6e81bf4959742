using HateCase.Domain.Cases;
using HateCase.Domain.Risk;
using HateCase.Testing;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// "All cases" and the staff pages' lists: every request reads a bounded page, whatever it filters by.
[Collection(AzuriteFixture.Collection)]
public sealed class CaseSearchTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task All_cases_are_listed_newest_report_first_and_no_request_reads_more_rows_than_it_asks_for()
    {
        var projection = await Projection.Fresh(azurite);
        var ids = Enumerable.Range(1, 12).Select(n => $"case-{n:D2}").ToList();
        await Task.WhenAll(ids.Select((id, n) =>
            projection.RecordAll(HateReported(id, $"HC-2026-{n + 1:D6}", at: MondayMorning.AddMinutes(n), party: $"party-{n}"))));

        var pages = await WholeSearch(projection, new CaseQuery(), rowsToRead: 5);

        Assert.All(pages, p => Assert.InRange(p.RowsRead, 0, 5));
        Assert.Equal(Enumerable.Reverse(ids), pages.SelectMany(p => p.Cases).Select(c => c.CaseId));
        Assert.All(pages.SelectMany(p => p.Cases), c => Assert.Equal(["race"], c.HateStrands));
    }

    [Fact]
    public async Task Filters_beyond_the_list_read_are_checked_on_each_case()
    {
        var projection = await Projection.Fresh(azurite);
        var alexs = Enumerable.Range(1, 7).Select(n => $"case-a{n}").ToList();
        var others = Enumerable.Range(1, 4).Select(n => $"case-b{n}").ToList();
        await Task.WhenAll(alexs.Concat(others).Select((id, n) =>
        {
            var history = HateReported(id, $"HC-2026-{n + 1:D6}", party: $"party-{n}");
            history.Officer($"assign-{id}", new CaseCommand.AssignOfficer(alexs.Contains(id) ? "alex" : "sam"), MondayMorning.AddMinutes(5));
            return projection.RecordAll(history);
        }));

        var alexHigh = (await WholeSearch(projection, new CaseQuery(OfficerId: "alex", Risk: RiskLevel.High, HateStrand: "race"), rowsToRead: 3))
            .SelectMany(p => p.Cases).Select(c => c.CaseId).Order();
        var alexLow = (await WholeSearch(projection, new CaseQuery(OfficerId: "alex", Risk: RiskLevel.Low), rowsToRead: 3)).SelectMany(p => p.Cases);
        var religion = (await WholeSearch(projection, new CaseQuery(Stage: "enquiry", HateStrand: "religion"), rowsToRead: 50)).SelectMany(p => p.Cases);

        Assert.Equal(alexs.Order(), alexHigh);
        Assert.Empty(alexLow);
        Assert.Empty(religion);
    }

    [Fact]
    public async Task A_case_waits_on_the_unassigned_list_until_an_officer_takes_it()
    {
        var projection = await Projection.Fresh(azurite);
        var waiting = HateReported("case-1", "HC-2026-000001", party: "party-1");
        var taken = HateReported("case-2", "HC-2026-000002", party: "party-2");
        taken.Officer("assign", new CaseCommand.AssignOfficer("alex"), MondayMorning.AddMinutes(5));
        await projection.RecordAll(waiting);
        await projection.RecordAll(taken);

        var (states, more) = await projection.Read.States(new CaseFilter.Unassigned(), 50, None);

        Assert.Equal(["case-1"], states.Select(s => s.CaseId));
        Assert.False(more);
        Assert.DoesNotContain(await projection.RawRows(CaseLists.UnassignedPartition), r => r.CaseId == "case-2");
    }

    private static async Task<IReadOnlyList<CaseSearchPage>> WholeSearch(Projection projection, CaseQuery query, int rowsToRead)
    {
        var pages = new List<CaseSearchPage>();
        string? token = null;
        do
        {
            var page = await projection.Read.Search(query, rowsToRead, token, None);
            pages.Add(page);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return pages;
    }
}
