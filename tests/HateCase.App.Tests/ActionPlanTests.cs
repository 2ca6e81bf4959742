using HateCase.App.Tests.Support;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// RBC 8, MK 5.2, LIVV 2.10: an action plan agreed on the officer API: the complainant gets a plain
// copy, an action not done by its date is escalated to the team leader, and doing it meets it
// late. The clock is moved on, so this test runs an app of its own.
[Collection(OwnAppCollection.Name)]
public sealed class ActionPlanTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    [Fact]
    public async Task An_agreed_plan_is_copied_to_the_complainant_and_a_missed_action_is_escalated_until_it_is_done()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var victim = Reports.NewEmail();
        var receipt = await app.Report(Reports.Hate(victim, Reports.NewAddress()));
        await app.WaitForMail("with the Victims Code", m => m.IsTo(victim));
        await app.Command(receipt.CaseId, "assignment", new { officerId = TestApp.OfficerId });

        // A week on keeps the date a working day at 10am, when an escalation goes out at once.
        var visitBy = app.ClockNow.AddDays(7);
        Assert.Contains("action-plan-agreed.v1", await app.Command(receipt.CaseId, "action-plans", new
        {
            version = 1,
            summary = "We agreed to warn the neighbour and to fit a door camera.",
            actions = new object[]
            {
                new { id = "visit", what = "Visit the neighbour and give a verbal warning", owner = "officer", dueBy = visitBy },
                new { id = "camera", what = "Fit a door camera", owner = "partner", partner = "Safer Homes Partnership", dueBy = app.ClockNow.AddDays(20) },
            },
        }));
        var copy = await app.WaitForMail("with the plan", m => m.IsTo(victim) && m.Subject.EndsWith("your action plan", StringComparison.Ordinal));
        Assert.Contains("Fit a door camera. Who: Safer Homes Partnership.", copy.Text, StringComparison.Ordinal);

        await app.MoveClockTo(visitBy.AddMinutes(1));
        await app.WaitForMail("telling the team leader the action was missed",
            m => m.IsTo(app.TeamLeaderAddress) && m.Subject == $"Case {receipt.Reference}: agreed action deadline missed");

        Assert.Contains("deadline-met.v1", await app.Command(receipt.CaseId, "actions/visit/completion"));
        var met = (await app.Case(receipt.CaseId)).Chronology().Last(e => e.Type == "deadline-met.v1").Event;
        Assert.Equal("action-due", met.GetProperty("kind").GetString());
        Assert.False(met.GetProperty("onTime").GetBoolean());
    }
}
