namespace HateCase.Domain.Measures;

// A reporting period [From, To): whole UK dates FirstDay to LastDay inclusive, from the start of
// the first day to the start of the day after the last, by the landlord's calendar (Europe/London).
public sealed record ReportingPeriod
{
    private ReportingPeriod(DateOnly firstDay, DateOnly lastDay, DateTimeOffset from, DateTimeOffset to) =>
        (FirstDay, LastDay, From, To) = (firstDay, lastDay, from, to);

    public DateOnly FirstDay { get; }

    public DateOnly LastDay { get; }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public bool Contains(DateTimeOffset at) => at >= From && at < To;

    // The longest period the measures are asked for at once.
    public const int MaxDays = 3 * 366;

    public static ReportingPeriod Dates(DateOnly firstDay, DateOnly lastDay, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (lastDay < firstDay)
        {
            throw new ArgumentOutOfRangeException(nameof(lastDay), lastDay, "The last day is on or after the first day.");
        }
        if (lastDay.DayNumber - firstDay.DayNumber >= MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(lastDay), lastDay, "A period is at most three years.");
        }
        return new ReportingPeriod(firstDay, lastDay, calendar.StartOfDay(firstDay), calendar.StartOfDay(lastDay.AddDays(1)));
    }

    public static ReportingPeriod Month(int year, int month, WorkingCalendar calendar)
    {
        var first = new DateOnly(year, month, 1);
        return Dates(first, first.AddMonths(1).AddDays(-1), calendar);
    }

    // Quarters of the reporting year, as landlords report them (MK 9.2 quarterly): quarter 1 is
    // April to June of the year's start, quarter 4 January to March of the next.
    public static ReportingPeriod Quarter(int startYear, int quarter, WorkingCalendar calendar)
    {
        if (quarter is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "A quarter is 1 to 4.");
        }
        var first = new DateOnly(startYear, 4, 1).AddMonths(3 * (quarter - 1));
        return Dates(first, first.AddMonths(3).AddDays(-1), calendar);
    }

    // The landlord's reporting year, as the Regulator's TSMs are: 1 April to 31 March. The year
    // starting in April 2026 is 2026/27.
    public static ReportingPeriod ReportingYear(int startYear, WorkingCalendar calendar) =>
        Dates(new DateOnly(startYear, 4, 1), new DateOnly(startYear + 1, 3, 31), calendar);

    // The reporting year a date falls in, by its start year.
    public static int ReportingYearOf(DateOnly date) => date.Month >= 4 ? date.Year : date.Year - 1;

    public bool IsReportingYear => FirstDay is { Month: 4, Day: 1 } && LastDay == new DateOnly(FirstDay.Year + 1, 3, 31);

    public override string ToString() => $"{FirstDay:yyyy-MM-dd} to {LastDay:yyyy-MM-dd}";
}
