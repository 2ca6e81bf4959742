using HateCase.Inbound.Email;
using HateCase.Inbound.Graph;

namespace HateCase.Inbound.Tests.Graph;

public sealed class CatchUpTests
{
    private static List<RecordedRequest> DeltaRequests(GraphTestContext graph) =>
        graph.Server.Requests.Where(r => r.Method == "GET" && r.Path.Contains("/messages/delta", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_missed_notification_is_recovered_by_the_delta_catch_up()
    {
        await using var graph = new GraphTestContext();
        var inbound = graph.Inbound();
        // The email arrives, but its notification never does.
        var missed = graph.Server.Deliver(new FakeMessage { Body = "<p>Someone spat at me in the lift because I am Muslim.</p>" });

        await inbound.Maintain(CancellationToken.None);
        var handled = await graph.DrainQueue(inbound);

        Assert.Equal(1, handled);
        var report = Assert.Single(graph.Sink.Reports);
        Assert.Equal("Someone spat at me in the lift because I am Muslim.", report.Report.Report.Description);
        Assert.True(report.Report.PossibleHate);
        Assert.Equal(MessageKey.For(missed.InternetMessageId), report.Key);
        Assert.Single(graph.Server.InFolder("Processed"));
        Assert.Empty(graph.Server.InFolder("Inbox"));

        // The next round starts from the stored delta link and finds only what is new.
        var next = graph.Server.Deliver(new FakeMessage { Body = "<p>And again today.</p>" });
        await inbound.Maintain(CancellationToken.None);
        Assert.Equal([new InboundWork.ProcessMessage(next.Id)], await graph.QueuedWork());
        Assert.Contains("$deltatoken", DeltaRequests(graph).Last().Query.Keys);
    }

    [Fact]
    public async Task A_notification_and_a_catch_up_for_the_same_email_open_one_case()
    {
        await using var graph = new GraphTestContext();
        var inbound = graph.Inbound();
        var message = graph.Server.Deliver(new FakeMessage());
        var notification = $$$"""{"value":[{"subscriptionId":"s1","clientState":"{{{graph.Options.ClientState}}}","changeType":"created","resource":"Users/x/Messages/{{{message.Id}}}","resourceData":{"@odata.type":"#Microsoft.Graph.Message","id":"{{{message.Id}}}"}}]}""";

        await inbound.ReceiveNotification(null, notification, CancellationToken.None);
        await inbound.CatchUp(CancellationToken.None);
        await inbound.ReceiveNotification(null, notification, CancellationToken.None);
        await graph.DrainQueue(inbound);

        Assert.Single(graph.Sink.Reports);
        Assert.Single(graph.Server.InFolder("Processed"));
    }

    [Fact]
    public async Task The_catch_up_follows_every_next_link_and_resumes_from_the_delta_link_after_a_restart()
    {
        await using var graph = new GraphTestContext(o => o.DeltaPageSize = 2);
        var first = Enumerable.Range(0, 5).Select(_ => graph.Server.Deliver(new FakeMessage())).ToList();
        var found = new List<MailboxItem>();

        var result = await graph.Reader().CatchUp((item, _) => { found.Add(item); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(first.Select(m => m.Id), found.Select(f => f.MessageId));
        Assert.Equal(first.Select(m => m.InternetMessageId), found.Select(f => f.InternetMessageId));
        Assert.Equal(new CatchUpResult(3, 5, StartedOver: true), result);
        var requests = DeltaRequests(graph);
        Assert.Equal("/v1.0/users/asb@landlord.example/mailFolders/inbox/messages/delta()", requests[0].Path);
        Assert.Equal(3, requests.Count);
        Assert.Equal("id,internetMessageId,receivedDateTime", requests[0].Query["$select"]);
        Assert.Equal("created", requests[0].Query["changeType"]);
        Assert.Equal("receivedDateTime ge 2025-12-22T09:00:00Z", requests[0].Query["$filter"]);
        Assert.All(requests, r => Assert.Equal("odata.maxpagesize=2", r.Headers["Prefer"]));
        Assert.All(requests.Skip(1), r => Assert.Equal(["$skiptoken"], r.Query.Keys));

        // A new process, the same stored state.
        var later = graph.Server.Deliver(new FakeMessage());
        found.Clear();
        var resumed = await graph.Reader().CatchUp((item, _) => { found.Add(item); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal([later.Id], found.Select(f => f.MessageId));
        Assert.False(resumed.StartedOver);
        Assert.Equal(["$deltatoken"], DeltaRequests(graph).Last().Query.Keys);
    }

    [Fact]
    public async Task A_first_catch_up_does_not_reach_back_past_its_window()
    {
        await using var graph = new GraphTestContext();
        graph.Server.Deliver(new FakeMessage { ReceivedAt = graph.Clock.GetUtcNow().AddDays(-30) });
        var recent = graph.Server.Deliver(new FakeMessage { ReceivedAt = graph.Clock.GetUtcNow().AddHours(-1) });
        var found = new List<string>();

        await graph.Reader().CatchUp((item, _) => { found.Add(item.MessageId); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal([recent.Id], found);
    }

    [Fact]
    public async Task A_delta_link_graph_no_longer_knows_starts_the_catch_up_over()
    {
        await using var graph = new GraphTestContext();
        var reader = graph.Reader();
        await reader.CatchUp((_, _) => Task.CompletedTask, CancellationToken.None);
        var waiting = graph.Server.Deliver(new FakeMessage());
        graph.Server.DeltaTokensExpired = true;
        var found = new List<string>();

        var result = await reader.CatchUp((item, _) => { found.Add(item.MessageId); return Task.CompletedTask; }, CancellationToken.None);

        Assert.True(result.StartedOver);
        Assert.Equal([waiting.Id], found);
    }

    [Fact]
    public async Task Messages_that_left_the_inbox_are_not_handed_on()
    {
        await using var graph = new GraphTestContext();
        graph.Server.ReportRemovals = true;
        var reader = graph.Reader();
        var message = graph.Server.Deliver(new FakeMessage());
        await reader.CatchUp((_, _) => Task.CompletedTask, CancellationToken.None);
        await reader.MoveTo(message.Id, MailboxFolder.Processed, CancellationToken.None);
        var found = new List<string>();

        var result = await reader.CatchUp((item, _) => { found.Add(item.MessageId); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Empty(found);
        Assert.Equal(0, result.Messages);
    }

    [Fact]
    public async Task The_delta_link_is_kept_only_after_every_page_was_handed_on()
    {
        await using var graph = new GraphTestContext(o => o.DeltaPageSize = 1);
        graph.Server.Deliver(new FakeMessage());
        graph.Server.Deliver(new FakeMessage());
        var calls = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => graph.Reader().CatchUp(
            (_, _) => ++calls == 2 ? throw new TimeoutException() : Task.CompletedTask, CancellationToken.None));

        Assert.Null(await ((IDeltaTokenStore)graph.State).Get(GraphTestContext.Mailbox, CancellationToken.None));
        var again = new List<string>();
        await graph.Reader().CatchUp((item, _) => { again.Add(item.MessageId); return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal(2, again.Count);
    }
}
