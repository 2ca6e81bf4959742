using HateCase.Domain.Cases;
using HateCase.Inbound.Email;
using HateCase.Inbound.Tests.Support;

namespace HateCase.Inbound.Tests.Triage;

public sealed class EmailTriageTests
{
    private static readonly TriagePolicy Policy = TriagePolicy.Default with { OwnMessageIdDomains = ["hatecase.landlord.example"] };

    private static TriageOutcome Decide(InboundEmail email) => EmailTriage.Decide(email, Policy);

    [Fact]
    public void A_resident_writing_in_becomes_a_new_report_with_the_sender_as_complainant()
    {
        var outcome = Decide(Emails.Text("The people upstairs shout and bang every night after midnight.\nIt has gone on for three weeks."));

        var report = Assert.IsType<TriageOutcome.NewReport>(outcome);
        Assert.Equal(ReportChannel.Email, report.Channel);
        Assert.Equal("The people upstairs shout and bang every night after midnight.\nIt has gone on for three weeks.", report.Report.Description);
        Assert.Equal("sam.resident@example.org", report.Complainant.Email);
        Assert.Equal("Sam Resident", report.Complainant.Name);
        Assert.Equal(ContactMethod.Email, report.Complainant.PreferredContact);
        Assert.False(report.Complainant.Anonymous);
        Assert.False(report.PossibleHate);
        Assert.False(report.Report.TreatedAsHate);
        Assert.Null(report.FullText);
    }

    [Fact]
    public void Words_suggesting_hate_make_it_a_possible_hate_report_handled_as_hate_until_the_officer_assesses_it()
    {
        // RBC 5, MK 6.1: every report of hate is high priority; the reporter's own view is asked at first contact.
        var outcome = Decide(Emails.Text("They shouted racist abuse at my children because of my religion.", subject: "Abuse at the bus stop"));

        var report = Assert.IsType<TriageOutcome.NewReport>(outcome);
        Assert.True(report.PossibleHate);
        Assert.Contains("racist", report.PossibleHateWords);
        Assert.Contains("religion", report.PossibleHateWords);
        Assert.Contains("because of my", report.PossibleHateWords);
        Assert.False(report.Report.HatePerceived);
        Assert.Empty(report.Report.HateStrands);
        Assert.Equal(report.PossibleHateWords, report.Report.PossibleHateWords);
        Assert.True(report.Report.TreatedAsHate);
    }

    [Fact]
    public void Hate_words_match_whole_words_only()
    {
        var outcome = Decide(Emails.Text("The transport van blocks the drive; the graceful neighbours complain too."));

        Assert.False(Assert.IsType<TriageOutcome.NewReport>(outcome).PossibleHate);
    }

    [Theory]
    [InlineData("Re: Your report HC-2026-000123: what happens next")]
    [InlineData("RE: RE: hc-2026-000123 update")]
    [InlineData("Fwd: [HC-2026-000123] more photos")]
    public void A_subject_naming_a_case_reference_is_a_reply_to_that_case(string subject)
    {
        var outcome = Decide(Emails.Text("It happened again last night at 11pm.\n\nOn Mon, 5 Jan 2026 at 09:00, ASB Team <asb@landlord.example> wrote:\n> Thank you for your report", subject));

        var reply = Assert.IsType<TriageOutcome.ReplyToCase>(outcome);
        Assert.Equal("HC-2026-000123", reply.Reference);
        Assert.Null(reply.CaseId);
        Assert.Equal("It happened again last night at 11pm.", reply.Text);
        Assert.Equal("It happened again last night at 11pm.", reply.Summary);
        Assert.Equal(ReportChannel.Email, reply.Channel);
    }

    [Fact]
    public void In_reply_to_one_of_our_message_ids_is_a_reply_to_the_case_it_names()
    {
        var email = Emails.Text("Thank you, Thursday afternoon is fine.", subject: "Re: Your visit")
            .WithHeaders(("In-Reply-To", "<case-3f2a9c0d4b5e6f708192a3b4c5d6e7f8.7.0@hatecase.landlord.example>"));

        var reply = Assert.IsType<TriageOutcome.ReplyToCase>(Decide(email));

        Assert.Equal("case-3f2a9c0d4b5e6f708192a3b4c5d6e7f8", reply.CaseId);
        Assert.Null(reply.Reference);
    }

