using System.Net;
using System.Net.Http.Json;
using HateCase.App.Tests.Support;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

[Collection(OwnAppCollection.Name)]
public sealed class RateLimitTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    [Fact]
    public async Task Reports_past_the_limit_from_one_address_are_turned_away_with_a_time_to_try_again()
    {
        var app = await StartOwnApp(azurite.ConnectionString, settings => settings["Intake__PermitsPerMinute"] = "3");
        var accepted = new List<Receipt>();
        HttpResponseMessage? refused = null;

        // The limit is a fixed one-minute window, which may turn over during the test: within
        // seven reports, a fourth in one window is refused whatever the timing.
        for (var attempt = 0; attempt < 7 && refused is null; attempt++)
        {
            var response = await app.PostReport(Reports.Nuisance(Reports.NewEmail()));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                await Expect.Status(HttpStatusCode.Accepted, response);
                accepted.Add((await response.Content.ReadFromJsonAsync<Receipt>(TestApp.Web))!);
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            var problem = await Expect.Problem(HttpStatusCode.TooManyRequests, refused);
            Assert.Contains("999", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            var retryAfter = refused.Headers.RetryAfter;
            Assert.NotNull(retryAfter);
            Assert.True(retryAfter.Delta is { } delta && delta > TimeSpan.Zero && delta <= TimeSpan.FromMinutes(1), $"Retry-After: {retryAfter}");
        }
        Assert.InRange(accepted.Count, 3, 6);
        // The limit is on new reports; officers reading cases are not held up, and what was accepted is there.
        foreach (var receipt in accepted)
        {
            Assert.Equal(receipt.Reference, (await app.Case(receipt.CaseId)).GetProperty("summary").GetProperty("reference").GetString());
        }
    }
}
