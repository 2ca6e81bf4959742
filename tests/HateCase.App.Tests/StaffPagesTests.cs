using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using HateCase.App.Tests.Support;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// The staff workspace on one shared app: who may open each page, going to a case by its
// reference, and recording a report taken by phone.
[Collection(RunningAppCollection.Name)]
public sealed class StaffPagesTests(RunningAppFixture fixture, ITestOutputHelper output) : AppTestBase(output)
{
    private TestApp App => Watch(fixture.App);

    public static TheoryData<string, string?, HttpStatusCode> WhoMayOpenWhat => new()
    {
        // Not signed in: sent to sign in, and brought back.
        { "/my-work", null, HttpStatusCode.Redirect },
        { "/cases", null, HttpStatusCode.Redirect },
        { "/cases?stage=enquiry&risk=high", null, HttpStatusCode.Redirect },
        { "/team", null, HttpStatusCode.Redirect },
        { "/record-report", null, HttpStatusCode.Redirect },
        { "/record-report/recorded?caseId=case-1", null, HttpStatusCode.Redirect },
        // Every member of staff works on cases and records reports.
        { "/my-work", "officer", HttpStatusCode.OK },
        { "/my-work", "team-leader", HttpStatusCode.OK },
        { "/my-work", "admin", HttpStatusCode.OK },
        { "/cases", "officer", HttpStatusCode.OK },
        { "/cases", "team-leader", HttpStatusCode.OK },
        { "/cases", "admin", HttpStatusCode.OK },
        { "/record-report", "officer", HttpStatusCode.OK },
        { "/record-report", "team-leader", HttpStatusCode.OK },
        { "/record-report", "admin", HttpStatusCode.OK },
        // The team page is the team leader's.
        { "/team", "officer", HttpStatusCode.Forbidden },
        { "/team", "admin", HttpStatusCode.Forbidden },
        { "/team", "team-leader", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(WhoMayOpenWhat))]
    public async Task Each_staff_page_opens_only_for_the_roles_it_is_for(string path, string? role, HttpStatusCode expected)
    {
        using var session = role is null ? StaffSession.SignedOut(App) : await StaffSession.SignIn(App, "pat.jones", role);

        using var response = await session.Get(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.Equal($"/sign-in?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location?.OriginalString);
        }
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("You cannot use this page", (await StaffSession.Read(response)).QuerySelector("h1")?.TextContent.Trim());
        }
    }

