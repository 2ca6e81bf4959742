using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// RBC 8, MK 5.2, LIVV 2.10: an officer builds the action plan on the case page an action at a time;
// each action is shown with who does it and by when, the complainant is sent each version, an
// action not done by its date is escalated to the team leader and shown overdue, and recording it
// done meets it late. Every page checked with axe-core.
[Collection(BrowserFixture.Collection)]
public sealed class ActionPlanPageTests(BrowserFixture fixture)
{
    static ActionPlanPageTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task An_action_plan_built_on_the_case_page_has_a_missed_action_escalated_until_it_is_recorded_done()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "action-plan");
        var page = browser.Page;
        var complainant = RunningApp.NewEmail();
        var caseId = await app.ReportedOnTheApi(new
        {
            email = complainant,
            name = "Sam Example",
            description = "A neighbour shouted racist abuse at me on the stairs.",
            hatePerceived = true,
            hateStrands = new[] { "race" },
        });
        await page.SignInToCase(caseId, RunningApp.OfficerId, "Case officer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Take this case", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Take this case");
        var today = RunningApp.Policy.Calendar.LocalDate(DateTimeOffset.UtcNow);

        await page.GetByRole(AriaRole.Link, new() { Name = "Agree the action plan", Exact = true }).ClickAsync();
        await browser.CheckPage("action-plan-form");
        await page.Type("What was agreed with the victim?", "We agreed to make the home safer and to warn the neighbour.");
        await page.Type("Add an action (optional)", "Fit a door camera");
        await page.Answer("Who is to do it?", "A partner agency");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the action plan", Exact = true }).ClickAsync();
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter the partner agency's name");
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter a real date to do the action by");
        await browser.CheckPage("action-plan-form-errors");
        await page.Type("The partner agency's name (if a partner)", "Safer Homes Partnership");
        await page.EnterDate("Do it by", today.AddDays(14));
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the action plan", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Agree the action plan");
        await Expect(ActionRow(page, "Fit a door camera")).ToContainTextAsync("Safer Homes Partnership");
        await Expect(ActionRow(page, "Fit a door camera")).ToContainTextAsync("To do");
        await Expect(page.DeadlineRow("Fit a door camera")).ToContainTextAsync("Agreed action");
        await Expect(page.DeadlineRow("Fit a door camera")).ToContainTextAsync("Due");

        // The second version starts from the first: its summary is kept, and so is its action.
        await page.GetByRole(AriaRole.Link, new() { Name = "Agree the action plan", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("What was agreed with the victim?")).ToHaveValueAsync("We agreed to make the home safer and to warn the neighbour.");
        await page.Type("Add an action (optional)", "Keep a diary of each incident");
        await page.Answer("Who is to do it?", "The complainant");
        await page.EnterDate("Do it by", today.AddDays(7));
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the action plan", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Agree the action plan");
        await Expect(page.Locator("#action-plan")).ToBeVisibleAsync();
        await Expect(page.Locator("#action-plan-table tbody tr")).ToHaveCountAsync(2);
        await Expect(ActionRow(page, "Keep a diary of each incident")).ToContainTextAsync("The complainant");
        await browser.CheckPage("case-page-action-plan");

        var copies = await app.WaitForMail("sending the complainant the second version of the plan",
            m => m.IsTo(complainant) && m.Subject.EndsWith("your action plan", StringComparison.Ordinal)
                && m.Text.Contains("Keep a diary of each incident. Who: you.", StringComparison.Ordinal));
        Assert.Contains("Fit a door camera. Who: Safer Homes Partnership.", copies.Text, StringComparison.Ordinal);

        // Eleven days on, the diary (due in 7) is missed and the team leader told; the camera (due in 14) is not.
        await app.AdvanceClock(TimeSpan.FromDays(11));
        await app.WaitForMail("telling the team leader the agreed action was missed",
            m => m.Subject.Contains("agreed action deadline missed", StringComparison.Ordinal));
        await page.ReloadAsync();
        await Expect(ActionRow(page, "Keep a diary of each incident")).ToContainTextAsync("Overdue");
        await Expect(ActionRow(page, "Fit a door camera")).ToContainTextAsync("To do");
        await browser.CheckPage("case-page-action-missed");

        await ActionRow(page, "Keep a diary of each incident").GetByRole(AriaRole.Link, new() { NameString = "Record it done" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { NameString = "Keep a diary of each incident" })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record it done", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Record an action of the plan done");
        await Expect(ActionRow(page, "Keep a diary of each incident")).ToContainTextAsync("Done");
        await Expect(ActionRow(page, "Fit a door camera")).ToContainTextAsync("To do");
        await Expect(page.DeadlineRow("Keep a diary of each incident")).ToContainTextAsync("Missed, then met late");
    }

    private static ILocator ActionRow(IPage page, string what) =>
        page.Locator("#action-plan-table tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = what }) });
}
