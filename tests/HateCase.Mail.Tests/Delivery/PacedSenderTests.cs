using System.Collections.Concurrent;
using HateCase.Domain.Cases;
using HateCase.Mail.Delivery;
using HateCase.Mail.Rendering;
using HateCase.Mail.Tests.Support;
using HateCase.Runtime.Cases;
using HateCase.Testing;

namespace HateCase.Mail.Tests.Delivery;

public sealed class PacedSenderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly ManualClock clock = new(TestMessages.CreatedAt);
    private readonly RecordingTransport inner;

    public PacedSenderTests() => inner = new RecordingTransport(clock);

    private static readonly RenderedMessage Invitation = TestMessages.Render(TestMessages.Item(MessageTemplate.SurveyInvitation));

    private static OutgoingMail Item(int n) => new($"c-{n}.1.0", 0, Invitation);

    [Fact]
    public async Task The_31st_message_in_a_minute_waits_no_more_than_a_minute()
    {
        var paced = new PacedSender(inner, clock);
        for (var n = 0; n < 30; n++)
        {
            Assert.IsType<SendOutcome.Sent>(await paced.Send(Item(n), None));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var outcome = await paced.Send(Item(30), None);

        var later = Assert.IsType<SendOutcome.TryLater>(outcome);
        Assert.NotNull(later.RetryAfter);
        Assert.InRange(later.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(30, inner.Sent.Count);
    }

    [Fact]
    public async Task The_101st_message_in_an_hour_waits_for_the_hour_to_allow_it()
    {
        var paced = new PacedSender(inner, clock);
        for (var n = 0; n < 100; n++)
        {
            Assert.IsType<SendOutcome.Sent>(await paced.Send(Item(n), None));
            clock.Advance(TimeSpan.FromSeconds(3)); // 20 a minute: under the minute limit
        }

        var outcome = await paced.Send(Item(100), None);

        var later = Assert.IsType<SendOutcome.TryLater>(outcome);
        Assert.InRange(later.RetryAfter!.Value, TimeSpan.FromMinutes(54), TimeSpan.FromHours(1));
        clock.Advance(later.RetryAfter.Value);
        Assert.IsType<SendOutcome.Sent>(await paced.Send(Item(100), None));
    }

    [Fact]
    public async Task The_limits_can_be_configured()
    {
        var paced = new PacedSender(inner, clock, perMinute: 2, perHour: 3);

        Assert.IsType<SendOutcome.Sent>(await paced.Send(Item(1), None));
        Assert.IsType<SendOutcome.Sent>(await paced.Send(Item(2), None));
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.IsType<SendOutcome.TryLater>(await paced.Send(Item(3), None)).RetryAfter);
        Assert.Equal(TimeSpan.FromHours(1), Assert.IsType<SendOutcome.TryLater>(await paced.Send(Item(4), None)).RetryAfter);
    }

    [Fact]
    public async Task A_message_told_to_wait_keeps_its_slot_against_newcomers()
    {
        var paced = new PacedSender(inner, clock, perMinute: 1, perHour: 60);
        await paced.Send(Item(1), None);
        var wait = Assert.IsType<SendOutcome.TryLater>(await paced.Send(Item(2), None)).RetryAfter!.Value;

        clock.Advance(wait);
        var newcomer = await paced.Send(Item(3), None);
        var returning = await paced.Send(Item(2), None);

        Assert.IsType<SendOutcome.TryLater>(newcomer);
        Assert.IsType<SendOutcome.Sent>(returning);
    }

    [Fact]
    public async Task A_burst_of_survey_emails_drains_within_both_limits_and_each_message_waits_at_most_once()
    {
        var paced = new PacedSender(inner, clock);
        var due = new PriorityQueue<int, DateTimeOffset>();
        var tries = new Dictionary<int, int>();
        for (var n = 0; n < 250; n++)
        {
            due.Enqueue(n, clock.GetUtcNow());
        }

        while (due.TryDequeue(out var n, out var at))
        {
            if (at > clock.GetUtcNow())
            {
                clock.Set(at);
            }
            tries[n] = tries.GetValueOrDefault(n) + 1;
            if (await paced.Send(Item(n), None) is SendOutcome.TryLater later)
            {
                due.Enqueue(n, clock.GetUtcNow() + later.RetryAfter!.Value);
            }
        }

        Assert.Equal(250, inner.Sent.Count);
        Assert.All(tries.Values, count => Assert.InRange(count, 1, 2));
        var times = inner.Sent.Select(s => s.At).Order().ToList();
        for (var i = 0; i < times.Count; i++)
        {
            Assert.True(times.Count(t => t > times[i] - TimeSpan.FromMinutes(1) && t <= times[i]) <= 30, "more than 30 in a minute");
            Assert.True(times.Count(t => t > times[i] - TimeSpan.FromHours(1) && t <= times[i]) <= 100, "more than 100 in an hour");
        }
    }

    private sealed class RecordingTransport(TimeProvider clock) : IMailTransport
    {
        public ConcurrentQueue<(string Key, DateTimeOffset At)> Sent { get; } = new();

        public Task<SendOutcome> Send(OutgoingMail mail, CancellationToken cancellationToken)
        {
            Sent.Enqueue((mail.Key, clock.GetUtcNow()));
            return Task.FromResult<SendOutcome>(new SendOutcome.Sent());
        }
    }
}
