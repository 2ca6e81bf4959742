using System.Collections.Frozen;

namespace HateCase.Domain;

// Service-standard deadlines are counted in Europe/London local time: a working day is a
// weekday that is neither an England and Wales bank holiday nor one of the landlord's own
// closure days, and it is worked in the landlord's office hours. Every instant returned carries
// the London offset in force on its local date.
public sealed class WorkingCalendar
{
    private readonly FrozenSet<DateOnly> closureDays;

    private WorkingCalendar(TimeZoneInfo timeZone, FrozenSet<DateOnly> closureDays, OfficeHours officeHours)
    {
        TimeZone = timeZone;
        this.closureDays = closureDays;
        OfficeHours = officeHours;
    }

    public static WorkingCalendar EnglandAndWales { get; } =
        new(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), FrozenSet<DateOnly>.Empty, OfficeHours.Default);

    public TimeZoneInfo TimeZone { get; }

    public OfficeHours OfficeHours { get; }

    public bool IsWorkingDay(DateOnly date) =>
        IsWeekday(date)
        && !IsBankHoliday(date)
        && !closureDays.Contains(date);

    public bool IsBankHoliday(DateOnly date) => EnglandAndWalesBankHolidays.Contains(date);

    public IReadOnlyList<BankHoliday> BankHolidays(int year) => EnglandAndWalesBankHolidays.ForYear(year);

    // Adds to the closure days this calendar already has, so profiles can layer their own.
    public WorkingCalendar WithClosureDays(IEnumerable<DateOnly> closureDays)
    {
        ArgumentNullException.ThrowIfNull(closureDays);
        return new WorkingCalendar(TimeZone, this.closureDays.Concat(closureDays).ToFrozenSet(), OfficeHours);
    }

    public WorkingCalendar WithOfficeHours(OfficeHours officeHours)
    {
        ArgumentNullException.ThrowIfNull(officeHours);
        return new WorkingCalendar(TimeZone, closureDays, officeHours);
    }

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    public TimeOnly LocalTime(DateTimeOffset instant) => TimeOnly.FromDateTime(ToLocal(instant).DateTime);

    // Local midnight at the start of the date, as an instant.
    public DateTimeOffset StartOfDay(DateOnly date) => ToInstant(date, TimeOnly.MinValue);

    public DateOnly NextWorkingDay(DateOnly after) => NextWorkingDayAfter(after);

    // When the office opens and closes on a date, as instants (whether or not it is a working day).
    public DateTimeOffset OpeningOn(DateOnly date) => ToInstant(date, OfficeHours.Opens);

    public DateTimeOffset ClosingOn(DateOnly date) => ToInstant(date, OfficeHours.Closes);

    public bool IsInOfficeHours(DateTimeOffset at)
    {
        var date = LocalDate(at);
        return IsWorkingDay(date) && at >= OpeningOn(date) && at < ClosingOn(date);
    }

    // The first opening at or after the instant.
    public DateTimeOffset NextOpening(DateTimeOffset at)
    {
        var date = LocalDate(at);
        return IsWorkingDay(date) && at <= OpeningOn(date) ? OpeningOn(date) : OpeningOn(NextWorkingDayAfter(date));
    }

    // The instant itself when its local time is in the window, else the window's next start, on
    // any day of the week: a person's safe hours are theirs, not the office's.
    public DateTimeOffset NextTimeWithin(DateTimeOffset at, TimeOnly from, TimeOnly to)
    {
        var (date, time) = LocalParts(at);
        if (time >= from && time < to)
        {
            return at;
        }
        var start = ToInstant(time < from ? date : date.AddDays(1), from);
        return start > at ? start : at;
    }

    // The last closing strictly before the instant.
    public DateTimeOffset LastClosingBefore(DateTimeOffset at)
    {
        var date = LocalDate(at);
        return IsWorkingDay(date) && ClosingOn(date) < at ? ClosingOn(date) : ClosingOn(PreviousWorkingDayBefore(date));
    }

    // Staff are emailed while they are at work. An email that falls in office hours goes then;
    // one that falls outside waits for the next opening, unless the deadline it is about would
    // pass first: then it goes at the last closing before that deadline, which may be earlier
    // than the time it fell at. A deadline already passed (an escalation) waits for the opening.
    public DateTimeOffset StaffEmailTime(DateTimeOffset at, DateTimeOffset? deadline = null)
    {
        if (IsInOfficeHours(at))
        {
            return ToLocal(at);
        }
        var opening = NextOpening(at);
        return deadline is { } due && due > at && opening >= due ? LastClosingBefore(due) : opening;
    }

    // Counting starts at the instant given when that is in office hours, and otherwise at the
    // next opening: before opening on a working day, from that day's opening; at or after
    // closing, or on a day off, from the opening of the next working day. The result keeps the
    // local time counting started at.
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int days)
    {
        ThrowIfNegative(days, nameof(days), "SubtractWorkingDays");

        var (date, time) = LocalParts(from);
        if (!IsInOfficeHours(from))
        {
            date = LocalDate(NextOpening(from));
            time = OfficeHours.Opens;
        }
        else if (days == 0)
        {
            return ToLocal(from);
        }

        for (var counted = 0; counted < days; counted++)
        {
            date = NextWorkingDayAfter(date);
        }

        return ToInstant(date, time);
    }

    public DateTimeOffset SubtractWorkingDays(DateTimeOffset from, int days)
    {
        ThrowIfNegative(days, nameof(days), "AddWorkingDays");
        if (days == 0)
        {
            return ToLocal(from);
        }

        var (date, time) = LocalParts(from);
        for (var counted = 0; counted < days; counted++)
        {
            date = PreviousWorkingDayBefore(date);
        }

        return ToInstant(date, time);
    }

    public DateTimeOffset AddCalendarDays(DateTimeOffset from, int days)
    {
        var (date, time) = LocalParts(from);
        return ToInstant(date.AddDays(days), time);
    }

    public DateTimeOffset AddCalendarMonths(DateTimeOffset from, int months)
    {
        var (date, time) = LocalParts(from);
        return ToInstant(date.AddMonths(months), time);
    }

    public DateTimeOffset OnOrBeforeWorkingDay(DateTimeOffset at)
    {
        var (date, time) = LocalParts(at);
        return IsWorkingDay(date) ? ToLocal(at) : ToInstant(PreviousWorkingDayBefore(date), time);
    }

    public int WorkingDaysBetween(DateOnly fromExclusive, DateOnly toInclusive)
    {
        if (toInclusive <= fromExclusive)
        {
            return 0;
        }

        var weekdays = WeekdaysUpTo(toInclusive) - WeekdaysUpTo(fromExclusive);

        var bankHolidays = 0;
        for (var year = fromExclusive.Year; year <= toInclusive.Year; year++)
        {
            bankHolidays += BankHolidays(year).Count(h => InRange(h.Date) && IsWeekday(h.Date));
        }

        var closures = closureDays.Count(d => InRange(d) && IsWeekday(d) && !IsBankHoliday(d));

        return weekdays - bankHolidays - closures;

        bool InRange(DateOnly d) => d > fromExclusive && d <= toInclusive;
    }

    private static void ThrowIfNegative(int days, string parameterName, string alternative)
    {
        if (days < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, days,
                $"The number of working days must be zero or more; use {alternative} to count the other way.");
        }
    }

    private static bool IsWeekday(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    // Weekdays from 1 January 0001 (a Monday) up to and including the given date.
    private static int WeekdaysUpTo(DateOnly date)
    {
        var daysElapsed = date.DayNumber + 1;
        return daysElapsed / 7 * 5 + Math.Min(daysElapsed % 7, 5);
    }

    private DateOnly NextWorkingDayAfter(DateOnly date)
    {
        do
        {
            date = date.AddDays(1);
        }
        while (!IsWorkingDay(date));

        return date;
    }

    private DateOnly PreviousWorkingDayBefore(DateOnly date)
    {
        do
        {
            date = date.AddDays(-1);
        }
        while (!IsWorkingDay(date));

        return date;
    }

    private DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    private (DateOnly Date, TimeOnly Time) LocalParts(DateTimeOffset instant)
    {
        var local = ToLocal(instant).DateTime;
        return (DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
    }

    // The single place a London wall-clock time becomes an instant. A time skipped by the
    // spring change is moved forward by the length of the gap (01:30 becomes 02:30 BST); a time
    // repeated by the autumn change means its first occurrence, still in summer time.
    private DateTimeOffset ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);

        if (TimeZone.IsInvalidTime(local))
        {
            // Read the clock as it was before the change, then let the zone say what that instant
            // is called after it.
            var offsetBeforeGap = TimeZone.GetUtcOffset(local.AddDays(-1));
            return ToLocal(new DateTimeOffset(local, offsetBeforeGap));
        }

        if (TimeZone.IsAmbiguousTime(local))
        {
            // The larger offset gives the earlier instant.
            var firstOccurrenceOffset = TimeZone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, firstOccurrenceOffset);
        }

        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }
}
