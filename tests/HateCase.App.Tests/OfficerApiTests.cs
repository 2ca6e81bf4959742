using System.Net;
using System.Text.Json;
using HateCase.App.Tests.Support;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// The officer API over HTTP: who may do what, what the decider refuses, and the lists.
[Collection(RunningAppCollection.Name)]
public sealed class OfficerApiTests(RunningAppFixture fixture, ITestOutputHelper output) : AppTestBase(output)
{
    private TestApp App => Watch(fixture.App);

    [Fact]
    public async Task Only_a_team_leader_can_approve_a_closure()
    {
        var app = App;
        var caseId = await ACaseAwaitingClosureApproval(app);

        foreach (var role in new[] { "officer", "admin" })
        {
            using var refused = await app.Send(HttpMethod.Post, $"/api/cases/{caseId}/closure-request/approval", user: "someone", role: role);
            await Expect.Problem(HttpStatusCode.Forbidden, refused);
        }
        Assert.Equal("awaiting-closure-approval", (await app.Case(caseId)).Stage());

        Assert.Contains("case-closed.v1", await app.Command(caseId, "closure-request/approval", user: "leader-1", role: "team-leader"));
        Assert.Equal("closed", (await app.Case(caseId)).Stage());
    }

    [Fact]
    public async Task A_team_leader_can_refuse_a_closure_and_the_case_stays_open()
    {
        var app = App;
        var caseId = await ACaseAwaitingClosureApproval(app);

        using (var byOfficer = await app.Send(HttpMethod.Post, $"/api/cases/{caseId}/closure-request/rejection", new { reason = "Speak to the victim first." }))
        {
            await Expect.Problem(HttpStatusCode.Forbidden, byOfficer);
        }
        Assert.Contains("closure-rejected.v1", await app.Command(caseId, "closure-request/rejection", new { reason = "Speak to the victim first." }, "leader-1", "team-leader"));
        Assert.Equal("investigation", (await app.Case(caseId)).Stage());
    }

