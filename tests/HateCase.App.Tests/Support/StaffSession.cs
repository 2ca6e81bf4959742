using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace HateCase.App.Tests.Support;

// A member of staff at a browser, without the browser: cookies kept, redirects not followed (so
// a test sees each), each form sent with the antiforgery token of the page it is on.
public sealed class StaffSession : IDisposable
{
    private readonly HttpClient client;

    private StaffSession(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(90),
        };
    }

    public CookieContainer Cookies { get; }

    public static StaffSession SignedOut(TestApp app) => new(app.BaseAddress);

    // Signed in on the development sign-in page as the person, in the role (and the team, where there are teams).
    public static async Task<StaffSession> SignIn(TestApp app, string staffId, string role, string? team = null)
    {
        var session = new StaffSession(app.BaseAddress);
        using var response = await session.Submit("/sign-in",
            [new("Form.StaffId", staffId), new("Form.Role", role), .. team is null ? Array.Empty<KeyValuePair<string, string>>() : [new("Form.Team", team)]]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    public Task<HttpResponseMessage> Get(string path) => client.GetAsync(path);

    // The page, which must be there (200), as a browser would read it.
    public async Task<IHtmlDocument> Page(string path)
    {
        using var response = await client.GetAsync(path);
        await Expect.Status(HttpStatusCode.OK, response);
        return await Read(response);
    }

    // Fills in the form on the page at `pagePath` (the first, or the one posting to `action`) and sends it.
    public async Task<HttpResponseMessage> Submit(string pagePath, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var page = await Page(pagePath);
        var form = page.Forms.FirstOrDefault(f => action is null ? f.GetAttribute("action") is null or "" : f.GetAttribute("action") == action)
            ?? throw new Xunit.Sdk.XunitException($"{pagePath} has no form {(action is null ? "posting back to it" : $"posting to {action}")}.");
        if (form.QuerySelector("input[name=__RequestVerificationToken]") is null)
        {
            throw new Xunit.Sdk.XunitException($"The form on {pagePath} carries no antiforgery token.");
        }
        // As a browser sends it: the form's hidden fields (the token among them), then what was filled in.
        var hidden = form.QuerySelectorAll("input[type=hidden]").Cast<IHtmlInputElement>()
            .Select(input => new KeyValuePair<string, string>(input.Name!, input.Value));
        return await client.PostAsync(action ?? pagePath, new FormUrlEncodedContent([.. hidden, .. fields]));
    }

    // Sends the fields to `postPath` with the antiforgery token of the first form on the page at `pagePath`.
    public async Task<HttpResponseMessage> SubmitTo(string pagePath, string postPath, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await Page(pagePath);
        var token = page.QuerySelector("form input[name=__RequestVerificationToken]") is IHtmlInputElement { } tokenField ? tokenField.Value : (string?)null
            ?? throw new Xunit.Sdk.XunitException($"{pagePath} has no form with an antiforgery token.");
        return await client.PostAsync(postPath, new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields]));
    }

    // Sends exactly these fields, as a browser resending a form it already has.
    public Task<HttpResponseMessage> Post(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(fields));

    public static async Task<IHtmlDocument> Read(HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public void Dispose() => client.Dispose();
}
