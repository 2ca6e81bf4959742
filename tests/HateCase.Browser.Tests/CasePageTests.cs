using System.Net;
using System.Net.Http.Json;
using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// The officers' and team leaders' case page in a real browser: a report made on the web form is
// worked to closure on the case page's forms, a team leader approves the closure there, and the
// complainant is invited to the survey. Every page checked with axe-core.
[Collection(BrowserFixture.Collection)]
public sealed class CasePageTests(BrowserFixture fixture)
{
    private const string Officer = "officer-1";
    private const string TeamLeader = "jo.leader";

    static CasePageTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task An_officer_works_a_web_report_to_a_closure_request_and_a_team_leader_approves_it_on_the_case_page()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "case-journey");
        var page = browser.Page;
        var email = RunningApp.NewEmail();

        // Reported on the web form.
        await page.GotoAsync("/report");
        await page.Type("What happened?", "A neighbour shouts racist abuse at me whenever I use the stairs.");
        await page.Answer("Do you think it happened because of hostility or prejudice? (optional)", "Yes");
        await page.Answer("What do you think it was about? (optional)", "Race");
        await page.Type("Email address", email);
        var sentFrom = DateTimeOffset.UtcNow;
        await page.Send();
        var reference = await page.ExpectConfirmation(sentFrom, RunningApp.Policy.Profile.FirstResponse.HighWorkingDays);
        var caseId = await app.CaseIdOf(reference);

        // The officer signs in and is brought to the case.
        await page.SignInToCase(caseId, Officer, "Case officer");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Case {reference}", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.SummaryRow("Officer")).ToHaveTextAsync("Not assigned");
        await Expect(page.Locator("#deadline-table")).ToContainTextAsync("First response");
        await browser.CheckPage("case-page-new-enquiry");

        await page.GetByRole(AriaRole.Button, new() { Name = "Take this case", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Take this case");
        await Expect(page.SummaryRow("Officer")).ToHaveTextAsync(Officer);

        await page.GetByRole(AriaRole.Link, new() { Name = "Record the risk assessment", Exact = true }).ClickAsync();
        await browser.CheckPage("risk-assessment-form");
        await page.Answer("What harm has been done?", "Distress");
        await page.Answer("How vulnerable is the victim?", "Some");
        await page.Answer("Has it happened before?", "Repeated");
        await page.Answer("Does the victim or anyone else see it as motivated by hostility or prejudice?", "Yes");
        await page.Answer("What is the impact on the victim's daily life?", "Moderate");
        await page.Answer("Are there children in the household?", "No");
        await page.Answer("Does the victim fear retaliation?", "Yes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the risk assessment", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Record the risk assessment");
        await Expect(page.Locator("#risk + p")).ToContainTextAsync($"assessed by {Officer}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Record a contact", Exact = true }).ClickAsync();
        await page.Answer("How?", "Phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the contact", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Record a contact");
        await Expect(page.DeadlineRow("First response")).ToContainTextAsync("Met on time");
        await Expect(page.DeadlineRow("Risk assessment")).ToContainTextAsync("Met on time");

        await page.GetByRole(AriaRole.Link, new() { Name = "Log an incident", Exact = true }).ClickAsync();
        await page.Type("What happened?", "Shouted abuse again at my door, and kicked it.");
        await page.Answer("Is it seen as motivated by hostility or prejudice?", "Yes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the incident", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Log an incident");
        await Expect(page.Locator("#incident-list")).ToContainTextAsync("Shouted abuse again at my door, and kicked it.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Convert the enquiry to a case", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Convert to a case", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Convert the enquiry to a case");

        var reason = RunningApp.Policy.Profile.FindClosureReason("behaviour-stopped")!.Text;
        await page.GetByRole(AriaRole.Link, new() { Name = "Ask for the case to be closed", Exact = true }).ClickAsync();
        await page.Answer("Why should the case close?", reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask for closure", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Ask for the case to be closed");
        await Expect(page.Locator("#closure-request")).ToContainTextAsync("A team leader approves or rejects it.");
        await browser.CheckPage("case-page-closure-requested");

        // The team leader signs in and approves the closure on the same page.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.SignInToCase(caseId, TeamLeader, "Team leader");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve closure", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Approve closure");
        await Expect(page.SummaryRow("Stage")).ToHaveTextAsync("Closed");
        await Expect(page.Locator("#chronology-table")).ToContainTextAsync("Case closed");

        // MK 9.4: the survey invitation goes to the complainant at closure, and the case page shows it sent.
        await app.WaitForMail("inviting the complainant to the survey",
            m => m.IsTo(email) && m.Subject.Contains(reference, StringComparison.Ordinal) && m.Subject.Contains("how we did", StringComparison.Ordinal));
        await ExpectSoon(page, page.Locator("#message-table tr").Filter(new() { HasText = "Satisfaction survey invitation" }), "Delivered to the mail service");
        await browser.CheckPage("case-page-closed");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_command_the_case_refuses_shows_its_reason_and_keeps_what_was_chosen()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "case-refused");
        var page = browser.Page;
        var caseId = await app.ReportedOnTheApi();

        await page.SignInToCase(caseId, Officer, "Case officer");
        // Closure of a case is not offered on an enquiry; the page is reached by its address.
        await page.GotoAsync($"/cases/{caseId}/closure-request");
        var reason = RunningApp.Policy.Profile.FindClosureReason("not-asb")!.Text;
        await page.Answer("Why should the case close?", reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask for closure", Exact = true }).ClickAsync();

        var summary = page.Locator(".govuk-error-summary");
        await Expect(summary).ToContainTextAsync("There is a problem");
        await Expect(summary).ToContainTextAsync("An enquiry is closed with 'close enquiry', not by requesting case closure.");
        await Expect(page.Question("Why should the case close?").GetByLabel(reason, new() { Exact = true })).ToBeCheckedAsync();
        Assert.StartsWith("Error: ", await page.TitleAsync(), StringComparison.Ordinal);
        await browser.CheckPage("refused-command");
    }

    [Fact(Timeout = 300_000)]
    public async Task An_officer_works_the_case_with_the_keyboard_alone()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "case-keyboard");
        var page = browser.Page;
        var keys = page.Keyboard;
        var caseId = await app.ReportedOnTheApi();

        await page.GotoAsync($"/sign-in?returnUrl={Uri.EscapeDataString($"/cases/{caseId}")}");
        await browser.TabTo("staffId");
        await keys.TypeAsync(Officer);
        await browser.TabTo("role");
        await keys.PressAsync("Space");
        await TabToButton(page, "Sign in");
        await keys.PressAsync("Enter");
        await page.ExpectPath($"/cases/{caseId}");

        await browser.TabTo("take-case");
        await keys.PressAsync("Enter");
        await page.ExpectRecorded("Take this case");

        await browser.TabTo("action-risk-assessment");
        await keys.PressAsync("Enter");
        await page.ExpectPath($"/cases/{caseId}/risk-assessment");
        foreach (var question in new[] { "harm", "vulnerability", "repeat", "hateMotivationPerceived", "impact", "childrenInHousehold", "retaliationFeared" })
        {
            await browser.TabTo(question);
            await keys.PressAsync("Space");
        }
        await browser.TabTo("submit-action");
        await keys.PressAsync("Enter");
        await page.ExpectRecorded("Record the risk assessment");

        await browser.TabTo("action-contact");
        await keys.PressAsync("Enter");
        await page.ExpectPath($"/cases/{caseId}/contact");
        await browser.TabTo("method");
        await keys.PressAsync("Space");
        await browser.TabTo("submit-action");
        await keys.PressAsync("Enter");
        await page.ExpectRecorded("Record a contact");

        await browser.TabTo("action-incident");
        await keys.PressAsync("Enter");
        await page.ExpectPath($"/cases/{caseId}/incident");
        await browser.TabTo("description");
        await keys.TypeAsync("Eggs thrown at the window overnight.");
        await browser.TabTo("isHate");
        await keys.PressAsync("Space");
        await browser.TabTo("submit-action");
        await keys.PressAsync("Enter");
        await page.ExpectRecorded("Log an incident");

        await browser.TabTo("action-convert");
        await keys.PressAsync("Enter");
        await page.ExpectPath($"/cases/{caseId}/convert");
        await browser.TabTo("submit-action");
        await keys.PressAsync("Enter");
        await page.ExpectRecorded("Convert the enquiry to a case");

        await browser.TabTo("action-closure-request");
        await keys.PressAsync("Enter");
        await page.ExpectPath($"/cases/{caseId}/closure-request");
        await browser.TabTo("reason");
        await keys.PressAsync("Space");
        await browser.TabTo("submit-action");
        await keys.PressAsync("Enter");
        await page.ExpectRecorded("Ask for the case to be closed");

        var types = (await app.Officer(HttpMethod.Get, $"/api/cases/{caseId}")).GetProperty("chronology").EnumerateArray()
            .Select(e => e.GetProperty("event").GetProperty("type").GetString()).ToList();
        Assert.Contains("officer-assigned.v1", types);
        Assert.Contains("risk-assessed.v1", types);
        Assert.Contains("contact-made.v1", types);
        Assert.Contains("incident-logged.v1", types);
        Assert.Contains("enquiry-converted.v1", types);
        Assert.Contains("closure-requested.v1", types);
    }

    // What the case records as it goes (a message's delivery) is read again until it shows.
    private static async Task ExpectSoon(IPage page, ILocator locator, string text)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await locator.CountAsync() > 0 && (await locator.First.InnerTextAsync()).Contains(text, StringComparison.Ordinal))
            {
                return;
            }
            Assert.True(attempt < 60, $"The page never showed '{text}'.");
            await Task.Delay(1000);
            await page.ReloadAsync();
        }
    }

    // Presses Tab until the button with this text has the focus.
    private static async Task TabToButton(IPage page, string text)
    {
        for (var press = 0; press < 100; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent.trim() : ''") == text)
            {
                return;
            }
        }
        Assert.Fail($"Pressing Tab never reached the button '{text}'.");
    }
}
