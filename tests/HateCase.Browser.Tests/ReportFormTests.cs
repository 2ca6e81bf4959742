using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

[Collection(BrowserFixture.Collection)]
public sealed class ReportFormTests(BrowserFixture fixture)
{
    private const string Hurt = "Was anyone hurt? (optional)";
    private const string Hostility = "Do you think it happened because of hostility or prejudice? (optional)";
    private const string AboutWhat = "What do you think it was about? (optional)";
    private const string Victim = "Did this happen to you? (optional)";
    private const string Police = "Have you told the police? (optional)";
    private const string HowToContact = "How should we contact you? (optional)";
    private const string Formats = "Do you need information from us in another format? (optional)";
    private const string Share = "Can we share your report with partners, such as the police or support services? (optional)";

    static ReportFormTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task A_victim_of_hate_reports_it_and_is_told_their_reference_and_when_a_case_officer_will_contact_them()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "report-hate");
        var page = browser.Page;
        var email = RunningApp.NewEmail();

        await page.GotoAsync("/report");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Report hate or anti-social behaviour", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("main .govuk-warning-text")).ToContainTextAsync("If you are in danger now, call 999.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Example Housing", Exact = true })).ToBeVisibleAsync();
        await browser.CheckPage("report-form");

        await page.Type("What happened?", "Two men shouted racist abuse at me and my son by the bins, and one of them spat at us.");
        await page.EnterDate("When did it happen? (optional)", ReportFormFilling.RecentDay());
        await page.Type("Where did it happen? (optional)", "Outside 14 Elm Court, by the bin store");
        await page.Answer(Hurt, "No");
        await page.Type("How has this made you feel? (optional)", "Frightened to go out. My son does not want to go to school.");
        await page.Type("Who did it? (optional)", "Two men in their twenties, one with a red jacket");
        await page.Type("Where do they live? (optional)", "22 Elm Court, Exampletown");
        await page.Answer(Police, "Yes");
        await page.Type("Crime reference number (optional)", "CR/12345/26");
        await page.Answer(Hostility, "Yes");
        await page.Answer(AboutWhat, "Race");
        await page.Answer(Victim, "Yes, it happened to me");
        await page.Answer("Do you want to stay anonymous? (optional)", "No");
        await page.Type("Full name (optional)", "Amina Example");
        await page.Type("Email address", email);
        await page.Answer(HowToContact, "Email");
        await page.Type("When is it safe to contact you? (optional)", "Weekday mornings");
        await page.Answer(Formats, "Large print");
        await page.Answer(Share, "Yes");
        await browser.Screenshot("report-form-filled");

        var sentFrom = DateTimeOffset.UtcNow;
        await page.Send();
        var reference = await page.ExpectConfirmation(sentFrom, RunningApp.Policy.Profile.FirstResponse.HighWorkingDays);
        await Expect(page.GetByText("We treat every report of hate as urgent.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = RunningApp.Policy.Profile.VictimsCode.Title })).ToBeVisibleAsync();
        await Expect(page.GetByText("Victim Support: call 08 08 16 89 111", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(page.GetByText("Stop Hate UK: call 0800 138 1625", new() { Exact = false })).ToBeVisibleAsync();
        await browser.CheckPage("confirmation");

        // Shown once: coming back to the page shows nobody's report.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your report", Level = 1 })).ToBeVisibleAsync();
        Assert.DoesNotContain(reference, await page.ContentAsync(), StringComparison.Ordinal);
        await browser.CheckPage("confirmation-seen-before");

        // The acknowledgement, in the development mailbox.
        await app.WaitForMail("acknowledging the report", m => m.IsTo(email) && m.Subject.Contains(reference, StringComparison.Ordinal));
        await page.GotoAsync("/dev/mail");
        await browser.CheckPage("development-mailbox");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await row.GetByRole(AriaRole.Link, new() { Name = $"Your report {reference}: what happens next" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Your report {reference}: what happens next", Level = 1 })).ToBeVisibleAsync();
        var text = await page.Locator("[data-part=text]").InnerTextAsync();
        Assert.Contains(reference, text, StringComparison.Ordinal);
        Assert.Contains(RunningApp.Policy.Profile.VictimsCode.Title, text, StringComparison.Ordinal);
        // The HTML part is framed with every sandbox restriction, never written into the page.
        var frame = page.Locator("iframe[data-part=html]");
        Assert.Equal("", await frame.GetAttributeAsync("sandbox"));
        Assert.Contains(reference, await frame.GetAttributeAsync("srcdoc") ?? "", StringComparison.Ordinal);
        await Expect(page.FrameLocator("iframe[data-part=html]").GetByText($"Your case reference is {reference}")).ToBeVisibleAsync();
        Directory.CreateDirectory(TestBrowser.ScreenshotFolder);
        await frame.ScreenshotAsync(new() { Path = Path.Combine(TestBrowser.ScreenshotFolder, "report-hate-acknowledgement-html-part.png") });
        await browser.CheckPage("development-mail-message");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_person_can_report_using_only_the_keyboard()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "report-keyboard");
        var page = browser.Page;
        var keys = page.Keyboard;
        var day = ReportFormFilling.RecentDay();

        await page.GotoAsync("/report");
        await browser.TabTo("description");
        await keys.TypeAsync("People keep banging on my door at night and shouting abuse about my wheelchair.");
        await browser.TabTo("occurredOn-day");
        await keys.TypeAsync(day.Day.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await keys.PressAsync("Tab");
        await keys.TypeAsync(day.Month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await keys.PressAsync("Tab");
        await keys.TypeAsync(day.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Radios: Tab reaches the group, the arrow keys choose within it.
        await browser.TabTo("injuries");
        await keys.PressAsync("ArrowRight");
        await Expect(page.Question(Hurt).GetByLabel("No", new() { Exact = true })).ToBeCheckedAsync();
        await browser.TabTo("hatePerceived");
        await keys.PressAsync("Space");
        await Expect(page.Question(Hostility).GetByLabel("Yes", new() { Exact = true })).ToBeCheckedAsync();
        await browser.TabTo("hateStrands-4");
        await keys.PressAsync("Space");
        await Expect(page.Question(AboutWhat).GetByLabel("Disability", new() { Exact = true })).ToBeCheckedAsync();
        await browser.TabTo("phone");
        await keys.TypeAsync("07700 900982");
        await browser.TabTo("preferredContact");
        await keys.PressAsync("Space");
        await browser.TabTo("safeTimesToContact");
        await keys.TypeAsync("After 6pm");
        await browser.Screenshot("keyboard-form-filled");

        var sentFrom = DateTimeOffset.UtcNow;
        await browser.TabTo("send-report");
        await keys.PressAsync("Enter");
        await page.ExpectConfirmation(sentFrom, RunningApp.Policy.Profile.FirstResponse.HighWorkingDays);
        await browser.CheckPage("keyboard-confirmation");
    }

    [Fact(Timeout = 300_000)]
    public async Task Mistakes_are_listed_at_the_top_with_links_to_the_questions_and_what_was_typed_is_kept()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "report-errors");
        var page = browser.Page;

        await page.GotoAsync("/report");
        var when = page.Question("When did it happen? (optional)");
        await when.GetByLabel("Day", new() { Exact = true }).FillAsync("31");
        await when.GetByLabel("Month", new() { Exact = true }).FillAsync("2");
        await when.GetByLabel("Year", new() { Exact = true }).FillAsync("2026");
        await page.Type("Email address", "not an email address");
        await page.Send();

        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary.GetByRole(AriaRole.Heading, new() { Name = "There is a problem" })).ToBeVisibleAsync();
        Assert.StartsWith("Error: ", await page.TitleAsync(), StringComparison.Ordinal);
        var links = summary.GetByRole(AriaRole.Link);
        await Expect(links).ToHaveCountAsync(3);
        Assert.Equal(["#description", "#occurredOn-day", "#email"],
            await links.EvaluateAllAsync<string[]>("links => links.map(l => l.getAttribute('href'))"));
        await Expect(links.Nth(0)).ToHaveTextAsync("Tell us what happened.");
        await Expect(links.Nth(1)).ToHaveTextAsync("The date it happened must be a real date, like 27 3 2026");
        await Expect(links.Nth(2)).ToHaveTextAsync("Enter an email address in the correct format, like name@example.com.");
        await Expect(page.Locator("#description-error")).ToHaveTextAsync("Error: Tell us what happened.");
        await Expect(page.GetByLabel("Email address", new() { Exact = true })).ToHaveValueAsync("not an email address");
        await browser.CheckPage("report-errors");

        // Each link takes the person to the question.
        await links.Nth(0).ClickAsync();
        Assert.Equal("description", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await links.Nth(2).ClickAsync();
        Assert.Equal("email", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // Put right, the report goes.
        await page.Type("What happened?", "Someone wrote graffiti about my religion on my front door.");
        await when.GetByLabel("Day", new() { Exact = true }).FillAsync("");
        await when.GetByLabel("Month", new() { Exact = true }).FillAsync("");
        await when.GetByLabel("Year", new() { Exact = true }).FillAsync("");
        await page.Type("Email address", RunningApp.NewEmail());
        await page.Answer(Hostility, "Yes");
        await page.Answer(AboutWhat, "Religion");
        var sentFrom = DateTimeOffset.UtcNow;
        await page.Send();
        await page.ExpectConfirmation(sentFrom, RunningApp.Policy.Profile.FirstResponse.HighWorkingDays);
    }

    [Fact(Timeout = 300_000)]
    public async Task Without_JavaScript_the_form_works_and_sending_it_twice_opens_one_case()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "report-without-javascript", javaScript: false);
        var page = browser.Page;

        // With scripts off there is no axe-core either: the pages were checked with scripts on.
        await page.GotoAsync("/report");
        Assert.DoesNotContain("govuk-frontend-supported", await page.Locator("body").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        await page.Type("What happened?", "Loud music and shouting from the flat above every night until 3am.");
        await page.Type("Phone number", "01632 960 123");
        await browser.Screenshot("report-form-without-javascript");
        var form = await FormAsSent(page);

        var sentFrom = DateTimeOffset.UtcNow;
        await page.Send();
        var calendar = RunningApp.Policy;
        var first = await page.ExpectConfirmation(sentFrom, calendar.Profile.FirstResponse.LowWorkingDays);
        await browser.Screenshot("confirmation-without-javascript");

        // The same form sent again (a double click, or a retry after a slow answer): the same case.
        var again = await browser.Context.APIRequest.PostAsync("/report", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(302, again.Status);
        await page.GotoAsync("/report/sent");
        Assert.Equal(first, (await page.Locator("[data-reference]").InnerTextAsync()).Trim());
    }

    // Every named field of the form with its value, as the browser would post it.
    private static async Task<IFormData> FormAsSent(IPage page)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var field in await page.Locator("form input[name]:not([type=radio]):not([type=checkbox]), form textarea[name]").AllAsync())
        {
            form.Append((await field.GetAttributeAsync("name"))!, await field.InputValueAsync());
        }
        return form;
    }
}
