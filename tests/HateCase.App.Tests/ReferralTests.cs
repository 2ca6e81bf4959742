using HateCase.App.Tests.Support;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// RBC 9, LIVV 2.11, MK 6.1: a referral is followed up by the date the officer set; the officer is
// reminded, the team leader told when it is missed, and the outcome meets it. The clock is moved
// on, so this test runs an app of its own.
[Collection(OwnAppCollection.Name)]
public sealed class ReferralTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    private static readonly TimeSpan JustAfter = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_referrals_follow_up_is_reminded_to_the_officer_escalated_when_missed_and_met_by_its_outcome()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var victim = Reports.NewEmail();
        var receipt = await app.Report(Reports.Hate(victim, Reports.NewAddress()));
        // The Victims Code goes out once the case is recorded: from then on it takes commands.
        await app.WaitForMail("with the Victims Code", m => m.IsTo(victim));
        await app.Command(receipt.CaseId, "assignment", new { officerId = TestApp.OfficerId });

        using var withoutReason = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/referrals",
            new { to = "childrens-services", consentGiven = false, followUpBy = app.ClockNow.AddDays(7) });
        var problem = await Expect.Problem(System.Net.HttpStatusCode.Conflict, withoutReason);
        Assert.Contains("safeguarding reason", problem.GetProperty("title").GetString(), StringComparison.Ordinal);

        Assert.Contains("referral-made.v1", await app.Command(receipt.CaseId, "referrals", new
        {
            to = "childrens-services", consentGiven = false, withoutConsentBecause = "Two children at home were threatened.",
            followUpBy = app.ClockNow.AddDays(7),
        }));
        var followUp = (await app.Case(receipt.CaseId)).Deadline("referral-follow-up");
        Assert.NotNull(followUp.RemindAt);

        await app.MoveClockTo(followUp.RemindAt!.Value + JustAfter);
        await app.WaitForMail("reminding the officer of the referral follow-up",
            m => m.IsTo(app.OfficerAddress) && m.Subject.StartsWith($"Case {receipt.Reference}: referral follow-up due", StringComparison.Ordinal));

        await app.MoveClockTo(followUp.DueAt + JustAfter);
        await app.WaitForMail("telling the team leader the referral follow-up was missed",
            m => m.IsTo(app.TeamLeaderAddress) && m.Subject == $"Case {receipt.Reference}: referral follow-up deadline missed");

        var referralId = (await app.Case(receipt.CaseId)).Event("referral-made.v1").GetProperty("referralId").GetString()!;
        Assert.Contains("deadline-met.v1", await app.Command(receipt.CaseId, $"referrals/{referralId}/outcome",
            new { outcome = "Children's services visited; a support plan is in place." }));
        var met = (await app.Case(receipt.CaseId)).Chronology().Last(e => e.Type == "deadline-met.v1").Event;
        Assert.Equal("referral-follow-up", met.GetProperty("kind").GetString());
        Assert.False(met.GetProperty("onTime").GetBoolean());
    }
}
