using HateCase.App.Tests.Support;
using HateCase.Domain.Profiles;
using HateCase.Workflow;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// The officers' morning list, from the running app: the development clock is moved to the next
// working morning and the standalone driver sends the digest as the timer function would.
[Collection(OwnAppCollection.Name)]
public sealed class DailyDigestTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    [Fact]
    public async Task The_officer_gets_one_digest_on_the_next_working_morning_naming_the_case_but_not_the_victim()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var victim = Reports.NewEmail();
        var receipt = await app.Report(Reports.Hate(victim, Reports.NewAddress()));
        await app.Command(receipt.CaseId, "assignment", new { officerId = TestApp.OfficerId });
        var calendar = CasePolicy.For(ProfileLoader.BuiltIn(TestApp.Profile)).Calendar;
        // The next opening: this morning when the test runs before opening on a working day.
        // Moving the clock there may pass through office hours today, which send today's list too.
        var morning = calendar.LocalDate(calendar.NextOpening(app.ClockNow));
        var fiveMinutesAfterOpening = calendar.OpeningOn(morning).AddMinutes(5);
        var morningName = morning.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        bool IsMorningDigest(Support.Mail m) => IsDigest(m) && m.Subject.Contains(morningName, StringComparison.Ordinal);

        await app.AdvanceClock(fiveMinutesAfterOpening - app.ClockNow);
        var digest = await app.WaitForMail("the officer's daily digest", m => m.IsTo(app.OfficerAddress) && IsMorningDigest(m));

        // A hate report's first response is one working day: by the next working morning it is due or missed.
        Assert.Contains(receipt.Reference, digest.Text, StringComparison.Ordinal);
        Assert.Contains("first response", digest.Text, StringComparison.Ordinal);
        Assert.Contains($"/cases/{receipt.CaseId}", digest.Html, StringComparison.Ordinal);
        foreach (var part in new[] { digest.Subject, digest.Text, digest.Html })
        {
            Assert.DoesNotContain("Amira", part, StringComparison.Ordinal);
            Assert.DoesNotContain("racist abuse", part, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(victim, part, StringComparison.OrdinalIgnoreCase);
        }

        // Later passes that morning send nothing more.
        await app.AdvanceClock(TimeSpan.FromMinutes(30));
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Single(await app.MailTo(app.OfficerAddress), IsMorningDigest);
    }

    private static bool IsDigest(Support.Mail mail) => mail.Subject.StartsWith("Your cases today", StringComparison.Ordinal);
}
