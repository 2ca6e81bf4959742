using HateCase.Domain.Cases;
using HateCase.Testing;
using HateCase.Workflow;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// What an officer sees of each message on the case: queued while the mail service is being tried,
// then sent, or undeliverable and why, without the message's personal data.
[Collection(AzuriteFixture.Collection)]
public sealed class RecordingMessageSenderTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset SentAt = MondayMorning.AddMinutes(1);

    // The mail port, answering what the test tells it to; the first Send can be held.
    private sealed class MailService : ICaseMessageSender
    {
        public TaskCompletionSource? Hold { get; set; }

        public Func<CaseMessage, MessageDelivery> Answer { get; set; } = _ => MessageDelivery.Sent;

        public int Calls;

        public async Task<MessageDelivery> Send(CaseMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            if (Hold is { } hold)
            {
                await hold.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
            return Answer(message);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task<(Projection, CaseMessage, MailService, RecordingMessageSender)> ReportedCaseWithItsVictimsCode(int maxAttempts = 8)
    {
        var projection = await Projection.Fresh(azurite);
        var history = HateReported("case-1", "HC-2026-000001");
        await projection.RecordAll(history);
        var victimsCode = history.Messages.First(m => m.Message.Template == MessageTemplate.Acknowledgement);
        var mail = new MailService();
        var sender = new RecordingMessageSender(mail, projection.Store, new FixedClock(SentAt), new CaseWorkflowOptions { MaxSendAttempts = maxAttempts });
        return (projection, victimsCode, mail, sender);
    }

    private static async Task<MessageStatus> StatusOf(Projection projection, CaseMessage message) =>
        Assert.Single((await projection.Read.Get(message.CaseId, None))!.Messages, m => m.Key == message.Key);

    [Fact]
    public async Task A_message_is_queued_while_the_mail_service_has_it_and_sent_once_it_takes_it()
    {
        var (projection, victimsCode, mail, sender) = await ReportedCaseWithItsVictimsCode();
        mail.Hold = new TaskCompletionSource();

        var sending = sender.Send(victimsCode, None);
        await WaitUntil(() => mail.Calls == 1);
        var queued = await StatusOf(projection, victimsCode);
        mail.Hold.SetResult();
        Assert.Equal(MessageDelivery.Sent, await sending);

        Assert.Equal((MessageProgress.Queued, 1, MessageTemplate.Acknowledgement, (DateTimeOffset?)null), (queued.Progress, queued.Attempts, queued.Template, queued.SentAt));
        var sent = await StatusOf(projection, victimsCode);
        Assert.Equal((MessageProgress.Sent, 1, SentAt, victimsCode.Sequence), (sent.Progress, sent.Attempts, sent.SentAt!.Value, sent.Sequence));
    }

    [Fact]
    public async Task A_message_the_service_refuses_for_good_is_undeliverable_with_the_reason()
    {
        var (projection, victimsCode, mail, sender) = await ReportedCaseWithItsVictimsCode();
        mail.Answer = _ => MessageDelivery.Undeliverable;

        Assert.Equal(MessageDelivery.Undeliverable, await sender.Send(victimsCode, None));

        var status = await StatusOf(projection, victimsCode);
        Assert.Equal((MessageProgress.Undeliverable, RecordingMessageSender.UndeliverableReason, (DateTimeOffset?)null), (status.Progress, status.LastFailure, status.SentAt));
    }

    [Fact]
    public async Task A_failed_attempt_is_counted_without_the_recipient_and_the_retry_that_goes_through_marks_it_sent()
    {
        var (projection, victimsCode, mail, sender) = await ReportedCaseWithItsVictimsCode();
        mail.Answer = _ => throw new HttpRequestException("Mailbox victim@example.org is full, try later");

        await Assert.ThrowsAsync<HttpRequestException>(() => sender.Send(victimsCode, None));
        var failing = await StatusOf(projection, victimsCode);
        mail.Answer = _ => MessageDelivery.Sent;
        await sender.Send(victimsCode, None);

        Assert.Equal((MessageProgress.Queued, 1), (failing.Progress, failing.Attempts));
        Assert.Contains("HttpRequestException", failing.LastFailure);
        Assert.DoesNotContain("victim@example.org", failing.LastFailure);
        var sent = await StatusOf(projection, victimsCode);
        Assert.Equal((MessageProgress.Sent, 2), (sent.Progress, sent.Attempts));
    }

    [Fact]
    public async Task A_message_still_failing_after_the_last_attempt_is_undeliverable()
    {
        var (projection, victimsCode, mail, sender) = await ReportedCaseWithItsVictimsCode(maxAttempts: 2);
        mail.Answer = _ => throw new TimeoutException();

        await Assert.ThrowsAsync<TimeoutException>(() => sender.Send(victimsCode, None));
        Assert.Equal(MessageProgress.Queued, (await StatusOf(projection, victimsCode)).Progress);
        await Assert.ThrowsAsync<TimeoutException>(() => sender.Send(victimsCode, None));

        var status = await StatusOf(projection, victimsCode);
        Assert.Equal((MessageProgress.Undeliverable, 2), (status.Progress, status.Attempts));
    }

    [Fact]
    public async Task A_message_sent_before_a_crash_is_not_sent_again_when_its_activity_runs_again()
    {
        var (projection, victimsCode, mail, sender) = await ReportedCaseWithItsVictimsCode();

        await sender.Send(victimsCode, None);
        Assert.Equal(MessageDelivery.Sent, await sender.Send(victimsCode, None));

        Assert.Equal(1, mail.Calls);
        var status = await StatusOf(projection, victimsCode);
        Assert.Equal((MessageProgress.Sent, 1), (status.Progress, status.Attempts));
        Assert.Single((await projection.Read.Get("case-1", None))!.Messages);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
