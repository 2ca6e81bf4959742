using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using HateCase.App.Tests.Support;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// RBC 15, MK 15.3: need to know. An officer sees their team's cases and those assigned to them; a
// team leader restricts a case to named people; every view and every refusal is in the access
// record. Through the app on Azurite, with the development sign-in's team.
[Collection(RunningAppCollection.Name)]
public sealed class NeedToKnowTests(RunningAppFixture fixture, ITestOutputHelper output) : AppTestBase(output)
{
    private TestApp App => Watch(fixture.App);

    // A team and its people of this test's own, so other tests' cases and looks do not mix in.
    private sealed record Team(string Name, string Officer, string OtherOfficer, string Leader)
    {
        public static Team New(string name)
        {
            var run = Guid.NewGuid().ToString("N")[..8];
            return new($"{name}-{run}", $"alex-{run}", $"kim-{run}", $"lee-{run}");
        }
    }

    // A report taken by an officer of the team: the case is then that team's.
    private async Task<string> CaseTakenBy(Team team)
    {
        var report = await App.Report(Reports.Nuisance(Reports.NewEmail(), Reports.NewAddress()));
        await App.CaseWhen(report.CaseId, c => c.Chronology().Count > 0, "the report recorded");
        using (var taken = await App.Send(HttpMethod.Post, $"/api/cases/{report.CaseId}/assignment", new { officerId = team.Officer },
                   user: team.Officer, team: team.Name))
        {
            await Expect.Status(HttpStatusCode.OK, taken);
        }
        return report.CaseId;
    }

    private async Task<HttpStatusCode> Look(string caseId, string user, string? team, string role = "officer")
    {
        using var response = await App.Send(HttpMethod.Get, $"/api/cases/{caseId}", user: user, role: role, team: team);
        return response.StatusCode;
    }

