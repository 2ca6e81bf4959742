using System.Collections.Concurrent;

namespace HateCase.Domain;

public sealed record BankHoliday(DateOnly Date, string Name);

// England and Wales bank holidays: the pattern that recurs every year (under the Banking and
// Financial Dealings Act 1971 and the proclamations renewed each year), including the substitute
// weekdays for days falling at a weekend, plus the one-off changes made by royal proclamation.
internal static class EnglandAndWalesBankHolidays
{
    private const string SubstituteSuffix = " (substitute day)";

    // Replaces is the statutory day a proclamation took away (null for an extra day); Date is
    // the day that became a bank holiday instead of it or in addition to the usual ones.
    private sealed record ProclaimedChange(DateOnly? Replaces, DateOnly Date, string Name);

    private static readonly ProclaimedChange[] ProclaimedChanges =
    [
        // Proclamation under s.1(3) of the 1971 Act: extra day for the wedding of Prince William
        // and Catherine Middleton.
        new(null, new DateOnly(2011, 4, 29), "Royal wedding"),

        // Proclamation for the Queen's Diamond Jubilee: s.1(2) moved the spring bank holiday
        // from Monday 28 May to Monday 4 June; s.1(3) added Tuesday 5 June.
        new(new DateOnly(2012, 5, 28), new DateOnly(2012, 6, 4), "Spring bank holiday"),
        new(null, new DateOnly(2012, 6, 5), "Queen's Diamond Jubilee"),

        // Proclamation under s.1(2) for the 75th anniversary of VE Day: the early May bank
        // holiday moved from Monday 4 May to Friday 8 May.
        new(new DateOnly(2020, 5, 4), new DateOnly(2020, 5, 8), "Early May bank holiday (VE Day)"),

        // Proclamation for the Queen's Platinum Jubilee: s.1(2) moved the spring bank holiday
        // from Monday 30 May to Thursday 2 June; s.1(3) added Friday 3 June.
        new(new DateOnly(2022, 5, 30), new DateOnly(2022, 6, 2), "Spring bank holiday"),
        new(null, new DateOnly(2022, 6, 3), "Platinum Jubilee bank holiday"),

        // Proclamation under s.1(3): the day of the State Funeral of Queen Elizabeth II.
        new(null, new DateOnly(2022, 9, 19), "State Funeral of Queen Elizabeth II"),

        // Proclamation under s.1(3): the Monday after the Coronation of King Charles III.
        new(null, new DateOnly(2023, 5, 8), "Coronation of King Charles III"),
    ];

    private sealed class YearTable(IReadOnlyList<BankHoliday> holidays)
    {
        public IReadOnlyList<BankHoliday> Holidays { get; } = holidays;
        public HashSet<DateOnly> Dates { get; } = holidays.Select(h => h.Date).ToHashSet();
    }

    // Read-only once built, so sharing entries between threads is safe; GetOrAdd may build a
    // year twice under a race, but both builds are identical.
    private static readonly ConcurrentDictionary<int, YearTable> Cache = new();

    public static IReadOnlyList<BankHoliday> ForYear(int year) => TableFor(year).Holidays;

    public static bool Contains(DateOnly date) => TableFor(date.Year).Dates.Contains(date);

