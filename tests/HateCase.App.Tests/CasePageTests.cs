using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using HateCase.App.Tests.Support;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// The case page at /cases/{caseId}, where officers and team leaders read a case and act on it
// with forms: each form records its command through the case, and a command the case refuses
// comes back with the case's reason and what the officer typed.
[Collection(RunningAppCollection.Name)]
public sealed class CasePageTests(RunningAppFixture fixture, ITestOutputHelper output) : AppTestBase(output)
{
    private const string Officer = "alex.smith";
    private const string TeamLeader = "jo.leader";

    private TestApp App => Watch(fixture.App);

    [Fact]
    public async Task The_case_page_shows_who_reported_how_to_reach_them_safely_the_risk_and_every_deadline()
    {
        var app = App;
        var report = Reports.Hate(Reports.NewEmail())
            .With("phone", "07700 900123")
            .With("preferredContact", "phone")
            .With("safeTimesToContact", "Weekdays after 6pm, not at work")
            .With("language", "Somali")
            .With("interpreterNeeded", true)
            .With("accessibilityNeeds", new[] { "Large print" });
        var caseId = await ReportedCase(app, report);
        await app.CaseWhen(caseId, d => d.Messages().Contains(("acknowledgement", "sent")), "its acknowledgement sent");
        using var session = await StaffSession.SignIn(app, Officer, "officer");

        var page = await session.Page($"/cases/{caseId}");

        Assert.StartsWith("Case HC-", page.QuerySelector("h1")!.TextContent.Trim(), StringComparison.Ordinal);
        var text = page.Body!.TextContent;
        Assert.Contains("Amira Khan", text, StringComparison.Ordinal);
        Assert.Equal("Phone", Row(page, "Preferred way"));
        Assert.Equal("Weekdays after 6pm, not at work", Row(page, "Safe times"));
        Assert.Equal("Somali", Row(page, "Language"));
        Assert.Equal("Needed", Row(page, "Interpreter"));
        Assert.Equal("Large print", Row(page, "Accessibility needs"));
        Assert.Contains("High risk", page.QuerySelector("#risk + p")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.QuerySelectorAll("#risk-reasons li"));
        var firstResponse = DeadlineRow(page, "First response");
        Assert.Contains("Due", firstResponse[^1], StringComparison.Ordinal);
        Assert.Matches(@"^\d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)$", firstResponse[2]);
        Assert.Contains(page.QuerySelectorAll("#chronology-table td"), td => td.TextContent.StartsWith("Report received", StringComparison.Ordinal));
        Assert.Contains(page.QuerySelectorAll("#message-table tr"), tr => tr.Children[0].TextContent.StartsWith("Acknowledgement", StringComparison.Ordinal)
            && tr.Children[1].TextContent.StartsWith("Delivered to the mail service", StringComparison.Ordinal));
        Assert.Null(page.QuerySelector("#case-review-prompt"));
    }

