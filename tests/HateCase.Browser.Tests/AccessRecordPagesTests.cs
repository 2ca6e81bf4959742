using System.Net.Http.Json;
using System.Text.Json;
using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

// Subject access and who looked, in a browser: an admin searches and downloads, a team leader
// reads who has looked at a case; axe finds nothing serious on either page.
[Collection(BrowserFixture.Collection)]
public sealed class AccessRecordPagesTests(BrowserFixture fixture)
{
    static AccessRecordPagesTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task An_admin_searches_by_phone_and_downloads_what_is_held_and_a_team_leader_reads_who_looked()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        var email = RunningApp.NewEmail();
        using var response = await app.Http.PostAsJsonAsync("/api/reports", new
        {
            email, name = "Sam Okafor", phone = "07700 900482",
            description = "Racist abuse shouted at me on the stairs.", witnesses = "Pat from flat 4",
            hatePerceived = true, hateStrands = new[] { "race" }, aboutAddress = $"Flat {Guid.NewGuid():N}, Exampletown",
        });
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        var reference = receipt.GetProperty("reference").GetString()!;
        var caseId = await app.CaseIdOf(reference);

        await using (var admin = await fixture.OpenBrowser(app.BaseAddress, "subject-access"))
        {
            var page = admin.Page;
            await admin.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["X-Dev-User"] = "dpo-1", ["X-Dev-Role"] = "admin" });
            await page.GotoAsync("/my-work");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Subject access" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Subject access", Level = 1 })).ToBeVisibleAsync();
            await admin.CheckPage("subject-access-form");

            await page.GetByLabel("Phone number").FillAsync("+44 7700 900482");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Case {reference}" })).ToBeVisibleAsync();
            await Expect(page.Locator("tr", new() { HasText = "Pat from flat 4" })).ToContainTextAsync("Redact: another person's data");
            await admin.CheckPage("subject-access-results");

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download as a text file" }).ClickAsync());
            var saved = Path.Combine(Path.GetTempPath(), $"subject-access-{Guid.NewGuid():N}.txt");
            await download.SaveAsAsync(saved);
            var text = await File.ReadAllTextAsync(saved);
            File.Delete(saved);
            Assert.Contains($"Case {reference}, reported", text, StringComparison.Ordinal);
            Assert.Contains("[REDACT]", text, StringComparison.Ordinal);
        }

        await using (var leader = await fixture.OpenBrowser(app.BaseAddress, "who-looked"))
        {
            var page = leader.Page;
            await leader.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["X-Dev-User"] = "leader-1", ["X-Dev-Role"] = "team-leader" });
            await page.GotoAsync($"/cases/{caseId}");
            await page.GetByRole(AriaRole.Link, new() { Name = "Who has looked at this case" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Who has looked at this case", Level = 1 })).ToBeVisibleAsync();
            var newest = page.Locator("#who-looked tbody tr").First;
            await Expect(newest).ToContainTextAsync("leader-1");
            await Expect(newest).ToContainTextAsync("Case page");
            await leader.CheckPage("who-looked");
        }
    }
}