    private static YearTable TableFor(int year)
    {
        if (year < DateOnly.MinValue.Year || year > DateOnly.MaxValue.Year)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year,
                $"The year must be between {DateOnly.MinValue.Year} and {DateOnly.MaxValue.Year}.");
        }

        return Cache.GetOrAdd(year, static y => new YearTable(Build(y)));
    }

    private static IReadOnlyList<BankHoliday> Build(int year)
    {
        var holidays = new List<BankHoliday>();

        holidays.Add(NewYear(year));

        var easterSunday = EasterSunday(year);
        holidays.Add(new BankHoliday(easterSunday.AddDays(-2), "Good Friday"));
        holidays.Add(new BankHoliday(easterSunday.AddDays(1), "Easter Monday"));

        holidays.Add(new BankHoliday(FirstMonday(year, 5), "Early May bank holiday"));
        holidays.Add(new BankHoliday(LastMonday(year, 5), "Spring bank holiday"));
        holidays.Add(new BankHoliday(LastMonday(year, 8), "Summer bank holiday"));

        holidays.AddRange(ChristmasAndBoxingDay(year));

        foreach (var change in ProclaimedChanges.Where(c => c.Date.Year == year))
        {
            if (change.Replaces is { } replaced)
            {
                var removed = holidays.RemoveAll(h => h.Date == replaced);
                if (removed != 1)
                {
                    throw new InvalidOperationException(
                        $"The proclaimed change to {change.Date:yyyy-MM-dd} replaces {replaced:yyyy-MM-dd}, which is not a statutory bank holiday.");
                }
            }

            holidays.Add(new BankHoliday(change.Date, change.Name));
        }

        holidays.Sort((x, y) => x.Date.CompareTo(y.Date));
        return holidays.AsReadOnly();
    }

    private static BankHoliday NewYear(int year)
    {
        var newYearsDay = new DateOnly(year, 1, 1);
        return newYearsDay.DayOfWeek switch
        {
            DayOfWeek.Saturday => new BankHoliday(newYearsDay.AddDays(2), "New Year's Day" + SubstituteSuffix),
            DayOfWeek.Sunday => new BankHoliday(newYearsDay.AddDays(1), "New Year's Day" + SubstituteSuffix),
            _ => new BankHoliday(newYearsDay, "New Year's Day"),
        };
    }

    private static IEnumerable<BankHoliday> ChristmasAndBoxingDay(int year)
    {
        var christmas = new DateOnly(year, 12, 25);
        var boxingDay = new DateOnly(year, 12, 26);
        return christmas.DayOfWeek switch
        {
            // Both days fall at the weekend: the following Monday and Tuesday, in order.
            DayOfWeek.Saturday =>
            [
                new BankHoliday(new DateOnly(year, 12, 27), "Christmas Day" + SubstituteSuffix),
                new BankHoliday(new DateOnly(year, 12, 28), "Boxing Day" + SubstituteSuffix),
            ],
            // Boxing Day keeps its own Monday, so Christmas moves past it to the Tuesday.
            DayOfWeek.Sunday =>
            [
                new BankHoliday(boxingDay, "Boxing Day"),
                new BankHoliday(new DateOnly(year, 12, 27), "Christmas Day" + SubstituteSuffix),
            ],
            DayOfWeek.Friday =>
            [
                new BankHoliday(christmas, "Christmas Day"),
                new BankHoliday(new DateOnly(year, 12, 28), "Boxing Day" + SubstituteSuffix),
            ],
            _ =>
            [
                new BankHoliday(christmas, "Christmas Day"),
                new BankHoliday(boxingDay, "Boxing Day"),
            ],
        };
    }

    private static DateOnly FirstMonday(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        var daysToMonday = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(daysToMonday);
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var daysSinceMonday = ((int)last.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7;
        return last.AddDays(-daysSinceMonday);
    }

    // The Gregorian computus in its anonymous (Meeus/Jones/Butcher) arithmetic form.
    private static DateOnly EasterSunday(int year)
    {
        var goldenNumber = year % 19;
        var century = year / 100;
        var yearOfCentury = year % 100;
        var leapCenturies = century / 4;
        var centuryRemainder = century % 4;
        var lunarCorrection = (century + 8) / 25;
        var solarCorrection = (century - lunarCorrection + 1) / 3;
        var epact = (19 * goldenNumber + century - leapCenturies - solarCorrection + 15) % 30;
        var leapYears = yearOfCentury / 4;
        var yearRemainder = yearOfCentury % 4;
        var weekday = (32 + 2 * centuryRemainder + 2 * leapYears - epact - yearRemainder) % 7;
        var adjustment = (goldenNumber + 11 * epact + 22 * weekday) / 451;
        var monthAndDay = epact + weekday - 7 * adjustment + 114;
        return new DateOnly(year, monthAndDay / 31, monthAndDay % 31 + 1);
    }
}