    [Fact]
    public async Task A_report_sent_while_signed_out_sends_the_person_to_sign_in_first()
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = App.BaseAddress };

        using var post = await browser.PostAsync("/record-report", new FormUrlEncodedContent([new("Form.Channel", "Phone")]));

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Frecord-report", post.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_reference_typed_in_any_case_goes_straight_to_its_case()
    {
        var receipt = await App.Report(Reports.Hate(Reports.NewEmail(), Reports.NewAddress()));
        await App.CaseWhen(receipt.CaseId, _ => true, "recorded");
        using var session = await StaffSession.SignIn(App, "pat.jones", "officer");

        using var found = await session.Get($"/cases?reference={Uri.EscapeDataString(" " + receipt.Reference.ToLowerInvariant() + " ")}");
        using var unknown = await session.Get("/cases?reference=HC-1999-999999");
        using var malformed = await session.Get("/cases?reference=not-a-reference");

        Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);
        Assert.Equal($"/cases/{receipt.CaseId}", found.Headers.Location?.OriginalString);
        Assert.Equal(["No case you may see has the reference HC-1999-999999"], ErrorSummary(await StaffSession.Read(unknown)));
        Assert.Equal(["Enter a case reference like HC-2026-000123"], ErrorSummary(await StaffSession.Read(malformed)));
    }

    [Fact]
    public async Task A_report_taken_by_phone_with_the_Victims_Code_given_in_person_starts_a_case_and_sends_no_Victims_Code()
    {
        using var session = await StaffSession.SignIn(App, "pat.jones", "officer");
        var phone = $"07700 9{Random.Shared.Next(0, 99999):D5}";

        using var sent = await session.Submit("/record-report",
        [
            new("Form.Channel", "Phone"),
            new("Form.VictimsCodeGivenInPerson", "yes"),
            new("Form.Description", "A caller says a neighbour shouted homophobic abuse at them in the car park."),
            new("Form.HatePerceived", "yes"),
            new("Form.HateStrands", "sexual-orientation"),
            new("Form.Name", "Jo Bloggs"),
            new("Form.Phone", phone),
            new("Form.AboutAddress", Reports.NewAddress()),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var recordedAt = sent.Headers.Location!.OriginalString;
        Assert.StartsWith("/record-report/recorded?caseId=case-", recordedAt, StringComparison.Ordinal);
        Assert.DoesNotContain("Bloggs", recordedAt, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(phone.Replace(" ", "", StringComparison.Ordinal), recordedAt.Replace("%20", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var confirmation = await session.Page(recordedAt);
        var caseId = Uri.UnescapeDataString(recordedAt.Split("caseId=")[1]);
        var details = await App.CaseWhen(caseId, d => d.Chronology().Any(e => e.Type == "victims-code-sent.v1"), "the Victims Code recorded", user: "pat.jones");
        var reference = details.GetProperty("summary").GetProperty("reference").GetString()!;
        Assert.Contains(reference, confirmation.QuerySelector(".govuk-panel")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(confirmation.QuerySelectorAll("main a"), a => a.GetAttribute("href") == $"/cases/{caseId}");
        Assert.Equal("told-by-staff", details.Event("victims-code-sent.v1").GetProperty("delivery").GetString());
        Assert.Equal("phone", details.Event("report-received.v1").GetProperty("channel").GetString());
        Assert.Equal("pat.jones", details.Chronology()[0].Actor);
    }

    [Fact]
    public async Task A_staff_report_without_how_it_came_in_or_what_happened_says_what_is_missing()
    {
        using var session = await StaffSession.SignIn(App, "pat.jones", "officer");

        using var sent = await session.Submit("/record-report", [new("Form.Name", "Jo Bloggs")]);

        Assert.Equal(HttpStatusCode.BadRequest, sent.StatusCode);
        var page = await StaffSession.Read(sent);
        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
        var errors = ErrorSummary(page);
        Assert.Equal("Select how the report came in", errors[0]);
        Assert.Contains(errors, e => e.Contains("what happened", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Jo Bloggs", (page.QuerySelector("input[name='Form.Name']") as IHtmlInputElement)?.Value);
    }

    internal static IReadOnlyList<string> ErrorSummary(IHtmlDocument page) =>
        page.QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim()).ToList();
}

// The pages' lists, each on an app of its own: a clock the test moves, and a list only its cases are on.
[Collection(OwnAppCollection.Name)]
public sealed class StaffWorkspaceTests(HateCase.Testing.AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    private const string Alex = "alex.smith";

    [Fact]
    public async Task My_work_lists_the_officers_promises_as_the_digest_groups_them_and_the_cases_waiting_for_an_officer()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var mine = await app.Report(Reports.Hate(Reports.NewEmail(), Reports.NewAddress()));
        var waiting = await app.Report(Reports.Nuisance(Reports.NewEmail(), Reports.NewAddress()));
        await app.Command(mine.CaseId, "assignment", new { officerId = Alex });
        await app.CaseWhen(waiting.CaseId, _ => true, "recorded");
        using var session = await StaffSession.SignIn(app, Alex, "officer");

        var before = await session.Page("/my-work");
        Assert.Empty(Table(before, "Overdue"));
        var dueSoon = before.QuerySelectorAll("caption").Select(c => c.TextContent.Trim()).Where(c => c.StartsWith("Due", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(dueSoon);
        Assert.Contains(dueSoon.SelectMany(c => Table(before, c)), row => row[0] == mine.Reference);
        var waitingRow = Assert.Single(Table(before, "1 waiting"));
        Assert.Equal(waiting.Reference, waitingRow[0]);
        Assert.Equal($"/cases/{waiting.CaseId}", before.QuerySelector($"a[href='/cases/{waiting.CaseId}']")?.GetAttribute("href"));
        Assert.DoesNotContain(Table(before, "1 waiting"), row => row[0] == mine.Reference);

        await app.AdvanceClock(TimeSpan.FromDays(3));

        var after = await session.Page("/my-work");
        var overdue = Table(after, "Overdue");
        Assert.Contains(overdue, row => row[0] == mine.Reference && row[1] == "First response" && row[3] == "High" && row[4] == "Race" && row[5] == "Enquiry");
        Assert.Equal($"/cases/{mine.CaseId}", after.QuerySelector($"a[href='/cases/{mine.CaseId}']")?.GetAttribute("href"));
        Assert.Contains("Overdue", Table(after, "1 waiting").Single()[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_team_page_shows_closures_waiting_for_approval_missed_deadlines_and_each_officers_caseload()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var late = await app.Report(Reports.Hate(Reports.NewEmail(), Reports.NewAddress()));
        var closing = await app.Report(Reports.Hate(Reports.NewEmail(), Reports.NewAddress()));
        await app.Command(late.CaseId, "assignment", new { officerId = Alex });
        await app.Command(closing.CaseId, "assignment", new { officerId = Alex });
        await app.Command(closing.CaseId, "contacts", new { method = "phone" }, user: Alex);
        await app.Command(closing.CaseId, "risk-assessments", Reports.RiskAnswers, user: Alex);
        await app.Command(closing.CaseId, "conversion", user: Alex);
        await app.Command(closing.CaseId, "closure-request", new { reason = "behaviour-stopped" }, user: Alex);
        await app.AdvanceClock(TimeSpan.FromDays(3));
        await app.CaseWhen(late.CaseId, d => d.GetProperty("summary").GetProperty("overdueCount").GetInt32() > 0, "its missed first response");
        using var session = await StaffSession.SignIn(app, "lee.leader", "team-leader");

        var page = await session.Page("/team");

        var closure = Assert.Single(Table(page, "1 waiting"));
        Assert.Equal([closing.Reference, Alex, Alex], closure.Take(3));
        Assert.Equal("behaviour-stopped", closure[4]);
        Assert.Equal($"/cases/{closing.CaseId}", page.QuerySelector($"a[href='/cases/{closing.CaseId}']")?.GetAttribute("href"));
        var missed = Table(page, "missed");
        Assert.Contains(missed, row => row[0] == late.Reference && row[1] == "First response" && row[6] == Alex);
        Assert.DoesNotContain(missed, row => row[0] == closing.Reference);
        var alex = Assert.Single(Table(page, "Each officer"), row => row[0] == Alex);
        Assert.Equal([Alex, "2", "1"], alex.Take(3));
    }

    [Fact]
    public async Task All_cases_filters_by_officer_risk_strand_and_missed_deadlines_and_pages_through_the_list()
    {
        var app = await StartOwnApp(azurite.ConnectionString, settings => settings["StaffPages__RowsPerPage"] = "2");
        var race = new List<Receipt>();
        for (var i = 0; i < 3; i++)
        {
            race.Add(await app.Report(Reports.Hate(Reports.NewEmail(), Reports.NewAddress())));
        }
        var nuisance = await app.Report(Reports.Nuisance(Reports.NewEmail(), Reports.NewAddress()));
        await app.Command(race[0].CaseId, "assignment", new { officerId = Alex });
        await app.Command(nuisance.CaseId, "assignment", new { officerId = Alex });
        // Newest first by the time each case recorded its report, which two reports sent a moment
        // apart can record in either order.
        var reportedAt = new Dictionary<string, DateTimeOffset>();
        foreach (var receipt in race.Append(nuisance))
        {
            var recorded = await app.CaseWhen(receipt.CaseId, _ => true, "recorded");
            reportedAt[receipt.Reference] = recorded.GetProperty("summary").GetProperty("reportedAt").GetDateTimeOffset();
        }
        using var session = await StaffSession.SignIn(app, "pat.jones", "officer");

        var everything = await WholeList(session, "/cases");
        var alexsRace = await WholeList(session, $"/cases?officer={Alex}&strand=race&risk=high");
        var alexsLow = await WholeList(session, $"/cases?officer={Alex}&risk=low");
        var overdueNow = await WholeList(session, "/cases?overdue=yes");

        Assert.Equal(reportedAt.OrderByDescending(r => r.Value).Select(r => r.Key), everything.Select(row => row[0]));
        Assert.Equal([race[0].Reference], alexsRace.Select(row => row[0]));
        Assert.Equal([nuisance.Reference], alexsLow.Select(row => row[0]));
        Assert.Empty(overdueNow);
        var raceRow = everything.Single(row => row[0] == race[1].Reference);
        Assert.Equal(["High", "Race", "Enquiry", "Not assigned"], raceRow[3..]);

        var filtered = await session.Page($"/cases?officer={Alex}&risk=low");
        Assert.Equal(Alex, (filtered.QuerySelector("input[name=officer]") as IHtmlInputElement)?.Value);
        Assert.Equal("low", (filtered.QuerySelector("select[name=risk]") as IHtmlSelectElement)?.Value);
        using var wrong = await session.Get("/cases?stage=nowhere&strand=made-up");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(["Select a stage from the list", "Select a hate strand from the list"], StaffPagesTests.ErrorSummary(await StaffSession.Read(wrong)));
    }

    // Every row of the list, following "Next page" to the end; no page shows more rows than it reads.
    private static async Task<IReadOnlyList<string[]>> WholeList(StaffSession session, string path)
    {
        var rows = new List<string[]>();
        for (var (next, pages) = (path, 0); next is not null; pages++)
        {
            Assert.True(pages < 20, "The list never ended.");
            var page = await session.Page(next);
            var onPage = Rows(page);
            Assert.InRange(onPage.Count, 0, 2);
            rows.AddRange(onPage);
            next = page.QuerySelector(".govuk-pagination__next a")?.GetAttribute("href");
            Assert.True(next is null || next.StartsWith("/cases?", StringComparison.Ordinal));
        }
        return rows;
    }

    // The rows of the table whose caption starts with the words, each cell's text.
    private static IReadOnlyList<string[]> Table(IHtmlDocument page, string caption) =>
        page.QuerySelectorAll("table")
            .Where(t => t.QuerySelector("caption")?.TextContent.Trim().StartsWith(caption, StringComparison.Ordinal) == true
                || t.QuerySelector("caption")?.TextContent.Contains(caption, StringComparison.Ordinal) == true)
            .SelectMany(Cells)
            .ToList();

    private static IReadOnlyList<string[]> Rows(IHtmlDocument page) => page.QuerySelectorAll("table").SelectMany(Cells).ToList();

    private static IEnumerable<string[]> Cells(IElement table) =>
        table.QuerySelectorAll("tbody tr").Select(tr => tr.Children.Select(cell => string.Join(' ', cell.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToArray());
}
