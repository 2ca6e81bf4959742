using System.Net;
using System.Text;
using System.Text.Json;
using HateCase.App.Tests.Support;
using HateCase.Domain.Profiles;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// How a report comes in over HTTP: at once on record, acknowledged with the Victims Code, and never
// recorded twice.
[Collection(RunningAppCollection.Name)]
public sealed class IntakeTests(RunningAppFixture fixture, ITestOutputHelper output) : AppTestBase(output)
{
    private TestApp App => Watch(fixture.App);

    [Fact]
    public async Task Hate_report_gets_the_Victims_Code_by_email_at_once()
    {
        var app = App;
        var email = Reports.NewEmail();

        var receipt = await app.Report(Reports.Hate(email));

        Assert.Matches(@"^HC-\d{4}-\d{6}$", receipt.Reference);
        Assert.False(receipt.AddedToOpenCase);
        var acknowledgement = await app.WaitForMail("acknowledging the report", m => m.IsTo(email));
        Assert.Contains(receipt.Reference, acknowledgement.Subject, StringComparison.Ordinal);
        VictimsCode.AssertCarriesAllSixRights(acknowledgement.Text);
        VictimsCode.AssertCarriesAllSixRights(WebUtility.HtmlDecode(acknowledgement.Html));
        // The complainant's own account never travels in staff mail, and staff mail says what to do.
        var toAssign = await app.WaitForMail("asking for an officer", m => m.IsTo(app.CaseOfficersAddress) && m.Subject.Contains(receipt.Reference, StringComparison.Ordinal));
        Assert.Contains("hate", toAssign.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("racist abuse", toAssign.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_form_post_is_a_report_too()
    {
        var app = App;
        var email = Reports.NewEmail();
        var form = new FormUrlEncodedContent(
        [
            new("email", email),
            new("description", "Someone wrote hateful graffiti about my religion on my front door."),
            new("hatePerceived", "on"),
            new("hateStrands", "religion"),
            new("hateStrands", "race"),
        ]);

        using var response = await app.Http.PostAsync("/api/reports", form);

        await Expect.Status(HttpStatusCode.Accepted, response);
        var receipt = JsonSerializer.Deserialize<Receipt>(await response.Content.ReadAsStringAsync(), TestApp.Web)!;
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;
        var recorded = (await app.Case(receipt.CaseId)).Event("report-received.v1");
        Assert.Equal(["religion", "race"], recorded.GetProperty("report").GetProperty("hateStrands").EnumerateArray().Select(s => s.GetString()));
        await app.WaitForMail("acknowledging the form post", m => m.IsTo(email) && m.Subject.Contains(receipt.Reference, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_Idempotency_Key_returns_the_same_reference_and_opens_one_case()
    {
        var app = App;
        var email = Reports.NewEmail();
        var key = Guid.NewGuid().ToString("N");
        var report = Reports.Nuisance(email);

        var first = await app.Report(report, key);
        var retried = await app.Report(report, key);
        var third = await app.Report(report, key);

        Assert.Equal(first, retried);
        Assert.Equal(first, third);
        fixture.AcceptedReports[first.CaseId] = first.Reference;
        var chronology = (await app.Case(first.CaseId)).Chronology();
        Assert.Single(chronology, e => e.Type == "report-received.v1");
        Assert.DoesNotContain(chronology, e => e.Type == "related-report-received.v1");
        await app.WaitForMail("acknowledging the report", m => m.IsTo(email));
        // Give the outbox a pass or two: a retry must not send the acknowledgement again either.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(await app.MailTo(email));
    }

    [Fact]
    public async Task A_retried_submission_about_a_named_address_returns_the_first_result()
    {
        var app = App;
        var key = Guid.NewGuid().ToString("N");
        var report = Reports.Hate(Reports.NewEmail(), aboutAddress: Reports.NewAddress());

        var first = await app.Report(report, key);
        var retried = await app.Report(report, key);

        fixture.AcceptedReports[first.CaseId] = first.Reference;
        // The retry is the same submission: the same receipt, not "added to an open case".
        Assert.Equal(first, retried);
        var chronology = (await app.Case(first.CaseId)).Chronology();
        Assert.Single(chronology, e => e.Type == "report-received.v1");
        Assert.DoesNotContain(chronology, e => e.Type == "related-report-received.v1");
    }

    [Fact]
    public async Task A_second_report_about_the_same_address_while_the_case_is_open_is_added_to_it()
    {
        var app = App;
        var address = Reports.NewAddress();
        var firstReporter = Reports.NewEmail("first");
        var secondReporter = Reports.NewEmail("second");

        var first = await app.Report(Reports.Nuisance(firstReporter, address));
        // The same address written differently is the same household.
        var second = await app.Report(Reports.Hate(secondReporter, address.ToUpperInvariant().Replace(",", " ,", StringComparison.Ordinal)));

        Assert.False(first.AddedToOpenCase);
        Assert.True(second.AddedToOpenCase);
        Assert.Equal(first.CaseId, second.CaseId);
        Assert.Equal(first.Reference, second.Reference);
        fixture.AcceptedReports[first.CaseId] = first.Reference;
        // Sent straight after the first, the second is answered once it is durably on its way to
        // the case (the case may not be recorded yet); the case shows it a moment later.
        var chronology = (await app.CaseWhen(first.CaseId, c => c.Chronology().Any(e => e.Type == "related-report-received.v1"), "the related report")).Chronology();
        Assert.Single(chronology, e => e.Type == "report-received.v1");
        Assert.Single(chronology, e => e.Type == "related-report-received.v1");
        // The second reporter is a complainant too, owed the Victims Code at once.
        var acknowledgement = await app.WaitForMail("acknowledging the second report", m => m.IsTo(secondReporter));
        Assert.Contains(first.Reference, acknowledgement.Subject, StringComparison.Ordinal);
        VictimsCode.AssertCarriesAllSixRights(acknowledgement.Text);
        // The officer is offered the new report as part of the open case.
        await app.WaitForMail("offering the related report", m => m.IsTo(app.CaseOfficersAddress) && m.Subject.Contains(first.Reference, StringComparison.Ordinal)
            && m.Subject.Contains("linked", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_report_about_another_address_opens_a_case_of_its_own()
    {
        var app = App;

        var first = await app.Report(Reports.Nuisance(Reports.NewEmail(), Reports.NewAddress()));
        var second = await app.Report(Reports.Nuisance(Reports.NewEmail(), Reports.NewAddress()));

        Assert.NotEqual(first.CaseId, second.CaseId);
        Assert.NotEqual(first.Reference, second.Reference);
        Assert.False(second.AddedToOpenCase);
    }
}

internal static class VictimsCode
{
    public static VictimsCodeText OfTheProfile => ProfileLoader.BuiltIn(TestApp.Profile).VictimsCode;

    public static void AssertCarriesAllSixRights(string body)
    {
        var code = OfTheProfile;
        Assert.Equal(6, code.Rights.Count);
        var text = Flatten(body);
        Assert.Contains(Flatten(code.Title), text, StringComparison.Ordinal);
        foreach (var right in code.Rights)
        {
            Assert.Contains(Flatten(right), text, StringComparison.Ordinal);
        }
    }

    // Line wrapping and markup are presentation; the wording is what counts.
    private static string Flatten(string text)
    {
        var withoutTags = System.Text.RegularExpressions.Regex.Replace(text, "<[^>]+>", " ");
        var builder = new StringBuilder();
        foreach (var word in withoutTags.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(word).Append(' ');
        }
        return builder.ToString();
    }
}
