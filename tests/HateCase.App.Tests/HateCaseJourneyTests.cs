using System.Net;
using HateCase.App.Tests.Support;
using HateCase.Domain.Profiles;
using HateCase.Workflow;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// A hate case from report to satisfaction survey, over HTTP, with the app's development clock
// moved on to watch the service standards being kept and missed. The clock belongs to the app
// process, so this test runs an app of its own.
[Collection(OwnAppCollection.Name)]
public sealed class HateCaseJourneyTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    private static readonly TimeSpan JustAfter = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_hate_case_runs_from_report_to_survey_with_its_standards_recorded()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var victim = Reports.NewEmail();

        // Reported: the Victims Code goes to the victim at once, with the case reference.
        var receipt = await app.Report(Reports.Hate(victim, Reports.NewAddress()));
        var acknowledgement = await app.WaitForMail("with the Victims Code", m => m.IsTo(victim));
        Assert.Contains(receipt.Reference, acknowledgement.Subject, StringComparison.Ordinal);
        VictimsCode.AssertCarriesAllSixRights(acknowledgement.Text);

        await app.Command(receipt.CaseId, "assignment", new { officerId = TestApp.OfficerId });
        await app.WaitForMail("telling the officer the case is theirs", m => m.IsTo(app.OfficerAddress) && m.Subject.Contains(receipt.Reference, StringComparison.Ordinal));

        // A hate report is high risk: first response within one working day, the officer reminded before it falls due.
        var reported = await app.Case(receipt.CaseId);
        var firstResponse = reported.Deadline("first-response");
        Assert.NotNull(firstResponse.RemindAt);
        var policy = CasePolicy.For(ProfileLoader.BuiltIn(TestApp.Profile));
        Assert.Equal(policy.Calendar.AddWorkingDays(firstResponse.SetAt, policy.Profile.FirstResponse.HighWorkingDays), firstResponse.DueAt);
        Assert.Equal(1, policy.Profile.FirstResponse.HighWorkingDays);

        await app.MoveClockTo(firstResponse.RemindAt!.Value + JustAfter);
        var reminder = await app.WaitForMail("reminding the officer of the first response",
            m => m.IsTo(app.OfficerAddress) && m.Subject.Contains(receipt.Reference, StringComparison.Ordinal) && m.Subject.Contains("first response due", StringComparison.Ordinal));
        Assert.Contains("coming up", reminder.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(await app.MailTo(app.TeamLeaderAddress), m => m.Subject.Contains(receipt.Reference, StringComparison.Ordinal));

        // Missed: the team leader hears of it.
        await app.MoveClockTo(firstResponse.DueAt + JustAfter);
        var escalation = await app.WaitForMail("escalating the missed first response to the team leader",
            m => m.IsTo(app.TeamLeaderAddress) && m.Subject.Contains(receipt.Reference, StringComparison.Ordinal) && m.Subject.Contains("first response deadline missed", StringComparison.Ordinal));
        Assert.Contains("has not been done", escalation.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("racist abuse", escalation.Text, StringComparison.OrdinalIgnoreCase);

        // The officer makes contact late, assesses the risk, and the enquiry becomes a case.
        Assert.Contains("contact-made.v1", await app.Command(receipt.CaseId, "contacts", new { method = "phone" }));
        Assert.Contains("risk-assessed.v1", await app.Command(receipt.CaseId, "risk-assessments", Reports.RiskAnswers));
        Assert.Contains("enquiry-converted.v1", await app.Command(receipt.CaseId, "conversion"));

        // Closure: requested by the officer, approved only by a team leader.
        Assert.Contains("closure-requested.v1", await app.Command(receipt.CaseId, "closure-request", new { reason = "behaviour-stopped" }));
        using (var byOfficer = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/closure-request/approval"))
        {
            await Expect.Problem(HttpStatusCode.Forbidden, byOfficer);
        }
        Assert.Equal("awaiting-closure-approval", (await app.Case(receipt.CaseId)).Stage());
        Assert.Contains("case-closed.v1", await app.Command(receipt.CaseId, "closure-request/approval", user: "leader-1", role: "team-leader"));

        // Closed: the victim is told, and invited to say how we did.
        await app.WaitForMail("telling the victim the case is closed", m => m.IsTo(victim) && m.Subject.Contains("closed your case", StringComparison.Ordinal));
        var survey = await app.WaitForMail("inviting the victim to the satisfaction survey", m => m.IsTo(victim) && m.Subject.Contains("how we did", StringComparison.Ordinal));
        Assert.Contains(receipt.Reference, survey.Subject, StringComparison.Ordinal);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(app.BaseAddress.GetLeftPart(UriPartial.Authority))}/survey/[A-Za-z0-9_.~-]+", survey.Text);
        Assert.Contains("/survey/", survey.Html, StringComparison.Ordinal);

        // The record: the chronology and the standards, met and missed, with their times.
        var closed = await app.Case(receipt.CaseId);
        Assert.Equal("closed", closed.Stage());
        var chronology = closed.Chronology();
        Assert.Equal(chronology.Select(e => e.Sequence).Order(), chronology.Select(e => e.Sequence));
        AssertInOrder(chronology.Select(e => e.Type).ToList(),
            "report-received.v1", "victims-code-sent.v1", "officer-assigned.v1", "reminder-sent.v1", "deadline-missed.v1",
            "contact-made.v1", "risk-assessed.v1", "enquiry-converted.v1", "closure-requested.v1", "case-closed.v1", "survey-invitation-sent.v1");

        var reminded = Assert.Single(chronology, e => e.Type == "reminder-sent.v1" && e.Kind == "first-response");
        var missed = Assert.Single(chronology, e => e.Type == "deadline-missed.v1" && e.Kind == "first-response");
        var metLate = Assert.Single(chronology, e => e.Type == "deadline-met.v1" && e.Kind == "first-response");
        Assert.True(reminded.At < firstResponse.DueAt, "The reminder went before the deadline.");
        Assert.True(missed.At >= firstResponse.DueAt, "The deadline was recorded as missed once it had passed.");
        Assert.Equal("team-leader", missed.Event.GetProperty("escalatedTo").GetString());
        Assert.True(metLate.At > metLate.DueAt, "The late contact is recorded against the deadline it missed.");
        Assert.Single(chronology, e => e.Type == "deadline-missed.v1" && e.Kind == "risk-assessment");
        var enquiryDecided = Assert.Single(chronology, e => e.Type == "deadline-met.v1" && e.Kind == "enquiry-decision");
        Assert.True(enquiryDecided.At <= enquiryDecided.DueAt, "The enquiry was decided within its time.");
        Assert.Equal(TestApp.OfficerId, Assert.Single(chronology, e => e.Type == "closure-requested.v1").Event.GetProperty("requestedBy").GetString());
        Assert.Equal("leader-1", Assert.Single(chronology, e => e.Type == "case-closed.v1").Actor);

        var messages = closed.Messages();
        Assert.Contains(("acknowledgement", "sent"), messages);
        Assert.Contains(("deadline-reminder", "sent"), messages);
        Assert.Contains(("deadline-escalation", "sent"), messages);
        Assert.Contains(("survey-invitation", "sent"), messages);
        // With the case closed, the only timer left is the survey's.
        Assert.All(closed.GetProperty("armedTimers").EnumerateArray(), t => Assert.StartsWith("survey", t.GetProperty("kind").GetString(), StringComparison.Ordinal));

        // Never answered, the link runs out when the survey window closes: a kind page, not an error.
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(survey.Text, @"https?://\S+/survey/[A-Za-z0-9_.~-]+").Value);
        using (var open = await app.Send(HttpMethod.Get, link.PathAndQuery, user: null, role: null))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }
        await app.AdvanceClock(TimeSpan.FromDays(ProfileLoader.BuiltIn(TestApp.Profile).Survey!.WindowDays) + TimeSpan.FromHours(1));
        using var expired = await app.Send(HttpMethod.Get, link.PathAndQuery, user: null, role: null);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("This survey has closed", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static void AssertInOrder(IReadOnlyList<string> actual, params string[] expected)
    {
        var position = 0;
        foreach (var type in expected)
        {
            var found = -1;
            for (var i = position; i < actual.Count; i++)
            {
                if (actual[i] == type)
                {
                    found = i;
                    break;
                }
            }
            Assert.True(found >= 0, $"'{type}' does not follow in the chronology: {string.Join(", ", actual)}");
            position = found + 1;
        }
    }
}
