using System.Net;
using System.Text.Json;
using HateCase.App.Tests.Support;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// UK GDPR, special-category data: what people tell us about hate and about themselves never goes
// into the logs, which are kept and read far more widely than the case file. The app runs with
// every category logging at Debug, so a line written only when someone turns logging up counts too.
[Collection(OwnAppCollection.Name)]
public sealed class PersonalDataInLogsTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    [Fact]
    public async Task A_case_from_report_to_closure_and_the_mailbox_write_nothing_personal_in_the_logs()
    {
        var app = await StartOwnApp(azurite.ConnectionString, settings =>
        {
            settings["Logging__LogLevel__Default"] = "Debug";
            settings["Logging__LogLevel__Microsoft"] = "Debug";
            settings["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug";
        });
        var mark = app.Host.Log.Mark;
        var unique = Guid.NewGuid().ToString("N")[..8];
        var victimEmail = $"philippa.{unique}@example.org";
        var personal = new Dictionary<string, string>
        {
            ["name"] = $"Philippa Marchbanks{unique}",
            ["email"] = victimEmail,
            ["phone"] = "07700 900482",
            ["address"] = $"Flat 12, Quillfeather{unique} House",
            ["description"] = $"shouted abuse about my headscarf {unique}",
            ["location"] = $"bin store behind Larkspur{unique} Court",
            ["incident"] = $"graffiti on the door again {unique}",
            ["update"] = $"spoke to the neighbour's landlord {unique}",
            ["mail sender"] = $"mail.sender.{unique}@example.net",
            ["mail text"] = $"my neighbour keeps banging on my wall {unique}",
            ["refused name"] = $"Bartholomew Refused{unique}",
        };

        var receipt = await app.Report(new Dictionary<string, object?>
        {
            ["name"] = personal["name"],
            ["email"] = victimEmail,
            ["phone"] = personal["phone"],
            ["isVictim"] = true,
            ["description"] = "A man " + personal["description"],
            ["location"] = personal["location"],
            ["hatePerceived"] = true,
            ["hateStrands"] = new[] { "religion" },
            ["aboutAddress"] = personal["address"],
        });
        // A report refused for a bad address: what was sent is not logged either.
        using (var refused = await app.PostReport(new Dictionary<string, object?>
        {
            ["name"] = personal["refused name"], ["email"] = "not an address", ["description"] = "x " + personal["description"],
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        await app.WaitForMail("with the Victims Code", m => m.IsTo(victimEmail));

        await app.Command(receipt.CaseId, "assignment", new { officerId = TestApp.OfficerId });
        await app.Command(receipt.CaseId, "contacts", new { method = "phone" });
        await app.Command(receipt.CaseId, "risk-assessments", Reports.RiskAnswers);
        await app.Command(receipt.CaseId, "incidents", new { description = personal["incident"], isHate = true });
        await app.Command(receipt.CaseId, "updates", new { text = personal["update"] });
        await app.WaitForMail("with the officer's update", m => m.IsTo(victimEmail) && m.Text.Contains(personal["update"], StringComparison.Ordinal));

        // An email to the ASB mailbox that opens a case of its own.
        using (var mail = await app.Http.PostAsync("/api/dev/inbound-mail", TestApp.Json(new
        {
            from = personal["mail sender"], subject = "Noise", text = personal["mail text"],
        })))
        {
            await Expect.Status(HttpStatusCode.Accepted, mail);
        }
        await app.WaitForMail("acknowledging the emailed report", m => m.IsTo(personal["mail sender"]));

        await app.Command(receipt.CaseId, "conversion");
        await app.Command(receipt.CaseId, "closure-request", new { reason = "behaviour-stopped" });
        await app.Command(receipt.CaseId, "closure-request/approval", user: "leader-1", role: "team-leader");
        await app.WaitForMail("inviting the victim to the survey", m => m.IsTo(victimEmail) && m.Subject.Contains("how we did", StringComparison.Ordinal));

        // An admin's subject access search and download for the victim, by every detail.
        using (var admin = await StaffSession.SignIn(app, "dpo-1", "admin"))
        {
            KeyValuePair<string, string>[] searched =
                [new("Form.Email", victimEmail), new("Form.Phone", personal["phone"]), new("Form.Name", personal["name"]), new("Form.Address", personal["address"])];
            using (var search = await admin.Submit("/subject-access", searched))
            {
                await Expect.Status(HttpStatusCode.OK, search);
                Assert.Contains(receipt.Reference, await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            using var download = await admin.SubmitTo("/subject-access", "/subject-access/download", searched);
            await Expect.Status(HttpStatusCode.OK, download);
        }

        Assert.True(app.Host.Log.Mark - mark < 5_000, "The log kept in memory holds every line written since the report.");
        var log = app.Host.Log.Since(mark, maxLines: int.MaxValue);
        Output.WriteLine($"{log.Split('\n').Length} log lines written.");
        // The log is there to be read: it has the case's id, which names no one.
        Assert.Contains(receipt.CaseId, log, StringComparison.Ordinal);
        foreach (var (what, value) in personal)
        {
            Assert.False(log.Contains(value, StringComparison.OrdinalIgnoreCase), $"The log holds the {what}.");
        }
        foreach (var part in new[] { victimEmail.Split('@')[0], "07700900482", "Quillfeather" + unique })
        {
            Assert.False(log.Contains(part, StringComparison.OrdinalIgnoreCase), $"The log holds '{part}'.");
        }
    }
}
