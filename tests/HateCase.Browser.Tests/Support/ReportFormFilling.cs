using System.Globalization;
using System.Text.RegularExpressions;
using HateCase.App.Pages.GovUk;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests.Support;

// The report form as a person sees it: questions found by their words, never by ids.
public static partial class ReportFormFilling
{
    public static ILocator Question(this IPage page, string question) =>
        page.GetByRole(AriaRole.Group, new PageGetByRoleOptions { Name = question, Exact = true });

    public static Task Answer(this IPage page, string question, string answer) =>
        page.Question(question).GetByLabel(answer, new LocatorGetByLabelOptions { Exact = true }).CheckAsync();

    public static Task Type(this IPage page, string label, string text) =>
        page.GetByLabel(label, new PageGetByLabelOptions { Exact = true }).FillAsync(text);

    public static async Task EnterDate(this IPage page, string question, DateOnly date)
    {
        var group = page.Question(question);
        await group.GetByLabel("Day", new LocatorGetByLabelOptions { Exact = true }).FillAsync(date.Day.ToString(CultureInfo.InvariantCulture));
        await group.GetByLabel("Month", new LocatorGetByLabelOptions { Exact = true }).FillAsync(date.Month.ToString(CultureInfo.InvariantCulture));
        await group.GetByLabel("Year", new LocatorGetByLabelOptions { Exact = true }).FillAsync(date.Year.ToString(CultureInfo.InvariantCulture));
    }

    public static Task Send(this IPage page) =>
        page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Send report", Exact = true }).ClickAsync();

    // A few days ago, in UK local time.
    public static DateOnly RecentDay() =>
        RunningApp.Policy.Calendar.LocalDate(DateTimeOffset.UtcNow).AddDays(-2);

    // The confirmation: the reference, and the promise of contact computed from the profile's first
    // response standard (1 working day for hate) from the moment the report was sent.
    public static async Task<string> ExpectConfirmation(this IPage page, DateTimeOffset sentFrom, int workingDays)
    {
        await page.ExpectPath("/report/sent");
        var sentBy = DateTimeOffset.UtcNow;
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Report sent", Level = 1 })).ToBeVisibleAsync();
        var reference = (await page.Locator("[data-reference]").InnerTextAsync()).Trim();
        Assert.Matches(ReferencePattern(), reference);

        var promise = (await page.Locator("[data-contact-by]").InnerTextAsync()).Trim();
        var calendar = RunningApp.Policy.Calendar;
        var possible = new List<string>();
        for (var at = sentFrom; at <= sentBy + TimeSpan.FromSeconds(30); at += TimeSpan.FromSeconds(30))
        {
            possible.Add($"A case officer will contact you by {HateCase.Mail.Rendering.UkTime.DateAndTime(calendar.AddWorkingDays(at, workingDays))}.");
        }
        Assert.Contains(promise, possible.Distinct());
        Assert.Matches(@"by \w+day \d{1,2} \w+ \d{4} at (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)\.$", promise);
        return reference;
    }

    [GeneratedRegex(@"^HC-\d{4}-\d{6}$")]
    public static partial Regex ReferencePattern();
}
