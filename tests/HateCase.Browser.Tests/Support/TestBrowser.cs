using System.Text;
using System.Text.Json;
using HateCase.Testing;
using Microsoft.Playwright;

namespace HateCase.Browser.Tests.Support;

public sealed record AxeViolation(string Id, string Impact, string Help, IReadOnlyList<string> Targets);

// One browser (a persistent context on a fresh profile) with its page, for one test. It saves a
// screenshot of every page it is asked to, runs axe-core on every public page, and notes what the
// browser console says, so that a script blocked by the content security policy is noticed.
public sealed class TestBrowser : IAsyncDisposable
{
    // Where screenshots and the accessibility summary go: BROWSER_TEST_RESULTS, or TestResults
    // beside the test assembly.
    public static readonly string ResultsFolder =
        Environment.GetEnvironmentVariable("BROWSER_TEST_RESULTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults");

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Path.Combine(RepositoryRoot.Find(), "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"axe-core is not installed at {path}: run npm ci at the repository root.");
    });

    private static readonly object SummaryLock = new();

    private readonly string profile;
    private readonly string testName;
    private readonly List<string> consoleErrors = [];
    private int shots;

    public TestBrowser(IBrowserContext context, IPage page, string profile, string testName, bool javaScript)
    {
        JavaScript = javaScript;
        Context = context;
        Page = page;
        this.profile = profile;
        this.testName = testName;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (consoleErrors)
                {
                    consoleErrors.Add(message.Text);
                }
            }
        };
    }

    public IBrowserContext Context { get; }

    // With scripts off, nothing can be evaluated in the page (the driver would wait for ever).
    public bool JavaScript { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (consoleErrors)
            {
                return [.. consoleErrors];
            }
        }
    }

    public static string ScreenshotFolder => Path.Combine(ResultsFolder, "screenshots");

    public async Task Screenshot(string step)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var name = $"{testName}-{++shots:D2}-{step}.png";
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name), FullPage = true });
    }

    // A public page: a screenshot, then axe-core, which must find nothing serious or critical.
    // axe is evaluated through the driver, which the page's content security policy does not
    // govern, so the policy stays as strict in the tests as it is for people.
    public async Task CheckPage(string step)
    {
        await Page.Settle(LoadState.Load);
        await Screenshot(step);
        var violations = await RunAxe();
        Record(step, violations);
        var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0,
            $"axe-core found serious or critical problems on '{step}' ({Page.Url}):{Environment.NewLine}" +
            string.Join(Environment.NewLine, serious.Select(v => $"  {v.Impact} {v.Id}: {v.Help} at {string.Join("; ", v.Targets)}")));
        AssertNoPolicyViolations();
    }

    public async Task<IReadOnlyList<AxeViolation>> RunAxe()
    {
        if (!JavaScript)
        {
            throw new InvalidOperationException("axe-core runs in the page, so it needs a browser with scripts on.");
        }
        if (!await Page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await Page.EvaluateAsync(AxeSource.Value + "\n;undefined");
        }
        var json = await Page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const results = await window.axe.run(document, { resultTypes: ['violations'] });
              return results.violations.map(v => ({
                id: v.id, impact: v.impact || 'unknown', help: v.help,
                targets: v.nodes.map(n => n.target.join(' '))
              }));
            }
            """);
        return json.Deserialize<List<AxeViolation>>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
    }

    // The pages carry no inline script or style: the browser refused nothing.
    public void AssertNoPolicyViolations()
    {
        List<string> refused;
        lock (consoleErrors)
        {
            refused = consoleErrors.Where(e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();
            consoleErrors.Clear();
        }
        Assert.True(refused.Count == 0, "The browser refused content under the content security policy:" + Environment.NewLine + string.Join(Environment.NewLine, refused.Distinct()));
    }

    // Presses Tab until the element with this id has the focus, as a keyboard user would.
    public async Task TabTo(string id, int maxPresses = 200)
    {
        if (!JavaScript)
        {
            throw new InvalidOperationException("Following the focus needs a browser with scripts on.");
        }
        var path = new List<string>();
        for (var press = 0; press < maxPresses; press++)
        {
            await Page.Keyboard.PressAsync("Tab");
            var focused = await Page.EvaluateAsync<string>("() => document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''");
            if (focused == id)
            {
                return;
            }
            path.Add(focused);
        }
        Assert.Fail($"Pressing Tab {maxPresses} times never reached '{id}'. Focus went: {string.Join(" > ", path.TakeLast(40))}");
    }

    private void Record(string step, IReadOnlyList<AxeViolation> violations)
    {
        var line = new StringBuilder($"{testName} / {step} ({new Uri(Page.Url).AbsolutePath}): ");
        line.Append(violations.Count == 0
            ? "no violations"
            : string.Join("; ", violations.Select(v => $"{v.Impact} {v.Id} ({v.Targets.Count})")));
        lock (SummaryLock)
        {
            Directory.CreateDirectory(ResultsFolder);
            File.AppendAllText(Path.Combine(ResultsFolder, "accessibility.txt"), line + Environment.NewLine);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // The browser may still hold a file for a moment; the temporary folder is left behind.
        }
    }
}
