using System.Collections.Concurrent;
using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Mail.Delivery;
using HateCase.Mail.Rendering;
using HateCase.Mail.Tests.Support;
using HateCase.Runtime.Cases;
using HateCase.Runtime.InMemory;
using HateCase.Testing;

namespace HateCase.Mail.Tests.Delivery;

public sealed class MailSenderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly RecordingTransport transport = new();

    private static MessageComposer ComposerWithoutStaffAddresses() =>
        new(ProfileLoader.BuiltIn("default"), TestMessages.Landlord,
            new StaffDirectory(new Dictionary<string, string>(), new Dictionary<string, string>()), TestMessages.Links);

    [Fact]
    public async Task An_outbox_item_goes_to_the_transport_written_and_under_its_own_key()
    {
        var item = TestMessages.Item(MessageTemplate.CaseAssigned, attempts: 2);

        var outcome = await new MailSender(TestMessages.Composer(), transport).Send(item, None);

        Assert.IsType<SendOutcome.Sent>(outcome);
        var mail = Assert.Single(transport.Sent);
        Assert.Equal((item.Key, 2), (mail.Key, mail.Attempts));
        Assert.Equal(TestMessages.Render(item), mail.Message, RenderedEquality.Instance);
    }

    [Fact]
    public async Task A_message_that_cannot_be_written_waits_and_nothing_reaches_the_transport()
    {
        var item = TestMessages.Item(MessageTemplate.CaseAssigned);

        var outcome = await new MailSender(ComposerWithoutStaffAddresses(), transport).Send(item, None);

        var later = Assert.IsType<SendOutcome.TryLater>(outcome);
        Assert.StartsWith("The message could not be written: ", later.Reason);
        Assert.Contains("case-officers", later.Reason);
        Assert.Empty(transport.Sent);
    }

    [Fact]
    public async Task A_digest_goes_to_the_transport_written_and_under_its_own_key()
    {
        var item = TestMessages.DigestItem(TestMessages.OfficerDigest, attempts: 1);

        var outcome = await new MailSender(TestMessages.Composer(), transport).Send(item, None);

        Assert.IsType<SendOutcome.Sent>(outcome);
        var mail = Assert.Single(transport.Sent);
        Assert.Equal(("digest|2026-11-23|officer|officer-priya", 1), (mail.Key, mail.Attempts));
        Assert.Equal(TestMessages.RenderDigest(TestMessages.OfficerDigest), mail.Message, RenderedEquality.Instance);
    }

    [Fact]
    public async Task A_digest_that_cannot_be_written_waits_and_nothing_reaches_the_transport()
    {
        var outcome = await new MailSender(ComposerWithoutStaffAddresses(), transport).Send(TestMessages.DigestItem(TestMessages.OfficerDigest), None);

        Assert.IsType<SendOutcome.TryLater>(outcome);
        Assert.Empty(transport.Sent);
    }

    [Fact]
    public async Task A_digest_sent_again_after_a_lost_answer_is_kept_once_by_its_key()
    {
        var mailbox = new DevelopmentMailbox(new InMemoryBlobStore(), TestMessages.Landlord, "casework@development.invalid", new ManualClock(TestMessages.CreatedAt));
        var sender = new MailSender(TestMessages.Composer(), mailbox);
        var item = TestMessages.DigestItem(TestMessages.TeamLeaderDigest);

        Assert.IsType<SendOutcome.Sent>(await sender.Send(item, None));
        Assert.IsType<SendOutcome.Sent>(await sender.Send(item with { Attempts = 1 }, None));

        var stored = Assert.Single(await mailbox.List(10, None));
        Assert.Equal(item.Key, stored.Headers["X-Outbox-Key"]);
        Assert.Equal(TestMessages.RenderDigest(TestMessages.TeamLeaderDigest).Subject, stored.Subject);
    }

    private sealed class RecordingTransport : IMailTransport
    {
        public ConcurrentQueue<OutgoingMail> Sent { get; } = new();

        public Task<SendOutcome> Send(OutgoingMail mail, CancellationToken cancellationToken)
        {
            Sent.Enqueue(mail);
            return Task.FromResult<SendOutcome>(new SendOutcome.Sent());
        }
    }

    // RenderedMessage holds its recipients in a list, which records compare by reference.
    private sealed class RenderedEquality : IEqualityComparer<RenderedMessage>
    {
        public static RenderedEquality Instance { get; } = new();

        public bool Equals(RenderedMessage? x, RenderedMessage? y) =>
            x is not null && y is not null && x.To.SequenceEqual(y.To) && (x.Subject, x.Text, x.Html, x.PrintedLetterFor) == (y.Subject, y.Text, y.Html, y.PrintedLetterFor);

        public int GetHashCode(RenderedMessage obj) => obj.Subject.GetHashCode(StringComparison.Ordinal);
    }
}
