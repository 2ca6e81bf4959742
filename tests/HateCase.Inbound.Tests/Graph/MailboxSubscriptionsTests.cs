using System.Globalization;
using HateCase.Inbound.Graph;

namespace HateCase.Inbound.Tests.Graph;

public sealed class MailboxSubscriptionsTests
{
    private static DateTimeOffset Expiry(RecordedRequest request) =>
        DateTimeOffset.Parse(request.Json!["expirationDateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_missing_subscription_is_created_for_new_messages_in_the_inbox()
    {
        await using var graph = new GraphTestContext();

        var record = await graph.Subscriptions().Ensure(CancellationToken.None);

        var create = Assert.Single(graph.Server.RequestsTo("POST", "/v1.0/subscriptions"));
        var body = create.Json!.AsObject();
        Assert.Equal("created", body["changeType"]!.GetValue<string>());
        Assert.Equal("users/asb@landlord.example/mailFolders('inbox')/messages", body["resource"]!.GetValue<string>());
        Assert.Equal("https://hatecase.landlord.example/api/inbound-mail/notifications", body["notificationUrl"]!.GetValue<string>());
        Assert.Equal("https://hatecase.landlord.example/api/inbound-mail/lifecycle", body["lifecycleNotificationUrl"]!.GetValue<string>());
        Assert.Equal("a-secret-of-enough-length-1234", body["clientState"]!.GetValue<string>());
        Assert.Equal("v1_2", body["latestSupportedTlsVersion"]!.GetValue<string>());
        Assert.Equal(graph.Clock.GetUtcNow().AddDays(3), Expiry(create));
        Assert.Equal("Bearer fake-graph-token", create.Authorization);
        Assert.Equal(record.Id, Assert.Single(graph.Server.Subscriptions.Keys));
        Assert.Equal(record, await ((ISubscriptionRecordStore)graph.State).Get(GraphTestContext.Mailbox, CancellationToken.None));
    }

    [Fact]
    public async Task A_subscription_with_plenty_of_time_left_is_left_alone()
    {
        await using var graph = new GraphTestContext();
        var subscriptions = graph.Subscriptions();

        await subscriptions.Ensure(CancellationToken.None);
        graph.Clock.Advance(TimeSpan.FromDays(1));
        await subscriptions.Ensure(CancellationToken.None);

        Assert.Single(graph.Server.RequestsTo("POST", "/v1.0/subscriptions"));
        Assert.DoesNotContain(graph.Server.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task A_subscription_with_under_24_hours_left_is_renewed()
    {
        await using var graph = new GraphTestContext();
        var subscriptions = graph.Subscriptions();
        var created = await subscriptions.Ensure(CancellationToken.None);

        graph.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(1));
        var renewed = await subscriptions.Ensure(CancellationToken.None);

        var patch = Assert.Single(graph.Server.RequestsTo("PATCH", $"/v1.0/subscriptions/{created.Id}"));
        Assert.Equal(["expirationDateTime"], patch.Json!.AsObject().Select(p => p.Key));
        Assert.Equal(graph.Clock.GetUtcNow().AddDays(3), Expiry(patch));
        Assert.Equal(created.Id, renewed.Id);
        Assert.Equal(graph.Clock.GetUtcNow().AddDays(3), renewed.ExpiresAt);
        Assert.Single(graph.Server.RequestsTo("POST", "/v1.0/subscriptions"));
    }

    [Fact]
    public async Task A_subscription_graph_no_longer_has_is_created_again()
    {
        await using var graph = new GraphTestContext();
        var subscriptions = graph.Subscriptions();
        var created = await subscriptions.Ensure(CancellationToken.None);
        graph.Server.Subscriptions.Clear();

        graph.Clock.Advance(TimeSpan.FromDays(2.5));
        var replacement = await subscriptions.Ensure(CancellationToken.None);

        Assert.Single(graph.Server.RequestsTo("PATCH", $"/v1.0/subscriptions/{created.Id}"));
        Assert.Equal(2, graph.Server.RequestsTo("POST", "/v1.0/subscriptions").Count());
        Assert.NotEqual(created.Id, replacement.Id);
    }

    [Fact]
    public async Task An_expired_subscription_is_replaced_without_renewing_it()
    {
        await using var graph = new GraphTestContext();
        var subscriptions = graph.Subscriptions();
        await subscriptions.Ensure(CancellationToken.None);

        graph.Clock.Advance(TimeSpan.FromDays(4));
        await subscriptions.Ensure(CancellationToken.None);

        Assert.DoesNotContain(graph.Server.Requests, r => r.Method == "PATCH");
        Assert.Equal(2, graph.Server.RequestsTo("POST", "/v1.0/subscriptions").Count());
    }

    [Fact]
    public async Task New_notification_addresses_replace_the_subscription_because_graph_cannot_change_them()
    {
        await using var graph = new GraphTestContext();
        var first = await graph.Subscriptions().Ensure(CancellationToken.None);

        graph.Options.LifecycleNotificationUrl = "https://hatecase.landlord.example/api/inbound-mail/lifecycle-v2";
        var second = await graph.Subscriptions().Ensure(CancellationToken.None);

        Assert.Single(graph.Server.RequestsTo("DELETE", $"/v1.0/subscriptions/{first.Id}"));
        Assert.Equal("https://hatecase.landlord.example/api/inbound-mail/lifecycle-v2", second.LifecycleNotificationUrl);
        Assert.Equal(second.Id, Assert.Single(graph.Server.Subscriptions.Keys));
    }

    [Fact]
    public async Task The_lifetime_asked_for_stays_inside_graphs_limit_for_messages()
    {
        await using var graph = new GraphTestContext(o => o.SubscriptionLifetime = TimeSpan.FromDays(10));

        var record = await graph.Subscriptions().Ensure(CancellationToken.None);

        Assert.True(record.ExpiresAt <= graph.Clock.GetUtcNow().AddMinutes(10_080));
        Assert.True(record.ExpiresAt > graph.Clock.GetUtcNow().AddDays(6.9));
    }

    [Fact]
    public async Task Reauthorization_required_renews_the_subscription()
    {
        await using var graph = new GraphTestContext();
        var inbound = graph.Inbound();
        var created = await graph.Subscriptions().Ensure(CancellationToken.None);

        await inbound.HandleWork(new InboundWork.RenewSubscription(created.Id).ToMessage(), CancellationToken.None);

        Assert.Single(graph.Server.RequestsTo("PATCH", $"/v1.0/subscriptions/{created.Id}"));
    }

    [Fact]
    public async Task A_removed_subscription_is_created_again_and_the_inbox_caught_up()
    {
        await using var graph = new GraphTestContext();
        var inbound = graph.Inbound();
        var created = await graph.Subscriptions().Ensure(CancellationToken.None);
        graph.Server.Subscriptions.Clear();
        var arrivedMeanwhile = graph.Server.Deliver(new FakeMessage());

        await inbound.HandleWork(new InboundWork.RecreateSubscription(created.Id).ToMessage(), CancellationToken.None);

        Assert.Equal(2, graph.Server.RequestsTo("POST", "/v1.0/subscriptions").Count());
        Assert.Single(graph.Server.Subscriptions);
        Assert.Equal([new InboundWork.ProcessMessage(arrivedMeanwhile.Id)], await graph.QueuedWork());
    }
}
