using HateCase.Runtime.Cases;

namespace HateCase.Mail.Delivery;

// Keeps sending within the service's limits (ACS Email: 30 a minute and 100 an hour for a custom
// domain). A message over the limit is not failed: it is given the next free slot and told to come
// back then (TryLater with RetryAfter), and the slot is kept for it, so a burst of survey emails
// drains at the allowed rate and each message waits once rather than competing again and again.
// The limits are per subscription: with several app instances each paces itself, and the
// service's own 429 answers remain the backstop.
public sealed class PacedSender : IMailTransport
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly IMailTransport inner;
    private readonly TimeProvider clock;
    private readonly int perMinute;
    private readonly int perHour;
    private readonly Lock gate = new();

    // Send times, past and reserved, in order; each new one is at or after the last.
    private readonly List<DateTimeOffset> slots = [];
    private readonly Dictionary<string, DateTimeOffset> reserved = new(StringComparer.Ordinal);

    public PacedSender(IMailTransport inner, TimeProvider clock, int perMinute = 30, int perHour = 100)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perHour, perMinute);
        this.inner = inner;
        this.clock = clock;
        this.perMinute = perMinute;
        this.perHour = perHour;
    }

    public Task<SendOutcome> Send(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var wait = Claim(mail.Key, clock.GetUtcNow());
        return wait is { } retryAfter
            ? Task.FromResult<SendOutcome>(new SendOutcome.TryLater("Paced to stay within the email service's sending limits", retryAfter))
            : inner.Send(mail, cancellationToken);
    }

    // Null: send now. Otherwise how long until this message's slot.
    private TimeSpan? Claim(string key, DateTimeOffset now)
    {
        lock (gate)
        {
            Forget(now - Hour);
            if (reserved.TryGetValue(key, out var slot))
            {
                if (slot > now)
                {
                    return slot - now;
                }
                reserved.Remove(key);
                return null;
            }
            var next = NextFreeSlot(now);
            slots.Add(next);
            if (next <= now)
            {
                return null;
            }
            reserved[key] = next;
            return next - now;
        }
    }

    // The earliest time, at or after every slot already given, when one more send keeps every
    // minute under perMinute and every hour under perHour.
    private DateTimeOffset NextFreeSlot(DateTimeOffset now)
    {
        var next = slots.Count > 0 && slots[^1] > now ? slots[^1] : now;
        if (slots.Count >= perMinute && slots[^perMinute] + Minute > next)
        {
            next = slots[^perMinute] + Minute;
        }
        if (slots.Count >= perHour && slots[^perHour] + Hour > next)
        {
            next = slots[^perHour] + Hour;
        }
        return next;
    }

    private void Forget(DateTimeOffset before)
    {
        var old = 0;
        while (old < slots.Count && slots[old] <= before)
        {
            old++;
        }
        slots.RemoveRange(0, old);
        foreach (var (key, _) in reserved.Where(r => r.Value <= before).ToList())
        {
            reserved.Remove(key);
        }
    }
}
