using HateCase.Inbound.Graph;
using HateCase.Runtime.Ports;

namespace HateCase.Inbound.Tests.Graph;

public sealed class GraphWebhookTests
{
    private const string Secret = "a-secret-of-enough-length-1234";
    private static readonly WebhookSecrets Secrets = new(Secret);

    private static string Notification(string messageId, string clientState = Secret, string changeType = "created", string tenant = "tenant-1") => $$$"""
        {"subscriptionId":"7f105c7d-2dc5-4530-97cd-4e7ae6534c07","subscriptionExpirationDateTime":"2026-01-08T09:00:00Z",
         "changeType":"{{{changeType}}}","resource":"Users/u1/Messages/{{{messageId}}}","clientState":"{{{clientState}}}","tenantId":"{{{tenant}}}",
         "resourceData":{"@odata.type":"#Microsoft.Graph.Message","@odata.id":"Users/u1/Messages/{{{messageId}}}","@odata.etag":"W/\"CQAAABYAAAB\"","id":"{{{messageId}}}"}}
        """;

    private static string Lifecycle(string lifecycleEvent, string clientState = Secret) => $$$"""
        {"subscriptionId":"7f105c7d-2dc5-4530-97cd-4e7ae6534c07","subscriptionExpirationDateTime":"2026-01-08T09:00:00Z",
         "tenantId":"tenant-1","clientState":"{{{clientState}}}","lifecycleEvent":"{{{lifecycleEvent}}}"}
        """;

    private static string Batch(params string[] notifications) => $$$"""{"value":[{{{string.Join(",", notifications)}}}]}""";

    [Fact]
    public void The_validation_handshake_echoes_the_decoded_token_as_plain_text()
    {
        var decision = GraphWebhook.Decide(
            "?validationToken=Validation%3a+Testing+client+application+reachability+for+subscription+Request-Id%3a+2b1e4c0b-0c2e", null, Secrets);

        Assert.Equal(new WebhookReply(200, "text/plain", "Validation: Testing client application reachability for subscription Request-Id: 2b1e4c0b-0c2e"), decision.Reply);
        Assert.Empty(decision.Work);
    }

    [Fact]
    public void The_validation_handshake_is_answered_whatever_the_body()
    {
        var decision = GraphWebhook.Decide("validationToken=abc%2Fdef", "", Secrets);

        Assert.Equal("abc/def", decision.Reply.Body);
    }

    [Fact]
    public void Each_created_message_becomes_one_work_item_and_the_answer_is_202()
    {
        var decision = GraphWebhook.Decide(null, Batch(Notification("AAMk1"), Notification("AAMk2"), Notification("AAMk1")), Secrets);

        Assert.Equal(new WebhookReply(202, null, null), decision.Reply);
        Assert.Equal([new InboundWork.ProcessMessage("AAMk1"), new InboundWork.ProcessMessage("AAMk2")], decision.Work);
        Assert.Equal(0, decision.Refused);
    }

    [Fact]
    public void A_notification_with_the_wrong_client_state_is_answered_202_and_not_enqueued()
    {
        var decision = GraphWebhook.Decide(null, Batch(Notification("AAMk1", clientState: "guessed"), Notification("AAMk2")), Secrets);

        Assert.Equal(202, decision.Reply.StatusCode);
        Assert.Equal([new InboundWork.ProcessMessage("AAMk2")], decision.Work);
        Assert.Equal(1, decision.Refused);
    }

    [Fact]
    public void A_notification_without_a_client_state_is_refused()
    {
        var decision = GraphWebhook.Decide(null, """{"value":[{"changeType":"created","resourceData":{"id":"AAMk1"}}]}""", Secrets);

        Assert.Empty(decision.Work);
        Assert.Equal(1, decision.Refused);
    }

    [Fact]
    public void The_previous_client_state_is_accepted_while_a_rotation_completes()
    {
        var decision = GraphWebhook.Decide(null, Batch(Notification("AAMk1", clientState: "the-old-secret-value-000")), Secrets with { PreviousClientState = "the-old-secret-value-000" });

        Assert.Single(decision.Work);
    }

