using System.Net;
using System.Net.Http.Json;
using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// A team leader holds a case against anonymisation on the case page, and releases it; an officer
// is not offered either. Every page checked with axe-core.
[Collection(BrowserFixture.Collection)]
public sealed class LegalHoldTests(BrowserFixture fixture)
{
    static LegalHoldTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task A_team_leader_holds_a_case_for_legal_action_and_releases_it_on_the_case_page()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "legal-hold");
        var page = browser.Page;
        var caseId = await app.ReportedOnTheApi();

        await page.SignInToCase(caseId, "officer-1", "Case officer");
        await Expect(page.Locator("#action-links")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Place a legal hold", Exact = true })).ToHaveCountAsync(0);

        await page.SignInToCase(caseId, "jo.leader", "Team leader");
        await page.GetByRole(AriaRole.Link, new() { Name = "Place a legal hold", Exact = true }).ClickAsync();
        await browser.CheckPage("legal-hold-form");

        // Nothing chosen: the page says what is missing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Hold the case", Exact = true }).ClickAsync();
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Select why the case is held");
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter what the hold is about");
        await browser.CheckPage("legal-hold-form-errors");

        await page.Answer("Why is the case held?", "Legal action");
        await page.Type("What is it about?", "Injunction hearing at the county court, claim K00AB123.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hold the case", Exact = true }).ClickAsync();
        await Expect(page.Locator(".govuk-notification-banner__heading")).ToHaveTextAsync("Recorded: Place a legal hold");
        await Expect(page.Locator("#legal-hold")).ToContainTextAsync("legal action");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Place a legal hold", Exact = true })).ToHaveCountAsync(0);
        await browser.CheckPage("case-page-held");

        await page.GetByRole(AriaRole.Link, new() { Name = "Release the legal hold", Exact = true }).ClickAsync();
        await browser.CheckPage("release-hold-form");
        await page.Type("Why is the hold released?", "The claim was settled.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Release the hold", Exact = true }).ClickAsync();
        await Expect(page.Locator(".govuk-notification-banner__heading")).ToHaveTextAsync("Recorded: Release the legal hold");
        await Expect(page.Locator("#legal-hold")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Place a legal hold", Exact = true })).ToBeVisibleAsync();

        var recorded = await app.Officer(HttpMethod.Get, $"/api/cases/{caseId}");
        var types = recorded.GetProperty("chronology").EnumerateArray().Select(e => e.GetProperty("event").GetProperty("type").GetString()).ToList();
        Assert.Contains("legal-hold-placed.v1", types);
        Assert.Contains("legal-hold-released.v1", types);
        var placed = recorded.GetProperty("chronology").EnumerateArray().Single(e => e.GetProperty("event").GetProperty("type").GetString() == "legal-hold-placed.v1");
        Assert.Equal("jo.leader", placed.GetProperty("event").GetProperty("heldBy").GetString());
        Assert.Equal("legal-action", placed.GetProperty("event").GetProperty("reason").GetString());
    }
}
