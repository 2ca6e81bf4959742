using System.Globalization;

namespace HateCase.Domain.Tests.WorkingDays;

// Instants are written as London wall-clock time with the offset in force that day:
// +00:00 in winter (GMT), +01:00 in summer (BST). In 2026 the clocks go forward on Sunday
// 29 March and back on Sunday 25 October.
public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.EnglandAndWales;

    private static readonly DateOnly[] ChristmasShutdown2026 =
        [new(2026, 12, 29), new(2026, 12, 30), new(2026, 12, 31)];

    private static DateTimeOffset At(string value) =>
        DateTimeOffset.ParseExact(value, "yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    private static DateOnly Day(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Show(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    [Fact]
    public void The_calendar_keeps_London_time()
    {
        Assert.Equal("Europe/London", Calendar.TimeZone.Id);
    }

    [Fact]
    public void The_office_is_open_from_nine_in_the_morning_to_five_in_the_afternoon_unless_a_landlord_says_otherwise()
    {
        Assert.Equal(new TimeOnly(9, 0), Calendar.OfficeHours.Opens);
        Assert.Equal(new TimeOnly(17, 0), Calendar.OfficeHours.Closes);
    }

    [Fact]
    public void An_office_cannot_close_before_it_opens()
    {
        Assert.Throws<ArgumentException>(() => new OfficeHours(new TimeOnly(17, 0), new TimeOnly(9, 0)));
        Assert.Throws<ArgumentException>(() => new OfficeHours(new TimeOnly(9, 0), new TimeOnly(9, 0)));
    }

    [Theory]
    [InlineData("2026-03-04T08:59+00:00", false)] // Wednesday, a minute before opening
    [InlineData("2026-03-04T09:00+00:00", true)] // at opening
    [InlineData("2026-03-04T16:59+00:00", true)]
    [InlineData("2026-03-04T17:00+00:00", false)] // at closing the office is closed
    [InlineData("2026-03-07T11:00+00:00", false)] // Saturday
    [InlineData("2026-05-25T11:00+01:00", false)] // spring bank holiday
    [InlineData("2026-06-05T08:30+00:00", true)] // 09:30 in London (BST)
    [InlineData("2026-06-05T16:30+00:00", false)] // 17:30 in London (BST)
    public void The_office_is_open_on_working_days_from_opening_until_closing(string at, bool expected)
    {
        Assert.Equal(expected, Calendar.IsInOfficeHours(At(at)));
    }

    [Theory]
    [InlineData("2026-06-30T23:30+00:00", "2026-07-01")] // half past midnight BST
    [InlineData("2026-01-31T23:30+00:00", "2026-01-31")]
    [InlineData("2026-07-01T00:30+01:00", "2026-07-01")]
    public void The_local_date_of_an_instant_is_its_London_date(string instant, string expected)
    {
        Assert.Equal(Day(expected), Calendar.LocalDate(At(instant)));
    }

    [Theory]
    [InlineData("2026-03-06", true)] // Friday
    [InlineData("2026-03-07", false)] // Saturday
    [InlineData("2026-03-08", false)] // Sunday
    [InlineData("2026-03-09", true)] // Monday
    [InlineData("2026-05-25", false)] // spring bank holiday
    [InlineData("2026-12-29", true)] // between Christmas and New Year, no shutdown
    public void A_working_day_is_a_weekday_that_is_not_a_bank_holiday(string date, bool expected)
    {
        Assert.Equal(expected, Calendar.IsWorkingDay(Day(date)));
    }

    [Fact]
    public void Hate_report_on_a_Friday_afternoon_is_due_Monday_afternoon()
    {
        var reported = At("2026-03-06T15:30+00:00");

        Assert.Equal("2026-03-09T15:30+00:00", Show(Calendar.AddWorkingDays(reported, 1)));
    }

    [Fact]
    public void Hate_report_on_the_Friday_before_a_bank_holiday_Monday_is_due_Tuesday_afternoon()
    {
        var reported = At("2026-05-22T15:30+01:00");

        Assert.Equal("2026-05-26T15:30+01:00", Show(Calendar.AddWorkingDays(reported, 1)));
    }

    [Theory]
    [InlineData("2026-03-02T10:00+00:00", 5, "2026-03-09T10:00+00:00")] // a week
    [InlineData("2026-03-02T10:00+00:00", 10, "2026-03-16T10:00+00:00")] // two weeks
    [InlineData("2026-04-02T10:00+01:00", 1, "2026-04-07T10:00+01:00")] // Maundy Thursday, over Easter
    [InlineData("2026-08-28T12:00+01:00", 1, "2026-09-01T12:00+01:00")] // over the summer bank holiday
    [InlineData("2026-06-05T14:00+00:00", 1, "2026-06-08T15:00+01:00")] // given in UTC, answered in BST
    public void Working_days_keep_the_local_clock_time_and_skip_weekends_and_bank_holidays(
        string from, int days, string expected)
    {
        Assert.Equal(expected, Show(Calendar.AddWorkingDays(At(from), days)));
    }

    [Theory]
    [InlineData("2026-12-24T15:00+00:00", 1, "2026-12-29T15:00+00:00")] // Christmas Fri, Boxing Day substitute Mon 28
    [InlineData("2026-12-31T15:00+00:00", 1, "2027-01-04T15:00+00:00")] // New Year's Day Fri
    [InlineData("2027-12-24T10:00+00:00", 1, "2027-12-29T10:00+00:00")] // Christmas Sat: substitutes Mon 27 and Tue 28
    [InlineData("2027-12-31T10:00+00:00", 1, "2028-01-04T10:00+00:00")] // New Year Sat: substitute Mon 3
    [InlineData("2022-12-23T10:00+00:00", 1, "2022-12-28T10:00+00:00")] // Christmas Sun: Boxing Day Mon 26, substitute Tue 27
    [InlineData("2026-12-24T15:00+00:00", 5, "2027-01-05T15:00+00:00")] // 29, 30, 31 December, 4 and 5 January
    public void Christmas_to_New_Year_skips_the_bank_holidays_and_their_substitutes(
        string from, int days, string expected)
    {
        Assert.Equal(expected, Show(Calendar.AddWorkingDays(At(from), days)));
    }

    [Fact]
    public void A_working_day_across_the_spring_clock_change_keeps_the_local_time_in_summer_time()
    {
        var due = Calendar.AddWorkingDays(At("2026-03-27T16:00+00:00"), 1);

        Assert.Equal("2026-03-30T16:00+01:00", Show(due));
        Assert.Equal(new DateTime(2026, 3, 30, 15, 0, 0, DateTimeKind.Utc), due.UtcDateTime);
    }

    [Fact]
    public void A_working_day_across_the_autumn_clock_change_keeps_the_local_time_in_winter_time()
    {
        var due = Calendar.AddWorkingDays(At("2026-10-23T16:00+01:00"), 1);

        Assert.Equal("2026-10-26T16:00+00:00", Show(due));
        Assert.Equal(new DateTime(2026, 10, 26, 16, 0, 0, DateTimeKind.Utc), due.UtcDateTime);
    }

    [Fact]
    public void Hate_report_at_two_minutes_to_four_on_a_Wednesday_morning_is_due_at_opening_on_Thursday()
    {
        var reported = At("2026-03-04T03:58+00:00");

        Assert.Equal("2026-03-05T09:00+00:00", Show(Calendar.AddWorkingDays(reported, 1)));
    }

    [Theory]
    [InlineData("2026-03-09T08:59+00:00", 1, "2026-03-10T09:00+00:00")] // Monday before opening: from Monday 09:00
    [InlineData("2026-03-09T00:00+00:00", 1, "2026-03-10T09:00+00:00")] // Monday at midnight
    [InlineData("2026-03-09T09:00+00:00", 1, "2026-03-10T09:00+00:00")] // exactly at opening: counts from then
    [InlineData("2026-03-09T16:59+00:00", 1, "2026-03-10T16:59+00:00")] // the last minute of the day
    [InlineData("2026-03-09T17:00+00:00", 1, "2026-03-11T09:00+00:00")] // exactly at closing: from Tuesday 09:00
    [InlineData("2026-03-09T23:30+00:00", 1, "2026-03-11T09:00+00:00")] // Monday night
    [InlineData("2026-03-06T17:30+00:00", 1, "2026-03-10T09:00+00:00")] // Friday evening: from Monday 09:00
    [InlineData("2026-05-22T18:00+01:00", 1, "2026-05-27T09:00+01:00")] // Friday evening before the spring bank holiday
    [InlineData("2026-12-24T18:00+00:00", 1, "2026-12-30T09:00+00:00")] // Christmas Eve evening: from Tuesday 29 09:00
    [InlineData("2023-05-05T17:00+01:00", 1, "2023-05-10T09:00+01:00")] // Friday before the coronation bank holiday
    [InlineData("2026-03-27T19:00+00:00", 1, "2026-03-31T09:00+01:00")] // Friday in GMT, the clocks go forward on Sunday
    [InlineData("2026-10-23T19:00+01:00", 1, "2026-10-27T09:00+00:00")] // Friday in BST, the clocks go back on Sunday
    [InlineData("2026-06-05T07:30+00:00", 1, "2026-06-08T09:00+01:00")] // 08:30 in London: before opening
    [InlineData("2026-03-09T08:00+00:00", 5, "2026-03-16T09:00+00:00")] // a week from Monday's opening
    public void Counting_from_outside_office_hours_starts_at_the_next_opening(string from, int days, string expected)
    {
        Assert.Equal(expected, Show(Calendar.AddWorkingDays(At(from), days)));
    }

    [Theory]
    [InlineData("2026-03-04T03:58+00:00", "2026-03-04T09:00+00:00")] // before opening: this morning's opening
    [InlineData("2026-03-04T17:00+00:00", "2026-03-05T09:00+00:00")] // at closing: tomorrow's opening
    public void Zero_working_days_from_outside_office_hours_is_the_next_opening(string from, string expected)
    {
        Assert.Equal(expected, Show(Calendar.AddWorkingDays(At(from), 0)));
    }

    [Theory]
    [InlineData("2026-03-09T08:45+00:00", 1, "2026-03-10T08:45+00:00")] // open at 08:30: 08:45 is in hours
    [InlineData("2026-03-09T08:15+00:00", 1, "2026-03-10T08:30+00:00")]
    [InlineData("2026-03-09T16:45+00:00", 1, "2026-03-11T08:30+00:00")] // closed at 16:30
    [InlineData("2026-03-07T14:00+00:00", 1, "2026-03-10T08:30+00:00")] // Saturday: from Monday 08:30
    public void A_landlord_with_its_own_office_hours_counts_in_them(string from, int days, string expected)
    {
        var landlord = Calendar.WithOfficeHours(new OfficeHours(new TimeOnly(8, 30), new TimeOnly(16, 30)));

        Assert.Equal(expected, Show(landlord.AddWorkingDays(At(from), days)));
    }

    [Fact]
    public void Office_hours_leave_the_England_and_Wales_calendar_unchanged_and_keep_closure_days()
    {
        var landlord = Calendar.WithClosureDays(ChristmasShutdown2026).WithOfficeHours(new OfficeHours(new TimeOnly(8, 0), new TimeOnly(16, 0)));

        Assert.Equal(OfficeHours.Default, WorkingCalendar.EnglandAndWales.OfficeHours);
        Assert.False(landlord.IsWorkingDay(new DateOnly(2026, 12, 30)));
        Assert.Equal("2027-01-05T08:00+00:00", Show(landlord.AddWorkingDays(At("2026-12-24T18:00+00:00"), 1)));
    }

    // Officers' and teams' emails: in office hours at once; outside, at the next opening, unless
    // the deadline the email is about would pass first, then at the last closing before it.
    [Theory]
    [InlineData("2026-03-04T10:00+00:00", null, "2026-03-04T10:00+00:00")] // in office hours: at once
    [InlineData("2026-03-04T09:00+00:00", null, "2026-03-04T09:00+00:00")] // exactly at opening: at once
    [InlineData("2026-03-04T17:00+00:00", null, "2026-03-05T09:00+00:00")] // exactly at closing: the next morning
    [InlineData("2026-03-04T23:59+00:00", "2026-03-05T10:00+00:00", "2026-03-05T09:00+00:00")] // night: at opening, before the deadline
    [InlineData("2026-03-05T05:00+00:00", "2026-03-05T09:00+00:00", "2026-03-04T17:00+00:00")] // due at opening: the closing before
    [InlineData("2026-03-05T05:00+00:00", "2026-03-05T09:01+00:00", "2026-03-05T09:00+00:00")] // a minute to spare at opening
    [InlineData("2026-03-04T20:00+00:00", "2026-03-04T19:00+00:00", "2026-03-05T09:00+00:00")] // a missed deadline: at opening
    [InlineData("2026-03-06T19:00+00:00", null, "2026-03-09T09:00+00:00")] // Friday evening: Monday morning
    [InlineData("2026-05-22T19:00+01:00", null, "2026-05-26T09:00+01:00")] // Friday before the bank holiday: Tuesday
    [InlineData("2026-05-25T11:00+01:00", "2026-05-26T09:00+01:00", "2026-05-22T17:00+01:00")] // due Tuesday at opening: Friday's closing
    [InlineData("2026-12-24T18:00+00:00", null, "2026-12-29T09:00+00:00")] // Christmas Eve evening: after Boxing Day's substitute
    [InlineData("2026-03-28T22:00+00:00", null, "2026-03-30T09:00+01:00")] // the clocks go forward overnight: 09:00 BST
    [InlineData("2026-10-24T22:00+01:00", null, "2026-10-26T09:00+00:00")] // the clocks go back overnight: 09:00 GMT
    [InlineData("2026-03-30T07:30+00:00", null, "2026-03-30T09:00+01:00")] // 08:30 BST is before opening, though 07:30 UTC
    public void Staff_are_emailed_in_office_hours(string at, string? deadline, string expected)
    {
        Assert.Equal(expected, Show(Calendar.StaffEmailTime(At(at), deadline is null ? null : At(deadline))));
    }

    [Theory]
    [InlineData("2026-03-04T08:40+00:00", "2026-03-04T08:40+00:00")] // open at 08:30
    [InlineData("2026-03-04T16:40+00:00", "2026-03-05T08:30+00:00")] // closed at 16:30
    public void Staff_of_a_landlord_with_its_own_hours_are_emailed_in_them(string at, string expected)
    {
        var landlord = Calendar.WithOfficeHours(new OfficeHours(new TimeOnly(8, 30), new TimeOnly(16, 30)));

        Assert.Equal(expected, Show(landlord.StaffEmailTime(At(at))));
    }

    [Theory]
    [InlineData("2026-03-07T14:00+00:00", 1, "2026-03-10T09:00+00:00")] // Saturday: from Monday 09:00
    [InlineData("2026-03-08T23:59+00:00", 1, "2026-03-10T09:00+00:00")] // Sunday
    [InlineData("2026-05-25T14:00+01:00", 1, "2026-05-27T09:00+01:00")] // bank holiday Monday: from Tuesday 09:00
    [InlineData("2026-05-23T14:00+01:00", 1, "2026-05-27T09:00+01:00")] // Saturday before a bank holiday
    [InlineData("2026-03-28T12:00+00:00", 1, "2026-03-31T09:00+01:00")] // weekend of the clock change
    [InlineData("2026-06-05T23:30+00:00", 1, "2026-06-09T09:00+01:00")] // Friday in UTC but already Saturday in London
    [InlineData("2026-12-25T08:00+00:00", 1, "2026-12-30T09:00+00:00")] // Christmas Day: from Tuesday 29 09:00
    public void Counting_from_a_non_working_day_starts_at_nine_on_the_next_working_day(
        string from, int days, string expected)
    {
        Assert.Equal(expected, Show(Calendar.AddWorkingDays(At(from), days)));
    }

    [Theory]
    [InlineData("2026-03-07T14:00+00:00", "2026-03-09T09:00+00:00")] // Saturday
    [InlineData("2026-04-06T11:00+01:00", "2026-04-07T09:00+01:00")] // Easter Monday
    public void Zero_working_days_from_a_non_working_day_is_nine_on_the_next_working_day(string from, string expected)
    {
        Assert.Equal(expected, Show(Calendar.AddWorkingDays(At(from), 0)));
    }

    [Fact]
    public void Zero_working_days_from_a_working_day_is_the_same_instant()
    {
        var from = At("2026-03-04T11:15+00:00");

        var result = Calendar.AddWorkingDays(from, 0);

        Assert.Equal(from, result);
        Assert.Equal("2026-03-04T11:15+00:00", Show(result));
    }

    [Fact]
    public void Zero_working_days_given_in_UTC_is_the_same_instant_at_the_London_offset()
    {
        var from = At("2026-07-01T10:00+00:00");

        var result = Calendar.AddWorkingDays(from, 0);

        Assert.Equal(from, result);
        Assert.Equal("2026-07-01T11:00+01:00", Show(result));
    }

    [Fact]
    public void Adding_a_negative_number_of_working_days_is_refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(At("2026-03-04T11:15+00:00"), -1));

        Assert.Equal("days", ex.ParamName);
    }

    [Fact]
    public void A_Christmas_shutdown_makes_the_days_between_Christmas_and_New_Year_non_working()
    {
        var landlord = Calendar.WithClosureDays(ChristmasShutdown2026);

        Assert.All(ChristmasShutdown2026, d => Assert.False(landlord.IsWorkingDay(d)));
        Assert.All(ChristmasShutdown2026, d => Assert.False(landlord.IsBankHoliday(d)));
        Assert.Equal("2027-01-04T15:00+00:00", Show(landlord.AddWorkingDays(At("2026-12-24T15:00+00:00"), 1)));
        Assert.Equal(Calendar.BankHolidays(2026), landlord.BankHolidays(2026));
    }

    [Fact]
    public void A_Christmas_shutdown_leaves_the_England_and_Wales_calendar_unchanged()
    {
        _ = WorkingCalendar.EnglandAndWales.WithClosureDays(ChristmasShutdown2026);

        Assert.All(ChristmasShutdown2026, d => Assert.True(WorkingCalendar.EnglandAndWales.IsWorkingDay(d)));
        Assert.Equal("2026-12-29T15:00+00:00", Show(WorkingCalendar.EnglandAndWales.AddWorkingDays(At("2026-12-24T15:00+00:00"), 1)));
    }

    [Fact]
    public void Closure_days_added_in_two_steps_are_both_kept()
    {
        var landlord = Calendar
            .WithClosureDays([new DateOnly(2026, 12, 29)])
            .WithClosureDays([new DateOnly(2026, 12, 30)]);

        Assert.False(landlord.IsWorkingDay(new DateOnly(2026, 12, 29)));
        Assert.False(landlord.IsWorkingDay(new DateOnly(2026, 12, 30)));
        Assert.True(landlord.IsWorkingDay(new DateOnly(2026, 12, 31)));
        Assert.Same(Calendar.TimeZone, landlord.TimeZone);
    }

    [Fact]
    public void Closure_days_must_be_given()
    {
        Assert.Throws<ArgumentNullException>(() => Calendar.WithClosureDays(null!));
    }

    [Theory]
    [InlineData("2026-03-09T10:00+00:00", 1, "2026-03-06T10:00+00:00")] // Monday back to Friday
    [InlineData("2026-03-07T14:00+00:00", 1, "2026-03-06T14:00+00:00")] // Saturday keeps its time, back to Friday
    [InlineData("2026-05-26T09:30+01:00", 1, "2026-05-22T09:30+01:00")] // over the spring bank holiday
    [InlineData("2026-03-30T16:00+01:00", 1, "2026-03-27T16:00+00:00")] // back over the spring clock change
    [InlineData("2026-10-26T16:00+00:00", 1, "2026-10-23T16:00+01:00")] // back over the autumn clock change
    [InlineData("2026-12-29T15:00+00:00", 1, "2026-12-24T15:00+00:00")] // back over Christmas
    [InlineData("2026-03-16T10:00+00:00", 10, "2026-03-02T10:00+00:00")]
    public void Subtracting_working_days_keeps_the_local_clock_time_on_an_earlier_working_day(
        string from, int days, string expected)
    {
        Assert.Equal(expected, Show(Calendar.SubtractWorkingDays(At(from), days)));
    }

    [Theory]
    [InlineData("2026-03-04T11:15+00:00")]
    [InlineData("2026-03-07T14:00+00:00")] // even on a Saturday
    public void Subtracting_zero_working_days_is_the_same_instant(string from)
    {
        Assert.Equal(At(from), Calendar.SubtractWorkingDays(At(from), 0));
    }

    [Fact]
    public void Subtracting_a_negative_number_of_working_days_is_refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.SubtractWorkingDays(At("2026-03-04T11:15+00:00"), -1));

        Assert.Equal("days", ex.ParamName);
    }

    [Theory]
    [InlineData("2026-03-28T10:00+00:00", 1, "2026-03-29T10:00+01:00")] // into summer time
    [InlineData("2026-03-28T10:00+00:00", 2, "2026-03-30T10:00+01:00")]
    [InlineData("2026-10-24T10:00+01:00", 1, "2026-10-25T10:00+00:00")] // into winter time
    [InlineData("2026-03-30T16:00+01:00", -3, "2026-03-27T16:00+00:00")] // backwards
    [InlineData("2026-12-24T15:00+00:00", 7, "2026-12-31T15:00+00:00")] // weekends and holidays count
    public void Calendar_days_keep_the_local_clock_time_across_clock_changes(string from, int days, string expected)
    {
        Assert.Equal(expected, Show(Calendar.AddCalendarDays(At(from), days)));
    }

    [Fact]
    public void A_local_time_skipped_by_the_spring_clock_change_moves_forward_by_the_hour_skipped()
    {
        Assert.Equal("2026-03-29T02:30+01:00", Show(Calendar.AddCalendarDays(At("2026-03-28T01:30+00:00"), 1)));
    }

    [Fact]
    public void A_local_time_repeated_by_the_autumn_clock_change_means_its_first_occurrence_in_summer_time()
    {
        Assert.Equal("2026-10-25T01:30+01:00", Show(Calendar.AddCalendarDays(At("2026-10-24T01:30+01:00"), 1)));
    }

    [Theory]
    [InlineData("2026-01-31T10:00+00:00", 1, "2026-02-28T10:00+00:00")] // 31 January to the end of February
    [InlineData("2028-01-31T10:00+00:00", 1, "2028-02-29T10:00+00:00")] // leap year
    [InlineData("2026-01-31T10:00+00:00", 12, "2027-01-31T10:00+00:00")]
    [InlineData("2026-03-15T09:00+00:00", 1, "2026-04-15T09:00+01:00")] // into summer time
    [InlineData("2026-03-31T09:00+01:00", -1, "2026-02-28T09:00+00:00")] // backwards
    [InlineData("2027-02-28T01:30+00:00", 1, "2027-03-28T02:30+01:00")] // lands in the spring gap
    public void Calendar_months_keep_the_local_clock_time_and_clamp_to_the_end_of_a_short_month(
        string from, int months, string expected)
    {
        Assert.Equal(expected, Show(Calendar.AddCalendarMonths(At(from), months)));
    }

    [Theory]
    [InlineData("2026-03-04T11:15+00:00", "2026-03-04T11:15+00:00")] // a working day stays put
    [InlineData("2026-03-07T14:00+00:00", "2026-03-06T14:00+00:00")] // Saturday back to Friday
    [InlineData("2026-03-29T14:00+01:00", "2026-03-27T14:00+00:00")] // clock-change Sunday back to Friday in GMT
    [InlineData("2026-04-06T10:00+01:00", "2026-04-02T10:00+01:00")] // Easter Monday back to Maundy Thursday
    [InlineData("2026-12-28T11:00+00:00", "2026-12-24T11:00+00:00")] // Boxing Day substitute back to Christmas Eve
    public void A_date_on_a_non_working_day_moves_back_to_the_previous_working_day(string at, string expected)
    {
        Assert.Equal(expected, Show(Calendar.OnOrBeforeWorkingDay(At(at))));
    }

    [Fact]
    public void A_date_in_a_Christmas_shutdown_moves_back_to_before_Christmas()
    {
        var landlord = Calendar.WithClosureDays(ChristmasShutdown2026);

        Assert.Equal("2026-12-24T12:00+00:00", Show(landlord.OnOrBeforeWorkingDay(At("2026-12-31T12:00+00:00"))));
    }

    [Theory]
    [InlineData("2026-03-06", "2026-03-09", 1)] // Friday to Monday
    [InlineData("2026-03-02", "2026-03-09", 5)] // a week
    [InlineData("2026-03-06", "2026-03-07", 0)] // Friday to Saturday
    [InlineData("2026-03-07", "2026-03-10", 2)] // Saturday to Tuesday: Monday and Tuesday
    [InlineData("2026-03-09", "2026-03-09", 0)] // the same day
    [InlineData("2026-03-09", "2026-03-02", 0)] // backwards
    [InlineData("2026-05-22", "2026-05-26", 1)] // over the spring bank holiday
    [InlineData("2026-12-24", "2027-01-04", 4)] // 29, 30, 31 December and 4 January
    [InlineData("2025-12-31", "2026-12-31", 253)] // 2026: 261 weekdays less 8 bank holidays
    [InlineData("2011-12-31", "2012-12-31", 252)] // 2012: 261 weekdays less 9 bank holidays
    public void Working_days_between_two_dates_count_those_after_the_first_up_to_and_including_the_second(
        string fromExclusive, string toInclusive, int expected)
    {
        Assert.Equal(expected, Calendar.WorkingDaysBetween(Day(fromExclusive), Day(toInclusive)));
    }

    [Theory]
    [InlineData("2026-12-24", "2027-01-04", 1)] // only 4 January
    [InlineData("2026-12-23", "2026-12-31", 1)] // only Christmas Eve
    public void Working_days_between_leave_out_closure_days(string fromExclusive, string toInclusive, int expected)
    {
        // The shutdown also covers days that are already weekend or bank holiday; they count once.
        var landlord = Calendar.WithClosureDays(
            [new(2026, 12, 26), new(2026, 12, 27), new(2026, 12, 28), .. ChristmasShutdown2026]);

        Assert.Equal(expected, landlord.WorkingDaysBetween(Day(fromExclusive), Day(toInclusive)));
    }

    [Fact]
    public void Adding_subtracting_and_counting_working_days_agree_over_ten_years()
    {
        var landlord = Calendar.WithClosureDays(ChristmasShutdown2026);

        for (var date = new DateOnly(2018, 1, 1); date <= new DateOnly(2027, 12, 31); date = date.AddDays(1))
        {
            if (!landlord.IsWorkingDay(date))
            {
                continue;
            }

            var from = new DateTimeOffset(date.ToDateTime(new TimeOnly(10, 0)), landlord.TimeZone.GetUtcOffset(date.ToDateTime(new TimeOnly(10, 0))));
            foreach (var days in new[] { 1, 3, 10, 20 })
            {
                var due = landlord.AddWorkingDays(from, days);
                var dueDate = landlord.LocalDate(due);

                Assert.True(landlord.IsWorkingDay(dueDate), $"{from} + {days} landed on {dueDate}");
                Assert.Equal(new TimeOnly(10, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, landlord.TimeZone).DateTime));
                Assert.Equal(days, landlord.WorkingDaysBetween(date, dueDate));
                Assert.Equal(from, landlord.SubtractWorkingDays(due, days));
            }
        }
    }
}