    [Fact]
    public void The_newest_of_our_message_ids_in_references_names_the_case()
    {
        var email = Emails.Text("More photos attached.", subject: "Re: update")
            .WithHeaders(("references", "<abc@gmail.example> <case-aaaa.2.0@hatecase.landlord.example>\r\n <case-bbbb.9.1@hatecase.landlord.example>"));

        var reply = Assert.IsType<TriageOutcome.ReplyToCase>(Decide(email));

        Assert.Equal("case-bbbb", reply.CaseId);
    }

    [Fact]
    public void Message_ids_of_other_domains_do_not_attach_an_email_to_a_case()
    {
        var email = Emails.Text("Someone else's thread.", subject: "Re: party")
            .WithHeaders(("In-Reply-To", "<case-aaaa.2.0@elsewhere.example>"));

        Assert.IsType<TriageOutcome.NewReport>(Decide(email));
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied")]
    [InlineData("Auto-Submitted", "auto-generated")]
    [InlineData("X-Auto-Response-Suppress", "All")]
    [InlineData("Precedence", "bulk")]
    [InlineData("Precedence", "auto_reply")]
    [InlineData("Precedence", "junk")]
    [InlineData("X-Autoreply", "yes")]
    public void Out_of_office_and_other_automatic_replies_are_ignored(string header, string value)
    {
        var email = Emails.Text("I am away until Monday.", subject: "Your report HC-2026-000123").WithHeaders((header, value));

        var ignored = Assert.IsType<TriageOutcome.Ignore>(Decide(email));
        Assert.DoesNotContain("away", ignored.Reason);
    }

    [Theory]
    [InlineData("Automatic reply: Your report HC-2026-000123: what happens next")]
    [InlineData("Out of Office: noise complaint")]
    [InlineData("Undeliverable: Your report HC-2026-000123: what happens next")]
    [InlineData("Undelivered Mail Returned to Sender")]
    [InlineData("Delivery Status Notification (Failure)")]
    public void Automatic_subjects_are_ignored(string subject)
    {
        Assert.IsType<TriageOutcome.Ignore>(Decide(Emails.Text("Some text", subject)));
    }

    [Fact]
    public void A_tenant_writing_about_out_of_office_hours_is_still_read()
    {
        Assert.IsType<TriageOutcome.NewReport>(Decide(Emails.Text("Loud music every night.", subject: "Out of office hours noise from number 4")));
    }

    [Fact]
    public void Auto_submitted_no_marks_mail_a_person_wrote()
    {
        var email = Emails.Text("Loud music every night.").WithHeaders(("Auto-Submitted", "no"));

        Assert.IsType<TriageOutcome.NewReport>(Decide(email));
    }

    [Fact]
    public void A_bounce_of_our_message_is_ignored_and_names_the_message_it_bounced()
    {
        var email = Emails.Text(
                "Delivery has failed to these recipients.\n\nOriginal message headers:\nMessage-ID: <case-abcd.3.0@hatecase.landlord.example>",
                subject: "Undeliverable: Your report HC-2026-000123: what happens next",
                from: "MAILER-DAEMON@mx.example.org")
            .WithHeaders(("Content-Type", "multipart/report; report-type=delivery-status; boundary=\"x\""), ("Return-Path", "<>"));

        var ignored = Assert.IsType<TriageOutcome.Ignore>(Decide(email));
        Assert.Equal("case-abcd.3.0", ignored.BouncedOutboxKey);
    }

    [Fact]
    public void A_delivery_status_attachment_marks_a_bounce()
    {
        var email = Emails.Text("Your message could not be delivered.", subject: "Message problem")
            .WithAttachments(new InboundAttachment("details.txt", "message/delivery-status", 100, new byte[100]));

        Assert.IsType<TriageOutcome.Ignore>(Decide(email));
    }

    [Theory]
    [InlineData("noreply@service.example")]
    [InlineData("no-reply@service.example")]
    [InlineData("NoReply-alerts@service.example")]
    [InlineData("donotreply@council.example")]
    [InlineData("postmaster@mx.example.org")]
    [InlineData("mailer-daemon@mx.example.org")]
    public void Mail_from_addresses_nobody_reads_is_ignored(string from)
    {
        Assert.IsType<TriageOutcome.Ignore>(Decide(Emails.Text("Your parcel is on its way.", from: from)));
    }

    [Fact]
    public void Mail_from_our_own_address_is_ignored_so_it_cannot_loop()
    {
        var policy = Policy with { OwnAddresses = ["asb@landlord.example"] };

        Assert.IsType<TriageOutcome.Ignore>(EmailTriage.Decide(Emails.Text("Forwarded to ourselves", from: "ASB@landlord.example"), policy));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-address")]
    [InlineData("two@@example.org")]
    [InlineData("a@b@example.org")]
    [InlineData("spaces in@example.org")]
    [InlineData("someone@localhost")]
    [InlineData("someone@-bad-.example")]
    [InlineData("\"quoted\"@example.org")]
    [InlineData("someone@example.org>, other@example.org")]
    public void A_missing_or_malformed_sender_address_is_rejected(string from)
    {
        var rejected = Assert.IsType<TriageOutcome.Reject>(Decide(Emails.Text("Please help.", from: from)));

        Assert.Contains("sender", rejected.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n  ")]
    public void An_email_with_no_text_and_no_attachments_is_rejected(string text)
    {
        Assert.IsType<TriageOutcome.Reject>(Decide(Emails.Text(text)));
    }

    [Fact]
    public void An_empty_html_body_is_as_empty_as_an_empty_text_body()
    {
        Assert.IsType<TriageOutcome.Reject>(Decide(Emails.Html("<html><head><style>p{}</style></head><body><p>&nbsp;</p><img src=\"https://t.example/p.gif\" width=1 height=1></body></html>")));
    }

    [Fact]
    public void Photos_without_text_become_a_report_that_says_so()
    {
        var email = Emails.Text("", subject: "Graffiti on the door").WithAttachments(Emails.File("door.jpg", Files.Jpeg()));

        var report = Assert.IsType<TriageOutcome.NewReport>(Decide(email));

        Assert.Equal("Graffiti on the door\n\n(The email had no text. 1 file attached.)", report.Report.Description);
        Assert.Single(report.Attachments);
    }

    [Fact]
    public void A_message_over_20_MB_is_rejected_rather_than_crashed_on()
    {
        var email = Emails.Text("Video of the incident attached.")
            .WithAttachments(Emails.NotDownloaded("video.mp4", 21 * TriagePolicy.Megabyte));

        var rejected = Assert.IsType<TriageOutcome.Reject>(Decide(email));

        Assert.Equal("the message is larger than the 20 MB limit (21 MB)", rejected.Reason);
    }

    [Fact]
    public void An_attachment_over_10_MB_is_refused_and_the_report_is_still_made()
    {
        var email = Emails.Text("Video and a photo attached.")
            .WithAttachments(Emails.NotDownloaded("video.mp4", 12 * TriagePolicy.Megabyte), Emails.File("photo.jpg", Files.Jpeg()));

        var report = Assert.IsType<TriageOutcome.NewReport>(Decide(email));

        Assert.Equal("photo.jpg", Assert.Single(report.Attachments).FileName);
        var refused = Assert.Single(report.RejectedAttachments);
        Assert.Equal("video.mp4", refused.FileName);
        Assert.Equal("larger than the 10 MB limit for one file (12 MB)", refused.Reason);
    }

    [Fact]
    public void Attachments_past_the_total_limit_are_refused_in_the_order_they_were_sent()
    {
        var policy = Policy with { MaxTotalAttachmentBytes = 5000, MaxMessageBytes = 50_000 };
        var email = Emails.Text("Three photos.")
            .WithAttachments(Emails.File("1.jpg", Files.Jpeg(2000)), Emails.File("2.jpg", Files.Jpeg(2000)), Emails.File("3.jpg", Files.Jpeg(2000)));

        var report = Assert.IsType<TriageOutcome.NewReport>(EmailTriage.Decide(email, policy));

        Assert.Equal(["1.jpg", "2.jpg"], report.Attachments.Select(a => a.FileName));
        Assert.Equal("over the 5 KB limit for all files together", Assert.Single(report.RejectedAttachments).Reason);
    }

    [Fact]
    public void A_file_is_judged_by_its_bytes_not_by_its_name_or_declared_type()
    {
        var email = Emails.Text("Photos attached.").WithAttachments(
            Emails.File("holiday.jpg", Files.WindowsProgram(), "image/jpeg"),
            Emails.File("notes.txt", Files.Jpeg(), "text/plain"),
            Emails.File("invoice.pdf", Files.HtmlPage(), "application/pdf"));

        var report = Assert.IsType<TriageOutcome.NewReport>(Decide(email));

        var accepted = Assert.Single(report.Attachments);
        Assert.Equal(("notes.txt", "image/jpeg"), (accepted.FileName, accepted.ContentType));
        Assert.Equal("a program or script, which we never open", report.RejectedAttachments.Single(r => r.FileName == "holiday.jpg").Reason);
        Assert.Equal("a type of file we do not accept (text/html)", report.RejectedAttachments.Single(r => r.FileName == "invoice.pdf").Reason);
    }

    [Fact]
    public void Office_documents_are_accepted_but_never_with_macros()
    {
        var email = Emails.Text("Diary and log attached.").WithAttachments(
            Emails.File("diary.docx", Files.Docx()),
            Emails.File("log.xlsx", Files.Xlsx()),
            Emails.File("diary2.docx", Files.MacroDocument()),
            Emails.File("bundle.zip", Files.OtherZip()));

        var report = Assert.IsType<TriageOutcome.NewReport>(Decide(email));

        Assert.Equal(["diary.docx", "log.xlsx"], report.Attachments.Select(a => a.FileName));
        Assert.Equal("an Office file with macros, which we never open", report.RejectedAttachments.Single(r => r.FileName == "diary2.docx").Reason);
        Assert.Contains("application/zip", report.RejectedAttachments.Single(r => r.FileName == "bundle.zip").Reason);
    }

    [Fact]
    public void A_linked_file_or_attached_email_is_listed_as_not_kept()
    {
        var email = Emails.Text("See the attached email.").WithAttachments(new InboundAttachment("Fwd: noise", "message/rfc822", 3000, null));

        var report = Assert.IsType<TriageOutcome.NewReport>(Decide(email));

        Assert.Equal("not a file we can keep (a linked file or an attached email)", Assert.Single(report.RejectedAttachments).Reason);
    }

    [Fact]
    public void Unicode_and_right_to_left_text_arrive_exactly_as_sent()
    {
        const string text = "جيراننا يصرخون كل ليلة.\u200F שכנים צועקים בלילה. Zoë’s café — naïve 👩🏽‍🦱 e\u0301\nمرحبا (123) עברית";
        var fromText = Assert.IsType<TriageOutcome.NewReport>(Decide(Emails.Text(text, subject: "ضوضاء")));
        var fromHtml = Assert.IsType<TriageOutcome.NewReport>(Decide(Emails.Html(
            "<html><body><div dir=\"rtl\">جيراننا يصرخون كل ليلة.&rlm; שכנים צועקים בלילה. Zoë&rsquo;s café &mdash; naïve 👩🏽‍🦱 e&#x301;</div><div dir=\"rtl\">مرحبا (123) עברית</div></body></html>")));

        Assert.Equal(text, fromText.Report.Description);
        Assert.Equal(text, fromHtml.Report.Description);
        Assert.Equal("ضوضاء", fromText.Subject);
    }

    [Fact]
    public void A_huge_quoted_thread_is_trimmed_only_in_the_quoted_history()
    {
        var newText = string.Join('\n', Enumerable.Range(1, 150).Select(i => $"Line {i} of what happened tonight, in full detail."));
        var thread = string.Join('\n', Enumerable.Range(1, 5000).Select(i => $"> earlier message line {i}"));
        var email = Emails.Text($"{newText}\n\nOn Mon, 5 Jan 2026 at 09:00, Sam <sam.resident@example.org> wrote:\n{thread}");

        var report = Assert.IsType<TriageOutcome.NewReport>(Decide(email));

        Assert.Equal(newText, report.Report.Description);
        Assert.NotNull(report.QuotedHistory);
        Assert.True(report.QuotedHistory.Length <= Policy.MaxQuotedHistoryChars + 100);
        Assert.StartsWith("On Mon, 5 Jan 2026", report.QuotedHistory);
        Assert.Matches(@"\[Earlier messages trimmed: [\d,]+ more characters not shown\.\]$", report.QuotedHistory);
    }

    [Fact]
    public void New_text_over_the_description_limit_is_kept_whole_as_evidence_and_the_description_says_so()
    {
        var longText = string.Concat(Enumerable.Range(1, 900).Select(i => $"Incident {i}: loud banging. "));
        var report = Assert.IsType<TriageOutcome.NewReport>(Decide(Emails.Text(longText.Trim())));

        Assert.True(report.Report.Description.Length <= 8_000);
        Assert.Contains($"The full text ({longText.Trim().Length:N0} characters) is kept with the case as the evidence file \"email-text.txt\"", report.Report.Description);
        Assert.NotNull(report.FullText);
        Assert.Equal(longText.Trim(), report.FullText.Text);
        Assert.StartsWith("Incident 1: loud banging.", report.Report.Description);
    }

    [Fact]
    public void Cutting_a_long_description_never_splits_an_emoji()
    {
        var policy = Policy with { MaxDescriptionChars = 300 };
        var text = string.Concat(Enumerable.Repeat("😡", 400));

        var report = Assert.IsType<TriageOutcome.NewReport>(EmailTriage.Decide(Emails.Text(text), policy));

        Assert.DoesNotContain('\uFFFD', report.Report.Description);
        Assert.False(char.IsHighSurrogate(report.Report.Description.Split(" …")[0][^1]));
        Assert.Equal(text, report.FullText!.Text);
    }

    [Fact]
    public void A_forwarded_report_keeps_the_forwarded_words_in_the_description()
    {
        var email = Emails.Text(
            "Please see below from my neighbour.\n\n---------- Forwarded message ---------\nFrom: Alex <alex@example.net>\nDate: Sun, 4 Jan 2026\nSubject: noise\nTo: Sam\n\nThey threatened me on the stairs.",
            subject: "Fwd: noise");

        var report = Assert.IsType<TriageOutcome.NewReport>(Decide(email));

        Assert.StartsWith("Please see below from my neighbour.", report.Report.Description);
        Assert.Contains("They threatened me on the stairs.", report.Report.Description);
        Assert.Null(report.QuotedHistory);
    }

    [Fact]
    public void Html_with_script_and_a_tracking_pixel_becomes_a_safe_description()
    {
        var email = Emails.Html("""
            <html><head><title>x</title><style>.a{color:red}</style><script>steal()</script></head>
            <body>
              <p>Someone wrote on our door again.</p>
              <script>document.write('evil')</script>
              <span style="display:none">preheader text</span>
              <p>Photos: <a href="https://photos.example.net/album/1">my album</a></p>
              <img src="https://track.example.com/open.gif?u=123" width="1" height="1" alt="">
              <img src="https://cdn.example.com/logo.png" alt="Company logo">
            </body></html>
            """);

        var report = Assert.IsType<TriageOutcome.NewReport>(Decide(email));

        Assert.Equal("Someone wrote on our door again.\n\nPhotos: my album (https://photos.example.net/album/1)\n\n[image: Company logo]", report.Report.Description);
    }

    [Fact]
    public void A_reply_with_nothing_new_is_rejected()
    {
        var email = Emails.Text("> quoted only\n> nothing new", subject: "Re: Your report HC-2026-000123: update");

        Assert.IsType<TriageOutcome.Reject>(Decide(email));
    }

    [Fact]
    public void A_reply_is_read_as_a_new_report_when_asked()
    {
        var email = Emails.Text("It happened again.", subject: "Re: Your report HC-2026-000999: update");

        var report = Assert.IsType<TriageOutcome.NewReport>(EmailTriage.AsNewReport(email, Policy));

        Assert.Equal("It happened again.", report.Report.Description);
    }

    [Fact]
    public void Triage_is_the_same_every_time()
    {
        var email = Emails.Text("Same words.").WithAttachments(Emails.File("a.png", Files.Png()));

        var first = Assert.IsType<TriageOutcome.NewReport>(Decide(email));
        var second = Assert.IsType<TriageOutcome.NewReport>(Decide(email));

        Assert.Equal(first.Report, second.Report);
        Assert.Equal(first.Complainant, second.Complainant);
    }
}
