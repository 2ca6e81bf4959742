using System.Diagnostics;
using System.Net.Http.Json;
using HateCase.Browser.Tests.Support;
using HateCase.Domain.Measures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

[Collection(BrowserFixture.Collection)]
public sealed class MeasuresPageTests(BrowserFixture fixture)
{
    static MeasuresPageTests() => SetDefaultExpectTimeout(30_000);

    private static readonly Dictionary<string, string> TeamLeader = new() { ["X-Dev-User"] = "leader-1", ["X-Dev-Role"] = "team-leader" };

    [Fact(Timeout = 300_000)]
    public async Task A_team_leader_sees_the_years_standards_charts_beside_their_tables_and_NM01_with_nothing_serious_for_axe()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await ReportedAndRecorded(app);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "measures");
        var page = browser.Page;
        await browser.Context.SetExtraHTTPHeadersAsync(TeamLeader);
        var year = ReportingPeriod.ReportingYearOf(RunningApp.Policy.Calendar.LocalDate(DateTimeOffset.UtcNow));

        await page.GotoAsync("/measures");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Service standards and measures", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("main p.govuk-body-l")).ToContainTextAsync($"1 April {year} to 31 March {year + 1}");
        var standards = page.Locator("#standards + table");
        await Expect(standards.GetByRole(AriaRole.Row, new() { Name = "Victims Code sent or given as soon as the report was made" })).ToContainTextAsync("2 of 2");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Cases opened each month" })).ToBeVisibleAsync();
        var month = RunningApp.Policy.Calendar.LocalDate(DateTimeOffset.UtcNow).ToString("MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        await Expect(page.Locator("table", new() { Has = page.GetByText("Cases opened by month") }).Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = month }) })).ToContainTextAsync("2");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Hate cases by strand" })).ToContainTextAsync("Race");
        await Expect(page.GetByText("Landlord:HomesOwned").First).ToBeVisibleAsync();
        await browser.CheckPage("measures-year");

        await page.GetByLabel("Quarter of the reporting year").SelectOptionAsync(new SelectOptionValue { Index = 3 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the quarter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("period=quarter&quarter=[0-9]{4}-Q"));
        await Expect(page.GetByText("This period is not a reporting year")).ToBeVisibleAsync();
        await browser.CheckPage("measures-quarter");

        await page.GetByLabel("First day").FillAsync("2026-05-02");
        await page.GetByLabel("Last day").FillAsync("2026-05-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the dates" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("the last on or after the first");
        await browser.CheckPage("measures-wrong-dates");
    }

    [Fact(Timeout = 300_000)]
    public async Task The_period_can_be_chosen_without_JavaScript()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "measures-no-js", javaScript: false);
        var page = browser.Page;
        await browser.Context.SetExtraHTTPHeadersAsync(TeamLeader);

        await page.GotoAsync("/measures");
        await page.GetByLabel("First day").FillAsync("2026-10-01");
        await page.GetByLabel("Last day").FillAsync("2026-10-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the dates" }).ClickAsync();

        await Expect(page.Locator("main p.govuk-body-l")).ToContainTextAsync("1 October 2026 to 31 October 2026");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "The cases in this period as CSV" })).ToHaveAttributeAsync("href", "/api/measures/cases?from=2026-10-01&to=2026-10-31");
        await browser.Screenshot("measures-dates");
    }

    // Two reports, counted once their first turns are recorded.
    private static async Task ReportedAndRecorded(RunningApp app)
    {
        foreach (var hate in new[] { true, false })
        {
            using var response = await app.Http.PostAsJsonAsync("/api/reports", new
            {
                email = RunningApp.NewEmail(),
                description = hate ? "Racist abuse shouted at me on the stairs." : "Loud music every night.",
                hatePerceived = hate,
                hateStrands = hate ? new[] { "race" } : [],
                aboutAddress = $"Flat {Guid.NewGuid():N}, Exampletown",
            });
            Assert.True(response.IsSuccessStatusCode, $"The report answered {(int)response.StatusCode}.");
        }
        var today = RunningApp.Policy.Calendar.LocalDate(DateTimeOffset.UtcNow);
        var waited = Stopwatch.StartNew();
        while ((await app.Officer(HttpMethod.Get, $"/api/measures?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}", role: "team-leader"))
            .GetProperty("volumes").GetProperty("casesOpened").GetInt32() < 2)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "The two reports were not recorded.");
            await Task.Delay(250);
        }
    }
}
