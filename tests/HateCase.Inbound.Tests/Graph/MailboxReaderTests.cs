using System.Diagnostics;
using HateCase.Inbound.Email;
using HateCase.Inbound.Tests.Support;

namespace HateCase.Inbound.Tests.Graph;

public sealed class MailboxReaderTests
{
    private const string MessagePath = "/v1.0/users/asb@landlord.example/messages/";

    [Fact]
    public async Task Fetching_a_message_reads_its_headers_body_and_file_attachments()
    {
        await using var graph = new GraphTestContext();
        var photo = new FakeAttachment("door.jpg", "image/jpeg", Files.Jpeg());
        var video = new FakeAttachment("video.mp4", "video/mp4", Files.Mp4()) { Size = 12 * TriagePolicy.Megabyte };
        var attachedEmail = new FakeAttachment("Fwd: noise", "message/rfc822", [], "#microsoft.graph.itemAttachment") { Size = 4000 };
        var message = graph.Server.Deliver(new FakeMessage
        {
            Subject = "Re: Your report HC-2026-000123: what happens next",
            Body = "<html><body><p>It happened again &amp; again.</p><script>x()</script></body></html>",
            Headers = [("In-Reply-To", "<case-abc.2.0@hatecase.landlord.example>"), ("X-Custom", "one"), ("x-custom", "two")],
            Attachments = [photo, video, attachedEmail],
        });

        var email = await graph.Reader().Fetch(message.Id, CancellationToken.None);

        Assert.NotNull(email);
        Assert.Equal(message.InternetMessageId, email.InternetMessageId);
        // The id that stays the message's when it is moved to Processed, so it can be deleted later.
        Assert.Equal(message.ImmutableId, email.GraphMessageId);
        Assert.Equal(new MailboxAddress("Sam Resident", "sam.resident@example.org"), email.From);
        Assert.Equal("asb@landlord.example", Assert.Single(email.To).Address);
        Assert.Equal(message.Subject, email.Subject);
        Assert.Equal("<case-abc.2.0@hatecase.landlord.example>", email.Header("in-reply-to"));
        Assert.Equal("one\ntwo", email.Header("X-CUSTOM"));
        Assert.Equal(message.Body, email.HtmlBody);
        Assert.Null(email.TextBody);
        Assert.Equal(message.ReceivedAt, email.ReceivedAt);
        Assert.Equal(Files.Jpeg(), email.Attachments[0].Content!.Value.ToArray());
        Assert.Equal((12 * TriagePolicy.Megabyte, (ReadOnlyMemory<byte>?)null), (email.Attachments[1].Size, email.Attachments[1].Content));
        Assert.Null(email.Attachments[2].Content);

        // What the real service receives.
        var get = Assert.Single(graph.Server.RequestsTo("GET", MessagePath + message.Id));
        Assert.Equal(
            ["id", "internetMessageId", "subject", "from", "sender", "toRecipients", "receivedDateTime", "internetMessageHeaders", "body"],
            get.Query["$select"].Split(','));
        Assert.Equal("IdType=\"ImmutableId\"", get.Headers["Prefer"]);
        var list = Assert.Single(graph.Server.RequestsTo("GET", message.Id + "/attachments"));
        Assert.Equal("id,name,contentType,size,isInline", list.Query["$select"]);
        Assert.Single(graph.Server.RequestsTo("GET", $"/attachments/{photo.Id}"));
        Assert.Empty(graph.Server.RequestsTo("GET", $"/attachments/{video.Id}"));
        Assert.Empty(graph.Server.RequestsTo("GET", $"/attachments/{attachedEmail.Id}"));
        Assert.All(graph.Server.Requests, r => Assert.Equal("Bearer fake-graph-token", r.Authorization));
        Assert.All(graph.Credential.ScopesAskedFor, s => Assert.Equal("https://graph.microsoft.com/.default", s));

        var reply = Assert.IsType<TriageOutcome.ReplyToCase>(EmailTriage.Decide(email, TriagePolicy.Default));
        Assert.Equal("case-abc", reply.CaseId);
        Assert.Equal("It happened again & again.", reply.Text);
        Assert.Equal("door.jpg", Assert.Single(reply.Attachments).FileName);
        Assert.Equal(["video.mp4", "Fwd: noise"], reply.RejectedAttachments.Select(r => r.FileName));
    }

    [Fact]
    public async Task A_plain_text_message_is_read_as_text()
    {
        await using var graph = new GraphTestContext();
        var message = graph.Server.Deliver(new FakeMessage { BodyType = "text", Body = "Plain words.\r\n" });

        var email = await graph.Reader().Fetch(message.Id, CancellationToken.None);

        Assert.Equal("Plain words.\r\n", email!.TextBody);
        Assert.Null(email.HtmlBody);
    }

