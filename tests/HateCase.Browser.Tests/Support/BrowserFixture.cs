using HateCase.Testing;
using Microsoft.Playwright;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace HateCase.Browser.Tests.Support;

[CollectionDefinition(BrowserFixture.Collection)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;

// One Azurite and one Playwright driver for every browser test. Each test starts its own app
// (its own tables, its own clock) and its own browser with a fresh profile.
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Collection = "Browser";

    // Debian's chromium; Playwright's own browser downloads are never used.
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private AzuriteInstance? azurite;
    private IPlaywright? playwright;

    public AzuriteInstance Azurite => azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public IPlaywright Playwright => playwright ?? throw new InvalidOperationException("Playwright has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: install the distribution's chromium package.");
        }
        azurite = await AzuriteInstance.Start(AzuritePersistence.InMemory);
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        playwright?.Dispose();
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    // A browser with a profile of its own, deleted when the browser closes.
    public async Task<TestBrowser> OpenBrowser(Uri baseAddress, string testName, bool javaScript = true)
    {
        var profile = Directory.CreateTempSubdirectory("hatecase-browser-").FullName;
        var context = await Playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            BaseURL = baseAddress.GetLeftPart(UriPartial.Authority),
            JavaScriptEnabled = javaScript,
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        return new TestBrowser(context, page, profile, testName, javaScript);
    }
}
