using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// RBC 9, LIVV 2.11, MK 6.1: an officer makes a referral on the case page; its follow-up is a
// promise on the case, reminded, shown as missed when the date passes, and met late when what
// came of it is recorded. Every page checked with axe-core.
[Collection(BrowserFixture.Collection)]
public sealed class ReferralPageTests(BrowserFixture fixture)
{
    private const string FollowUp = "Referral follow-up";

    static ReferralPageTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task A_referral_made_on_the_case_page_is_followed_up_and_shown_missed_until_its_outcome_is_recorded()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "referral");
        var page = browser.Page;
        var caseId = await app.ReportedOnTheApi();
        await page.SignInToCase(caseId, RunningApp.OfficerId, "Case officer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Take this case", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Take this case");

        await page.GetByRole(AriaRole.Link, new() { Name = "Make a referral", Exact = true }).ClickAsync();
        await browser.CheckPage("referral-form");
        await page.Answer("Who is the referral to?", "Victim support");
        await page.Answer("Did the person agree to the referral?", "Yes");
        var calendar = RunningApp.Policy.Calendar;
        var followUpBy = calendar.NextWorkingDay(calendar.LocalDate(DateTimeOffset.UtcNow).AddDays(6));
        await page.EnterDate("Follow it up by", followUpBy);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the referral", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Make a referral");
        await Expect(page.Locator("#chronology-table")).ToContainTextAsync("Referral made: victim support, with consent");
        await Expect(page.DeadlineRow(FollowUp)).ToContainTextAsync("Due");

        // Past the follow-up's day, into the office hours when staff are emailed about it (after a
        // weekend, on a Monday): the officer was reminded and the team leader told it was missed.
        var missedMailGoes = calendar.StaffEmailTime(calendar.ClosingOn(followUpBy));
        await app.AdvanceClock(missedMailGoes.AddHours(1) - DateTimeOffset.UtcNow);
        await app.WaitForMail("reminding the officer of the referral follow-up", m => m.Subject.Contains("referral follow-up due", StringComparison.Ordinal));
        await app.WaitForMail("telling the team leader the follow-up was missed", m => m.Subject.Contains("referral follow-up deadline missed", StringComparison.Ordinal));
        await page.ReloadAsync();
        await Expect(page.DeadlineRow(FollowUp)).ToContainTextAsync("Missed");
        await browser.CheckPage("case-page-referral-missed");

        await page.GetByRole(AriaRole.Link, new() { Name = "Record what came of a referral", Exact = true }).ClickAsync();
        await page.Question("Which referral?").GetByRole(AriaRole.Radio).First.CheckAsync();
        await page.Type("What came of it?", "Victim Support called them; weekly support agreed.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the outcome", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Record what came of a referral");
        await Expect(page.DeadlineRow(FollowUp)).ToContainTextAsync("Missed, then met late");
    }
}
