using System.Net;
using HateCase.App.Tests.Support;
using HateCase.Domain.Profiles;
using HateCase.Testing;
using HateCase.Workflow;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// Erasure on request (UK GDPR Art. 17) through the API: an admin erases the complainant of an open
// case with a reason; the case shows nothing of theirs, a subject access search no longer finds
// them, the case goes on, and the measures stay. Others are refused, and so is a held case.
[Collection(OwnAppCollection.Name)]
public sealed class ErasureTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    private static readonly string[] WhatTheReportSaid = ["Amira Khan", "racist abuse", "Stairwell, block B"];

    private static async Task<string> Measures(TestApp app, DateOnly from, DateOnly to)
    {
        using var response = await app.Send(HttpMethod.Get, $"/api/measures?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", user: "leader-1", role: "team-leader");
        await Expect.Status(HttpStatusCode.OK, response);
        var figures = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(figures.Remove("asOf"));
        return figures.ToJsonString();
    }

    private static async Task<string> SubjectAccessPage(StaffSession admin, string email)
    {
        using var response = await admin.Submit("/subject-access", [new("Form.Email", email)]);
        await Expect.Status(HttpStatusCode.OK, response);
        return (await StaffSession.Read(response)).Body!.TextContent;
    }

    [Fact]
    public async Task An_admin_erases_the_complainant_of_an_open_case_with_a_reason_and_nothing_of_theirs_is_left_to_read()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var calendar = CasePolicy.For(ProfileLoader.BuiltIn(TestApp.Profile)).Calendar;
        var victim = Reports.NewEmail("erased");
        var receipt = await app.Report(Reports.Hate(victim, Reports.NewAddress()));
        await app.WaitForMail("with the Victims Code", m => m.IsTo(victim));
        await app.Command(receipt.CaseId, "assignment", new { officerId = TestApp.OfficerId });
        await app.Command(receipt.CaseId, "contacts", new { method = "phone" });
        var today = calendar.LocalDate(app.ClockNow);
        var measuresBefore = await Measures(app, today.AddDays(-7), today.AddDays(7));
        var erasure = new { person = "complainant", reason = "Asked by letter of 3 March." };

        // Only an admin may erase; a bad request is refused with what is wrong.
        using (var byOfficer = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/erasures", erasure))
        {
            await Expect.Problem(HttpStatusCode.Forbidden, byOfficer);
        }
        using (var byLeader = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/erasures", erasure, user: "leader-1", role: "team-leader"))
        {
            await Expect.Problem(HttpStatusCode.Forbidden, byLeader);
        }
        using (var noReason = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/erasures", new { person = "complainant", reason = " " }, user: "dpo-1", role: "admin"))
        {
            await Expect.Problem(HttpStatusCode.BadRequest, noReason);
        }
        using (var unknown = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/erasures", new { person = "related-report:nobody", reason = "Asked." }, user: "dpo-1", role: "admin"))
        {
            await Expect.Problem(HttpStatusCode.Conflict, unknown);
        }
        using (var noCase = await app.Send(HttpMethod.Post, "/api/cases/case-none/erasures", erasure, user: "dpo-1", role: "admin"))
        {
            await Expect.Problem(HttpStatusCode.NotFound, noCase);
        }

        using (var erased = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/erasures", erasure, user: "dpo-1", role: "admin"))
        {
            await Expect.Status(HttpStatusCode.OK, erased);
        }

        var details = await app.Case(receipt.CaseId);
        var text = details.GetRawText();
        Assert.DoesNotContain(victim, text, StringComparison.OrdinalIgnoreCase);
        Assert.All(WhatTheReportSaid, word => Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("personal-data-erased.v1", details.Chronology().Select(e => e.Type));
        Assert.Contains("Asked by letter of 3 March.", text, StringComparison.Ordinal);
        using (var admin = await StaffSession.SignIn(app, "dpo-1", "admin"))
        {
            Assert.DoesNotContain(receipt.Reference, await SubjectAccessPage(admin, victim), StringComparison.Ordinal);
        }
        Assert.Equal(measuresBefore, await Measures(app, today.AddDays(-7), today.AddDays(7)));

        // The case goes on under its restarted orchestration: an officer's command is recorded.
        Assert.Contains("risk-assessed.v1", await app.Command(receipt.CaseId, "risk-assessments", Reports.RiskAnswers));
        Assert.Contains("enquiry-converted.v1", await app.Command(receipt.CaseId, "conversion"));
        // Asked again, it is already done.
        using (var again = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/erasures", erasure, user: "dpo-1", role: "admin"))
        {
            await Expect.Status(HttpStatusCode.OK, again);
            Assert.Contains("\"alreadyErased\":true", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_case_under_legal_hold_is_not_erased()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var victim = Reports.NewEmail("held");
        var receipt = await app.Report(Reports.Hate(victim, Reports.NewAddress()));
        await app.WaitForMail("with the Victims Code", m => m.IsTo(victim));
        Assert.Contains("legal-hold-placed.v1", await app.Command(receipt.CaseId, "legal-hold",
            new { reason = "legal-action", details = "Possession claim in the county court." }, user: "leader-1", role: "team-leader"));

        using var refused = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/erasures",
            new { person = "complainant", reason = "Asked by letter." }, user: "dpo-1", role: "admin");

        await Expect.Problem(HttpStatusCode.Conflict, refused);
        Assert.Contains("Art. 17(3)(e)", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(victim, (await app.Case(receipt.CaseId)).GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Erasing_the_complainant_of_an_emailed_report_deletes_the_files_it_brought_and_the_mailboxs_copies_of_their_emails()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var sender = Reports.NewEmail("emailed");
        var photo = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4 };
        var reportMail = await app.SendToAsbMailbox(new
        {
            from = $"Ana Example <{sender}>", subject = "Abuse on the stairs",
            text = "They shouted racist abuse at me on the stairs; my photo of them is attached.",
            attachments = new[] { new { name = "stairs.png", contentType = "image/png", contentBase64 = Convert.ToBase64String(photo) } },
        });
        var caseId = await app.CaseOfAsbMail(reportMail);
        var details = await app.Case(caseId);
        var reference = details.GetProperty("summary").GetProperty("reference").GetString();
        var replyMail = await app.SendToAsbMailbox(new { from = sender, subject = $"Re: Your report {reference}", text = "They were there again last night." });
        Assert.Equal(caseId, await app.CaseOfAsbMail(replyMail));
        // Someone else's email, on a case of its own, is theirs to keep.
        var otherMail = await app.SendToAsbMailbox(new { from = Reports.NewEmail("other"), subject = "Noise", text = "Loud music every night from the flat above." });
        await app.CaseOfAsbMail(otherMail);
        var description = details.Event("report-received.v1").GetProperty("report").GetProperty("description").GetString();
        var files = HateCase.App.Inbound.ReportDescription.EvidenceNamedIn(description);
        var evidence = new global::Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(HateCase.Inbound.Email.InboundMailProcessor.EvidenceContainer);
        Assert.NotEmpty(files);
        Assert.All(files, name => Assert.True(evidence.GetBlobClient(name).Exists().Value, $"{name} was kept with the report."));

        using (var erased = await app.Send(HttpMethod.Post, $"/api/cases/{caseId}/erasures",
            new { person = "complainant", reason = "Asked by email." }, user: "dpo-1", role: "admin"))
        {
            await Expect.Status(HttpStatusCode.OK, erased);
        }

        Assert.All(files, name => Assert.False(evidence.GetBlobClient(name).Exists().Value, $"{name} is still kept."));
        Assert.DoesNotContain(sender, (await app.Case(caseId)).GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Null(await app.AsbMailboxMessage(reportMail));
        Assert.Null(await app.AsbMailboxMessage(replyMail));
        Assert.NotNull(await app.AsbMailboxMessage(otherMail));
    }

    [Fact]
    public async Task An_erasure_a_stop_left_before_its_command_reached_the_case_is_raised_again_and_a_refused_one_frees_the_case()
    {
        var app = await StartOwnApp(azurite.ConnectionString);
        var victim = Reports.NewEmail("stopped");
        var toErase = await app.Report(Reports.Hate(victim, Reports.NewAddress()));
        var held = await app.Report(Reports.Hate(Reports.NewEmail("held"), Reports.NewAddress()));
        await app.WaitForMail("with the Victims Code", m => m.IsTo(victim));
        Assert.Contains("legal-hold-placed.v1", await app.Command(held.CaseId, "legal-hold",
            new { reason = "ombudsman-complaint", details = "Complaint to the Housing Ombudsman." }, user: "leader-1", role: "team-leader"));
        var tables = new global::Azure.Data.Tables.TableServiceClient(azurite.ConnectionString);
        var blobs = new global::Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString);
        var store = new HateCase.Storage.CaseProjectionStore(tables, blobs, new HateCase.Storage.CaseProjectionOptions { Prefix = "t" + app.RunId });
        var eraser = new HateCase.Storage.CaseEraser(store, new HateCase.Storage.PersonIndex(tables, blobs, store.Options));
        var command = new HateCase.Domain.Cases.CaseCommand.ErasePersonalData("complainant", "Asked by phone.", "dpo-1");

        // The app stopped just after listing the erasures, before raising their commands: the
        // cases refuse other commands while they are listed, and a listing this recent is left to
        // the request that made it.
        await eraser.Begin(toErase.CaseId, command, DateTimeOffset.UtcNow, CancellationToken.None);
        await eraser.Begin(held.CaseId, command, DateTimeOffset.UtcNow, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        using (var refused = await app.Send(HttpMethod.Post, $"/api/cases/{toErase.CaseId}/assignment", new { officerId = TestApp.OfficerId }))
        {
            await Expect.Problem(HttpStatusCode.Conflict, refused);
        }

        // Listed long enough ago, the next sweep raises the command again: the one case erases
        // the complainant, the held one refuses, and both take commands again.
        var longAgo = DateTimeOffset.UtcNow - HateCase.App.Retention.ErasureService.LeftToTheRequest - TimeSpan.FromMinutes(1);
        await eraser.Begin(toErase.CaseId, command, longAgo, CancellationToken.None);
        await eraser.Begin(held.CaseId, command, longAgo, CancellationToken.None);
        var erased = await app.CaseWhen(toErase.CaseId, c => c.Chronology().Any(e => e.Type == "personal-data-erased.v1"), "the complainant erased");
        Assert.DoesNotContain(victim, erased.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await eraser.InProgress(toErase.CaseId, CancellationToken.None) || await eraser.InProgress(held.CaseId, CancellationToken.None))
        {
            Assert.True(DateTime.UtcNow < deadline, "An erasure is still listed.");
            await Task.Delay(200);
        }
        Assert.Contains("officer-assigned.v1", await app.Command(toErase.CaseId, "assignment", new { officerId = TestApp.OfficerId }));
        Assert.Contains("officer-assigned.v1", await app.Command(held.CaseId, "assignment", new { officerId = TestApp.OfficerId }));
        Assert.DoesNotContain("personal-data-erased.v1", (await app.Case(held.CaseId)).Chronology().Select(e => e.Type));
    }
}
