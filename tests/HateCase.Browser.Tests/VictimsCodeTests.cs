using HateCase.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests;

[Collection(BrowserFixture.Collection)]
public sealed class VictimsCodeTests(BrowserFixture fixture)
{
    static VictimsCodeTests() => SetDefaultExpectTimeout(30_000);

    [Fact(Timeout = 300_000)]
    public async Task The_Victims_Code_page_gives_the_landlords_six_rights_in_its_own_words()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "victims-code");
        var page = browser.Page;
        var code = RunningApp.Policy.Profile.VictimsCode;

        await page.GotoAsync("/report");
        await page.GetByRole(AriaRole.Link, new() { Name = "read your rights as a victim" }).ClickAsync();
        await page.ExpectPath("/victims-code");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = code.Title, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText(code.Introduction)).ToBeVisibleAsync();
        var rights = page.Locator("main ol > li");
        await Expect(rights).ToHaveCountAsync(6);
        Assert.Equal(code.Rights, (await rights.AllInnerTextsAsync()).Select(r => r.Trim()));
        await browser.CheckPage("victims-code");
    }

    [Fact(Timeout = 300_000)]
    public async Task The_pages_use_the_landlords_name_and_GOV_UK_Frontend_served_by_the_app_itself()
    {
        await using var app = await RunningApp.Start(fixture.Azurite);
        await using var browser = await fixture.OpenBrowser(app.BaseAddress, "frontend");
        var page = browser.Page;
        var failed = new List<string>();
        page.RequestFailed += (_, request) => failed.Add(request.Url);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync("/victims-code");
        await page.Settle(LoadState.NetworkIdle);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Example Housing", await page.TitleAsync(), StringComparison.Ordinal);
        // The scripts ran from files (the body says so) and the styles loaded, in Arial: GDS
        // Transport is only for services on GOV.UK itself.
        Assert.True(await page.EvaluateAsync<bool>("() => document.body.classList.contains('govuk-frontend-supported')"));
        Assert.Equal("arial", (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('h1')).fontFamily")).Split(',')[0].Trim('"', '\'', ' '));
        Assert.Equal("700", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('h1')).fontWeight"));
        Assert.Empty(failed);
        browser.AssertNoPolicyViolations();

        // The skip link is the first thing the keyboard reaches, and goes to the content.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to main content", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main-content", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // The accessibility check itself works: an image with no text alternative is caught.
        await page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/govuk/assets/images/favicon.svg\">')");
        Assert.Contains(await browser.RunAxe(), v => v.Id == "image-alt" && v.Impact == "critical");

        // The development mailbox answers only for real message ids.
        using var missing = await app.Http.GetAsync("/dev/mail/not-a-message");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}