    [Fact]
    public async Task A_message_no_longer_in_the_mailbox_reads_as_gone()
    {
        await using var graph = new GraphTestContext();

        Assert.Null(await graph.Reader().Fetch("AAMkNoSuchMessage", CancellationToken.None));
    }

    [Fact]
    public async Task Moving_makes_each_folder_once_and_moves_the_message_into_it()
    {
        await using var graph = new GraphTestContext();
        graph.Server.Folders["AAMkRejectedId"] = "Rejected";
        var first = graph.Server.Deliver(new FakeMessage());
        var second = graph.Server.Deliver(new FakeMessage());
        var third = graph.Server.Deliver(new FakeMessage());
        var (firstId, thirdId) = (first.Id, third.Id);
        var reader = graph.Reader();

        await reader.MoveTo(first.Id, MailboxFolder.Processed, CancellationToken.None);
        await reader.MoveTo(second.Id, MailboxFolder.Processed, CancellationToken.None);
        await reader.MoveTo(third.Id, MailboxFolder.Rejected, CancellationToken.None);

        Assert.Equal(2, graph.Server.InFolder("Processed").Count);
        Assert.Single(graph.Server.InFolder("Rejected"));
        var lookups = graph.Server.RequestsTo("GET", "/v1.0/users/asb@landlord.example/mailFolders").ToList();
        Assert.Equal(["displayName eq 'Processed'", "displayName eq 'Rejected'"], lookups.Select(r => r.Query["$filter"]));
        var created = Assert.Single(graph.Server.RequestsTo("POST", "/v1.0/users/asb@landlord.example/mailFolders"));
        Assert.Equal("Processed", created.Json!["displayName"]!.GetValue<string>());
        var processedId = graph.Server.Folders.Single(f => f.Value == "Processed").Key;
        var move = Assert.Single(graph.Server.RequestsTo("POST", $"{MessagePath}{firstId}/move"));
        Assert.Equal(processedId, move.Property("destinationId"));
        Assert.Equal("AAMkRejectedId", graph.Server.RequestsTo("POST", $"{MessagePath}{thirdId}/move").Single().Property("destinationId"));
    }

    [Fact]
    public async Task Moving_a_message_already_moved_is_not_an_error()
    {
        await using var graph = new GraphTestContext();

        await graph.Reader().MoveTo("AAMkAlreadyGone", MailboxFolder.Processed, CancellationToken.None);
    }

