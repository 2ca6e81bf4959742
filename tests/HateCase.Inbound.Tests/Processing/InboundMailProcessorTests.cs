using System.Text;
using HateCase.Inbound.Email;
using HateCase.Inbound.Tests.Support;
using HateCase.Runtime.InMemory;
using HateCase.Testing;

namespace HateCase.Inbound.Tests.Processing;

public sealed class InboundMailProcessorTests
{
    private readonly InMemoryTableStore tables = new();
    private readonly InMemoryBlobStore blobs = new();
    private readonly RecordingCaseSink sink = new();
    private readonly ManualClock clock = new();
    private readonly ProcessedMessages processed;

    public InboundMailProcessorTests()
    {
        processed = new ProcessedMessages(tables, "InboundProcessed");
        processed.EnsureTable(CancellationToken.None).GetAwaiter().GetResult();
    }

    private InboundMailProcessor Processor(IMailbox mailbox) =>
        new(mailbox, processed, Copies(mailbox), blobs, sink, TriagePolicy.Default, clock);

    private MailboxCopies Copies(IMailbox mailbox)
    {
        var copies = new MailboxCopies(tables, "InboundCopies", mailbox);
        copies.EnsureTable(CancellationToken.None).GetAwaiter().GetResult();
        return copies;
    }

    [Fact]
    public async Task A_message_delivered_by_notification_catch_up_and_retry_is_processed_once()
    {
        var mailbox = new InMemoryMailbox { KeepMovedMessages = true };
        var email = mailbox.Deliver(Emails.Text("They keep kicking my door."));
        var processor = Processor(mailbox);

        var first = await processor.Process(email.GraphMessageId!, CancellationToken.None);
        var second = await processor.Process(email.GraphMessageId!, CancellationToken.None);
        var third = await processor.Process(email.GraphMessageId!, CancellationToken.None);

        Assert.Equal(ProcessingStatus.Processed, first.Status);
        Assert.Equal(ProcessingStatus.AlreadyProcessed, second.Status);
        Assert.Equal(ProcessingStatus.AlreadyProcessed, third.Status);
        Assert.Single(sink.Reports);
        Assert.Equal(first.CaseId, third.CaseId);
        Assert.All(mailbox.Moves, m => Assert.Equal(MailboxFolder.Processed, m.Folder));
    }

    [Fact]
    public async Task Two_copies_of_one_email_open_one_case()
    {
        var mailbox = new InMemoryMailbox();
        var original = mailbox.Deliver(Emails.Text("They keep kicking my door."));
        var copy = mailbox.Deliver(original with { GraphMessageId = "AAMk-copy", InternetMessageId = " " + original.InternetMessageId + " " });
        var processor = Processor(mailbox);

        await Task.WhenAll(
            processor.Process(original.GraphMessageId!, CancellationToken.None),
            processor.Process(copy.GraphMessageId!, CancellationToken.None));

        Assert.Equal(1, sink.CasesOpened);
        Assert.Equal(2, mailbox.Moves.Count);
    }

    [Fact]
    public async Task A_message_gone_from_the_mailbox_is_nothing_to_do()
    {
        var result = await Processor(new InMemoryMailbox()).Process("AAMk-missing", CancellationToken.None);

        Assert.Equal(ProcessingStatus.MessageGone, result.Status);
        Assert.Empty(sink.Reports);
    }

    [Fact]
    public async Task A_failure_before_recording_repeats_the_act_harmlessly_and_loses_nothing()
    {
        var mailbox = new InMemoryMailbox();
        var email = mailbox.Deliver(Emails.Text("Broken glass outside my door."));
        sink.FailuresToInject = 1;
        var processor = Processor(mailbox);

        await Assert.ThrowsAsync<TimeoutException>(() => processor.Process(email.GraphMessageId!, CancellationToken.None));
        Assert.Null(await processed.Find(MessageKey.For(email.InternetMessageId), CancellationToken.None));
        Assert.Empty(mailbox.Moves);

        var retried = await processor.Process(email.GraphMessageId!, CancellationToken.None);

        Assert.Equal(ProcessingStatus.Processed, retried.Status);
        Assert.Equal(1, sink.CasesOpened);
    }

    [Fact]
    public async Task Evidence_is_stored_under_the_message_key_with_safe_names()
    {
        var mailbox = new InMemoryMailbox();
        var longText = string.Concat(Enumerable.Repeat("They shout at night. ", 500));
        var email = mailbox.Deliver(Emails.Text(longText + "\n\nOn Mon, 5 Jan 2026, Sam <s@example.org> wrote:\n> earlier")
            .WithAttachments(
                Emails.File("../../étage photo?.jpg", Files.Jpeg()),
                Emails.File("virus.exe", Files.WindowsProgram())));

        await Processor(mailbox).Process(email.GraphMessageId!, CancellationToken.None);

        var key = MessageKey.For(email.InternetMessageId);
        var report = Assert.Single(sink.Reports);
        Assert.Equal(
            [$"{key}/1-email-text.txt", $"{key}/2-earlier-messages.txt", $"{key}/3-etage-photo.jpg"],
            report.Evidence.Select(e => e.BlobName));
        Assert.Equal(["evidence"], report.Evidence.Select(e => e.Container).Distinct());
        Assert.Equal(await blobs.List("evidence", key + "/", CancellationToken.None), report.Evidence.Select(e => e.BlobName));
        var fullText = await blobs.Get("evidence", $"{key}/1-email-text.txt", CancellationToken.None);
        Assert.Equal(longText.Trim(), Encoding.UTF8.GetString(fullText!.Content.Span));
        var photo = await blobs.Get("evidence", $"{key}/3-etage-photo.jpg", CancellationToken.None);
        Assert.Equal("image/jpeg", photo!.ContentType);
        Assert.Equal("virus.exe", Assert.Single(report.Report.RejectedAttachments).FileName);
    }

