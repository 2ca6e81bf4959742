using System.Net;
using HateCase.App.Tests.Support;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// Staff sign in to the pages; locally on the development sign-in page, which picks a person and a
// role and keeps them in a sealed cookie.
[Collection(RunningAppCollection.Name)]
public sealed class StaffSignInTests(RunningAppFixture fixture, ITestOutputHelper output) : AppTestBase(output)
{
    private TestApp App => Watch(fixture.App);

    [Fact]
    public async Task Signing_in_brings_the_person_back_to_the_page_they_asked_for()
    {
        using var session = StaffSession.SignedOut(App);

        using var response = await session.Submit("/sign-in?returnUrl=%2Fcases%2Fcase-123%3Ftab%3Dmessages",
            [new("Form.StaffId", "alex.smith"), new("Form.Role", "officer")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/cases/case-123?tab=messages", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.example/cases")]
    [InlineData("//evil.example/cases")]
    [InlineData("/\\evil.example/cases")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_address_on_another_site_is_never_followed(string returnUrl)
    {
        using var session = StaffSession.SignedOut(App);

        using var response = await session.Submit($"/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}",
            [new("Form.StaffId", "alex.smith"), new("Form.Role", "officer")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/my-work", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signing_in_without_a_staff_id_or_a_role_says_what_is_missing()
    {
        using var session = StaffSession.SignedOut(App);

        using var response = await session.Submit("/sign-in", [new("Form.StaffId", "  ")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await StaffSession.Read(response);
        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
        Assert.Equal(["Enter your staff id", "Select your role"],
            page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.TextContent.Trim()));
        Assert.Null(session.Cookies.GetCookies(App.BaseAddress)["hatecase-dev-signin"]);
    }

    [Fact]
    public async Task The_person_signed_in_is_the_one_the_officer_API_sees_until_they_sign_out()
    {
        using var session = await StaffSession.SignIn(App, "alex.smith", "officer");

        using (var mine = await session.Get("/api/cases?mine=true"))
        {
            await Expect.Status(HttpStatusCode.OK, mine);
        }
        using (var approval = await session.Get("/api/cases?officer=someone-else"))
        {
            await Expect.Status(HttpStatusCode.OK, approval);
        }

        using (var signedOut = await session.SubmitTo("/sign-in", "/sign-out", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
            Assert.Equal("/sign-in", signedOut.Headers.Location?.OriginalString);
        }
        using var after = await session.Get("/api/cases?mine=true");
        await Expect.Problem(HttpStatusCode.Unauthorized, after);
    }

    [Fact]
    public async Task An_altered_sign_in_cookie_signs_no_one_in()
    {
        using var session = await StaffSession.SignIn(App, "alex.smith", "officer");
        var cookie = session.Cookies.GetCookies(App.BaseAddress)["hatecase-dev-signin"]!;
        Assert.True(cookie.HttpOnly);
        cookie.Value = cookie.Value[..^4] + (cookie.Value.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        using var response = await session.Get("/api/cases?mine=true");

        await Expect.Problem(HttpStatusCode.Unauthorized, response);
    }

    [Fact]
    public async Task A_form_sent_from_another_site_is_refused_even_from_a_signed_in_browser()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases/case-123/letters");
        request.Headers.Add("X-Dev-User", "alex.smith");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Content = new FormUrlEncodedContent([]);

        using var response = await App.Http.SendAsync(request);

        await Expect.Problem(HttpStatusCode.Forbidden, response);
    }
}
