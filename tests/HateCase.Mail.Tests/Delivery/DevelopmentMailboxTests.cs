using HateCase.Azure.Storage;
using HateCase.Domain.Cases;
using HateCase.Mail.Delivery;
using HateCase.Mail.Tests.Support;
using HateCase.Runtime.Cases;
using HateCase.Runtime.InMemory;
using HateCase.Runtime.Ports;
using HateCase.Testing;

namespace HateCase.Mail.Tests.Delivery;

public abstract class DevelopmentMailboxContract
{
    private const string From = "casework@development.invalid";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly ManualClock clock = new(TestMessages.CreatedAt);

    protected abstract IBlobStore Blobs { get; }

    private DevelopmentMailbox Mailbox() => new(Blobs, TestMessages.Landlord, From, clock);

    // Each test has its own case id, so tests sharing one storage account do not see each other's keys.
    private static OutboxItem Item(MessageTemplate template, string key) => TestMessages.Item(template, key: key);

    private static string NewKey() => $"c-{Guid.NewGuid():N}.1.0";

    [Fact]
    public async Task A_message_is_stored_as_mime_and_read_back_with_its_parts_and_headers()
    {
        var mailbox = Mailbox();
        var item = Item(MessageTemplate.Acknowledgement, NewKey());
        var rendered = TestMessages.Render(item);

        Assert.IsType<SendOutcome.Sent>(await mailbox.Send(TestMessages.Mail(item), None));

        var stored = (await mailbox.List(500, None)).Single(m => m.Headers.GetValueOrDefault("X-Outbox-Key") == item.Key);
        Assert.Equal(rendered.Subject, stored.Subject);
        Assert.Equal([TestMessages.ComplainantEmail], stored.To);
        Assert.Contains(From, stored.From);
        Assert.Contains(TestMessages.Landlord.Name, stored.From);
        Assert.Equal(clock.GetUtcNow(), stored.Date);
        Assert.Equal(rendered.Text.TrimEnd(), stored.Text.TrimEnd());
        Assert.Equal(rendered.Html.TrimEnd(), stored.Html.TrimEnd());
        Assert.Equal($"<{item.Key}@development.invalid>", stored.Headers["Message-ID"]);
        Assert.Equal("auto-generated", stored.Headers["Auto-Submitted"]);
        var again = await mailbox.Get(stored.Id, None);
        Assert.NotNull(again);
        Assert.Equal((stored.Subject, stored.Text, stored.Html, stored.Date), (again.Subject, again.Text, again.Html, again.Date));
    }

    [Fact]
    public async Task Messages_are_listed_newest_first()
    {
        var mailbox = Mailbox();
        var keys = new List<string>();
        foreach (var template in new[] { MessageTemplate.Acknowledgement, MessageTemplate.Update, MessageTemplate.CaseClosed })
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            var key = NewKey();
            keys.Add(key);
            await mailbox.Send(TestMessages.Mail(Item(template, key)), None);
        }

        var listed = (await mailbox.List(500, None))
            .Select(m => m.Headers.GetValueOrDefault("X-Outbox-Key"))
            .Where(k => k is not null && keys.Contains(k))
            .ToList();

        Assert.Equal(Enumerable.Reverse(keys), listed);
    }

    [Fact]
    public async Task The_same_outbox_key_sent_twice_is_stored_once()
    {
        var mailbox = Mailbox();
        var item = Item(MessageTemplate.SurveyInvitation, NewKey());

        Assert.IsType<SendOutcome.Sent>(await mailbox.Send(TestMessages.Mail(item), None));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.IsType<SendOutcome.Sent>(await mailbox.Send(TestMessages.Mail(item with { Attempts = 1 }), None));

        var copies = (await mailbox.List(500, None)).Count(m => m.Headers.GetValueOrDefault("X-Outbox-Key") == item.Key);
        Assert.Equal(1, copies);
    }

    [Fact]
    public async Task An_id_that_is_not_one_of_ours_finds_nothing()
    {
        var mailbox = Mailbox();

        Assert.Null(await mailbox.Get("../keys/anything", None));
        Assert.Null(await mailbox.Get("", None));
    }

    [Fact]
    public async Task List_returns_at_most_the_number_asked_for()
    {
        var mailbox = Mailbox();
        await mailbox.Send(TestMessages.Mail(Item(MessageTemplate.Update, NewKey())), None);
        await mailbox.Send(TestMessages.Mail(Item(MessageTemplate.Update, NewKey())), None);

        Assert.Single(await mailbox.List(1, None));
    }
}

public sealed class DevelopmentMailboxInMemoryTests : DevelopmentMailboxContract
{
    protected override IBlobStore Blobs { get; } = new InMemoryBlobStore();
}

[Collection(AzuriteFixture.Collection)]
public sealed class DevelopmentMailboxAzuriteTests(AzuriteFixture azurite) : DevelopmentMailboxContract
{
    protected override IBlobStore Blobs { get; } = AzureStorage.FromConnectionString(azurite.ConnectionString).Blobs;
}
