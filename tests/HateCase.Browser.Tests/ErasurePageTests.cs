using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// UK GDPR Art. 17 in a browser: an admin finds a person by subject access, follows the link to
// erase their data in the case, gives a reason, and the search no longer finds them. Every page
// checked with axe-core.
[Collection(BrowserFixture.Collection)]
public sealed class ErasurePageTests(BrowserFixture fixture)
{
    static ErasurePageTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task An_admin_erases_a_complainants_data_from_the_subject_access_results_and_they_are_no_longer_found()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "erasure");
        var page = browser.Page;
        var email = RunningApp.NewEmail();
        var caseId = await app.ReportedOnTheApi(new
        {
            email, name = "Jo Erasmus", description = "A neighbour shouted racist abuse at me on the stairs.", hatePerceived = true, hateStrands = new[] { "race" },
        });
        await browser.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["X-Dev-User"] = "dpo-1", ["X-Dev-Role"] = "admin" });

        await page.GotoAsync("/subject-access");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { NameString = "Erase their data in case" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Erase a person's data on their request", Level = 1 })).ToBeVisibleAsync();
        await browser.CheckPage("erasure-form");

        // Sent without a reason: the error summary says so, and nothing is erased.
        await page.Answer("Whose data is to be erased?", "Jo Erasmus (the complainant)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase their data" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter why their data is erased");
        await browser.CheckPage("erasure-form-errors");

        await page.Answer("Whose data is to be erased?", "Jo Erasmus (the complainant)");
        await page.GetByLabel("Why?").FillAsync("Asked by letter of 1 December.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase their data" }).ClickAsync();
        await Expect(page.Locator("#erased")).ToHaveTextAsync("The data of Jo Erasmus (the complainant) is erased from this case", new() { Timeout = 60_000 });
        await Expect(page.Locator("#no-one")).ToBeVisibleAsync();
        await browser.CheckPage("erasure-done");

        var view = await app.Officer(HttpMethod.Get, $"/api/cases/{caseId}", user: "dpo-1", role: "admin");
        Assert.DoesNotContain(email, view.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Jo Erasmus", view.GetRawText(), StringComparison.Ordinal);
        await page.GotoAsync("/subject-access");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("#nothing-found")).ToBeVisibleAsync();
    }
}
