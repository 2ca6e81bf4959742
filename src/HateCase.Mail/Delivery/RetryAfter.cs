using System.Globalization;

namespace HateCase.Mail.Delivery;

internal static class RetryAfter
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    // Retry-After is either whole seconds or an HTTP date (RFC 9110 section 10.2.3).
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return Clamp(TimeSpan.FromSeconds(Math.Min(seconds, (long)Longest.TotalSeconds)));
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return Clamp(at - now);
        }
        return null;
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Longest ? Longest : wait;
}
