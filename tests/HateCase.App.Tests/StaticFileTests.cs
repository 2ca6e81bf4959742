using System.Net;
using System.Net.Http.Headers;
using HateCase.App.Functions;
using HateCase.App.Tests.Support;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// The pages' styles, scripts, fonts and images, served by the static-file functions from the
// app's wwwroot: only files of the kinds the pages use, never anything outside that folder.
[Collection(RunningAppCollection.Name)]
public sealed class StaticFileTests(RunningAppFixture fixture, ITestOutputHelper output) : AppTestBase(output)
{
    private TestApp App => Watch(fixture.App);

    [Theory]
    [InlineData("/govuk/govuk-frontend.min.css", "text/css")]
    [InlineData("/govuk/govuk-frontend.min.js", "text/javascript")]
    [InlineData("/govuk/assets/images/favicon.ico", "image/x-icon")]
    [InlineData("/css/app.css", "text/css")]
    [InlineData("/js/govuk-start.js", "text/javascript")]
    public async Task A_file_the_pages_use_is_served_with_its_type_and_kept_for_an_hour(string path, string contentType)
    {
        using var response = await App.Http.GetAsync(path);

        await Expect.Status(HttpStatusCode.OK, response);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromHours(1), response.Headers.CacheControl?.MaxAge);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task An_unchanged_file_is_not_sent_again()
    {
        using var first = await App.Http.GetAsync("/css/app.css");
        var request = new HttpRequestMessage(HttpMethod.Get, "/css/app.css");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var again = await App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Theory]
    [InlineData("/govuk/..%2F..%2Fappsettings.json")]
    [InlineData("/govuk/%2e%2e/%2e%2e/appsettings.json")]
    [InlineData("/css/..%2FHateCase.App.dll")]
    [InlineData("/css/..%5C..%5Cappsettings.json")]
    [InlineData("/js/%2Fetc%2Fpasswd")]
    [InlineData("/govuk/")]
    [InlineData("/govuk/assets")]
    [InlineData("/css/app.css.gz")]
    [InlineData("/js/.hidden.js")]
    [InlineData("/govuk/govuk-frontend.min.css%00.png")]
    public async Task A_path_out_of_the_folder_or_to_a_file_the_pages_do_not_use_is_not_served(string path)
    {
        using var response = await App.Http.GetAsync(path);

        // Not found, or refused by the web server before the app sees it (a NUL in the path).
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
            $"GET {path} answered {(int)response.StatusCode}.");
    }

    [Theory]
    [InlineData("app.css", true)]
    [InlineData("assets/images/favicon.ico", true)]
    [InlineData("../appsettings.json", false)]
    [InlineData("a/../../b.css", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("a//b.css", false)]
    [InlineData("a\\b.css", false)]
    [InlineData(".env", false)]
    [InlineData("c:app.css", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_a_plain_path_inside_the_folder_is_looked_up(string? path, bool plain) =>
        Assert.Equal(plain, StaticFileFunctions.IsPlainRelativePath(path));

    [Fact]
    public async Task A_HEAD_request_gets_the_headers_without_the_file()
    {
        using var response = await App.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/css/app.css"));

        await Expect.Status(HttpStatusCode.OK, response);
        Assert.Equal(new MediaTypeHeaderValue("text/css").MediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
