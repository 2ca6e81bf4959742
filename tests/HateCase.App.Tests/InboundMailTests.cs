using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HateCase.App.Tests.Support;
using HateCase.Domain.Profiles;
using HateCase.Workflow;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// Ten emails to the development ASB@ mailbox, each sent over HTTP and carried the way real mail
// is (the inbound queue, triage, the case), each outcome read back over HTTP. The app has an
// inbound queue of its own, so other app processes sharing Azurite never take its mail.
[Collection(OwnAppCollection.Name)]
public sealed class InboundMailTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private sealed record Status(string Id, string Folder, string? Outcome, string? CaseId, string? Reason);

    [Fact]
    public async Task Emails_to_the_ASB_mailbox_become_cases_notes_on_cases_or_nothing_as_they_should()
    {
        var app = await StartOwnApp(azurite.ConnectionString,
            settings => settings["Inbound__QueueName"] = "inbound-" + settings["Storage__TablePrefix"].ToLowerInvariant());

        var victim = Reports.NewEmail();
        var outOfOffice = Reports.NewEmail("away");
        var mailerDaemon = $"MAILER-DAEMON@mx-{Guid.NewGuid():N}.example.org";
        var htmlSender = Reports.NewEmail("html");
        var bigSender = Reports.NewEmail("video");
        var twiceSender = Reports.NewEmail("twice");
        var hateSender = Reports.NewEmail("hate");
        var unicodeSender = Reports.NewEmail("unicode");
        const string rtlSubject = "شكوى: ضوضاء من الجيران";
        const string rtlText = "جاري يصرخ علينا كل ليلة 😡 — שלום, Zoë & Łukasz: ﷽ \u200Fمرحبا\u200F";
        var duplicate = new
        {
            from = twiceSender,
            subject = "Bins set on fire",
            text = "Someone set our bins on fire again last night.",
            headers = new Dictionary<string, string> { ["Message-ID"] = $"<twice-{Guid.NewGuid():N}@example.org>" },
        };

        // 1. A new report.
        var reportId = await app.SendToAsbMailbox(new { from = $"Sam Victim <{victim}>", subject = "Noise and threats from next door", text = "The people at number 12 play loud music all night and threatened me on the stairs." });
        // 4-10, sent before the replies, which need the case's reference.
        var awayId = await app.SendToAsbMailbox(new
        {
            from = outOfOffice, subject = "Automatic reply: I am away", text = "I am out of the office until Monday.",
            headers = new Dictionary<string, string> { ["Auto-Submitted"] = "auto-replied" },
        });
        var htmlId = await app.SendToAsbMailbox(new
        {
            from = htmlSender, subject = "Shouting at my children",
            html = "<html><body><p>The man at number 4 shouted at my children in the car park.</p><script>alert('stolen')</script>" +
                   "<img src=\"https://tracker.example.net/pixel.gif?u=42\" width=\"1\" height=\"1\"><p>Please help.</p></body></html>",
        });
        var bigFile = new byte[11 * 1024 * 1024];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bigFile, 0);
        var bigId = await app.SendToAsbMailbox(new
        {
            from = bigSender, subject = "Video of the incident", text = "I filmed them kicking my door; the video is attached.",
            attachments = new[] { new { name = "door-kicking.png", contentType = "image/png", contentBase64 = Convert.ToBase64String(bigFile) } },
        });
        var firstCopyId = await app.SendToAsbMailbox(duplicate);
        var secondCopyId = await app.SendToAsbMailbox(duplicate);
        var hateId = await app.SendToAsbMailbox(new { from = hateSender, subject = "Abuse in the stairwell", text = "They shouted racist abuse at me because of my religion and spat at my door." });
        var unicodeId = await app.SendToAsbMailbox(new { from = unicodeSender, subject = rtlSubject, text = rtlText });

        // 1. A new report opens a case by email, and the sender is sent the Victims Code.
        var report = await Processed(app, reportId, "NewReport");
        var reported = await CaseAsLeader(app, report.CaseId!);
        var received = reported.Event("report-received.v1");
        Assert.Equal("email", received.GetProperty("channel").GetString(), StringComparer.OrdinalIgnoreCase);
        var reference = received.GetProperty("reference").GetString()!;
        Assert.StartsWith("Subject: Noise and threats from next door", Description(reported), StringComparison.Ordinal);
        var acknowledgement = await app.WaitForMail("acknowledging the emailed report", m => m.IsTo(victim) && m.Subject.Contains(reference, StringComparison.Ordinal));
        VictimsCode.AssertCarriesAllSixRights(acknowledgement.Text);
        var ourMessageId = acknowledgement.Headers.First(h => h.Key.Equals("Message-ID", StringComparison.OrdinalIgnoreCase)).Value;
        await app.Command(report.CaseId!, "assignment", new { officerId = TestApp.OfficerId }, user: "leader-1", role: "team-leader");

        // 2. A reply naming the reference in its subject is correspondence on the case, and the officer is told.
        var byReference = await Processed(app, await app.SendToAsbMailbox(new { from = victim, subject = $"RE: {reference} – it happened again", text = "They were at it again at 2am.\n\n> earlier message" }), "ReplyToCase");
        Assert.Equal(report.CaseId, byReference.CaseId);
        await app.WaitForMail("telling the officer of the reply", m => m.IsTo(app.OfficerAddress) && m.Subject == $"Case {reference}: new correspondence");

        // 3. A reply naming our Message-ID in In-Reply-To (and no reference) is too.
        var byHeader = await Processed(app, await app.SendToAsbMailbox(new
        {
            from = victim, subject = "Re: your email", text = "I have found a witness.",
            headers = new Dictionary<string, string> { ["In-Reply-To"] = ourMessageId },
        }), "ReplyToCase");
        Assert.Equal(report.CaseId, byHeader.CaseId);

        // 4. An out-of-office reply opens nothing and is not answered.
        var away = await Processed(app, awayId, "Ignore");
        Assert.Null(away.CaseId);

        // 5. A bounce of our acknowledgement opens nothing, is not answered, and is recorded on the case.
        var bounce = await Processed(app, await app.SendToAsbMailbox(new
        {
            from = mailerDaemon, subject = "Undelivered Mail Returned to Sender",
            text = $"This is the mail system. Your message could not be delivered.\n\nMessage-ID: {ourMessageId}",
            headers = new Dictionary<string, string> { ["Content-Type"] = "multipart/report; report-type=delivery-status", ["Return-Path"] = "<>" },
        }), "Ignore");
        Assert.Null(bounce.CaseId);

        // 6. HTML: the words are kept, the script and the tracking image are not.
        var html = Description(await CaseAsLeader(app, (await Processed(app, htmlId, "NewReport")).CaseId!));
        Assert.Contains("shouted at my children in the car park", html, StringComparison.Ordinal);
        Assert.Contains("Please help.", html, StringComparison.Ordinal);
        foreach (var dropped in new[] { "<script", "alert", "stolen", "<img", "tracker.example.net", "pixel.gif", "<p>" })
        {
            Assert.DoesNotContain(dropped, html, StringComparison.OrdinalIgnoreCase);
        }

        // 7. An attachment over the limit is listed as not accepted, and the report still opens a case.
        var big = Description(await CaseAsLeader(app, (await Processed(app, bigId, "NewReport")).CaseId!));
        Assert.Contains("I filmed them kicking my door", big, StringComparison.Ordinal);
        Assert.Contains("Attachments not accepted: door-kicking.png", big, StringComparison.Ordinal);

        // 8. The same message delivered twice opens one case, acknowledged once.
        var first = await Processed(app, firstCopyId, "NewReport");
        var second = await Processed(app, secondCopyId, "NewReport");
        Assert.Equal(first.CaseId, second.CaseId);
        await app.WaitForMail("acknowledging the report delivered twice", m => m.IsTo(twiceSender));

        // 9. Words of hate or prejudice flag the report for the officer, who decides with the complainant.
        var hate = Description(await CaseAsLeader(app, (await Processed(app, hateId, "NewReport")).CaseId!));
        Assert.StartsWith("[Possible hate:", hate, StringComparison.Ordinal);
        Assert.Contains("\"racist\"", hate, StringComparison.Ordinal);
        Assert.Contains("They shouted racist abuse at me because of my religion", hate, StringComparison.Ordinal);

        // 10. Unicode and right-to-left text are kept exactly.
        var unicodeCase = await CaseAsLeader(app, (await Processed(app, unicodeId, "NewReport")).CaseId!);
        var unicode = Description(unicodeCase);
        Assert.Contains($"Subject: {rtlSubject}", unicode, StringComparison.Ordinal);
        Assert.Contains(rtlText, unicode, StringComparison.Ordinal);
        Assert.Equal(unicodeSender, unicodeCase.Event("report-received.v1").GetProperty("complainant").GetProperty("email").GetString());

        // Both replies are on the case, and the bounce of our acknowledgement is too.
        var replied = await WaitForCase(app, report.CaseId!, c => c.Chronology().Count(e => e.Type == "correspondence-received.v1") == 2
            && c.Chronology().Any(e => e.Type == "message-undeliverable.v1"), "both replies and the bounce recorded");
        Assert.All(replied.Chronology().Where(e => e.Type == "correspondence-received.v1"),
            e => Assert.Equal("email", e.Event.GetProperty("channel").GetString(), StringComparer.OrdinalIgnoreCase));
        Assert.Contains(replied.Chronology(), e => e.Type == "correspondence-received.v1"
            && e.Event.GetProperty("summary").GetString()!.Contains("They were at it again at 2am.", StringComparison.Ordinal));

        // Nothing answers automatic mail; the duplicate was acknowledged once; replies open no case of their own.
        var mail = await app.Mailbox(500);
        Assert.DoesNotContain(mail, m => m.IsTo(outOfOffice) || m.IsTo(mailerDaemon));
        Assert.Single(mail, m => m.IsTo(twiceSender));
        Assert.Single(mail, m => m.IsTo(victim));
    }

    [Fact]
    public async Task An_email_to_the_ASB_development_inbox_describing_racist_abuse_becomes_a_high_risk_hate_case_due_within_1_working_day()
    {
        // RBC 5: "All reports relating to a hate incident will be responded to by the ASB Service
        // within one working day"; MK 6.1: every report of hate is high priority.
        var app = await StartOwnApp(azurite.ConnectionString,
            settings => settings["Inbound__QueueName"] = "inbound-" + settings["Storage__TablePrefix"].ToLowerInvariant());
        var sender = Reports.NewEmail("abused");

        var status = await Processed(app, await app.SendToAsbMailbox(new
        {
            from = sender, subject = "Abuse on the stairs", text = "A neighbour shouted racist abuse at me on the stairs again last night.",
        }), "NewReport");

        var details = await CaseAsLeader(app, status.CaseId!);
        var summary = details.GetProperty("summary");
        Assert.Equal("high", summary.GetProperty("risk").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.True(summary.GetProperty("isHate").GetBoolean());
        var firstResponse = details.Deadline("first-response");
        var policy = CasePolicy.For(ProfileLoader.BuiltIn(TestApp.Profile));
        Assert.Equal(policy.Calendar.AddWorkingDays(firstResponse.SetAt, 1), firstResponse.DueAt);

        // The officer sees why: the triage names the words, and so does the report.
        var received = details.Event("report-received.v1");
        Assert.Contains(received.GetProperty("triageReasons").EnumerateArray(), r => r.GetString()!.Contains("\"racist\"", StringComparison.Ordinal));
        Assert.StartsWith("[Possible hate: the email uses the words \"racist\". It is handled as a hate report, high risk",
            Description(details), StringComparison.Ordinal);
        var toAssign = await app.WaitForMail("asking the team to assign the possible hate report",
            m => m.IsTo(app.CaseOfficersAddress) && m.Subject.Contains(received.GetProperty("reference").GetString()!, StringComparison.Ordinal));
        Assert.Contains("high risk, possible hate incident", toAssign.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("racist", toAssign.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_development_mailbox_refuses_email_it_cannot_take()
    {
        var app = await StartOwnApp(azurite.ConnectionString,
            settings => settings["Inbound__QueueName"] = "inbound-" + settings["Storage__TablePrefix"].ToLowerInvariant());

        using (var missing = await app.Http.PostAsync("/api/dev/inbound-mail", TestApp.Json(new { text = "no sender, no subject" })))
        {
            await Expect.ValidationProblem(missing, "from", "subject");
        }
        using var tooLarge = await app.Http.PostAsync("/api/dev/inbound-mail", TestApp.Json(new
        {
            from = Reports.NewEmail(), subject = "Huge",
            attachments = new[] { new { name = "huge.bin", contentType = "application/octet-stream", contentBase64 = Convert.ToBase64String(new byte[20 * 1024 * 1024]) } },
        }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        // The page that sends an email through the same code.
        using var page = await app.Http.GetAsync("/dev/mail/send");
        await Expect.Status(HttpStatusCode.OK, page);
        Assert.Contains("Send an email to the ASB mailbox", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // Polls what became of a sent email until it has been handled.
    private static async Task<Status> Processed(TestApp app, string id, string expectedOutcome)
    {
        var waited = Stopwatch.StartNew();
        Status? status = null;
        while (waited.Elapsed < Deadline)
        {
            status = await app.Http.GetFromJsonAsync<Status>($"/api/dev/inbound-mail/{id}", TestApp.Web);
            if (status is { Outcome: not null, Folder: not "inbox" })
            {
                Assert.True(expectedOutcome == status.Outcome, $"Email {id} became {status.Outcome} ({status.Reason}), not {expectedOutcome}.");
                return status;
            }
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"Email {id} was not handled within {Deadline.TotalSeconds:0} s: {status}");
    }

    private static async Task<JsonElement> WaitForCase(TestApp app, string caseId, Func<JsonElement, bool> done, string what)
    {
        var waited = Stopwatch.StartNew();
        JsonElement details;
        do
        {
            details = await CaseAsLeader(app, caseId);
            if (done(details))
            {
                return details;
            }
            await Task.Delay(250);
        }
        while (waited.Elapsed < Deadline);
        throw new Xunit.Sdk.XunitException($"The case never had {what}: {string.Join(", ", details.Chronology().Select(e => e.Type))}");
    }

    // The officer API, as a team leader.
    private static async Task<JsonElement> CaseAsLeader(TestApp app, string caseId)
    {
        using var response = await app.Send(HttpMethod.Get, $"/api/cases/{caseId}", user: "leader-1", role: "team-leader");
        await Expect.Status(HttpStatusCode.OK, response);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string Description(JsonElement details) =>
        details.Event("report-received.v1").GetProperty("report").GetProperty("description").GetString()!;
}
