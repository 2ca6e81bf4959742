using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Domain.Retention;
using HateCase.Domain.Tests.Cases;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Retention;

public class CaseRetentionTests
{
    private static readonly RetentionStandard SixYears = new(6);

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static CaseSpec ClosedAt(DateTimeOffset closedAt) =>
        For().StartingAt(closedAt.AddDays(-70)).Reported().Converted().At(closedAt).ClosureApproved();

    [Theory]
    // A closure in winter: kept to the end of the sixth anniversary, anonymised from the next UK midnight.
    [InlineData("2020-01-15T14:00:00Z", "2026-01-16T00:00:00Z")]
    // 29 February: in a year without one the anniversary is 28 February, so it goes from 1 March.
    [InlineData("2024-02-29T11:00:00Z", "2030-03-01T00:00:00Z")]
    // 28 February in a leap year: the anniversary is 28 February, not the 29th.
    [InlineData("2023-02-28T11:00:00Z", "2029-03-01T00:00:00Z")]
    // 23:30 UTC on 10 June is 00:30 on 11 June in UK summer time: the UK day counts, and UK midnight
    // in summer is 23:00 UTC.
    [InlineData("2020-06-10T23:30:00Z", "2026-06-11T23:00:00Z")]
    // Closed the evening before the clocks go forward (29 March 2026): midnight is still GMT.
    [InlineData("2020-03-27T20:00:00Z", "2026-03-28T00:00:00Z")]
    // The anniversary is the day the clocks go forward: the next midnight is in summer time.
    [InlineData("2020-03-29T12:00:00Z", "2026-03-29T23:00:00Z")]
    // The anniversary is the day the clocks go back (25 October 2026): the next midnight is GMT again.
    [InlineData("2020-10-24T23:30:00Z", "2026-10-26T00:00:00Z")]
    public void A_closed_case_is_kept_six_years_to_the_end_of_the_UK_day_and_anonymised_from_the_next_midnight(
        string closedAt, string anonymisedFrom)
    {
        var spec = ClosedAt(DateTimeOffset.Parse(closedAt, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(anonymisedFrom, System.Globalization.CultureInfo.InvariantCulture),
            CaseRetention.AnonymiseFrom(spec.State, SixYears, spec.Calendar));
    }

    [Fact]
    public void An_open_case_has_no_retention_date()
    {
        var spec = For().Reported().Converted();

        Assert.Null(CaseRetention.AnonymiseFrom(spec.State, SixYears, spec.Calendar));
    }

    [Fact]
    public void A_reopened_case_has_no_retention_date_and_its_second_closure_starts_the_count_again()
    {
        var spec = ClosedAt(Utc(2020, 1, 15, 14));
        spec.At(Utc(2021, 5, 4, 10)).Do(new CaseCommand.Reopen("New incidents reported."));

        Assert.Null(CaseRetention.AnonymiseFrom(spec.State, SixYears, spec.Calendar));

        spec.At(Utc(2021, 9, 7, 10)).ClosureApproved();

        Assert.Equal(Utc(2027, 9, 7, 23), CaseRetention.AnonymiseFrom(spec.State, SixYears, spec.Calendar));
    }

    [Theory]
    [InlineData("2026-01-15T23:59:59Z", false)]
    [InlineData("2026-01-16T00:00:00Z", true)]
    public void A_case_is_due_for_anonymisation_from_its_date_and_not_a_moment_before(string now, bool due)
    {
        var spec = ClosedAt(Utc(2020, 1, 15, 14));

        Assert.Equal(due, CaseRetention.IsDue(spec.State,
            DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), SixYears, spec.Calendar));
    }

    [Fact]
    public void A_held_case_is_not_due_for_anonymisation_past_its_date_until_the_hold_is_released()
    {
        var spec = ClosedAt(Utc(2020, 1, 15, 14));
        spec.Do(new CaseCommand.HoldCase(LegalHoldReason.LegalAction, "Possession claim in the county court.", "leader-1"));

        Assert.False(CaseRetention.IsDue(spec.State, Utc(2027, 1, 1), SixYears, spec.Calendar));

        spec.At(Utc(2026, 12, 1)).Do(new CaseCommand.ReleaseHold("The claim was settled.", "leader-1"));

        Assert.True(CaseRetention.IsDue(spec.State, Utc(2027, 1, 1), SixYears, spec.Calendar));
    }

    [Fact]
    public void An_anonymised_case_is_not_due_again()
    {
        var spec = ClosedAt(Utc(2020, 1, 15, 14));

        Assert.False(CaseRetention.IsDue(PersonalData.Anonymise(spec.State), Utc(2027, 1, 1), SixYears, spec.Calendar));
    }

    [Fact]
    public void A_longer_retention_in_the_profile_keeps_the_case_longer()
    {
        var spec = ClosedAt(Utc(2020, 1, 15, 14));

        Assert.Equal(Utc(2030, 1, 16), CaseRetention.AnonymiseFrom(spec.State, new RetentionStandard(10), spec.Calendar));
    }
}
