using System.Net;
using System.Text.RegularExpressions;
using HateCase.App.Tests.Support;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// Two instances of the app, as Azure runs it when it scales out: each with a home folder of its
// own (nothing shared on disk), the same storage. A form one instance served is accepted by the other.
[Collection(OwnAppCollection.Name)]
public sealed partial class SharedKeysTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    [Fact]
    public async Task A_report_form_served_by_one_instance_is_accepted_by_another()
    {
        var first = await StartOwnApp(azurite.ConnectionString, s => s["HOME"] = NewHome());
        var second = await StartOwnApp(azurite.ConnectionString, s =>
        {
            s["HOME"] = NewHome();
            s["Runtime__TablePrefix"] = "t" + first.RunId;
        });
        var elsewhere = await StartOwnApp(azurite.ConnectionString, s => s["HOME"] = NewHome());

        var (token, cookie) = await ReportForm(first);

        // An empty form is not a report: the answer is the form again with its errors, which
        // means the antiforgery check passed. A token the instance cannot read is a 400.
        using var accepted = await PostEmptyReport(second, token, cookie);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("There is a problem", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var refused = await PostEmptyReport(elsewhere, token, cookie);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private static string NewHome() => Directory.CreateTempSubdirectory("hatecase-home-").FullName;

    private static async Task<(string Token, string Cookie)> ReportForm(AppProcess app)
    {
        using var response = await app.Http.GetAsync("/report");
        await Expect.Status(HttpStatusCode.OK, response);
        var token = AntiforgeryField().Match(await response.Content.ReadAsStringAsync()).Groups["token"].Value;
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hatecase-antiforgery=", StringComparison.Ordinal));
        Assert.NotEmpty(token);
        return (token, cookie.Split(';')[0]);
    }

    private static async Task<HttpResponseMessage> PostEmptyReport(AppProcess app, string token, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/report")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        request.Headers.Add("Cookie", cookie);
        return await app.Http.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