    [Fact]
    public async Task The_case_page_prompts_the_ASB_Case_Review_once_the_complainant_has_reported_three_incidents_about_the_same_party()
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Nuisance(Reports.NewEmail(), Reports.NewAddress()));
        using var session = await StaffSession.SignIn(app, Officer, "officer");
        await app.Command(caseId, "incidents", new { description = "Music again.", isHate = false });
        Assert.Null((await session.Page($"/cases/{caseId}")).QuerySelector("#case-review-prompt"));

        await app.Command(caseId, "incidents", new { description = "Music again, and shouting.", isHate = false });

        var prompt = (await session.Page($"/cases/{caseId}")).QuerySelector("#case-review-prompt");
        Assert.NotNull(prompt);
        Assert.Contains("The ASB Case Review threshold is met", prompt.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_takes_the_case_assesses_the_risk_records_contact_and_logs_an_incident_on_its_forms()
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Hate(Reports.NewEmail()));
        using var session = await StaffSession.SignIn(app, Officer, "officer");

        await Recorded(app, caseId, "take", () => session.Submit($"/cases/{caseId}", [], $"/cases/{caseId}/take"));
        await Recorded(app, caseId, "risk-assessment", () => session.Submit($"/cases/{caseId}/risk-assessment", RiskAnswers));
        await Recorded(app, caseId, "contact", () => session.Submit($"/cases/{caseId}/contact", [new("Form.Method", "Visit")]));
        await Recorded(app, caseId, "incident", () => session.Submit($"/cases/{caseId}/incident",
            [new("Form.Description", "They shouted at my son in the car park."), new("Form.IsHate", "yes")]));

        var page = await session.Page($"/cases/{caseId}?done=incident");
        Assert.Equal("Recorded: Log an incident", page.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim());
        Assert.Equal(Officer, Row(page, "Officer"));
        Assert.Contains("assessed by alex.smith", page.QuerySelector("#risk + p")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("They shouted at my son in the car park.", page.QuerySelector("#incident-list")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Met on time", DeadlineRow(page, "First response")[^1], StringComparison.Ordinal);
        var chronology = (await app.Case(caseId)).Chronology();
        Assert.Contains(chronology, e => e.Type == "officer-assigned.v1" && e.Actor == Officer);
        Assert.Contains(chronology, e => e.Type == "risk-assessed.v1" && e.Actor == Officer);
        Assert.Contains(chronology, e => e.Type == "contact-made.v1" && e.Event.GetProperty("method").GetString() == "visit");
        Assert.Contains(chronology, e => e.Type == "incident-logged.v1" && e.Event.GetProperty("incident").GetProperty("isHate").GetBoolean());
    }

    [Fact]
    public async Task A_case_runs_from_enquiry_to_closure_on_the_forms_and_a_team_leader_approves_the_closure()
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Hate(Reports.NewEmail()));
        using var officer = await StaffSession.SignIn(app, Officer, "officer");
        await Recorded(app, caseId, "risk-assessment", () => officer.Submit($"/cases/{caseId}/risk-assessment", RiskAnswers));
        await Recorded(app, caseId, "action-plan", () => officer.Submit($"/cases/{caseId}/action-plan", [new("Form.Summary", "Weekly calls; CCTV checked.")]));
        await Recorded(app, caseId, "convert", () => officer.Submit($"/cases/{caseId}/convert", []));
        await Recorded(app, caseId, "intervention", () => officer.Submit($"/cases/{caseId}/intervention", [new("Form.Type", "verbal-warning")]));
        await Recorded(app, caseId, "proportionality", () => officer.Submit($"/cases/{caseId}/proportionality", Proportionate("injunction")));
        await Recorded(app, caseId, "legal-action", () => officer.Submit($"/cases/{caseId}/legal-action", [new("Form.Type", "injunction")]));
        var legalActionId = (await app.Case(caseId)).Event("legal-action-started.v1").GetProperty("legalActionId").GetString()!;
        await Recorded(app, caseId, "legal-action-outcome", () => officer.Submit($"/cases/{caseId}/legal-action-outcome",
            [new("Form.LegalActionId", legalActionId), new("Form.Outcome", "Injunction granted for 12 months.")]));
        await Recorded(app, caseId, "review", () => officer.Submit($"/cases/{caseId}/review", [new("Form.Outcome", "Continue")]));
        await Recorded(app, caseId, "closure-request", () => officer.Submit($"/cases/{caseId}/closure-request", [new("Form.Reason", "behaviour-stopped")]));

        var waiting = await officer.Page($"/cases/{caseId}");
        Assert.Equal("Waiting for closure approval", Row(waiting, "Stage"));
        Assert.Null(waiting.QuerySelector($"form[action='/cases/{caseId}/approve-closure']"));

        using var leader = await StaffSession.SignIn(app, TeamLeader, "team-leader");
        await Recorded(app, caseId, "approve-closure", () => leader.Submit($"/cases/{caseId}", [], $"/cases/{caseId}/approve-closure"));

        var closed = await leader.Page($"/cases/{caseId}");
        Assert.Equal("Closed", Row(closed, "Stage"));
        Assert.Contains(closed.QuerySelectorAll("#chronology-table tr"), tr => tr.TextContent.Contains("Case closed", StringComparison.Ordinal) && tr.TextContent.Contains(TeamLeader, StringComparison.Ordinal));
        var types = (await app.Case(caseId)).Chronology().Select(e => e.Type).ToList();
        Assert.Contains("action-plan-agreed.v1", types);
        Assert.Contains("enquiry-converted.v1", types);
        Assert.Contains("intervention-recorded.v1", types);
        Assert.Contains("legal-action-concluded.v1", types);
        Assert.Contains("case-reviewed.v1", types);
        Assert.Contains("closure-requested.v1", types);
        Assert.Contains("case-closed.v1", types);

        await Recorded(app, caseId, "reopen", () => officer.Submit($"/cases/{caseId}/reopen", [new("Form.Reason", "New incidents reported.")]));
        Assert.Equal("investigation", (await app.Case(caseId)).Stage());
    }

    [Fact]
    public async Task An_enquiry_is_worked_on_its_forms_through_failed_attempts_the_letter_an_update_and_closing_it()
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Nuisance(Reports.NewEmail()));
        using var session = await StaffSession.SignIn(app, Officer, "officer");

        await Recorded(app, caseId, "assign", () => session.Submit($"/cases/{caseId}/assign", [new("Form.OfficerId", "sam.jones")]));
        await Recorded(app, caseId, "failed-attempt", () => session.Submit($"/cases/{caseId}/failed-attempt", [new("Form.Method", "Phone")]));
        await Recorded(app, caseId, "letter", () => session.Submit($"/cases/{caseId}/letter", []));
        await Recorded(app, caseId, "update", () => session.Submit($"/cases/{caseId}/update", [new("Form.Text", "We have spoken to the neighbour.")]));
        await Recorded(app, caseId, "close-enquiry", () => session.Submit($"/cases/{caseId}/close-enquiry", [new("Form.Reason", "not-asb")]));

        var details = await app.Case(caseId);
        Assert.Equal("closed", details.Stage());
        var types = details.Chronology().Select(e => e.Type).ToList();
        Assert.Contains("officer-assigned.v1", types);
        Assert.Contains("contact-attempt-failed.v1", types);
        Assert.Contains("letter-sent.v1", types);
        Assert.Contains("contact-made.v1", types);
        Assert.Contains("enquiry-closed.v1", types);
        Assert.Equal("sam.jones", Row(await session.Page($"/cases/{caseId}"), "Officer"));
    }

    [Fact]
    public async Task A_related_report_is_accepted_or_declined_on_the_case_page()
    {
        var app = App;
        var address = Reports.NewAddress();
        var caseId = await ReportedCase(app, Reports.Nuisance(Reports.NewEmail(), address));
        var second = await app.Report(Reports.Nuisance(Reports.NewEmail("neighbour"), address).With("description", "Music again until 4am."));
        var third = await app.Report(Reports.Nuisance(Reports.NewEmail("other"), address).With("description", "A dog barking all day."));
        Assert.Equal(caseId, second.CaseId);
        Assert.Equal(caseId, third.CaseId);
        await app.CaseWhen(caseId, d => d.Chronology().Count(e => e.Type == "related-report-received.v1") == 2, "both related reports");
        using var session = await StaffSession.SignIn(app, Officer, "officer");

        var page = await session.Page($"/cases/{caseId}");
        var acceptForms = page.QuerySelectorAll($"form[action='/cases/{caseId}/accept-report']").ToList();
        Assert.Equal(2, acceptForms.Count);
        Assert.Contains("Music again until 4am.", page.QuerySelector("#related-reports ~ .govuk-summary-card")!.TextContent, StringComparison.Ordinal);
        var firstReportId = acceptForms[0].QuerySelector("input[name='Form.ReportId']")!.GetAttribute("value")!;
        var secondReportId = acceptForms[1].QuerySelector("input[name='Form.ReportId']")!.GetAttribute("value")!;

        await Recorded(app, caseId, "accept-report", () => session.Submit($"/cases/{caseId}", [], $"/cases/{caseId}/accept-report"));
        await Recorded(app, caseId, "decline-report", () => session.Submit($"/cases/{caseId}/decline-report?report={secondReportId}",
            [new("Form.Reason", "About a different flat.")]));

        var chronology = (await app.Case(caseId)).Chronology();
        Assert.Contains(chronology, e => e.Type == "related-report-accepted.v1" && e.Event.GetProperty("reportId").GetString() == firstReportId);
        Assert.Contains(chronology, e => e.Type == "related-report-declined.v1" && e.Event.GetProperty("reportId").GetString() == secondReportId);
        var after = await session.Page($"/cases/{caseId}");
        Assert.Empty(after.QuerySelectorAll($"form[action='/cases/{caseId}/accept-report']"));
        Assert.Contains("Declined: About a different flat.", after.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_the_case_refuses_shows_the_reason_in_the_error_summary_with_the_input_kept()
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Hate(Reports.NewEmail()));
        using var leader = await StaffSession.SignIn(app, TeamLeader, "team-leader");

        using var response = await leader.Submit($"/cases/{caseId}/reject-closure", [new("Form.Reason", "Speak to the victim <first>.")]);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await StaffSession.Read(response);
        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
        Assert.Equal(["No closure is waiting for approval on this case."],
            page.QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim()));
        Assert.Equal("Speak to the victim <first>.", ((IHtmlTextAreaElement)page.QuerySelector("textarea[name='Form.Reason']")!).Value.Trim());
        Assert.Equal("enquiry", (await app.Case(caseId)).Stage());
    }

    // RBC 9, MK 6.1: a referral made on its form, refused without consent or a safeguarding reason,
    // becomes a promise on the case until what came of it is recorded.
    [Fact]
    public async Task A_referral_is_made_on_its_form_and_its_follow_up_is_met_by_the_outcome()
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Hate(Reports.NewEmail()));
        using var officer = await StaffSession.SignIn(app, Officer, "officer");
        var followUp = DateTimeOffset.UtcNow.AddDays(10);
        IReadOnlyList<KeyValuePair<string, string>> Referral(string? reason) =>
        [
            new("Form.To", "AdultSocialCare"), new("Form.Consent", "no"), new("Form.WithoutConsentBecause", reason ?? ""),
            new("Form.FollowUpBy.Day", followUp.Day.ToString(CultureInfo.InvariantCulture)),
            new("Form.FollowUpBy.Month", followUp.Month.ToString(CultureInfo.InvariantCulture)),
            new("Form.FollowUpBy.Year", followUp.Year.ToString(CultureInfo.InvariantCulture)),
        ];

        using var refused = await officer.Submit($"/cases/{caseId}/referral", Referral(null));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(["Without the person's consent, give the safeguarding reason to refer anyway."],
            (await StaffSession.Read(refused)).QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim()));

        await Recorded(app, caseId, "referral", () => officer.Submit($"/cases/{caseId}/referral", Referral("She is at risk of harm and lives alone.")));
        var page = await officer.Page($"/cases/{caseId}");
        Assert.Equal("Due", DeadlineRow(page, "Referral follow-up")[^1]);
        Assert.Contains(page.QuerySelectorAll("#chronology-table tr"), tr => tr.TextContent.Contains("Referral made: adult social care, without consent, for safeguarding", StringComparison.Ordinal));

        var referralId = (await app.Case(caseId)).Event("referral-made.v1").GetProperty("referralId").GetString()!;
        await Recorded(app, caseId, "referral-outcome", () => officer.Submit($"/cases/{caseId}/referral-outcome",
            [new("Form.ReferralId", referralId), new("Form.Outcome", "A social worker visited; a care plan is in place.")]));
        Assert.Contains("Met on time", DeadlineRow(await officer.Page($"/cases/{caseId}"), "Referral follow-up")[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("Record what came of a referral", Links(await officer.Page($"/cases/{caseId}")));
    }

    // MK 11.5, RBC 16: legal action is offered only once an assessment has found it proportionate.
    [Fact]
    public async Task Legal_action_is_offered_only_after_an_equality_and_proportionality_assessment_finds_it_proportionate()
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Hate(Reports.NewEmail()));
        using var officer = await StaffSession.SignIn(app, Officer, "officer");
        var before = Links(await officer.Page($"/cases/{caseId}"));
        Assert.Contains("Assess whether legal action is proportionate", before);
        Assert.DoesNotContain("Start legal action", before);

        using var refused = await officer.Submit($"/cases/{caseId}/proportionality", Proportionate("injunction", lesserOptions: "no"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var page = await StaffSession.Read(refused);
        Assert.Equal(["Legal action can only be found proportionate after considering less severe options."],
            page.QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim()));
        Assert.StartsWith("Two warnings", ((IHtmlTextAreaElement)page.QuerySelector("textarea[name='Form.Reasons']")!).Value.Trim(), StringComparison.Ordinal);

        await Recorded(app, caseId, "proportionality", () => officer.Submit($"/cases/{caseId}/proportionality", Proportionate("injunction")));

        var after = await officer.Page($"/cases/{caseId}");
        Assert.Contains("Start legal action", Links(after));
        Assert.Contains(after.QuerySelectorAll("#chronology-table tr"),
            tr => tr.TextContent.Contains("Equality and proportionality assessed", StringComparison.Ordinal) && tr.TextContent.Contains(" is proportionate", StringComparison.Ordinal));
        var offered = (await officer.Page($"/cases/{caseId}/legal-action")).QuerySelectorAll("input[name='Form.Type']").Cast<IHtmlInputElement>().Select(i => i.Value);
        Assert.Equal(["injunction"], offered);
        var assessed = (await app.Case(caseId)).Event("proportionality-assessed.v1");
        Assert.True(assessed.GetProperty("assessment").GetProperty("lesserOptionsConsidered").GetBoolean());
    }

    [Fact]
    public async Task A_form_sent_without_what_it_needs_names_each_missing_answer()
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Hate(Reports.NewEmail()));
        using var session = await StaffSession.SignIn(app, Officer, "officer");

        using var response = await session.Submit($"/cases/{caseId}/incident", [new("Form.OccurredOn.Day", "31"), new("Form.OccurredOn.Month", "2"), new("Form.OccurredOn.Year", "2026")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await StaffSession.Read(response);
        Assert.Equal(["Enter what happened", "Select yes if it is seen as hate"],
            page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.TextContent.Trim()));
        Assert.Equal("31", ((IHtmlInputElement)page.QuerySelector("input[name='Form.OccurredOn.Day']")!).Value);
        Assert.DoesNotContain((await app.Case(caseId)).Chronology(), e => e.Type == "incident-logged.v1");
    }

    [Fact]
    public async Task A_form_sent_twice_records_its_command_once()
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Hate(Reports.NewEmail()));
        using var session = await StaffSession.SignIn(app, Officer, "officer");
        var form = await session.Page($"/cases/{caseId}/incident");
        var hidden = form.QuerySelectorAll("form:not(.app-sign-out) input[type=hidden]").Cast<IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        List<KeyValuePair<string, string>> fields = [.. hidden, new("Form.Description", "Eggs thrown at the window."), new("Form.IsHate", "no")];

        for (var click = 0; click < 2; click++)
        {
            using var response = await session.Post($"/cases/{caseId}/incident", fields);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains(response.Headers.Location?.OriginalString, new[] { $"/cases/{caseId}?done=incident", $"/cases/{caseId}?queued=incident" });
        }

        var details = await app.CaseWhen(caseId, d => d.Chronology().Any(e => e.Type == "incident-logged.v1"), "the incident");
        Assert.Single(details.Chronology(), e => e.Type == "incident-logged.v1");
    }

    [Fact]
    public async Task Script_in_what_a_person_wrote_comes_back_as_text()
    {
        var app = App;
        const string script = "<script>alert('x')</script> on the stairs";
        var caseId = await ReportedCase(app, Reports.Hate(Reports.NewEmail()).With("description", script).With("safeTimesToContact", "<img src=x onerror=alert(1)>"));
        using var session = await StaffSession.SignIn(app, Officer, "officer");
        await Recorded(app, caseId, "incident", () => session.Submit($"/cases/{caseId}/incident", [new("Form.Description", script), new("Form.IsHate", "no")]));

        using var response = await session.Get($"/cases/{caseId}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        var page = await StaffSession.Read(new HttpResponseMessage { Content = new StringContent(html) });
        Assert.Equal(script, Row(page, "What happened"));
        Assert.Contains(script, page.QuerySelector("#incident-list")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.QuerySelectorAll("script"), s => s.TextContent.Contains("alert", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_case_that_does_not_exist_is_not_found()
    {
        using var session = await StaffSession.SignIn(App, Officer, "officer");

        using var missing = await session.Get("/cases/case-does-not-exist");
        using var invalid = await session.Get("/cases/not%20an%20id/take");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, invalid.StatusCode);
    }

    public static TheoryData<string, string> Routes()
    {
        var data = new TheoryData<string, string> { { "GET", "" } };
        foreach (var action in Actions)
        {
            data.Add("GET", "/" + action);
            data.Add("POST", "/" + action);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_case_page_route_sends_a_person_who_is_not_signed_in_to_sign_in(string method, string route)
    {
        var caseId = "case-" + Guid.NewGuid().ToString("N");
        using var session = StaffSession.SignedOut(App);

        using var response = method == "GET" ? await session.Get($"/cases/{caseId}{route}") : await session.Post($"/cases/{caseId}{route}", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/sign-in?returnUrl={Uri.EscapeDataString($"/cases/{caseId}{route}")}", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("GET", "approve-closure", "officer")]
    [InlineData("POST", "approve-closure", "officer")]
    [InlineData("GET", "reject-closure", "officer")]
    [InlineData("POST", "reject-closure", "officer")]
    [InlineData("GET", "approve-closure", "admin")]
    [InlineData("POST", "approve-closure", "admin")]
    [InlineData("GET", "reject-closure", "admin")]
    [InlineData("POST", "reject-closure", "admin")]
    public async Task Only_a_team_leader_may_approve_or_reject_a_closure_on_the_case_page(string method, string action, string role)
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Hate(Reports.NewEmail()));
        using var session = await StaffSession.SignIn(app, "someone", role);

        using var response = method == "GET"
            ? await session.Get($"/cases/{caseId}/{action}")
            : await session.SubmitTo($"/cases/{caseId}", $"/cases/{caseId}/{action}", [new("Form.Reason", "No.")]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("You cannot use this page", (await StaffSession.Read(response)).QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("enquiry", (await app.Case(caseId)).Stage());
    }

    [Fact]
    public async Task The_case_page_offers_only_what_the_stage_allows()
    {
        var app = App;
        var caseId = await ReportedCase(app, Reports.Hate(Reports.NewEmail()));
        using var officer = await StaffSession.SignIn(app, Officer, "officer");
        using var leader = await StaffSession.SignIn(app, TeamLeader, "team-leader");

        var enquiry = Links(await officer.Page($"/cases/{caseId}"));
        Assert.Contains("Convert the enquiry to a case", enquiry);
        Assert.Contains("Close the enquiry", enquiry);
        Assert.DoesNotContain("Record a case review", enquiry);
        Assert.DoesNotContain("Reopen the case", enquiry);
        Assert.DoesNotContain("Reject the closure request", Links(await leader.Page($"/cases/{caseId}")));
    }

    private static readonly string[] Actions =
    [
        "take", "assign", "risk-assessment", "contact", "update", "failed-attempt", "letter", "incident", "action-plan", "intervention",
        "referral", "referral-outcome", "proportionality", "legal-action", "legal-action-outcome", "convert", "close-enquiry", "review", "closure-request", "approve-closure", "reject-closure",
        "reopen", "accept-report", "decline-report",
    ];

    private static IReadOnlyList<KeyValuePair<string, string>> Proportionate(string type, string lesserOptions = "yes") =>
    [
        new("Form.Type", type), new("Form.ProtectedCharacteristics", "yes"), new("Form.Support", "yes"),
        new("Form.LesserOptions", lesserOptions), new("Form.Proportionate", "yes"),
        new("Form.Reasons", "Two warnings and mediation have not stopped the abuse; he has a support worker."),
    ];

    private static IReadOnlyList<KeyValuePair<string, string>> RiskAnswers =>
    [
        new("Form.Harm", "DamageOrThreats"), new("Form.Vulnerability", "Some"), new("Form.Repeat", "Repeated"),
        new("Form.HateMotivationPerceived", "yes"), new("Form.HateStrands", "race"), new("Form.Impact", "Moderate"),
        new("Form.ChildrenInHousehold", "no"), new("Form.RetaliationFeared", "yes"),
    ];

    private async Task<string> ReportedCase(TestApp app, Dictionary<string, object?> report)
    {
        var receipt = await app.Report(report);
        // A case is recorded a moment after its report is accepted; longer on a busy machine.
        for (var attempt = 0; ; attempt++)
        {
            using var response = await app.Send(HttpMethod.Get, $"/api/cases/{receipt.CaseId}");
            if (response.StatusCode == HttpStatusCode.OK || attempt == 60)
            {
                await Expect.Status(HttpStatusCode.OK, response);
                break;
            }
            await Task.Delay(500);
        }
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;
        return receipt.CaseId;
    }

    // The form was taken: the case page comes back saying what was recorded (post-redirect-get),
    // or, on a busy machine, that the case has the command and will record it: then it is waited for.
    private static async Task Recorded(TestApp app, string caseId, string action, Func<Task<HttpResponseMessage>> submit)
    {
        var before = (await app.Case(caseId)).Chronology().Count;
        using var response = await submit();
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var page = await StaffSession.Read(response);
            var errors = string.Join("; ", page.QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim()));
            throw new Xunit.Sdk.XunitException($"{action}: {(int)response.StatusCode} instead of a redirect to the case. {errors}");
        }
        var location = response.Headers.Location?.OriginalString;
        if (location == $"/cases/{caseId}?queued={action}")
        {
            await app.CaseWhen(caseId, d => d.Chronology().Count > before, $"{action} recorded");
            return;
        }
        Assert.Equal($"/cases/{caseId}?done={action}", location);
    }

    private static string Row(IHtmlDocument page, string key) =>
        page.QuerySelectorAll(".govuk-summary-list__row").First(r => r.QuerySelector("dt")!.TextContent.Trim() == key)
            .QuerySelector("dd")!.TextContent.Trim();

    private static string[] DeadlineRow(IHtmlDocument page, string name) =>
        page.QuerySelectorAll("#deadline-table tbody tr").First(r => r.QuerySelector("th")!.TextContent.Trim() == name)
            .Children.Select(c => c.TextContent.Trim()).ToArray();

    private static List<string> Links(IHtmlDocument page) =>
        page.QuerySelectorAll("#action-links a").Select(a => a.TextContent.Trim()).ToList();
}
