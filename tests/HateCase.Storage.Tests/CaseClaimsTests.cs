using HateCase.Testing;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// What intake writes before a case's orchestration starts, so that a report is answered without
// waiting for the case's first record, and what the next report reads meanwhile.
[Collection(AzuriteFixture.Collection)]
public sealed class CaseClaimsTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Of_two_copies_of_one_report_sent_at_once_the_first_to_claim_the_case_is_its_report_and_both_get_its_reference()
    {
        var projection = await Projection.Fresh(azurite);
        var other = projection.AnotherInstance(azurite);

        var claims = await Task.WhenAll(
            projection.Claims.Claim("case-1", "HC-2026-000001", "party-1", "reporter-1", MondayMorning, None),
            other.Claims.Claim("case-1", "HC-2026-000002", "party-1", "reporter-1", MondayMorning, None));

        var won = Assert.Single(claims, c => c.Won);
        Assert.All(claims, c => Assert.Equal(won.Reference, c.Reference));
        Assert.Equal(won.Reference, await projection.Read.ReferenceOf("case-1", None));
    }

    [Fact]
    public async Task A_report_about_a_party_finds_a_case_claimed_a_moment_ago_before_it_is_recorded()
    {
        var projection = await Projection.Fresh(azurite);
        await projection.Claims.Claim("case-1", "HC-2026-000001", "party-1", "reporter-1", MondayMorning, None);

        var open = await projection.Read.FindOpenCaseAbout("party-1", MondayMorning.AddSeconds(1), None);

        Assert.Equal(new OpenCase("case-1", "HC-2026-000001"), open);
        Assert.Null(await projection.Read.FindOpenCaseAbout("party-2", MondayMorning.AddSeconds(1), None));
    }

    [Fact]
    public async Task A_case_claimed_but_never_recorded_is_not_found_by_its_party_once_its_start_is_long_overdue()
    {
        var projection = await Projection.Fresh(azurite);
        await projection.Claims.Claim("case-1", "HC-2026-000001", "party-1", null, MondayMorning, None);

        Assert.Null(await projection.Read.FindOpenCaseAbout("party-1", MondayMorning + CaseReadModel.ClaimPendingFor, None));
    }

    [Fact]
    public async Task Once_recorded_a_claimed_case_is_found_by_its_record_and_not_after_it_closes()
    {
        var projection = await Projection.Fresh(azurite);
        await projection.Claims.Claim("case-1", "HC-2026-000001", "party-1", "reporter-1", MondayMorning, None);
        var history = HateReported("case-1", "HC-2026-000001", at: MondayMorning.AddSeconds(1), party: "party-1", reporter: "reporter-1");
        await projection.RecordAll(history);

        Assert.Equal(new OpenCase("case-1", "HC-2026-000001"), await projection.Read.FindOpenCaseAbout("party-1", MondayMorning.AddMinutes(1), None));

        history.Officer("close", new Domain.Cases.CaseCommand.CloseEnquiry("not-asb"), MondayMorning.AddHours(1));
        await projection.Recorder.Record(history.Latest, None);
        Assert.Null(await projection.Read.FindOpenCaseAbout("party-1", MondayMorning.AddHours(1), None));
    }

    [Fact]
    public async Task A_claimed_report_counts_once_among_the_reporters_reports_before_and_after_it_is_recorded()
    {
        var projection = await Projection.Fresh(azurite);
        var january = MondayMorning.AddMonths(-2);
        await projection.RecordAll(HateReported("case-0", "HC-2026-000009", at: january, party: "party-0", reporter: "reporter-1"));
        await projection.Claims.Claim("case-1", "HC-2026-000010", "party-1", "reporter-1", MondayMorning, None);

        Assert.Equal([MondayMorning, january], await projection.Read.ReportsBy("reporter-1", MondayMorning.AddMonths(-6), None));

        await projection.RecordAll(HateReported("case-1", "HC-2026-000010", at: MondayMorning.AddSeconds(1), party: "party-1", reporter: "reporter-1"));
        Assert.Equal([MondayMorning.AddSeconds(1), january], await projection.Read.ReportsBy("reporter-1", MondayMorning.AddMonths(-6), None));
    }
}
