using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Azure.Data.Tables;
using HateCase.App.Tests.Support;
using HateCase.Storage;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// Special-category data (UK GDPR; RBC 15, MK 15.3): who looked at a case is kept and shown to team
// leaders, and an admin answers a subject access request from the person index, with others' data
// marked for redaction. Through the app on Azurite, as staff use it.
[Collection(OwnAppCollection.Name)]
public sealed class AccessRecordTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    private Task<TestApp> StartApp() => StartOwnApp(azurite.ConnectionString,
        settings => settings["Inbound__QueueName"] = "inbound-" + settings["Storage__TablePrefix"].ToLowerInvariant());

    private AccessRecord Record(TestApp app) =>
        new(new TableServiceClient(azurite.ConnectionString), new CaseProjectionOptions { Prefix = "t" + app.RunId });

    [Fact]
    public async Task An_admin_finds_a_person_with_two_cases_and_an_email_by_their_phone_in_another_form_with_others_data_marked_for_redaction()
    {
        var app = await StartApp();
        var unique = Random.Shared.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var samEmail = Reports.NewEmail("sam");
        var samPhone = $"07700 9{unique}";
        var kimEmail = Reports.NewEmail("kim");
        var witnessPhone = "07700 900" + unique[..3];
        // Sam reports racist abuse, naming a witness by phone; then a nuisance at another address,
        // where Kim reports too (a linked report on Sam's second case).
        var first = await app.Report(Reports.Hate(samEmail, Reports.NewAddress())
            .With("name", "Sam Okafor").With("phone", samPhone).With("postalAddress", "12 Quill Road, Exampletown EX1 2AB")
            .With("witnesses", $"Pat from flat 4, {witnessPhone}").With("peopleInvolved", "The man at number 9"));
        var secondAddress = Reports.NewAddress();
        var second = await app.Report(Reports.Nuisance(samEmail, secondAddress).With("phone", samPhone));
        var kims = await app.Report(Reports.Nuisance(kimEmail, secondAddress).With("name", "Kim Lee"));
        Assert.Equal(second.CaseId, kims.CaseId);
        // Sam writes to the ASB mailbox about the first case, once told its reference.
        await app.CaseRecorded(first.CaseId);
        var mailId = await app.SendToAsbMailbox(new { from = samEmail, subject = $"RE: {first.Reference} again", text = "They shouted at me again last night." });
        await EmailHandled(app, mailId);
        await app.CaseWhen(first.CaseId, c => c.Chronology().Any(e => e.Type == "correspondence-received.v1"), "the email recorded on the case");
        await app.CaseWhen(second.CaseId, c => c.Chronology().Any(e => e.Type == "related-report-received.v1"), "Kim's report recorded on the case");

        using var admin = await StaffSession.SignIn(app, "dpo-1", "admin");
        // By phone written another way: the international form with the (0).
        var (page, download) = await Search(admin, [new("Form.Phone", $"+44 (0)7700 9{unique}")]);

        Assert.Equal([$"Case {first.Reference}", $"Case {second.Reference}"], page.QuerySelectorAll("h3[id^=case-]").Select(h => h.TextContent.Trim()));
        Assert.Contains(first.Reference, page.QuerySelector("#email-list")?.TextContent);
        var kimRows = Rows(page).Where(r => r.Text.Contains(kimEmail, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(kimRows);
        Assert.All(kimRows, r => Assert.Equal("ThirdParty", r.Mark));
        Assert.Equal("ThirdParty", Rows(page).Single(r => r.Text.Contains(witnessPhone, StringComparison.Ordinal)).Mark);
        Assert.Equal("Subject", Rows(page).First(r => r.Text.Contains("Sam Okafor", StringComparison.Ordinal)).Mark);

        // The download: all three, with their references, and the others' data marked.
        Assert.NotNull(download);
        using (download)
        {
            await Expect.Status(HttpStatusCode.OK, download);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
            var text = await download.Content.ReadAsStringAsync();
            Output.WriteLine(text);
            Assert.Contains($"Case {first.Reference}, reported", text, StringComparison.Ordinal);
            Assert.Contains($"Case {second.Reference}, reported", text, StringComparison.Ordinal);
            Assert.Contains("EMAILS TO THE ASB MAILBOX (1)", text, StringComparison.Ordinal);
            Assert.Contains($"case {first.Reference}.", text, StringComparison.Ordinal);
            var lines = text.Split('\n');
            var kimLine = Array.FindIndex(lines, l => l.Contains(kimEmail, StringComparison.Ordinal));
            Assert.True(kimLine > 0, "The download holds Kim's report.");
            Assert.StartsWith("[REDACT]", lines[kimLine - 1], StringComparison.Ordinal);
            var samLine = Array.FindIndex(lines, l => l.Contains(samPhone, StringComparison.Ordinal));
            Assert.StartsWith("[RELEASE]", lines[samLine - 1], StringComparison.Ordinal);
        }

        // By email, and by name and postcode written differently, the same person is found.
        var (byEmail, _) = await Search(admin, [new("Form.Email", samEmail.ToUpperInvariant())], download: false);
        Assert.Equal(2, byEmail.QuerySelectorAll("h3[id^=case-]").Length);
        var (byName, _) = await Search(admin, [new("Form.Name", "  sam OKAFOR "), new("Form.Address", "ex12ab")], download: false);
        Assert.Equal([$"Case {first.Reference}", $"Case {second.Reference}"], byName.QuerySelectorAll("h3[id^=case-]").Select(h => h.TextContent.Trim()));
        Assert.Equal("Also searched: the email address and phone number the person gave on their own reports.", byName.QuerySelector("#also-searched")?.TextContent.Trim());

        // An officer and a team leader are refused, and the refusals are kept with the searches.
        using (var officer = await StaffSession.SignIn(app, "officer-7", "officer"))
        using (var refused = await officer.Get("/subject-access"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var leader = await StaffSession.SignIn(app, "leader-7", "team-leader"))
        using (var refused = await leader.Post("/subject-access", [new("Form.Phone", samPhone)]))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        var searches = (await Record(app).Page(AccessRecord.SearchesPartition, 20, null, CancellationToken.None)).Entries;
        Assert.Equal(
            [("leader-7", "team-leader", true), ("officer-7", "officer", true), ("dpo-1", "admin", false), ("dpo-1", "admin", false), ("dpo-1", "admin", false), ("dpo-1", "admin", false)],
            searches.Select(s => (s.StaffId, s.Role, s.Refused)));
        Assert.Contains(searches, s => s.Kind == AccessKinds.SubjectAccessDownload);
        // What was searched is kept only as a keyed hash.
        Assert.All(searches, s => Assert.DoesNotContain(unique, s.Detail ?? "", StringComparison.Ordinal));
        Assert.All(searches, s => Assert.DoesNotContain("okafor", s.Detail ?? "", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_team_leader_sees_who_looked_at_a_case_newest_first_with_the_refused_look()
    {
        var app = await StartApp();
        var report = await app.Report(Reports.Nuisance(Reports.NewEmail(), Reports.NewAddress()));
        await app.CaseWhen(report.CaseId, c => c.Chronology().Count > 0, "the report recorded");

        using var officer = await StaffSession.SignIn(app, "officer-7", "officer");
        var officersView = await officer.Page($"/cases/{report.CaseId}");
        Assert.Null(officersView.QuerySelector("#who-looked-link"));
        using (var notTheirs = await officer.Get($"/who-looked/{report.CaseId}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        }
        using (var api = await app.Send(HttpMethod.Get, $"/api/cases/{report.CaseId}", user: "leader-2", role: "team-leader"))
        {
            await Expect.Status(HttpStatusCode.OK, api);
        }
        // Someone signed in without a staff role is refused the case page.
        using (var refused = await app.Send(HttpMethod.Get, $"/cases/{report.CaseId}", user: "visitor-1", role: "contractor"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var leader = await StaffSession.SignIn(app, "leader-1", "team-leader");
        var leadersView = await leader.Page($"/cases/{report.CaseId}");
        var link = leadersView.QuerySelector("#who-looked-link") as IHtmlAnchorElement;
        Assert.Equal("Who has looked at this case", link?.TextContent.Trim());

        var whoLooked = await leader.Page(link!.GetAttribute("href")!);

        var rows = whoLooked.QuerySelectorAll("#who-looked tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray())
            .Select(c => (Who: c[1], Role: c[2], How: c[3], Allowed: c[4]))
            .ToList();
        Output.WriteLine(string.Join("\n", rows));
        Assert.Equal(
            [
                ("leader-1", "team-leader", "Case page", "Yes"),
                ("visitor-1", "none", "Case page", "Refused"),
                ("leader-2", "team-leader", "Case in the officer API", "Yes"),
                ("officer-7", "officer", "Case page", "Yes"),
            ],
            rows.Take(4));
        // Waiting for the case above read it through the API too: each read is there.
        Assert.All(rows.Skip(4), r => Assert.Equal((TestApp.OfficerId, "Case in the officer API"), (r.Who, r.How)));

        // Exports are recorded too, with the period and not the person.
        using (var export = await app.Send(HttpMethod.Get, "/api/measures/cases?from=2026-04-01&to=2026-06-30", user: "leader-1", role: "team-leader"))
        {
            await Expect.Status(HttpStatusCode.OK, export);
        }
        var exports = (await Record(app).Page(AccessRecord.ExportsPartition, 10, null, CancellationToken.None)).Entries;
        Assert.Equal(("leader-1", AccessKinds.CasesExport, "from=2026-04-01&to=2026-06-30"), (exports[0].StaffId, exports[0].Kind, exports[0].Detail));
    }

    [Fact]
    public async Task The_who_looked_page_pages_through_a_long_record_oldest_last()
    {
        var app = await StartApp();
        var report = await app.Report(Reports.Nuisance(Reports.NewEmail(), Reports.NewAddress()));
        await app.CaseWhen(report.CaseId, c => c.Chronology().Count > 0, "the report recorded");
        var looks = HateCase.App.Pages.Privacy.WhoLookedPage.RowsPerPage + 5;
        for (var i = 0; i < looks; i++)
        {
            using var api = await app.Send(HttpMethod.Get, $"/api/cases/{report.CaseId}", user: $"reader-{i:D2}", role: "officer");
            await Expect.Status(HttpStatusCode.OK, api);
        }
        using var admin = await StaffSession.SignIn(app, "admin-1", "admin");

        var firstPage = await admin.Page($"/who-looked/{report.CaseId}");
        var next = firstPage.QuerySelector("a[rel=next]")?.GetAttribute("href");
        Assert.NotNull(next);
        var secondPage = await admin.Page(next);

        var readers = firstPage.QuerySelectorAll("#who-looked tbody tr").Concat(secondPage.QuerySelectorAll("#who-looked tbody tr"))
            .Select(r => r.QuerySelectorAll("td")[1].TextContent.Trim())
            .Where(who => who.StartsWith("reader-", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(Enumerable.Range(0, looks).Reverse().Select(i => $"reader-{i:D2}"), readers);
    }

    private static IEnumerable<(string Mark, string Text)> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("table.app-disclosure tbody tr").Select(r => (r.GetAttribute("data-mark") ?? "", r.TextContent));

    // Searches on the subject access page, and downloads what it found with the page's own form.
    private static async Task<(IHtmlDocument Page, HttpResponseMessage? Download)> Search(
        StaffSession admin, IEnumerable<KeyValuePair<string, string>> fields, bool download = true)
    {
        using var response = await admin.Submit("/subject-access", fields);
        await Expect.Status(HttpStatusCode.OK, response);
        var page = await StaffSession.Read(response);
        if (!download)
        {
            return (page, null);
        }
        var form = page.Forms.Single(f => f.GetAttribute("action") == "/subject-access/download");
        var hidden = form.QuerySelectorAll("input[type=hidden]").Cast<IHtmlInputElement>()
            .Select(input => new KeyValuePair<string, string>(input.Name!, input.Value));
        return (page, await admin.Post("/subject-access/download", hidden));
    }

    private static async Task EmailHandled(TestApp app, string id)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            var status = await app.Http.GetFromJsonAsync<JsonElement>($"/api/dev/inbound-mail/{id}", TestApp.Web);
            if (status.TryGetProperty("outcome", out var outcome) && outcome.ValueKind == JsonValueKind.String)
            {
                Assert.Equal("ReplyToCase", outcome.GetString());
                return;
            }
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"Email {id} was not handled in time.");
    }
}
