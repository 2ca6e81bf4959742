using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// MK 11.2, PP 6.3: a complainant who asked to be phoned. The officer's update on the case page
// becomes a task to call them, not an email; recording the call completes it. Every page
// checked with axe-core.
[Collection(BrowserFixture.Collection)]
public sealed class ContactAsAskedTests(BrowserFixture fixture)
{
    static ContactAsAskedTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task An_update_for_a_complainant_who_asked_to_be_phoned_becomes_the_officers_task_to_call_them()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "contact-as-asked");
        var page = browser.Page;
        var email = RunningApp.NewEmail();
        var caseId = await app.ReportedOnTheApi(new
        {
            email,
            phone = "07700 900982",
            preferredContact = "phone",
            safeTimesToContact = "Weekday evenings only",
            name = "Sam Example",
            description = "A neighbour shouted racist abuse at me on the stairs.",
            hatePerceived = true,
            hateStrands = new[] { "race" },
        });

        await page.SignInToCase(caseId, RunningApp.OfficerId, "Case officer");
        await Expect(page.Locator("#contact-safely + dl")).ToContainTextAsync("Phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Take this case", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Take this case");

        await page.GetByRole(AriaRole.Link, new() { Name = "Send an update to the complainant", Exact = true }).ClickAsync();
        await browser.CheckPage("update-form");
        await page.Type("Your update", "We have spoken to your neighbour and given a warning.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the update", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Send an update to the complainant");
        await Expect(page.Locator("#chronology-table")).ToContainTextAsync("Task: tell the complainant (phone)");
        await Expect(page.DeadlineRow("News to give the complainant by phone, text or visit")).ToContainTextAsync("Due");
        // Not yet a contact: the first response is still to be made.
        await Expect(page.DeadlineRow("First response")).ToContainTextAsync("Due");
        await browser.CheckPage("case-page-call-task");

        await page.GetByRole(AriaRole.Link, new() { Name = "Record a contact", Exact = true }).ClickAsync();
        await page.Answer("How?", "Phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the contact", Exact = true }).ClickAsync();
        await page.ExpectRecorded("Record a contact");
        await Expect(page.DeadlineRow("News to give the complainant by phone, text or visit")).ToContainTextAsync("Met on time");
        await Expect(page.DeadlineRow("First response")).ToContainTextAsync("Met on time");

        // The complainant had the Victims Code in writing, and no update by email.
        await app.WaitForMail("with the Victims Code", m => m.IsTo(email));
        Assert.DoesNotContain(await app.MailTo(email), m => m.Subject.EndsWith("an update from us", StringComparison.Ordinal));
    }
}
