using System.Net;
using HateCase.App.Tests.Support;
using HateCase.Domain.Profiles;
using HateCase.Testing;
using HateCase.Workflow;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// Retention through the app with the development clock: six years after closure the daily run
// removes a case's personal data, a case a team leader holds is kept until released, and the
// measures of the year the cases were in do not change.
[Collection(OwnAppCollection.Name)]
public sealed class RetentionTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    private static readonly string[] WhatTheReportSaid = ["Amira Khan", "racist abuse", "Stairwell, block B"];

    private static async Task<Receipt> ClosedHateCase(TestApp app, string victim)
    {
        var receipt = await app.Report(Reports.Hate(victim, Reports.NewAddress()));
        await app.WaitForMail("with the Victims Code", m => m.IsTo(victim));
        await Close(app, receipt.CaseId);
        return receipt;
    }

    private static async Task Close(TestApp app, string caseId)
    {
        await app.Command(caseId, "assignment", new { officerId = TestApp.OfficerId });
        await app.Command(caseId, "contacts", new { method = "phone" });
        await app.Command(caseId, "risk-assessments", Reports.RiskAnswers);
        await app.Command(caseId, "conversion");
        await app.Command(caseId, "closure-request", new { reason = "behaviour-stopped" });
        Assert.Contains("case-closed.v1", await app.Command(caseId, "closure-request/approval", user: "leader-1", role: "team-leader"));
    }

    private static async Task<string> Measures(TestApp app, DateOnly from, DateOnly to)
    {
        using var response = await app.Send(HttpMethod.Get, $"/api/measures?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", user: "leader-1", role: "team-leader");
        await Expect.Status(HttpStatusCode.OK, response);
        // Every figure, without the time the report was made.
        var figures = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(figures.Remove("asOf"));
        return figures.ToJsonString();
    }

    private static bool ShowsPersonalData(System.Text.Json.JsonElement details, string victim)
    {
        var text = details.GetRawText();
        return text.Contains(victim, StringComparison.OrdinalIgnoreCase) || WhatTheReportSaid.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    // The case shows no personal data from the run's first step; the copies of its mail go a moment later.
    private static async Task NoMailLeftTo(TestApp app, string address)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await app.MailTo(address)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The development mailbox still holds mail to the anonymised complainant.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Six_years_after_closure_the_daily_run_anonymises_a_case_keeps_a_held_one_until_released_and_the_measures_stay()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var calendar = CasePolicy.For(ProfileLoader.BuiltIn(TestApp.Profile)).Calendar;
        var kept = Reports.NewEmail("kept");
        var held = Reports.NewEmail("held");
        var toAnonymise = await ClosedHateCase(app, kept);
        var toHold = await ClosedHateCase(app, held);
        // A case made from an email to the ASB@ mailbox, which keeps its own copy of the email.
        var emailed = await app.SendToAsbMailbox(new { from = Reports.NewEmail("emailed"), subject = "Abuse", text = "They shouted racist abuse at me in the Stairwell, block B." });
        var emailedCase = await app.CaseOfAsbMail(emailed);
        await Close(app, emailedCase);
        var today = calendar.LocalDate(app.ClockNow);
        var (from, to) = (today.AddDays(-7), today.AddDays(7));

        // A team leader holds one (an officer may not).
        using (var byOfficer = await app.Send(HttpMethod.Post, $"/api/cases/{toHold.CaseId}/legal-hold", new { reason = "legal-action", details = "Possession claim." }))
        {
            await Expect.Problem(HttpStatusCode.Forbidden, byOfficer);
        }
        Assert.Contains("legal-hold-placed.v1", await app.Command(toHold.CaseId, "legal-hold",
            new { reason = "legal-action", details = "Possession claim in the county court." }, user: "leader-1", role: "team-leader"));
        // The year's figures once the cases have settled (the survey windows closed).
        await app.AdvanceClock(TimeSpan.FromDays(60));
        var measuresBefore = await Measures(app, from, to);

        // Six years and a couple of days pass (the clock moves at most 400 days at a time).
        var target = app.ClockNow.AddYears(6).AddDays(2);
        while (app.ClockNow < target)
        {
            var step = target - app.ClockNow;
            await app.AdvanceClock(step > TimeSpan.FromDays(400) ? TimeSpan.FromDays(400) : step + TimeSpan.FromMinutes(1));
        }

        var anonymised = await app.CaseWhen(toAnonymise.CaseId, details => !ShowsPersonalData(details, kept), "no personal data");
        Assert.Equal("closed", anonymised.Stage());
        Assert.Equal(toAnonymise.Reference, anonymised.GetProperty("summary").GetProperty("reference").GetString());
        Assert.Contains("case-closed.v1", anonymised.Chronology().Select(e => e.Type));
        await NoMailLeftTo(app, kept);
        await app.AsbMailboxForgets(emailed, "the email an anonymised case was made from");
        // The first run looked once for copies of emails processed before copies were noted.
        Assert.Single(app.Host.Log.All().Split('\n'), line => line.Contains("copies of emails processed earlier are now noted", StringComparison.Ordinal));
        Assert.True(ShowsPersonalData(await app.Case(toHold.CaseId), held), "The held case keeps its personal data.");
        Assert.NotEmpty(await app.MailTo(held));
        Assert.Equal(measuresBefore, await Measures(app, from, to));
        // A subject access search for the complainant no longer finds the anonymised case; the held
        // one is still found for its complainant.
        using (var admin = await StaffSession.SignIn(app, "dpo-1", "admin"))
        {
            Assert.DoesNotContain(toAnonymise.Reference, await SubjectAccessPage(admin, kept), StringComparison.Ordinal);
            Assert.Contains(toHold.Reference, await SubjectAccessPage(admin, held), StringComparison.Ordinal);
        }

        // Nothing more is recorded on the anonymised case.
        using (var reopen = await app.Send(HttpMethod.Post, $"/api/cases/{toAnonymise.CaseId}/reopening", new { reason = "New incident." }))
        {
            Assert.Equal(HttpStatusCode.Conflict, reopen.StatusCode);
        }

        // Released, the held case goes at the next run.
        Assert.Contains("legal-hold-released.v1", await app.Command(toHold.CaseId, "legal-hold/release",
            new { details = "The claim was settled." }, user: "leader-1", role: "team-leader"));
        await app.CaseWhen(toHold.CaseId, details => !ShowsPersonalData(details, held), "no personal data once released");
        await NoMailLeftTo(app, held);
        Assert.Equal(measuresBefore, await Measures(app, from, to));
    }

    private static async Task<string> SubjectAccessPage(StaffSession admin, string email)
    {
        using var response = await admin.Submit("/subject-access", [new("Form.Email", email)]);
        await Expect.Status(HttpStatusCode.OK, response);
        return (await StaffSession.Read(response)).Body!.TextContent;
    }
}