    [Fact]
    public async Task Hate_the_officer_finds_at_the_risk_assessment_is_recorded_with_its_strands()
    {
        var app = App;
        var receipt = await app.Report(Reports.Nuisance(Reports.NewEmail()));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;

        var events = await app.Command(receipt.CaseId, "risk-assessments",
            new { harm = "distress", vulnerability = "none", repeat = "first", hateMotivationPerceived = true, impact = "little", hateStrands = new[] { "disability" } });

        Assert.Contains("hate-recorded.v1", events);
        var details = await app.Case(receipt.CaseId);
        Assert.True(details.GetProperty("summary").GetProperty("isHate").GetBoolean());
        Assert.Equal("high", details.GetProperty("summary").GetProperty("risk").GetString());
        Assert.Equal(["disability"], details.Event("hate-recorded.v1").GetProperty("strands").EnumerateArray().Select(s => s.GetString()));

        using var tooMany = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/risk-assessments",
            new { harm = "none", hateMotivationPerceived = true, hateStrands = Enumerable.Repeat("race", 21) });
        await Expect.ValidationProblem(tooMany, "hateStrands");
    }

    [Fact]
    public async Task A_command_that_does_not_fit_the_case_is_refused_with_the_reason()
    {
        var app = App;
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;

        // The Ombudsman finds cases run without a risk assessment: it comes before the case.
        using var conversion = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/conversion");
        var problem = await Expect.Problem(HttpStatusCode.Conflict, conversion);
        Assert.Contains("risk", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);

        using var closure = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/closure-request", new { reason = "no-such-reason" });
        await Expect.Problem(HttpStatusCode.Conflict, closure);
        Assert.Equal("enquiry", (await app.Case(receipt.CaseId)).Stage());
    }

    // MK 11.5: the equality and proportionality assessment comes before legal action.
    [Fact]
    public async Task Legal_action_starts_through_the_API_only_after_an_assessment_finds_it_proportionate()
    {
        var app = App;
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;

        using var tooSoon = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/legal-actions", new { type = "injunction" });
        var problem = await Expect.Problem(HttpStatusCode.Conflict, tooSoon);
        Assert.Contains("equality and proportionality assessment", problem.GetProperty("title").GetString(), StringComparison.Ordinal);

        using var undecided = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/proportionality-assessments",
            new { type = "injunction", protectedCharacteristicsConsidered = true, supportConsidered = true, lesserOptionsConsidered = true, reasons = "Warnings failed." });
        await Expect.ValidationProblem(undecided, "proportionate");

        var assessed = await app.Command(receipt.CaseId, "proportionality-assessments", new
        {
            type = "injunction", protectedCharacteristicsConsidered = true, supportConsidered = true, lesserOptionsConsidered = true,
            proportionate = true, reasons = "Two warnings and mediation have not stopped the abuse.",
        });
        Assert.Equal(["proportionality-assessed.v1"], assessed);
        Assert.Equal(["legal-action-started.v1"], await app.Command(receipt.CaseId, "legal-actions", new { type = "injunction" }));
        var legalActionId = (await app.Case(receipt.CaseId)).Event("legal-action-started.v1").GetProperty("legalActionId").GetString()!;
        Assert.Equal(["legal-action-concluded.v1"],
            await app.Command(receipt.CaseId, $"legal-actions/{legalActionId}/conclusion", new { outcome = "Injunction granted for 12 months." }));
    }

    [Fact]
    public async Task A_command_without_what_it_needs_names_the_missing_field()
    {
        var app = App;
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;

        using var assignment = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/assignment", new { });
        await Expect.ValidationProblem(assignment, "officerId");
        using var update = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/updates", new { text = new string('x', 4_001) });
        await Expect.ValidationProblem(update, "text");
    }

    [Fact]
    public async Task A_repeated_command_with_the_same_Idempotency_Key_is_recorded_once()
    {
        var app = App;
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;
        var key = Guid.NewGuid().ToString("N");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/contacts") { Content = TestApp.Json(new { method = "phone" }) };
            request.Headers.Add("X-Dev-User", TestApp.OfficerId);
            request.Headers.Add("Idempotency-Key", key);
            using var response = await app.Http.SendAsync(request);
            await Expect.Status(HttpStatusCode.OK, response);
        }

        Assert.Single((await app.Case(receipt.CaseId)).Chronology(), e => e.Type == "contact-made.v1");
    }

    [Fact]
    public async Task An_officer_sees_their_cases_and_what_falls_due()
    {
        var app = App;
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;
        await app.Command(receipt.CaseId, "assignment", new { officerId = officer });

        Assert.Contains(receipt.CaseId, await CaseIds(app, "/api/cases?mine=true", officer));
        Assert.Contains(receipt.CaseId, await CaseIds(app, "/api/cases", officer));
        Assert.Contains(receipt.CaseId, await CaseIds(app, $"/api/cases?officer={officer}", "leader-1"));
        Assert.DoesNotContain(receipt.CaseId, await CaseIds(app, "/api/cases?mine=true", "officer-with-no-cases"));
        Assert.Contains(receipt.CaseId, await CaseIds(app, "/api/cases?stage=enquiry&pageSize=200", officer, all: true));
        Assert.Contains(receipt.CaseId, await CaseIds(app, $"/api/cases?dueBefore={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(60).ToString("O"))}&pageSize=200", officer, all: true));

        using var both = await app.Send(HttpMethod.Get, $"/api/cases?officer={officer}&stage=enquiry", user: officer);
        await Expect.ValidationProblem(both, "filter");
        using var overdue = await app.Send(HttpMethod.Get, "/api/cases?overdue=true", user: officer);
        await Expect.Status(HttpStatusCode.OK, overdue);
    }

    [Fact]
    public async Task A_case_shows_its_chronology_armed_timers_and_message_statuses()
    {
        var app = App;
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;

        var details = await app.Case(receipt.CaseId);

        var summary = details.GetProperty("summary");
        Assert.Equal(receipt.CaseId, summary.GetProperty("caseId").GetString());
        Assert.Equal(receipt.Reference, summary.GetProperty("reference").GetString());
        Assert.Equal("high", summary.GetProperty("risk").GetString());
        Assert.True(summary.GetProperty("isHate").GetBoolean());
        var file = details.GetProperty("file");
        Assert.Equal(receipt.Reference, file.GetProperty("reference").GetString());
        Assert.Equal("high", file.GetProperty("risk").GetString());
        Assert.Contains(file.GetProperty("deadlines").EnumerateArray(), d => d.GetProperty("kind").GetString() == "first-response");
        Assert.False(file.TryGetProperty("recordedIds", out _), "The ids that make commands idempotent stay inside.");
        Assert.False(details.TryGetProperty("state", out _), "The stored state is not the API's shape.");
        Assert.Equal(["report-received.v1", "victims-code-sent.v1"], details.Chronology().Take(2).Select(e => e.Type));
        Assert.Equal("public", details.Chronology()[0].Actor);
        var timers = details.GetProperty("armedTimers").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Contains(timers, id => id!.StartsWith("first-response", StringComparison.Ordinal));
        Assert.Contains(timers, id => id!.StartsWith("risk-assessment", StringComparison.Ordinal));
        await app.CaseWhen(receipt.CaseId, d => d.Messages().Contains(("acknowledgement", "sent")), "its acknowledgement sent");
    }

    private static async Task<string> ACaseAwaitingClosureApproval(TestApp app)
    {
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()));
        await app.Command(receipt.CaseId, "contacts", new { method = "visit" });
        await app.Command(receipt.CaseId, "risk-assessments", Reports.RiskAnswers);
        await app.Command(receipt.CaseId, "conversion");
        await app.Command(receipt.CaseId, "closure-request", new { reason = "behaviour-stopped" });
        return receipt.CaseId;
    }

    private static async Task<IReadOnlyList<string>> CaseIds(TestApp app, string path, string user, bool all = false)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = continuation is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}continuation={Uri.EscapeDataString(continuation)}";
            using var response = await app.Send(HttpMethod.Get, page, user: user);
            await Expect.Status(HttpStatusCode.OK, response);
            using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            ids.AddRange(list.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("caseId").GetString()!));
            continuation = list.RootElement.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (all && continuation is not null);
        return ids;
    }
}
