using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// RBC 15, MK 15.3 in a browser: a team leader takes a case for their team and restricts it to a
// named officer on the case page; another officer of the team then gets the refusal page, and the
// refusal is on "Who has looked at this case". Axe finds nothing serious on the pages.
[Collection(BrowserFixture.Collection)]
public sealed class NeedToKnowPagesTests(BrowserFixture fixture)
{
    static NeedToKnowPagesTests() => SetDefaultExpectTimeout(30_000);

    private static async Task SignIn(IPage page, string caseId, string staffId, string role, string team)
    {
        await page.GotoAsync($"/sign-in?returnUrl={Uri.EscapeDataString($"/cases/{caseId}")}");
        await page.Type("Staff id", staffId);
        await page.Answer("Role", role);
        await page.Type("Team (optional)", team);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    [Fact(Timeout = 300_000)]
    public async Task A_team_leader_restricts_a_case_to_a_named_officer_and_another_officer_of_the_team_is_refused_it()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        var caseId = await app.ReportedOnTheApi();

        await using (var leader = await fixture.OpenBrowser(app.BaseAddress, "restrict-case"))
        {
            var page = leader.Page;
            await SignIn(page, caseId, "lee", "Team leader", "north");
            await page.ExpectPath($"/cases/{caseId}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Take this case", Exact = true }).ClickAsync();
            await page.ExpectRecorded("Take this case");
            await Expect(page.SummaryRow("Team")).ToHaveTextAsync("north");

            await page.GetByRole(AriaRole.Link, new() { Name = "Restrict the case to named people" }).ClickAsync();
            await leader.CheckPage("restrict-form");
            await page.Type("Who may see the case?", "kim");
            await page.Type("Why is the case restricted?", "The complainant is related to a member of staff.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Restrict the case", Exact = true }).ClickAsync();
            await page.ExpectRecorded("Restrict the case to named people");
            var restriction = page.Locator("#restriction");
            await Expect(restriction).ToContainTextAsync("Only these people may see or act on this case: kim, lee.");
            await Expect(restriction).ToContainTextAsync("The complainant is related to a member of staff.");
            await leader.CheckPage("restricted-case");
        }

        await using (var officer = await fixture.OpenBrowser(app.BaseAddress, "refused-case"))
        {
            var page = officer.Page;
            await SignIn(page, caseId, "alex", "Case officer", "north");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You cannot see this case", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("#restriction")).ToHaveCountAsync(0);
            await officer.CheckPage("refused-case");
        }

        await using (var leader = await fixture.OpenBrowser(app.BaseAddress, "who-looked-refusal"))
        {
            var page = leader.Page;
            await SignIn(page, caseId, "lee", "Team leader", "north");
            await page.GetByRole(AriaRole.Link, new() { Name = "Who has looked at this case" }).ClickAsync();
            await Expect(page.Locator("#who-looked tbody tr", new() { HasText = "alex" }).First).ToContainTextAsync("Refused");
        }
    }
}
