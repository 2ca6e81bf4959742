using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// The staff workspace in a real browser: accessible, and usable with the keyboard alone.
[Collection(BrowserFixture.Collection)]
public sealed class StaffWorkspaceTests(BrowserFixture fixture)
{
    static StaffWorkspaceTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task An_officer_signs_in_finds_a_case_through_a_filter_and_opens_it_with_the_keyboard_alone()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        var (reference, caseId) = await HateReported(app);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "staff-keyboard");
        var page = browser.Page;

        await page.GotoAsync("/my-work");
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?returnUrl=%2Fmy-work$"));
        await browser.CheckPage("sign-in");
        await browser.TabTo("staffId");
        await page.Keyboard.TypeAsync("alex.smith");
        await browser.TabTo("role");
        await page.Keyboard.PressAsync("Space");
        // The team is optional (a landlord without teams leaves it empty): Tab passes it.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Form.Team", await page.EvaluateAsync<string>("() => document.activeElement.name"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Sign in", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My work", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Signed in as alex.smith (officer)")).ToBeVisibleAsync();
        // Whether the new case's promises fall within My work's window (due by the next working day)
        // depends on the time of day the test runs: after closing they fall beyond it. What My work
        // lists is checked with a fixed clock in the app's staff page tests; here it is the keyboard path.
        await browser.CheckPage("my-work");

        await TabToLink(browser, "/cases");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "All cases", Level = 1 })).ToBeVisibleAsync();
        await browser.TabTo("stage");
        await page.Keyboard.TypeAsync("E");
        Assert.Equal("enquiry", await page.Locator("#stage").InputValueAsync());
        await browser.TabTo("show-cases");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/cases\\?.*stage=enquiry"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = reference })).ToHaveCountAsync(1);
        await browser.CheckPage("all-cases-filtered");

        // The link opens the case page (its content is the case page's own tests').
        await TabToLink(browser, $"/cases/{caseId}");
        var opened = await page.RunAndWaitForRequestAsync(() => page.Keyboard.PressAsync("Enter"), new Regex($"/cases/{Regex.Escape(caseId)}$"));
        Assert.Equal("GET", opened.Method);
        Assert.True(opened.IsNavigationRequest);
    }

    [Fact(Timeout = 300_000)]
    public async Task The_team_page_and_the_staff_report_form_have_no_serious_accessibility_problems()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await HateReported(app);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "staff-pages");
        var page = browser.Page;

        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Staff id").FillAsync("lee.leader");
        await page.GetByLabel("Team leader").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My work", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Team", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Closures waiting for your approval" })).ToBeVisibleAsync();
        await browser.CheckPage("team");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Record a report", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Record a report", Level = 1 })).ToBeVisibleAsync();
        await browser.CheckPage("record-report");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record report" }).ClickAsync();
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Select how the report came in");
        await browser.CheckPage("record-report-errors");

        await page.GetByLabel("By phone").CheckAsync();
        await page.GetByLabel("The Victims Code was given in person").CheckAsync();
        await page.GetByLabel("What happened?").FillAsync("A caller says a neighbour shouted racist abuse at them on the stairs.");
        await page.GetByLabel("Phone number").FillAsync("07700 900456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record report" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Report recorded", Level = 1 })).ToBeVisibleAsync();
        await browser.CheckPage("report-recorded");
    }

    private static async Task<(string Reference, string CaseId)> HateReported(RunningApp app)
    {
        using var response = await app.Http.PostAsJsonAsync("/api/reports", new
        {
            email = RunningApp.NewEmail(),
            name = "Sam Example",
            description = "A neighbour shouted racist abuse at me on the stairs.",
            hatePerceived = true,
            hateStrands = new[] { "race" },
            aboutAddress = $"Flat 3, {Guid.NewGuid():N} House",
        });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var caseId = receipt.GetProperty("caseId").GetString()!;
        await app.Officer(HttpMethod.Post, $"/api/cases/{caseId}/assignment", new { officerId = "alex.smith" });
        return (receipt.GetProperty("reference").GetString()!, caseId);
    }

    // Presses Tab until the link to the address has the focus, as a keyboard user would.
    private static async Task TabToLink(TestBrowser browser, string href, int maxPresses = 200)
    {
        for (var press = 0; press < maxPresses; press++)
        {
            await browser.Page.Keyboard.PressAsync("Tab");
            if (await browser.Page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.getAttribute('href')") == href)
            {
                return;
            }
        }
        Assert.Fail($"Pressing Tab {maxPresses} times never reached the link to {href}.");
    }
}
