namespace HateCase.Inbound.Tests;

public sealed class InboundMailOptionsTests
{
    [Fact]
    public void Missing_settings_are_named_by_their_full_key()
    {
        var problems = new InboundMailOptions { NotificationUrl = "http://not-https.example/x", ClientState = "short" }.Problems();

        Assert.Contains(problems, p => p.StartsWith("Inbound:Mailbox", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Inbound:NotificationUrl", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Inbound:ClientState", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lifetime_over_graphs_limit_for_messages_is_a_problem()
    {
        var options = new InboundMailOptions
        {
            Mailbox = "asb@landlord.example",
            NotificationUrl = "https://hatecase.landlord.example/api/inbound-mail/notifications",
            ClientState = "a-secret-of-enough-length-1234",
        };

        Assert.Empty(options.Problems());
        options.SubscriptionLifetime = TimeSpan.FromMinutes(10_081);
        Assert.Single(options.Problems());
    }
}