    [Fact]
    public async Task A_reply_naming_a_known_case_is_recorded_on_it()
    {
        var mailbox = new InMemoryMailbox();
        var email = mailbox.Deliver(Emails.Text("It happened again.", subject: "Re: Your report HC-2026-000123: update"));

        var result = await Processor(mailbox).Process(email.GraphMessageId!, CancellationToken.None);

        Assert.Equal(nameof(TriageOutcome.ReplyToCase), result.Outcome);
        Assert.Equal("It happened again.", Assert.Single(sink.Replies).Reply.Text);
        Assert.Empty(sink.Reports);
    }

    [Fact]
    public async Task A_reply_naming_a_case_we_do_not_hold_opens_a_new_case()
    {
        var mailbox = new InMemoryMailbox();
        var email = mailbox.Deliver(Emails.Text("It happened again.", subject: "Re: Your report HC-2026-000999: update"));

        var result = await Processor(mailbox).Process(email.GraphMessageId!, CancellationToken.None);

        Assert.Equal(nameof(TriageOutcome.NewReport), result.Outcome);
        Assert.Equal("It happened again.", Assert.Single(sink.Reports).Report.Report.Description);
        var record = await processed.Find(MessageKey.For(email.InternetMessageId), CancellationToken.None);
        Assert.Equal("the reply named no case we hold; read as a new report", record!.Reason);
    }

    [Fact]
    public async Task Automatic_mail_is_never_answered_and_is_filed_as_processed()
    {
        var mailbox = new InMemoryMailbox();
        var email = mailbox.Deliver(Emails.Text("I am on leave.", subject: "Automatic reply: Your report HC-2026-000123"));

        var result = await Processor(mailbox).Process(email.GraphMessageId!, CancellationToken.None);

        Assert.Equal(nameof(TriageOutcome.Ignore), result.Outcome);
        Assert.Empty(sink.Reports);
        Assert.Empty(sink.Replies);
        Assert.Equal((email.GraphMessageId!, MailboxFolder.Processed), Assert.Single(mailbox.Moves));
    }

    [Fact]
    public async Task A_bounce_of_our_message_is_recorded_as_undeliverable()
    {
        var mailbox = new InMemoryMailbox();
        var email = mailbox.Deliver(Emails.Text("Delivery failed.", subject: "Undeliverable: Your report", from: "postmaster@mx.example.org")
            .WithHeaders(("References", "<case-1234.4.0@hatecase.landlord.example>")));

        await Processor(mailbox).Process(email.GraphMessageId!, CancellationToken.None);

        Assert.Equal("case-1234.4.0", Assert.Single(sink.Undeliverable).OutboxKey);
    }

    [Fact]
    public async Task Rejected_mail_is_recorded_with_its_reason_and_filed_for_staff()
    {
        var mailbox = new InMemoryMailbox();
        var email = mailbox.Deliver(Emails.Text("   ", from: "broken address"));

        var result = await Processor(mailbox).Process(email.GraphMessageId!, CancellationToken.None);

        Assert.Equal(nameof(TriageOutcome.Reject), result.Outcome);
        Assert.Equal((email.GraphMessageId!, MailboxFolder.Rejected), Assert.Single(mailbox.Moves));
        var record = await processed.Find(MessageKey.For(email.InternetMessageId), CancellationToken.None);
        Assert.Equal("the sender's address is missing or malformed", record!.Reason);
        Assert.Equal(clock.GetUtcNow(), record.ProcessedAt);
    }

    [Fact]
    public async Task The_processed_record_holds_no_personal_data()
    {
        var mailbox = new InMemoryMailbox();
        var email = mailbox.Deliver(Emails.Text("My name is Sam and I live at 4 Elm Road.", subject: "Sam at Elm Road"));

        await Processor(mailbox).Process(email.GraphMessageId!, CancellationToken.None);

        var key = MessageKey.For(email.InternetMessageId);
        var row = await tables.Get("InboundProcessed", key[..2], key, CancellationToken.None);
        Assert.DoesNotContain("Sam", row!.Body);
        Assert.DoesNotContain("Elm", row.Body);
        Assert.DoesNotContain("example.org", row.Body);
        Assert.DoesNotContain(email.InternetMessageId.Trim('<', '>'), row.Body + row.RowKey);
    }

    [Theory]
    [InlineData("photo.jpg", "photo.jpg")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    [InlineData("report.final.PDF", "report-final.pdf")]
    [InlineData("x.exe;.jpg", "x-exe.jpg")]
    [InlineData(".hidden", "file.hidden")]
    [InlineData("صورة.png", "file.png")]
    [InlineData("a\u0000b.txt", "a-b.txt")]
    public void Evidence_file_names_are_safe(string name, string expected)
    {
        Assert.Equal(expected, InboundMailProcessor.SafeFileName(name));
    }
}