    private async Task<IReadOnlyList<string>> Listed(string query, string user, string? team, string role = "officer")
    {
        using var response = await App.Send(HttpMethod.Get, $"/api/cases?{query}", user: user, role: role, team: team);
        await Expect.Status(HttpStatusCode.OK, response);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("caseId").GetString()!).ToList();
    }

    private static async Task<List<(string Who, string How, string Allowed)>> WhoLooked(StaffSession leader, string caseId)
    {
        var page = await leader.Page($"/who-looked/{caseId}");
        return page.QuerySelectorAll("#who-looked tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray())
            .Select(c => (c[1], c[3], c[4]))
            .ToList();
    }

    [Fact]
    public async Task An_officer_of_another_team_is_refused_the_case_everywhere_and_each_refusal_is_recorded()
    {
        var north = Team.New("north");
        var south = Team.New("south");
        var caseId = await CaseTakenBy(north);
        var details = await App.Case(caseId, north.Officer);
        Assert.Equal(north.Name, details.GetProperty("summary").GetProperty("team").GetString());

        // The API, the case page and a command are each refused to the other team's officer.
        Assert.Equal(HttpStatusCode.Forbidden, await Look(caseId, south.Officer, south.Name));
        using (var command = await App.Send(HttpMethod.Post, $"/api/cases/{caseId}/contacts", new { method = "phone" }, user: south.Officer, team: south.Name))
        {
            Assert.Equal(HttpStatusCode.Forbidden, command.StatusCode);
        }
        using (var southOfficer = await StaffSession.SignIn(App, south.Officer, "officer", south.Name))
        {
            using var page = await southOfficer.Get($"/cases/{caseId}");
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            var refusal = await StaffSession.Read(page);
            Assert.Equal("You cannot see this case", refusal.QuerySelector("h1")?.TextContent.Trim());
            Assert.DoesNotContain(caseId, refusal.Body?.TextContent ?? "", StringComparison.Ordinal);
            using var form = await southOfficer.Get($"/cases/{caseId}/contact");
            Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        }
        // The case's team sees it; so does an admin, as before.
        Assert.Equal(HttpStatusCode.OK, await Look(caseId, north.OtherOfficer, north.Name));
        Assert.Equal(HttpStatusCode.OK, await Look(caseId, $"admin-{north.Name}", null, "admin"));

        using var leader = await StaffSession.SignIn(App, north.Leader, "team-leader", north.Name);
        var looks = await WhoLooked(leader, caseId);
        Output.WriteLine(string.Join("\n", looks));
        Assert.Contains((south.Officer, "Case in the officer API", "Refused"), looks);
        Assert.Contains((south.Officer, "An action on the case", "Refused"), looks);
        Assert.Contains((south.Officer, "Case page", "Refused"), looks);
        Assert.Contains((south.Officer, "An action's form on the case page", "Refused"), looks);
        Assert.Contains((north.OtherOfficer, "Case in the officer API", "Yes"), looks);
        Assert.DoesNotContain(looks, l => l.Who == south.Officer && l.Allowed == "Yes");
    }

    [Fact]
    public async Task Lists_show_an_officer_only_their_teams_cases()
    {
        var north = Team.New("north");
        var south = Team.New("south");
        var caseId = await CaseTakenBy(north);

        Assert.Contains(caseId, await Listed($"officer={north.Officer}", north.OtherOfficer, north.Name));
        Assert.DoesNotContain(caseId, await Listed($"officer={north.Officer}", south.Officer, south.Name));

        using var southOfficer = await StaffSession.SignIn(App, south.Officer, "officer", south.Name);
        var allCases = await southOfficer.Page($"/cases?officer={north.Officer}");
        Assert.Empty(allCases.QuerySelectorAll($"a[href='/cases/{caseId}']"));
        using var northOfficer = await StaffSession.SignIn(App, north.OtherOfficer, "officer", north.Name);
        var theirs = await northOfficer.Page($"/cases?officer={north.Officer}");
        Assert.NotEmpty(theirs.QuerySelectorAll($"a[href='/cases/{caseId}']"));
    }

    [Fact]
    public async Task A_search_by_reference_does_not_tell_an_officer_of_another_team_that_the_case_exists()
    {
        var north = Team.New("north");
        var south = Team.New("south");
        var caseId = await CaseTakenBy(north);
        var reference = (await App.Case(caseId, north.Officer)).GetProperty("summary").GetProperty("reference").GetString()!;
        using var southOfficer = await StaffSession.SignIn(App, south.Officer, "officer", south.Name);
        using var northOfficer = await StaffSession.SignIn(App, north.OtherOfficer, "officer", north.Name);

        using var refused = await southOfficer.Get($"/cases?reference={reference}");
        using var unknown = await southOfficer.Get("/cases?reference=HC-1999-999998");
        using var found = await northOfficer.Get($"/cases?reference={reference}");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal([$"No case you may see has the reference {reference}"], StaffPagesTests.ErrorSummary(await StaffSession.Read(refused)));
        Assert.Equal(["No case you may see has the reference HC-1999-999998"], StaffPagesTests.ErrorSummary(await StaffSession.Read(unknown)));
        Assert.Equal($"/cases/{caseId}", found.Headers.Location?.OriginalString);
        using var leader = await StaffSession.SignIn(App, north.Leader, "team-leader", north.Name);
        Assert.Contains((south.Officer, "Case page", "Refused"), await WhoLooked(leader, caseId));
    }

    [Fact]
    public async Task A_restricted_case_is_refused_to_a_same_team_officer_not_named_and_shown_to_one_named_until_it_is_lifted()
    {
        var north = Team.New("north");
        var caseId = await CaseTakenBy(north);

        // An officer cannot restrict a case: that is a team leader's.
        using (var byOfficer = await App.Send(HttpMethod.Post, $"/api/cases/{caseId}/restriction",
                   new { staffIds = new[] { north.OtherOfficer }, reason = "The complainant is a relative of a member of staff." },
                   user: north.Officer, team: north.Name))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byOfficer.StatusCode);
        }
        using (var restrict = await App.Send(HttpMethod.Post, $"/api/cases/{caseId}/restriction",
                   new { staffIds = new[] { north.OtherOfficer }, reason = "The complainant is a relative of a member of staff." },
                   user: north.Leader, role: "team-leader", team: north.Name))
        {
            await Expect.Status(HttpStatusCode.OK, restrict);
        }

        // Even the case's own officer, not named, is refused: the case, its commands and its lists.
        Assert.Equal(HttpStatusCode.Forbidden, await Look(caseId, north.Officer, north.Name));
        using (var command = await App.Send(HttpMethod.Post, $"/api/cases/{caseId}/contacts", new { method = "phone" }, user: north.Officer, team: north.Name))
        {
            Assert.Equal(HttpStatusCode.Forbidden, command.StatusCode);
        }
        Assert.DoesNotContain(caseId, await Listed("mine=true", north.Officer, north.Name));
        using (var officer = await StaffSession.SignIn(App, north.Officer, "officer", north.Name))
        {
            var myWork = await officer.Page("/my-work");
            Assert.Empty(myWork.QuerySelectorAll($"a[href='/cases/{caseId}']"));
        }
        // A team leader of the team not named is refused too; an admin as well.
        Assert.Equal(HttpStatusCode.Forbidden, await Look(caseId, $"other-{north.Leader}", north.Name, "team-leader"));
        Assert.Equal(HttpStatusCode.Forbidden, await Look(caseId, $"admin-{north.Name}", null, "admin"));

        // The named officer and the team leader who restricted it see it, with who and why.
        Assert.Equal(HttpStatusCode.OK, await Look(caseId, north.OtherOfficer, north.Name));
        Assert.Contains(caseId, await Listed($"officer={north.Officer}", north.OtherOfficer, north.Name));
        using var leader = await StaffSession.SignIn(App, north.Leader, "team-leader", north.Name);
        var page = await leader.Page($"/cases/{caseId}");
        var restriction = page.QuerySelector("#restriction")?.TextContent ?? "";
        Assert.Contains(north.OtherOfficer, restriction, StringComparison.Ordinal);
        Assert.Contains("relative of a member of staff", restriction, StringComparison.Ordinal);

        // An officer named cannot lift it (a team leader's); the team leader does, and the team sees it again.
        using (var byOfficer = await App.Send(HttpMethod.Post, $"/api/cases/{caseId}/restriction/lifting", new { reason = "No longer needed." },
                   user: north.OtherOfficer, team: north.Name))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byOfficer.StatusCode);
        }
        using (var lift = await App.Send(HttpMethod.Post, $"/api/cases/{caseId}/restriction/lifting", new { reason = "The member of staff has left." },
                   user: north.Leader, role: "team-leader", team: north.Name))
        {
            await Expect.Status(HttpStatusCode.OK, lift);
        }
        Assert.Equal(HttpStatusCode.OK, await Look(caseId, north.Officer, north.Name));
        Assert.Contains(caseId, await Listed("mine=true", north.Officer, north.Name));

        var looks = await WhoLooked(leader, caseId);
        Assert.Contains((north.Officer, "Case in the officer API", "Refused"), looks);
        Assert.Contains((north.Officer, "Case in the officer API", "Yes"), looks);
        var chronology = (await App.Case(caseId, north.Officer)).Chronology().Select(e => e.Type).ToList();
        Assert.Contains("case-restricted.v1", chronology);
        Assert.Contains("restriction-lifted.v1", chronology);
    }

    public static TheoryData<object, string> BadRestrictions => new()
    {
        { new { reason = "Staff member's relative." }, "staffIds" },
        { new { staffIds = Array.Empty<string>(), reason = "Staff member's relative." }, "staffIds" },
        { new { staffIds = Enumerable.Range(1, 21).Select(i => $"officer-{i}").ToArray(), reason = "Staff member's relative." }, "staffIds" },
        { new { staffIds = new[] { "kim", "not a staff id" }, reason = "Staff member's relative." }, "staffIds" },
        { new { staffIds = new[] { "kim" } }, "reason" },
        { new { staffIds = new[] { "kim" }, reason = new string('x', 501) }, "reason" },
    };

    [Theory]
    [MemberData(nameof(BadRestrictions))]
    public async Task A_restriction_names_up_to_twenty_staff_ids_and_says_why(object body, string field)
    {
        var north = Team.New("north");
        var caseId = await CaseTakenBy(north);

        using var response = await App.Send(HttpMethod.Post, $"/api/cases/{caseId}/restriction", body, user: north.Leader, role: "team-leader", team: north.Name);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"The problem names {field}.");
    }
}
