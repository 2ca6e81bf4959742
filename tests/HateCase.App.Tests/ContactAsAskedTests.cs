using System.Text.Json;
using HateCase.App.Tests.Support;
using HateCase.Domain.Profiles;
using HateCase.Testing;
using HateCase.Workflow;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// MK 11.2, PP 6.3: contact as the complainant asked for it. Someone who asked to be phoned is
// phoned with their news, not emailed; emails to someone who said when it is safe wait for then.
// The clock is moved on, so these tests run an app of their own.
[Collection(OwnAppCollection.Name)]
public sealed class ContactAsAskedTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    [Fact]
    public async Task An_update_for_someone_who_asked_to_be_phoned_is_the_officers_task_and_the_call_completes_it()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var victim = Reports.NewEmail();
        var receipt = await app.Report(Reports.Hate(victim, Reports.NewAddress())
            .With("phone", "07700 900982").With("preferredContact", "phone"));
        // The Victims Code is a document: it is written to them whatever their preference.
        await app.WaitForMail("with the Victims Code", m => m.IsTo(victim));
        await app.Command(receipt.CaseId, "assignment", new { officerId = TestApp.OfficerId });

        Assert.Contains("complainant-to-be-told.v1", await app.Command(receipt.CaseId, "updates",
            new { text = "We have spoken to your neighbour and given a warning." }));

        var task = await app.WaitForMail("asking the officer to phone the complainant",
            m => m.IsTo(app.OfficerAddress) && m.Subject.StartsWith($"Case {receipt.Reference}: phone the complainant by", StringComparison.Ordinal));
        Assert.Contains("We have spoken to your neighbour and given a warning.", task.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("07700 900982", task.Text, StringComparison.Ordinal);
        var tellBy = (await app.Case(receipt.CaseId)).Deadline("tell-complainant").DueAt;
        Assert.True(tellBy > app.ClockNow && tellBy <= app.ClockNow.AddDays(4), $"The call is due {tellBy:O}: within the next working day.");

        Assert.Contains("deadline-met.v1", await app.Command(receipt.CaseId, "contacts", new { method = "phone" }));
        var met = (await app.Case(receipt.CaseId)).Chronology().Where(e => e.Type == "deadline-met.v1").Select(e => e.Event.GetProperty("kind").GetString());
        Assert.Contains("tell-complainant", met);
        Assert.DoesNotContain(await app.MailTo(victim), m => m.Subject.EndsWith("an update from us", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_letter_to_someone_without_email_is_the_post_rooms_task_until_recorded_posted()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var receipt = await app.Report(Reports.Hate("", Reports.NewAddress()).Without("email")
            .With("postalAddress", "Flat 4, 12 Station Road, Exampletown EX1 2BC").With("preferredContact", "letter"));

        var letter = await app.WaitForMail("asking the post room to post the Victims Code",
            m => m.IsTo(app.PostRoomAddress) && m.Subject == $"Letter to print and post for case {receipt.Reference}");
        Assert.Contains("Record a letter posted", letter.Text, StringComparison.Ordinal);
        var task = (await app.Case(receipt.CaseId)).Event("letter-to-post.v1");
        Assert.Equal("acknowledgement", task.GetProperty("message").GetString());

        Assert.Contains("letter-posted.v1", await app.Command(receipt.CaseId, $"letters/{task.GetProperty("taskId").GetString()}/posted"));
        var met = (await app.Case(receipt.CaseId)).Chronology().Last(e => e.Type == "deadline-met.v1").Event;
        Assert.Equal("letter-posted", met.GetProperty("kind").GetString());
        Assert.True(met.GetProperty("onTime").GetBoolean());
    }

    [Fact]
    public async Task The_victims_code_waits_for_the_evening_for_someone_who_said_email_is_only_safe_then()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var calendar = CasePolicy.For(ProfileLoader.BuiltIn(TestApp.Profile)).Calendar;
        var victim = Reports.NewEmail();
        var receipt = await app.Report(Reports.Nuisance(victim, Reports.NewAddress())
            .With("safeToEmailFrom", "18:00").With("safeToEmailTo", "21:00"));
        var evening = calendar.NextTimeWithin(app.ClockNow, new TimeOnly(18, 0), new TimeOnly(21, 0));
        Assert.True(evening > app.ClockNow.AddHours(1), "The test app's day starts in the morning.");

        // Recorded, and the email held: nothing to them before six.
        await app.Case(receipt.CaseId);
        await app.MoveClockTo(evening.AddMinutes(-5));
        Assert.Empty(await app.MailTo(victim));

        await app.MoveClockTo(evening.AddMinutes(1));
        var code = await app.WaitForMail("with the Victims Code in the evening", m => m.IsTo(victim));
        Assert.True(code.Date >= evening, $"Sent at {code.Date:O}, before {evening:O}.");
    }

    // RBC 9: "Correspondence to be translated into different languages or easy read copies if required".
    [Fact]
    public async Task Someone_who_asked_for_easy_read_in_Polish_gets_that_copy_of_the_victims_code_as_the_teams_task()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var victim = Reports.NewEmail();
        var receipt = await app.Report(Reports.Hate(victim, Reports.NewAddress())
            .With("language", "Polish").With("accessibilityNeeds", new[] { "Easy read" }));
        await app.WaitForMail("with the standard Victims Code", m => m.IsTo(victim));

        var task = await app.WaitForMail("asking the team for the adapted copy",
            m => m.IsTo(app.CaseOfficersAddress) && m.Subject.StartsWith($"Case {receipt.Reference}: adapted copy for the complainant (easy read; a translation into Polish) by", StringComparison.Ordinal));
        Assert.Contains("Victims Code", task.Text, StringComparison.Ordinal);

        var taskId = (await app.Case(receipt.CaseId)).Event("adapted-copy-needed.v1").GetProperty("taskId").GetString()!;
        Assert.Contains("deadline-met.v1", await app.Command(receipt.CaseId, $"adapted-copies/{taskId}/sent"));
        var met = (await app.Case(receipt.CaseId)).Chronology().Last(e => e.Type == "deadline-met.v1").Event;
        Assert.Equal("adapted-copy", met.GetProperty("kind").GetString());
        Assert.True(met.GetProperty("onTime").GetBoolean());
    }

    [Fact]
    public async Task A_second_complainant_who_asked_to_be_phoned_is_phoned_with_the_cases_news_and_only_their_call_completes_it()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var household = Reports.NewAddress();
        var first = Reports.NewEmail();
        var second = Reports.NewEmail();
        var receipt = await app.Report(Reports.Hate(first, household));
        Assert.Equal(receipt.CaseId, (await app.Report(Reports.Hate(second, household).With("name", "Bo Neighbour")
            .With("phone", "07700 900983").With("preferredContact", "phone"))).CaseId);
        var reportId = (await app.CaseWhen(receipt.CaseId, c => c.Chronology().Any(e => e.Type == "related-report-received.v1"), "with the second report"))
            .Event("related-report-received.v1").GetProperty("reportId").GetString()!;
        await app.Command(receipt.CaseId, "assignment", new { officerId = TestApp.OfficerId });
        await app.Command(receipt.CaseId, $"related-reports/{reportId}/acceptance");
        await app.Command(receipt.CaseId, "risk-assessments", Reports.RiskAnswers);

        Assert.Contains("complainant-to-be-told.v1", await app.Command(receipt.CaseId, "conversion"));

        // The first complainant is written to; the officer is asked to phone the second, who is not named.
        await app.WaitForMail("telling the first complainant the investigation has started",
            m => m.IsTo(first) && m.Text.Contains("investigat", StringComparison.OrdinalIgnoreCase));
        var task = await app.WaitForMail("asking the officer to phone the second complainant",
            m => m.IsTo(app.OfficerAddress) && m.Subject.StartsWith($"Case {receipt.Reference}: phone another complainant by", StringComparison.Ordinal));
        Assert.DoesNotContain("07700 900983", task.Text, StringComparison.Ordinal);
        var told = (await app.Case(receipt.CaseId)).Event("complainant-to-be-told.v1");
        Assert.Equal(reportId, told.GetProperty("for").GetString());
        using (var officer = await StaffSession.SignIn(app, TestApp.OfficerId, "officer"))
        {
            var casePage = await officer.Page($"/cases/{receipt.CaseId}");
            Assert.Contains(casePage.QuerySelectorAll("#deadline-table tbody th"), th => th.TextContent.Contains("For Bo Neighbour", StringComparison.Ordinal));
            Assert.Contains("Task: tell Bo Neighbour (phone)", casePage.QuerySelector("#chronology-table")!.TextContent, StringComparison.Ordinal);
        }

        static int CallsMade(JsonElement details) => details.Chronology().Count(e => e.Type == "deadline-met.v1" && e.Kind == "tell-complainant");
        await app.Command(receipt.CaseId, "contacts", new { method = "phone" });
        Assert.Equal(0, CallsMade(await app.Case(receipt.CaseId)));
        await app.Command(receipt.CaseId, "contacts", new { method = "phone", with = reportId });
        Assert.Equal(1, CallsMade(await app.Case(receipt.CaseId)));
        Assert.DoesNotContain(await app.MailTo(second), m => m.Text.Contains("investigat", StringComparison.OrdinalIgnoreCase));
    }
}