    [Fact]
    public async Task A_processed_email_is_deleted_for_good_from_the_processed_folder_by_the_id_it_kept_through_the_move()
    {
        await using var graph = new GraphTestContext();
        var message = graph.Server.Deliver(new FakeMessage { Body = "<p>They shouted abuse at my door.</p>" });
        var announcedId = message.Id;
        var inbound = graph.Inbound();
        await inbound.HandleWork(new InboundWork.ProcessMessage(announcedId).ToMessage(), CancellationToken.None);
        var caseId = "case-" + Assert.Single(graph.Sink.Reports).Key[..16];
        Assert.NotEqual(announcedId, Assert.Single(graph.Server.InFolder("Processed")).Id);

        var removed = await inbound.Copies.Remove(caseId, null, CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Empty(graph.Server.Messages);
        Assert.Equal(message.ImmutableId, Assert.Single(graph.Server.Purged).ImmutableId);
        // What the real service receives: the permanentDelete action, no body, not a DELETE
        // (which would leave the email in Deleted Items).
        var delete = Assert.Single(graph.Server.RequestsTo("POST", $"{MessagePath}{message.ImmutableId}/permanentDelete"));
        Assert.Equal("", delete.Body);
        Assert.Equal("Bearer fake-graph-token", delete.Authorization);
        Assert.DoesNotContain(graph.Server.Requests, r => r.Method == "DELETE");

        // Gone already (staff deleted it, or a run stopped after deleting it): not an error.
        await graph.Reader().Delete(message.ImmutableId, CancellationToken.None);
        Assert.Equal(0, await inbound.Copies.Remove(caseId, null, CancellationToken.None));
    }

    [Fact]
    public async Task Emails_processed_before_copies_were_noted_are_found_in_the_processed_folder_once_and_noted_against_their_cases()
    {
        await using var graph = new GraphTestContext(o => o.DeltaPageSize = 2);
        var processedFolder = "AAMkProcessedId";
        graph.Server.Folders[processedFolder] = "Processed";
        var processed = new ProcessedMessages(graph.Tables, graph.Options.ProcessedTable);
        var filed = Enumerable.Range(0, 3).Select(_ => graph.Server.Deliver(new FakeMessage())).ToList();
        var ignored = graph.Server.Deliver(new FakeMessage());
        foreach (var message in filed.Append(ignored))
        {
            message.FolderId = processedFolder;
        }
        // Two became cases (the second a reply to the first's case); the automatic reply made none.
        await processed.TryRecord(MessageKey.For(filed[0].InternetMessageId), new ProcessedMessage("NewReport", "case-a", null, graph.Clock.GetUtcNow()), CancellationToken.None);
        await processed.TryRecord(MessageKey.For(filed[1].InternetMessageId), new ProcessedMessage("ReplyToCase", "case-a", null, graph.Clock.GetUtcNow()), CancellationToken.None);
        await processed.TryRecord(MessageKey.For(filed[2].InternetMessageId), new ProcessedMessage("NewReport", "case-b", null, graph.Clock.GetUtcNow()), CancellationToken.None);
        await processed.TryRecord(MessageKey.For(ignored.InternetMessageId), new ProcessedMessage("Ignore", null, "automatic reply", graph.Clock.GetUtcNow()), CancellationToken.None);
        var inbound = graph.Inbound();

        Assert.True(await inbound.NoteEarlierCopies(CancellationToken.None));
        var requests = graph.Server.Requests.Count;
        Assert.False(await inbound.NoteEarlierCopies(CancellationToken.None));

        Assert.Equal(new[] { filed[0].ImmutableId, filed[1].ImmutableId }.Order(StringComparer.Ordinal),
            (await inbound.Copies.Of("case-a", null, CancellationToken.None)).Select(c => c.MailboxMessageId).Order(StringComparer.Ordinal));
        Assert.Equal([filed[2].ImmutableId], (await inbound.Copies.Of("case-b", null, CancellationToken.None)).Select(c => c.MailboxMessageId));
        // Listed a page at a time, by immutable id, naming only the fields it needs.
        var pages = graph.Server.RequestsTo("GET", $"/mailFolders/{processedFolder}/messages").ToList();
        Assert.Equal(2, pages.Count);
        Assert.All(pages, page => Assert.Equal("IdType=\"ImmutableId\"", page.Headers["Prefer"]));
        Assert.Equal("id,internetMessageId", pages[0].Query["$select"]);
        Assert.Equal(requests, graph.Server.Requests.Count);
    }

    [Fact]
    public async Task Without_a_processed_folder_there_is_nothing_to_list()
    {
        await using var graph = new GraphTestContext();

        Assert.Equal(0, await graph.Reader().ListProcessed((_, _) => throw new InvalidOperationException("Nothing to list."), CancellationToken.None));
        Assert.Empty(graph.Server.RequestsTo("POST", "/mailFolders"));
    }

    [Fact]
    public async Task A_throttled_request_is_sent_again_after_the_wait_graph_asks_for()
    {
        await using var graph = new GraphTestContext();
        var message = graph.Server.Deliver(new FakeMessage());
        graph.Server.ThrottleNext(1, retryAfterSeconds: "1");
        var timer = Stopwatch.StartNew();

        var email = await graph.Reader().Fetch(message.Id, CancellationToken.None);

        Assert.NotNull(email);
        Assert.True(timer.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {timer.Elapsed}");
        var attempts = graph.Server.RequestsTo("GET", MessagePath + message.Id).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("1", attempts[1].Headers["Retry-Attempt"]);
        Assert.Equal("Bearer fake-graph-token", attempts[1].Authorization);
    }

    [Fact]
    public async Task Throttling_that_does_not_end_stops_after_the_retry_limit()
    {
        await using var graph = new GraphTestContext(o => o.MaxRetries = 2);
        var message = graph.Server.Deliver(new FakeMessage());
        graph.Server.ThrottleNext(50, retryAfterSeconds: "0");

        await Assert.ThrowsAnyAsync<Exception>(() => graph.Reader().Fetch(message.Id, CancellationToken.None));

        Assert.Equal(3, graph.Server.RequestsTo("GET", MessagePath + message.Id).Count());
    }

    [Fact]
    public async Task A_wait_longer_than_allowed_is_not_waited_for()
    {
        await using var graph = new GraphTestContext(o => o.MaxRetryWait = TimeSpan.FromSeconds(30));
        var message = graph.Server.Deliver(new FakeMessage());
        graph.Server.ThrottleNext(1, retryAfterSeconds: "600");
        var timer = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<Exception>(() => graph.Reader().Fetch(message.Id, CancellationToken.None));

        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Single(graph.Server.RequestsTo("GET", MessagePath + message.Id));
    }
}
