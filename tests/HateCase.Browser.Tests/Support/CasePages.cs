using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests.Support;

// Getting to a case page and reading it, as the case page tests do.
public static class CasePages
{
    // A hate report made on the API, recorded (its case answers the officer API) before it returns.
    public static async Task<string> ReportedOnTheApi(this RunningApp app, object? report = null)
    {
        using var response = await app.Http.PostAsJsonAsync("/api/reports", report ?? new
        {
            email = RunningApp.NewEmail(),
            name = "Sam Example",
            description = "A neighbour shouted racist abuse at me on the stairs.",
            hatePerceived = true,
            hateStrands = new[] { "race" },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var caseId = receipt.GetProperty("caseId").GetString()!;
        await app.Officer(HttpMethod.Get, $"/api/cases/{caseId}");
        return caseId;
    }

    public static async Task SignInToCase(this IPage page, string caseId, string staffId, string role)
    {
        await page.GotoAsync($"/sign-in?returnUrl={Uri.EscapeDataString($"/cases/{caseId}")}");
        await page.Type("Staff id", staffId);
        await page.Answer("Role", role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.ExpectPath($"/cases/{caseId}");
    }

    public static async Task ExpectRecorded(this IPage page, string action) =>
        await Expect(page.Locator(".govuk-notification-banner__heading")).ToHaveTextAsync($"Recorded: {action}");

    public static ILocator SummaryRow(this IPage page, string key) =>
        page.Locator("#case-summary .govuk-summary-list__row").Filter(new() { Has = page.Locator("dt", new() { HasTextString = key }) }).Locator("dd");

    public static ILocator DeadlineRow(this IPage page, string name) =>
        page.Locator("#deadline-table tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = name }) }).First;
}