    [Fact]
    public void Notifications_from_another_tenant_are_refused_when_the_tenant_is_configured()
    {
        var decision = GraphWebhook.Decide(null, Batch(Notification("AAMk1", tenant: "someone-else")), Secrets with { TenantId = "tenant-1" });

        Assert.Empty(decision.Work);
    }

    [Fact]
    public void Changes_other_than_creation_are_not_work()
    {
        var decision = GraphWebhook.Decide(null, Batch(Notification("AAMk1", changeType: "updated"), Notification("AAMk2", changeType: "deleted")), Secrets);

        Assert.Empty(decision.Work);
        Assert.Equal(202, decision.Reply.StatusCode);
    }

    [Fact]
    public void The_message_id_is_read_from_the_resource_when_resource_data_is_missing()
    {
        var decision = GraphWebhook.Decide(null, $$$"""{"value":[{"clientState":"{{{Secret}}}","changeType":"created","resource":"Users('u1')/Messages('AAMk9')"}]}""", Secrets);

        Assert.Equal([new InboundWork.ProcessMessage("AAMk9")], decision.Work);
    }

    [Theory]
    [InlineData("reauthorizationRequired", "renew")]
    [InlineData("subscriptionRemoved", "recreate")]
    [InlineData("missed", "catchUp")]
    public void Lifecycle_notifications_become_their_work(string lifecycleEvent, string kind)
    {
        var decision = GraphWebhook.Decide(null, Batch(Lifecycle(lifecycleEvent)), Secrets);

        Assert.Equal(202, decision.Reply.StatusCode);
        var work = Assert.Single(decision.Work);
        Assert.Contains($"\"kind\":\"{kind}\"", work.ToMessage());
        Assert.Equal(work, InboundWork.Parse(work.ToMessage()));
    }

    [Fact]
    public void Lifecycle_notifications_with_the_wrong_client_state_are_refused()
    {
        var decision = GraphWebhook.Decide(null, Batch(Lifecycle("subscriptionRemoved", clientState: "nope")), Secrets);

        Assert.Empty(decision.Work);
        Assert.Equal(202, decision.Reply.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"value\":\"x\"}")]
    public void A_body_that_is_not_a_notification_is_a_bad_request(string? body)
    {
        Assert.Equal(400, GraphWebhook.Decide(null, body, Secrets).Reply.StatusCode);
    }

    [Fact]
    public async Task The_endpoint_enqueues_the_work_and_answers_at_once()
    {
        await using var graph = new GraphTestContext();
        var inbound = graph.Inbound();

        var reply = await inbound.ReceiveNotification(null, Batch(Notification("AAMk1"), Lifecycle("missed")), CancellationToken.None);

        Assert.Equal(202, reply.StatusCode);
        Assert.Equal([new InboundWork.ProcessMessage("AAMk1"), new InboundWork.CatchUp("missed")], await graph.QueuedWork());
        Assert.Empty(graph.Server.Requests);
    }

    [Fact]
    public async Task When_the_queue_is_down_the_endpoint_asks_graph_to_deliver_again()
    {
        await using var graph = new GraphTestContext();
        var inbound = InboundMailSetup.ForMailbox(graph.Options, Email.TriagePolicy.Default, graph.Reader(), null,
            graph.Tables, graph.Blobs, new UnavailableQueue(), graph.Sink, graph.Clock);

        var reply = await inbound.ReceiveNotification(null, Batch(Notification("AAMk1")), CancellationToken.None);

        Assert.Equal(503, reply.StatusCode);
    }

    [Fact]
    public async Task A_work_item_this_version_cannot_read_is_dropped_not_retried_forever()
    {
        await using var graph = new GraphTestContext();

        await graph.Inbound().HandleWork("{\"kind\":\"somethingNew\"}", CancellationToken.None);
        await graph.Inbound().HandleWork("garbage", CancellationToken.None);
    }

    private sealed class UnavailableQueue : IQueueStore
    {
        public Task Enqueue(string queue, string message, TimeSpan? visibilityDelay, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("down");

        public Task<IReadOnlyList<QueueMessage>> Receive(string queue, int max, TimeSpan visibility, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("down");

        public Task Delete(string queue, QueueMessage message, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("down");
    }
}
