using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// MK 9.4: after closure the complainant is asked, once, how satisfied they are with the handling
// and the outcome. The link comes in the survey invitation; it works once, kindly.
[Collection(BrowserFixture.Collection)]
public sealed class SurveyTests(BrowserFixture fixture)
{
    static SurveyTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task After_closure_the_complainant_follows_the_invitation_answers_once_and_a_second_use_is_refused_kindly()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "survey");
        var page = browser.Page;
        var email = RunningApp.NewEmail();

        // Reported on the web form.
        await page.GotoAsync("/report");
        await page.Type("What happened?", "A neighbour keeps leaving notes calling me names because I am gay.");
        await page.Answer("Do you think it happened because of hostility or prejudice? (optional)", "Yes");
        await page.Answer("What do you think it was about? (optional)", "Sexual orientation");
        await page.Type("Email address", email);
        var sentFrom = DateTimeOffset.UtcNow;
        await page.Send();
        var reference = await page.ExpectConfirmation(sentFrom, RunningApp.Policy.Profile.FirstResponse.HighWorkingDays);
        var caseId = await app.CaseIdOf(reference);

        // The officer's side, through the officer API: contact the next day, assess, convert, close.
        await app.AdvanceClock(TimeSpan.FromHours(20));
        await app.Officer(HttpMethod.Post, $"/api/cases/{caseId}/contacts", new { method = "phone" });
        await app.Officer(HttpMethod.Post, $"/api/cases/{caseId}/risk-assessments", new
        {
            harm = "damage-or-threats", vulnerability = "some", repeat = "repeated", hateMotivationPerceived = true,
            impact = "moderate", childrenInHousehold = false, retaliationFeared = true,
        });
        await app.Officer(HttpMethod.Post, $"/api/cases/{caseId}/conversion");
        await app.AdvanceClock(TimeSpan.FromDays(14));
        await app.Officer(HttpMethod.Post, $"/api/cases/{caseId}/closure-request", new { reason = "behaviour-stopped", resolved = true });
        await app.Officer(HttpMethod.Post, $"/api/cases/{caseId}/closure-request/approval", user: "leader-1", role: "team-leader");

        // The invitation, opened in the development mailbox; its link is followed.
        var invitation = await app.WaitForMail("inviting the complainant to the survey",
            m => m.IsTo(email) && m.Subject.Contains(reference, StringComparison.Ordinal) && m.Subject.Contains("how we did", StringComparison.Ordinal));
        await page.GotoAsync($"/dev/mail/{invitation.Id}");
        var text = await page.Locator("[data-part=text]").InnerTextAsync();
        var survey = new Uri(SurveyLinks.In(text));
        Assert.Equal(app.BaseAddress.GetLeftPart(UriPartial.Authority), survey.GetLeftPart(UriPartial.Authority));

        var opened = await page.GotoAsync(survey.ToString());
        Assert.Equal(200, opened!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tell us what you think", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText(reference)).ToBeVisibleAsync();
        await browser.CheckPage("survey");

        // Sent without an answer: the error summary names what is missing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send answers" }).ClickAsync();
        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary.GetByRole(AriaRole.Link)).ToHaveCountAsync(3);
        await Expect(summary.GetByRole(AriaRole.Link).First).ToHaveTextAsync("Select how satisfied you are with how we handled your case");
        await browser.CheckPage("survey-errors");

        await page.Answer("How satisfied are you with how we handled your case?", "Satisfied");
        await page.Answer("How satisfied are you with the outcome of your case?", "Very satisfied");
        await page.Answer("If something like this happened again, would you report it to us?", "Yes");
        await page.Type("Is there anything else you want to tell us? (optional)", "The officer listened and kept me up to date.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send answers" }).ClickAsync();
        await page.ExpectPath("/survey/thanks");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for your answers", Level = 1 })).ToBeVisibleAsync();
        await browser.CheckPage("survey-thanks");

        var answered = await app.Officer(HttpMethod.Get, $"/api/cases/{caseId}");
        var recorded = answered.GetProperty("chronology").EnumerateArray()
            .Select(e => e.GetProperty("event")).Single(e => e.GetProperty("type").GetString() == "survey-answered.v1");
        Assert.Equal(4, recorded.GetProperty("satisfactionWithHandling").GetInt32());
        Assert.Equal(5, recorded.GetProperty("satisfactionWithOutcome").GetInt32());
        Assert.True(recorded.GetProperty("wouldReportAgain").GetBoolean());

        // The same link again: a kind page, not an error.
        var again = await page.GotoAsync(survey.ToString());
        Assert.Equal(200, again!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you, we already have your answers", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send answers" })).ToHaveCountAsync(0);
        await browser.CheckPage("survey-already-answered");

        // A link that was altered, or has run out: the survey has closed.
        var token = survey.AbsolutePath["/survey/".Length..];
        var altered = await page.GotoAsync($"/survey/{token[..^2]}{(token[^2] == 'A' ? 'B' : 'A')}{token[^1]}");
        Assert.Equal(410, altered!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This survey has closed", Level = 1 })).ToBeVisibleAsync();
        await browser.CheckPage("survey-closed");
    }
}
