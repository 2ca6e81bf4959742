using System.Globalization;

namespace HateCase.Domain.Tests.WorkingDays;

public class BankHolidayTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.EnglandAndWales;

    // The published England and Wales bank holidays, year by year.
    public static readonly TheoryData<int, string[]> PublishedBankHolidays = new()
    {
        { 2018, ["2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27", "2018-12-25", "2018-12-26"] },
        { 2019, ["2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26", "2019-12-25", "2019-12-26"] },
        { 2020, ["2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"] },
        { 2021, ["2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"] },
        { 2022, ["2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"] },
        { 2023, ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"] },
        { 2024, ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"] },
        { 2025, ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"] },
        { 2026, ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"] },
        { 2027, ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"] },
    };

    [Theory]
    [MemberData(nameof(PublishedBankHolidays))]
    public void Bank_holidays_for_a_year_are_exactly_the_published_dates_in_date_order(int year, string[] expected)
    {
        var actual = Calendar.BankHolidays(year).Select(h => h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(PublishedBankHolidays))]
    public void Every_published_bank_holiday_is_a_bank_holiday_and_not_a_working_day(int year, string[] expected)
    {
        Assert.All(expected.Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture)), date =>
        {
            Assert.Equal(year, date.Year);
            Assert.True(Calendar.IsBankHoliday(date), $"{date} should be a bank holiday");
            Assert.False(Calendar.IsWorkingDay(date), $"{date} should not be a working day");
        });
    }

    [Theory]
    [MemberData(nameof(PublishedBankHolidays))]
    public void Every_bank_holiday_has_a_name(int year, string[] expected)
    {
        var holidays = Calendar.BankHolidays(year);

        Assert.Equal(expected.Length, holidays.Count);
        Assert.All(holidays, h => Assert.False(string.IsNullOrWhiteSpace(h.Name)));
    }

    [Theory]
    [InlineData("2011-04-29", "Royal wedding")]
    [InlineData("2012-06-04", "Spring bank holiday")]
    [InlineData("2012-06-05", "Queen's Diamond Jubilee")]
    [InlineData("2020-05-08", "Early May bank holiday (VE Day)")]
    [InlineData("2022-06-02", "Spring bank holiday")]
    [InlineData("2022-06-03", "Platinum Jubilee bank holiday")]
    [InlineData("2022-09-19", "State Funeral of Queen Elizabeth II")]
    [InlineData("2023-05-08", "Coronation of King Charles III")]
    public void Proclaimed_one_off_bank_holidays_are_not_working_days(string date, string name)
    {
        var day = DateOnly.Parse(date, CultureInfo.InvariantCulture);

        Assert.False(Calendar.IsWorkingDay(day));
        Assert.Contains(new BankHoliday(day, name), Calendar.BankHolidays(day.Year));
    }

    [Theory]
    [InlineData("2012-05-28")] // spring bank holiday moved to 4 June for the Diamond Jubilee
    [InlineData("2020-05-04")] // early May bank holiday moved to 8 May for VE Day
    [InlineData("2022-05-30")] // spring bank holiday moved to 2 June for the Platinum Jubilee
    public void A_bank_holiday_moved_by_proclamation_leaves_an_ordinary_working_day(string date)
    {
        var day = DateOnly.Parse(date, CultureInfo.InvariantCulture);

        Assert.False(Calendar.IsBankHoliday(day));
        Assert.True(Calendar.IsWorkingDay(day));
    }

    [Fact]
    public void The_2011_royal_wedding_was_an_extra_day_on_top_of_the_usual_eight()
    {
        var dates = Calendar.BankHolidays(2011).Select(h => h.Date);

        Assert.Equal(
            [
                new DateOnly(2011, 1, 3), new DateOnly(2011, 4, 22), new DateOnly(2011, 4, 25), new DateOnly(2011, 4, 29),
                new DateOnly(2011, 5, 2), new DateOnly(2011, 5, 30), new DateOnly(2011, 8, 29),
                new DateOnly(2011, 12, 26), new DateOnly(2011, 12, 27),
            ],
            dates);
    }

    [Theory]
    [InlineData(2022, "2022-12-26", "Boxing Day")] // Christmas on a Sunday: Boxing Day keeps Monday
    [InlineData(2022, "2022-12-27", "Christmas Day (substitute day)")]
    [InlineData(2021, "2021-12-27", "Christmas Day (substitute day)")] // Christmas on a Saturday
    [InlineData(2021, "2021-12-28", "Boxing Day (substitute day)")]
    [InlineData(2026, "2026-12-28", "Boxing Day (substitute day)")] // Boxing Day on a Saturday
    [InlineData(2022, "2022-01-03", "New Year's Day (substitute day)")] // New Year on a Saturday
    [InlineData(2023, "2023-01-02", "New Year's Day (substitute day)")] // New Year on a Sunday
    public void Substitute_weekdays_are_named_as_substitutes(int year, string date, string name)
    {
        Assert.Contains(new BankHoliday(DateOnly.Parse(date, CultureInfo.InvariantCulture), name), Calendar.BankHolidays(year));
    }

    [Theory]
    [InlineData("2027-12-25")]
    [InlineData("2027-12-26")]
    [InlineData("2028-01-01")]
    public void A_holiday_falling_at_a_weekend_is_not_itself_listed(string date)
    {
        var day = DateOnly.Parse(date, CultureInfo.InvariantCulture);

        Assert.False(Calendar.IsBankHoliday(day));
        Assert.DoesNotContain(Calendar.BankHolidays(day.Year), h => h.Date == day);
    }

    [Theory]
    [InlineData(2000, "2000-04-23")]
    [InlineData(2008, "2008-03-23")] // earliest Easter this century
    [InlineData(2038, "2038-04-25")] // latest possible Easter
    [InlineData(2285, "2285-03-22")] // earliest possible Easter
    public void Easter_follows_the_Gregorian_computus(int year, string easterSunday)
    {
        var easter = DateOnly.Parse(easterSunday, CultureInfo.InvariantCulture);
        var holidays = Calendar.BankHolidays(year);

        Assert.Contains(new BankHoliday(easter.AddDays(-2), "Good Friday"), holidays);
        Assert.Contains(new BankHoliday(easter.AddDays(1), "Easter Monday"), holidays);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10000)]
    public void A_year_outside_the_calendar_range_is_rejected(int year)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.BankHolidays(year));
        Assert.Equal("year", ex.ParamName);
    }

    [Fact]
    public void Bank_holidays_are_the_same_when_many_threads_ask_for_them_at_once()
    {
        // Years nothing else asks for, so the threads race to fill the cache.
        var years = Enumerable.Range(3000, 50).ToArray();
        var answers = new BankHoliday[2000][];

        Parallel.For(0, answers.Length, i => answers[i] = Calendar.BankHolidays(years[i % years.Length]).ToArray());

        for (var i = 0; i < answers.Length; i++)
        {
            Assert.Equal(Calendar.BankHolidays(years[i % years.Length]), answers[i]);
        }
    }
}
