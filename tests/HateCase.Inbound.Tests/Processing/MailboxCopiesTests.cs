using HateCase.Inbound.Email;
using HateCase.Inbound.Tests.Support;
using HateCase.Runtime.InMemory;
using HateCase.Testing;

namespace HateCase.Inbound.Tests.Processing;

// The mailbox keeps its own copy of every email a case was made from. When the case's personal
// data goes, those copies must go too: each is noted against its case as it is processed.
public sealed class MailboxCopiesTests
{
    private readonly InMemoryTableStore tables = new();
    private readonly InMemoryBlobStore blobs = new();
    private readonly RecordingCaseSink sink = new();
    private readonly ManualClock clock = new();
    private readonly InMemoryMailbox mailbox = new() { KeepMovedMessages = true };
    private readonly ProcessedMessages processed;
    private readonly MailboxCopies copies;

    public MailboxCopiesTests()
    {
        processed = new ProcessedMessages(tables, "InboundProcessed");
        processed.EnsureTable(CancellationToken.None).GetAwaiter().GetResult();
        copies = new MailboxCopies(tables, "InboundCopies", mailbox);
        copies.EnsureTable(CancellationToken.None).GetAwaiter().GetResult();
    }

    private InboundMailProcessor Processor => new(mailbox, processed, copies, blobs, sink, TriagePolicy.Default, clock);

    [Fact]
    public async Task An_emailed_report_and_a_reply_to_its_case_are_noted_against_the_case()
    {
        var report = mailbox.Deliver(Emails.Text("They shouted abuse at my door."));
        var reply = mailbox.Deliver(Emails.Text("It happened again.", subject: "Re: Your report HC-2026-000123: update"));

        var opened = await Processor.Process(report.GraphMessageId!, CancellationToken.None);
        var replied = await Processor.Process(reply.GraphMessageId!, CancellationToken.None);

        Assert.Equal([(MessageKey.For(report.InternetMessageId), report.GraphMessageId!)], await copies.Of(opened.CaseId!, null, CancellationToken.None));
        Assert.Equal([(MessageKey.For(reply.InternetMessageId), reply.GraphMessageId!)], await copies.Of(replied.CaseId!, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_second_copy_of_an_email_is_the_same_cases_and_a_repeat_notes_nothing_new()
    {
        var original = mailbox.Deliver(Emails.Text("They shouted abuse at my door."));
        var copy = mailbox.Deliver(original with { GraphMessageId = "AAMk-second-copy" });

        var first = await Processor.Process(original.GraphMessageId!, CancellationToken.None);
        await Processor.Process(copy.GraphMessageId!, CancellationToken.None);
        await Processor.Process(original.GraphMessageId!, CancellationToken.None);

        var noted = await copies.Of(first.CaseId!, null, CancellationToken.None);
        Assert.Equal(new[] { original.GraphMessageId!, "AAMk-second-copy" }.Order(StringComparer.Ordinal), noted.Select(c => c.MailboxMessageId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Mail_that_made_no_case_is_not_noted()
    {
        var rejected = mailbox.Deliver(Emails.Text("   ", from: "broken address"));
        var automatic = mailbox.Deliver(Emails.Text("I am on leave.", subject: "Automatic reply: Your report HC-2026-000123"));

        await Processor.Process(rejected.GraphMessageId!, CancellationToken.None);
        await Processor.Process(automatic.GraphMessageId!, CancellationToken.None);

        var rows = await tables.QueryPartitionRange("InboundCopies", "", "~", 1000, null, CancellationToken.None);
        Assert.Empty(rows.Rows);
    }

    [Fact]
    public async Task Removing_a_cases_copies_deletes_each_from_the_mailbox_once_and_forgets_them()
    {
        var report = mailbox.Deliver(Emails.Text("They shouted abuse at my door."));
        var caseId = (await Processor.Process(report.GraphMessageId!, CancellationToken.None)).CaseId!;
        await copies.Record(caseId, "0123456789abcdef0123", "AAMk-reply-copy", CancellationToken.None);

        var removed = await copies.Remove(caseId, null, CancellationToken.None);
        var again = await copies.Remove(caseId, null, CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal(0, again);
        Assert.Equal(new[] { report.GraphMessageId!, "AAMk-reply-copy" }.Order(StringComparer.Ordinal), mailbox.Deleted.Order(StringComparer.Ordinal));
        Assert.Null(await mailbox.Fetch(report.GraphMessageId!, CancellationToken.None));
        Assert.Empty(await copies.Of(caseId, null, CancellationToken.None));
    }

    [Fact]
    public async Task Removing_one_persons_copies_leaves_everyone_elses()
    {
        await copies.Record("case-1", "key-of-the-complainants-email", "AAMk-complainant", CancellationToken.None);
        await copies.Record("case-1", "key-of-a-witnesss-email", "AAMk-witness", CancellationToken.None);
        await copies.Record("case-2", "key-of-the-complainants-email", "AAMk-other-case", CancellationToken.None);

        await copies.Remove("case-1", ["key-of-a-witnesss-email"], CancellationToken.None);

        Assert.Equal(["AAMk-witness"], mailbox.Deleted);
        Assert.Equal(["AAMk-complainant"], (await copies.Of("case-1", null, CancellationToken.None)).Select(c => c.MailboxMessageId));
        Assert.Single(await copies.Of("case-2", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_stop_while_deleting_leaves_the_copies_listed_and_the_next_run_finishes()
    {
        var failing = new FailingMailbox(mailbox, failAfter: 1);
        var interrupted = new MailboxCopies(tables, "InboundCopies", failing);
        await copies.Record("case-1", "key-1", "AAMk-one", CancellationToken.None);
        await copies.Record("case-1", "key-2", "AAMk-two", CancellationToken.None);

        await Assert.ThrowsAsync<TimeoutException>(() => interrupted.Remove("case-1", null, CancellationToken.None));
        Assert.Single(await copies.Of("case-1", null, CancellationToken.None));
        Assert.Equal(1, await copies.Remove("case-1", null, CancellationToken.None));

        Assert.Equal(["AAMk-one", "AAMk-two"], mailbox.Deleted.Order(StringComparer.Ordinal));
        Assert.Empty(await copies.Of("case-1", null, CancellationToken.None));
    }

    // Deletes through the mailbox until it has done `failAfter`, then fails as a network would.
    private sealed class FailingMailbox(IMailbox inner, int failAfter) : IMailbox
    {
        private int deletes;

        public Task<InboundEmail?> Fetch(string messageId, CancellationToken cancellationToken) => inner.Fetch(messageId, cancellationToken);

        public Task MoveTo(string messageId, MailboxFolder folder, CancellationToken cancellationToken) => inner.MoveTo(messageId, folder, cancellationToken);

        public Task<CatchUpResult> CatchUp(Func<MailboxItem, CancellationToken, Task> onMessage, CancellationToken cancellationToken) =>
            inner.CatchUp(onMessage, cancellationToken);

        public Task<int> ListProcessed(Func<MailboxItem, CancellationToken, Task> onMessage, CancellationToken cancellationToken) =>
            inner.ListProcessed(onMessage, cancellationToken);

        public Task Delete(string messageId, CancellationToken cancellationToken) =>
            ++deletes > failAfter ? throw new TimeoutException("The mailbox did not answer.") : inner.Delete(messageId, cancellationToken);
    }
}
