using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// RBC 9: a second person reports the same neighbour; once the officer accepts their report onto the
// case they are a complainant too. The officer sends them an update of their own from the case
// page, the case's closure reaches both, and each answers their own survey. Neither is told who
// else reported. Every page checked with axe-core.
[Collection(BrowserFixture.Collection)]
public sealed class SecondComplainantTests(BrowserFixture fixture)
{
    static SecondComplainantTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task A_second_complainant_gets_their_own_update_and_their_own_survey()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "second-complainant");
        var page = browser.Page;
        var address = $"Flat {Random.Shared.Next(1, 400)}, {Guid.NewGuid().ToString("N")[..8]} House, Exampletown";
        var first = RunningApp.NewEmail();
        var second = RunningApp.NewEmail();
        var caseId = await app.ReportedOnTheApi(new
        {
            email = first, name = "Sam Example", aboutAddress = address,
            description = "The people at the flat below shout racist abuse at me.", hatePerceived = true, hateStrands = new[] { "race" },
        });
        using (var response = await app.Http.PostAsJsonAsync("/api/reports", new
        {
            email = second, name = "Bo Neighbour", aboutAddress = address,
            description = "I heard them shouting abuse at the family upstairs again.", hatePerceived = true, hateStrands = new[] { "race" },
        }))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(caseId, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetString());
        }
        await WaitForChronology(app, caseId, "related-report-received.v1");

        await page.SignInToCase(caseId, RunningApp.OfficerId, "Case officer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Take this case", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Take this case");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept as an incident on this case", Exact = true }).ClickAsync();
        await Expect(page.Locator("#related-reports ~ .govuk-summary-card")).ToContainTextAsync("a complainant on it");
        await Expect(page.DeadlineRow("With Bo Neighbour")).ToContainTextAsync("Regular contact");
        await browser.CheckPage("case-page-second-complainant");

        await page.GetByRole(AriaRole.Link, new() { Name = "Send an update to the complainant", Exact = true }).ClickAsync();
        await page.Question("Who is the update for?").GetByLabel("Bo Neighbour").CheckAsync();
        await page.Type("Your update", "Thank you for your report. We have written to the household below.");
        await browser.CheckPage("update-form-second-complainant");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the update", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Send an update to the complainant");
        await Expect(page.Locator("#chronology-table")).ToContainTextAsync("Update sent by email, with Bo Neighbour");

        var update = await app.WaitForMail("with the second complainant's update",
            m => m.IsTo(second) && m.Text.Contains("We have written to the household below.", StringComparison.Ordinal));
        Assert.DoesNotContain("Sam Example", update.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(first, update.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await app.MailTo(first), m => m.Text.Contains("We have written to the household below.", StringComparison.Ordinal));

        // Assessed, converted and closed through the officer API; both are told, and both surveyed.
        await app.Officer(HttpMethod.Post, $"/api/cases/{caseId}/risk-assessments", new
        {
            harm = "damage-or-threats", vulnerability = "some", repeat = "repeated", hateMotivationPerceived = true,
            impact = "moderate", childrenInHousehold = false, retaliationFeared = true,
        });
        await app.Officer(HttpMethod.Post, $"/api/cases/{caseId}/conversion");
        await app.Officer(HttpMethod.Post, $"/api/cases/{caseId}/closure-request", new { reason = "behaviour-stopped", resolved = true });
        await app.Officer(HttpMethod.Post, $"/api/cases/{caseId}/closure-request/approval", user: "leader-1", role: "team-leader");
        await app.WaitForMail("telling the first complainant the case closed", m => m.IsTo(first) && m.Subject.Contains("closed", StringComparison.OrdinalIgnoreCase));
        var closed = await app.WaitForMail("telling the second complainant the case closed", m => m.IsTo(second) && m.Subject.Contains("closed", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("Sam Example", closed.Text, StringComparison.Ordinal);

        var firstLink = SurveyLinks.In((await app.WaitForMail("inviting the first complainant to the survey", m => m.IsTo(first) && m.Subject.Contains("how we did", StringComparison.Ordinal))).Text);
        var secondLink = SurveyLinks.In((await app.WaitForMail("inviting the second complainant to the survey", m => m.IsTo(second) && m.Subject.Contains("how we did", StringComparison.Ordinal))).Text);
        Assert.NotEqual(firstLink, secondLink);

        await page.GotoAsync(secondLink);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tell us what you think", Level = 1 })).ToBeVisibleAsync();
        await page.Answer("How satisfied are you with how we handled your case?", "Dissatisfied");
        await page.Answer("How satisfied are you with the outcome of your case?", "Neither satisfied nor dissatisfied");
        await page.Answer("If something like this happened again, would you report it to us?", "I’m not sure");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send answers" }).ClickAsync();
        await page.ExpectPath("/survey/thanks");
        await page.GotoAsync(secondLink);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you, we already have your answers", Level = 1 })).ToBeVisibleAsync();

        // The first complainant's own link still takes their answers.
        await page.GotoAsync(firstLink);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send answers" })).ToBeVisibleAsync();

        var answered = (await app.Officer(HttpMethod.Get, $"/api/cases/{caseId}")).GetProperty("chronology").EnumerateArray()
            .Select(e => e.GetProperty("event")).Single(e => e.GetProperty("type").GetString() == "survey-answered.v1");
        Assert.Equal(2, answered.GetProperty("satisfactionWithHandling").GetInt32());
        Assert.False(string.IsNullOrEmpty(answered.GetProperty("respondent").GetString()));
    }

    private static async Task WaitForChronology(RunningApp app, string caseId, string type)
    {
        for (var tries = 0; ; tries++)
        {
            var view = await app.Officer(HttpMethod.Get, $"/api/cases/{caseId}");
            if (view.GetProperty("chronology").EnumerateArray().Any(e => e.GetProperty("event").GetProperty("type").GetString() == type))
            {
                return;
            }
            Assert.True(tries < 240, $"The case never recorded {type}.");
            await Task.Delay(250);
        }
    }
}
