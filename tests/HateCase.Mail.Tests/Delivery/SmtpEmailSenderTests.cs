using HateCase.Domain.Cases;
using HateCase.Mail.Delivery;
using HateCase.Mail.Tests.Support;
using HateCase.Runtime.Cases;
using HateCase.Testing;

namespace HateCase.Mail.Tests.Delivery;

public sealed class SmtpEmailSenderTests : IAsyncLifetime
{
    private const string From = "casework@anytown-homes.example";
    private static readonly CancellationToken None = CancellationToken.None;

    private FakeSmtpServer smtp = null!;

    public Task InitializeAsync()
    {
        smtp = FakeSmtpServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await smtp.DisposeAsync();

    private SmtpEmailSender Sender(int? port = null) =>
        new(new SmtpMailOptions { Host = "127.0.0.1", Port = port ?? smtp.Port, EnableStartTls = false, Timeout = TimeSpan.FromSeconds(10) },
            From, TestMessages.Landlord);

    [Fact]
    public async Task A_message_goes_as_text_and_html_alternatives_with_a_message_id_that_is_the_same_on_every_retry()
    {
        var item = TestMessages.Item(MessageTemplate.Acknowledgement);
        var rendered = TestMessages.Render(item);

        Assert.IsType<SendOutcome.Sent>(await Sender().Send(TestMessages.Mail(item), None));
        Assert.IsType<SendOutcome.Sent>(await Sender().Send(TestMessages.Mail(item with { Attempts = 1 }), None));

        var received = smtp.Messages.ToArray();
        Assert.Equal(2, received.Length);
        Assert.All(received, r => Assert.Equal([TestMessages.ComplainantEmail], r.RcptTo));
        Assert.All(received, r => Assert.Equal(From, r.MailFrom));
        var first = MimeReader.Read("first", received[0].Data);
        var second = MimeReader.Read("second", received[1].Data);
        Assert.Equal($"<{item.Key}@anytown-homes.example>", first.Headers["Message-ID"]);
        Assert.Equal(first.Headers["Message-ID"], second.Headers["Message-ID"]);
        Assert.StartsWith("multipart/alternative", first.Headers["Content-Type"]);
        Assert.Equal("auto-generated", first.Headers["Auto-Submitted"]);
        Assert.Equal(rendered.Subject, first.Subject);
        Assert.Equal(rendered.Text.TrimEnd(), first.Text.TrimEnd());
        Assert.Equal(rendered.Html.TrimEnd(), first.Html.TrimEnd());
        Assert.Contains(TestMessages.Landlord.Email, first.Headers["Reply-To"]);
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_with_550_is_undeliverable()
    {
        smtp.RefusedRecipients.Add(TestMessages.ComplainantEmail);

        var outcome = await Sender().Send(TestMessages.Mail(MessageTemplate.Update), None);

        var undeliverable = Assert.IsType<SendOutcome.Undeliverable>(outcome);
        Assert.Contains("550", undeliverable.Reason);
        Assert.DoesNotContain(TestMessages.ComplainantEmail, undeliverable.Reason);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task When_the_server_cannot_be_reached_the_message_waits()
    {
        using var nothingThere = new RefusingLoopbackPort();

        var outcome = await Sender(nothingThere.Port).Send(TestMessages.Mail(MessageTemplate.Update), None);

        Assert.IsType<SendOutcome.TryLater>(outcome);
    }

    [Fact]
    public void A_key_that_is_not_safe_in_a_header_still_gives_a_stable_message_id()
    {
        var id = MessageIdentity.InternetMessageId("case with spaces <and> brackets", "example.org");

        Assert.Equal(id, MessageIdentity.InternetMessageId("case with spaces <and> brackets", "example.org"));
        Assert.Matches("^<k[0-9a-f]{64}@example.org>$", id);
    }
}
