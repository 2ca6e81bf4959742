using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HateCase.App.Tests.Support;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// Bad input tried for real against the running app: each gets a clear 4xx with problem details,
// and every report accepted before is still there and readable afterwards.
[Collection(RunningAppCollection.Name)]
public sealed class BadInputTests(RunningAppFixture fixture, ITestOutputHelper output) : AppTestBase(output)
{
    private const string Script = "<script>alert('hi')</script>";

    private TestApp App => Watch(fixture.App);

    public override async Task InitializeAsync()
    {
        // At least one good report is on record before any bad input arrives.
        var receipt = await App.Report(Reports.Hate(Reports.NewEmail()));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await Task.WhenAll(fixture.AcceptedReports.Select(async accepted =>
            {
                var details = await App.Case(accepted.Key);
                Assert.Equal(accepted.Value, details.GetProperty("summary").GetProperty("reference").GetString());
            }));
        }
        finally
        {
            await base.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("{\"email\":\"a@example.org\",\"description\":\"Shouting\"", "not valid JSON")]
    [InlineData("{\"email\":\"a@example.org\",\"description\":\"Shouting\",}", "not valid JSON")]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("null", "empty")]
    public async Task Malformed_JSON_is_refused_with_a_problem(string body, string titleSays)
    {
        using var response = await App.Http.PostAsync("/api/reports", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.Contains(titleSays, problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("hatePerceived", "\"yes\"")]
    [InlineData("hateStrands", "\"race\"")]
    [InlineData("incidentsInLastMonth", "\"several\"")]
    [InlineData("occurredAt", "\"last Tuesday\"")]
    [InlineData("description", "42")]
    public async Task A_value_of_the_wrong_type_is_refused_naming_the_field(string field, string json)
    {
        var body = JsonSerializer.Serialize(Reports.Hate(Reports.NewEmail()).Without(field), TestApp.Web);
        body = body.TrimEnd('}') + $",\"{field}\":{json}}}";

        using var response = await App.Http.PostAsync("/api/reports", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.Contains(field, problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_of_a_megabyte_is_too_large(bool lengthKnown)
    {
        var report = Reports.Hate(Reports.NewEmail()).With("description", new string('a', 1024 * 1024));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(report, TestApp.Web);
        HttpContent content = lengthKnown ? new ByteArrayContent(bytes) : new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await App.Http.PostAsync("/api/reports", content);

        await Expect.Problem(HttpStatusCode.RequestEntityTooLarge, response);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Another_content_type_is_unsupported(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("email=a@example.org&description=Shouting"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await App.Http.PostAsync("/api/reports", content);

        await Expect.Problem(HttpStatusCode.UnsupportedMediaType, response);
    }

    [Fact]
    public async Task Html_and_script_in_a_report_are_kept_as_the_text_given()
    {
        var app = App;
        var description = $"They pushed a note under my door: {Script} <b>go home</b> & \"worse\"";
        var location = "<img src=x onerror=alert(1)> Block C";

        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()).With("description", description).With("location", location));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;

        var report = (await app.Case(receipt.CaseId)).Event("report-received.v1").GetProperty("report");
        Assert.Equal(description, report.GetProperty("description").GetString());
        Assert.Equal(location, report.GetProperty("location").GetString());
    }

    [Fact]
    public async Task Script_in_a_report_never_comes_back_unescaped()
    {
        var app = App;
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()).With("description", $"A note said {Script}"));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;

        using var response = await app.Send(HttpMethod.Get, $"/api/cases/{receipt.CaseId}");

        await Expect.Status(HttpStatusCode.OK, response);
        Expect.NoRawMarkup(await response.Content.ReadAsStringAsync(), "<script>");
    }

    [Fact]
    public async Task Script_in_a_refused_report_never_comes_back_unescaped()
    {
        using var response = await App.PostReport(Reports.Hate(Reports.NewEmail()).With("hateStrands", new[] { Script }));

        await Expect.ValidationProblem(response, "hateStrands");
        Expect.NoRawMarkup(await response.Content.ReadAsStringAsync(), "<script>");
    }

    [Fact]
    public async Task Script_in_an_officer_update_is_escaped_in_the_email()
    {
        var app = App;
        var victim = Reports.NewEmail();
        var receipt = await app.Report(Reports.Hate(victim));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;

        await app.Command(receipt.CaseId, "updates", new { text = $"We spoke to them. {Script}" });

        var update = await app.WaitForMail("with the officer's update", m => m.IsTo(victim) && m.Subject.Contains("update", StringComparison.Ordinal));
        Assert.DoesNotContain("<script>", update.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", update.Html, StringComparison.Ordinal);
        Assert.Contains(Script, update.Text, StringComparison.Ordinal);
    }

    // RBC 9: an update or a contact names the other person who reported the case by their report's id.
    [Fact]
    public async Task An_update_or_a_contact_for_someone_not_on_the_case_is_refused()
    {
        var app = App;
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()));
        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;
        await app.Case(receipt.CaseId);

        using var tooLong = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/updates", new { text = "News.", to = new string('r', 300) });
        await Expect.ValidationProblem(tooLong, "to");
        using var blank = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/contacts", new { method = "phone", with = " " });
        await Expect.ValidationProblem(blank, "with");
        using var unknown = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/updates", new { text = "News.", to = "report-nobody" });
        var problem = await Expect.Problem(HttpStatusCode.Conflict, unknown);
        Assert.Contains("accept their report onto the case first", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_hate_strand_is_refused_naming_the_strands_there_are()
    {
        using var response = await App.PostReport(Reports.Hate(Reports.NewEmail()).With("hateStrands", new[] { "race", "astrology" }));

        var errors = await Expect.ValidationProblem(response, "hateStrands");
        Assert.Contains("astrology", errors["hateStrands"][0], StringComparison.Ordinal);
        Assert.Contains("misogyny", errors["hateStrands"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_must_say_what_happened()
    {
        using var missing = await App.PostReport(Reports.Hate(Reports.NewEmail()).Without("description"));
        await Expect.ValidationProblem(missing, "description");

        using var blank = await App.PostReport(Reports.Hate(Reports.NewEmail()).With("description", "   \n "));
        await Expect.ValidationProblem(blank, "description");
    }

    [Fact]
    public async Task Every_problem_with_a_report_is_named_at_once()
    {
        var report = Reports.Hate("not-an-email").Without("description").With("hateStrands", new[] { "astrology" }).With("phone", "call me");

        using var response = await App.PostReport(report);

        await Expect.ValidationProblem(response, "description", "email", "hateStrands", "phone");
    }

    // MK 11.2, PP 6.3: hours it is safe to email someone must be hours we can keep to.
    [Theory]
    [InlineData("18:00", null, "safeToEmailTo")]
    [InlineData("6pm", "9pm", "safeToEmailFrom")]
    [InlineData("21:00", "18:00", "safeToEmailTo")]
    [InlineData("18:00", "18:30", "safeToEmailTo")]
    [InlineData("25:00", "26:00", "safeToEmailFrom")]
    public async Task Safe_hours_for_email_that_cannot_be_kept_to_are_refused_naming_the_field(string from, string? to, string field)
    {
        var report = Reports.Nuisance(Reports.NewEmail()).With("safeToEmailFrom", from).With("safeToEmailTo", to);

        using var response = await App.PostReport(report);

        await Expect.ValidationProblem(response, field);
    }

    [Fact]
    public async Task An_anonymous_report_with_an_email_address_is_refused()
    {
        var report = Reports.Hate(Reports.NewEmail()).With("anonymous", true).Without("name");

        using var response = await App.PostReport(report);

        await Expect.ValidationProblem(response, "anonymous");
    }

    [Fact]
    public async Task An_anonymous_report_without_contact_details_is_accepted()
    {
        var report = Reports.Nuisance("").Without("email").Without("name").With("anonymous", true);

        var receipt = await App.Report(report);

        fixture.AcceptedReports[receipt.CaseId] = receipt.Reference;
        Assert.True((await App.Case(receipt.CaseId)).Event("report-received.v1").GetProperty("complainant").GetProperty("anonymous").GetBoolean());
    }

    [Fact]
    public async Task A_report_taken_by_phone_needs_signed_in_staff()
    {
        using var response = await App.PostReport(Reports.Hate(Reports.NewEmail()).With("channel", "phone"));

        await Expect.ValidationProblem(response, "channel");
    }

    [Theory]
    [InlineData("case-00000000000000000000000000000000")]
    [InlineData("no-such-case")]
    public async Task An_unknown_case_is_not_found(string caseId)
    {
        using var read = await App.Send(HttpMethod.Get, $"/api/cases/{caseId}");
        await Expect.Problem(HttpStatusCode.NotFound, read);

        using var command = await App.Send(HttpMethod.Post, $"/api/cases/{caseId}/contacts", new { method = "phone" });
        await Expect.Problem(HttpStatusCode.NotFound, command);

        using var approval = await App.Send(HttpMethod.Post, $"/api/cases/{caseId}/closure-request/approval", user: "leader-1", role: "team-leader");
        await Expect.Problem(HttpStatusCode.NotFound, approval);
    }

    [Theory]
    [InlineData("a%2Fb")]
    [InlineData("a/b")]
    [InlineData("a%23b")]
    [InlineData("..%2F..%2Fapi%2Fdev%2Fmail")]
    [InlineData("%2e%2e")]
    [InlineData("case%00x")]
    [InlineData("case%20x")]
    [InlineData("%E2%80%AEesac")]
    [InlineData("'%20or%201=1")]
    public async Task A_case_id_with_slashes_or_odd_characters_is_refused_not_an_error(string escapedId)
    {
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/api/cases/{escapedId}"),
            (HttpMethod.Post, $"/api/cases/{escapedId}/contacts"),
            (HttpMethod.Post, $"/api/cases/{escapedId}/closure-request"),
        })
        {
            using var response = await App.Send(method, path, method == HttpMethod.Post ? new { method = "phone", reason = "behaviour-stopped" } : null);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
                $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task The_officer_API_needs_a_sign_in()
    {
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/cases"),
            (HttpMethod.Get, $"/api/cases/{fixture.AcceptedReports.Keys.First()}"),
            (HttpMethod.Post, $"/api/cases/{fixture.AcceptedReports.Keys.First()}/contacts"),
            (HttpMethod.Post, $"/api/cases/{fixture.AcceptedReports.Keys.First()}/closure-request/approval"),
        })
        {
            using var response = await App.Send(method, path, user: null, role: null);
            await Expect.Problem(HttpStatusCode.Unauthorized, response);
        }
    }

    [Theory]
    [InlineData("tenant")]
    [InlineData("Officer")]
    [InlineData("team leader")]
    public async Task A_role_that_is_not_a_staff_role_is_forbidden(string role)
    {
        var caseId = fixture.AcceptedReports.Keys.First();
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/cases"), (HttpMethod.Get, $"/api/cases/{caseId}"), (HttpMethod.Post, $"/api/cases/{caseId}/contacts") })
        {
            using var response = await App.Send(method, path, method == HttpMethod.Post ? new { method = "phone" } : null, user: "someone", role: role);
            await Expect.Problem(HttpStatusCode.Forbidden, response);
        }
    }

    // A stream whose length HttpClient cannot know, so the body goes chunked.
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
