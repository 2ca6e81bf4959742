using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

public class DailyDigestTests
{
    [Fact]
    public void The_digest_goes_out_when_the_office_opens_on_a_working_day()
    {
        Assert.Null(DailyDigest.DayToSend(London(2026, 11, 23, 8, 59), EnglandAndWales));
        Assert.Equal(new DateOnly(2026, 11, 23), DailyDigest.DayToSend(London(2026, 11, 23, 9, 0), EnglandAndWales));
        Assert.Equal(new DateOnly(2026, 11, 23), DailyDigest.DayToSend(London(2026, 11, 23, 16, 59), EnglandAndWales));
    }

    [Fact]
    public void A_digest_not_gone_by_closing_is_not_sent_in_the_evening()
    {
        Assert.Null(DailyDigest.DayToSend(London(2026, 11, 23, 17, 0), EnglandAndWales));
        Assert.Null(DailyDigest.DayToSend(London(2026, 11, 23, 23, 59), EnglandAndWales));
    }

    [Theory]
    [InlineData(8, 0, 8, 59, false)] // a send time before opening waits for the opening
    [InlineData(8, 0, 9, 0, true)]
    [InlineData(10, 30, 10, 29, false)] // a later send time is kept
    [InlineData(10, 30, 10, 30, true)]
    public void A_landlord_may_send_the_digest_later_in_the_morning_but_never_before_opening(int fromHour, int fromMinute, int hour, int minute, bool sent)
    {
        var day = DailyDigest.DayToSend(London(2026, 11, 23, hour, minute), EnglandAndWales, new TimeOnly(fromHour, fromMinute));

        Assert.Equal(sent ? new DateOnly(2026, 11, 23) : null, day);
    }

    [Fact]
    public void The_digest_follows_a_landlords_own_office_hours()
    {
        var calendar = EnglandAndWales.WithOfficeHours(new OfficeHours(new TimeOnly(8, 0), new TimeOnly(16, 0)));

        Assert.Equal(new DateOnly(2026, 11, 23), DailyDigest.DayToSend(London(2026, 11, 23, 8, 0), calendar));
        Assert.Null(DailyDigest.DayToSend(London(2026, 11, 23, 16, 0), calendar));
    }

    [Theory]
    [InlineData(2026, 11, 28)] // Saturday
    [InlineData(2026, 11, 29)] // Sunday
    [InlineData(2026, 12, 25)] // Christmas Day
    [InlineData(2026, 12, 28)] // Boxing Day falls on a Saturday: the substitute Monday
    [InlineData(2023, 5, 8)] // the one-off bank holiday for the coronation
    public void There_is_no_digest_on_a_day_off(int year, int month, int day)
    {
        Assert.Null(DailyDigest.DayToSend(London(year, month, day, 10, 0), EnglandAndWales));
    }

    [Fact]
    public void There_is_no_digest_on_one_of_the_landlords_closure_days()
    {
        var calendar = EnglandAndWales.WithClosureDays([new DateOnly(2026, 12, 24)]);

        Assert.Null(DailyDigest.DayToSend(London(2026, 12, 24, 10, 0), calendar));
    }

    [Fact]
    public void Opening_is_uk_time_on_both_sides_of_the_clock_change()
    {
        // Monday 30 March 2026 is in British Summer Time: 9am is 08:00 UTC.
        Assert.Null(DailyDigest.DayToSend(new DateTimeOffset(2026, 3, 30, 7, 59, 0, TimeSpan.Zero), EnglandAndWales));
        Assert.Equal(new DateOnly(2026, 3, 30), DailyDigest.DayToSend(new DateTimeOffset(2026, 3, 30, 8, 0, 0, TimeSpan.Zero), EnglandAndWales));
        // Monday 26 October 2026 is back on Greenwich Mean Time: 9am is 09:00 UTC.
        Assert.Null(DailyDigest.DayToSend(new DateTimeOffset(2026, 10, 26, 8, 59, 0, TimeSpan.Zero), EnglandAndWales));
        Assert.Equal(new DateOnly(2026, 10, 26), DailyDigest.DayToSend(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero), EnglandAndWales));
    }

    [Fact]
    public void Fridays_digest_looks_ahead_to_the_end_of_monday_up_to_tuesdays_opening()
    {
        Assert.Equal(London(2026, 11, 24, 9, 0), DailyDigest.LooksAheadTo(new DateOnly(2026, 11, 20), EnglandAndWales));
    }

    [Fact]
    public void Christmas_eves_digest_looks_ahead_past_christmas_and_the_boxing_day_substitute()
    {
        Assert.Equal(London(2026, 12, 30, 9, 0), DailyDigest.LooksAheadTo(new DateOnly(2026, 12, 24), EnglandAndWales));
    }

    [Fact]
    public void The_digest_before_a_one_off_bank_holiday_looks_ahead_past_it()
    {
        // Monday 8 May 2023 was the coronation bank holiday.
        Assert.Equal(London(2023, 5, 10, 9, 0), DailyDigest.LooksAheadTo(new DateOnly(2023, 5, 5), EnglandAndWales));
    }

    [Theory]
    [InlineData(16, 59, DigestSection.DueToday)]
    [InlineData(17, 0, DigestSection.DueToday)] // at closing
    [InlineData(23, 0, DigestSection.DueToday)] // tonight, after hours: nobody is in to keep it tomorrow first thing
    public void What_falls_due_before_the_next_opening_is_due_today(int hour, int minute, DigestSection expected)
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-7");
        var dueAt = London(2026, 11, 23, hour, minute);

        Assert.Equal(expected, SectionOf(spec, dueAt, new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void What_falls_due_at_the_next_opening_is_due_on_the_next_working_day()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-7");

        Assert.Equal(DigestSection.DueByNextWorkingDay, SectionOf(spec, London(2026, 11, 24, 9, 0), new DateOnly(2026, 11, 23)));
        Assert.Equal(DigestSection.DueByNextWorkingDay, SectionOf(spec, London(2026, 11, 25, 8, 59), new DateOnly(2026, 11, 23)));
        Assert.Null(SectionOf(spec, London(2026, 11, 25, 9, 0), new DateOnly(2026, 11, 23)));
    }

    // RBC 9, MK 11.2: the officer sees on the morning list that the contact needs an interpreter.
    [Fact]
    public void The_digest_says_which_cases_need_an_interpreter_and_for_which_language()
    {
        var needsOne = Victim() with { InterpreterNeeded = true, Language = " Polish " };
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport(), needsOne).Assigned("officer-7");
        var other = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-7");

        var day = new DateOnly(2026, 11, 20);
        Assert.All(DailyDigest.EntriesFor("case-1", spec.State, day, EnglandAndWales), e => Assert.Equal("Polish", e.Interpreter));
        Assert.All(DailyDigest.EntriesFor("case-2", other.State, day, EnglandAndWales), e => Assert.Null(e.Interpreter));
        Assert.NotEmpty(DailyDigest.EntriesFor("case-1", spec.State, day, EnglandAndWales));
    }

    // The section a deadline of the case's kind due at `dueAt` would be listed in on `day`.
    private static DigestSection? SectionOf(CaseSpec spec, DateTimeOffset dueAt, DateOnly day)
    {
        var state = (CaseState.InEnquiry)spec.State;
        var deadline = new Deadline("first-response-9", DeadlineKind.FirstResponse, spec.Now, dueAt, null, false);
        var moved = state with { File = state.File with { Deadlines = new[] { deadline }.ToValueList() } };
        return DailyDigest.EntriesFor("case-1", moved, day, EnglandAndWales).SingleOrDefault()?.Section;
    }

    [Fact]
    public void A_hate_report_on_friday_afternoon_is_on_fridays_list_as_due_by_the_end_of_monday()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-7");

        var digest = OfficerDigest(spec, new DateOnly(2026, 11, 20), "officer-7");

        var entry = Assert.Single(digest.Entries, e => e.Deadline == DeadlineKind.FirstResponse);
        Assert.Equal(DigestSection.DueByNextWorkingDay, entry.Section);
        Assert.Equal(London(2026, 11, 23, 15, 0), entry.DueAt);
        Assert.Equal("HC-2026-000123", entry.Reference);
        Assert.True(entry.IsHate);
        Assert.Equal(new DateOnly(2026, 11, 23), digest.NextWorkingDay);
    }

    [Fact]
    public void On_monday_the_same_first_response_is_due_today()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-7")
            .At(London(2026, 11, 23, 8, 0));

        var digest = OfficerDigest(spec, new DateOnly(2026, 11, 23), "officer-7");

        Assert.Equal(DigestSection.DueToday, digest.Entries.Single(e => e.Deadline == DeadlineKind.FirstResponse).Section);
    }

    [Fact]
    public void A_missed_first_response_is_overdue_on_the_officers_list_and_on_the_team_leaders()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-7")
            .At(London(2026, 11, 24, 8, 0));

        var digests = Plan(spec, new DateOnly(2026, 11, 24));

        var mine = digests.Single(d => d.Recipient == new MessageRecipient.Officer("officer-7"));
        Assert.Equal(DigestSection.Overdue, mine.Entries.Single(e => e.Deadline == DeadlineKind.FirstResponse).Section);
        var leader = digests.Single(d => d.Recipient == new MessageRecipient.Team(spec.Profile.Escalation.To));
        Assert.All(leader.Entries, e => Assert.Equal(DigestSection.Overdue, e.Section));
        var missed = leader.Entries.Single(e => e.Deadline == DeadlineKind.FirstResponse);
        Assert.Equal("officer-7", missed.OfficerId);
        Assert.Equal(spec.File.Overdue.Count, leader.Entries.Count);
        // The overdue promise is listed once, not again as due.
        Assert.Single(mine.Entries, e => e.Deadline == DeadlineKind.FirstResponse);
    }

    [Fact]
    public void Where_missed_deadlines_go_to_the_case_officers_team_it_gets_one_list_with_both()
    {
        var spec = new CaseSpec(ProfileLoader.BuiltIn("milton-keynes") with { Escalation = new EscalationStandard(CaseMessages.UnassignedQueue) })
            .At(London(2026, 11, 19, 15, 0)).Reported(HateReport()).Assigned("officer-7");
        var unassigned = new CaseSpec(spec.Profile).At(London(2026, 11, 20, 15, 0)).Reported(HateReport());
        spec.At(London(2026, 11, 23, 8, 0));
        unassigned.At(London(2026, 11, 23, 8, 0));

        var digests = DailyDigest.Plan(new DateOnly(2026, 11, 23), [("assigned", spec.State), ("unassigned", unassigned.State)], spec.Profile, EnglandAndWales);

        var team = Assert.Single(digests, d => d.Recipient == new MessageRecipient.Team(CaseMessages.UnassignedQueue));
        Assert.Contains(team.Entries, e => e.CaseId == "unassigned" && e.Section == DigestSection.DueToday);
        Assert.Contains(team.Entries, e => e.CaseId == "assigned" && e.Section == DigestSection.Overdue);
        Assert.Equal(team.Entries.Count, team.Entries.Distinct().Count());
    }

    [Fact]
    public void A_promise_kept_drops_off_the_list()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-7")
            .At(London(2026, 11, 23, 10, 0)).Contacted();

        var digests = Plan(spec, new DateOnly(2026, 11, 23));

        Assert.DoesNotContain(digests.SelectMany(d => d.Entries), e => e.Deadline == DeadlineKind.FirstResponse);
    }

    [Fact]
    public void A_case_without_an_officer_is_on_the_case_officers_teams_list()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport());

        var digest = Assert.Single(Plan(spec, new DateOnly(2026, 11, 23)));

        Assert.Equal(new MessageRecipient.Team(CaseMessages.UnassignedQueue), digest.Recipient);
        Assert.Null(digest.Entries.Single(e => e.Deadline == DeadlineKind.FirstResponse).OfficerId);
    }

    [Fact]
    public void Nobody_gets_an_empty_list()
    {
        // Regular contact within ten working days: nothing is due for a week and more.
        var spec = For("milton-keynes").At(London(2026, 11, 2, 10, 0)).Reported().Assigned("officer-7").RiskAssessed().Contacted()
            .At(London(2026, 11, 3, 8, 0));
        Assert.All(spec.File.Deadlines, d => Assert.True(d.DueAt > London(2026, 11, 5, 0, 0), $"{d.Kind} is due {d.DueAt}"));

        Assert.Empty(Plan(spec, new DateOnly(2026, 11, 3)));
    }

    [Fact]
    public void Each_officer_gets_one_list_with_the_most_pressing_first()
    {
        var earlier = For("milton-keynes").At(London(2026, 11, 19, 15, 0)).Reported(HateReport()).Assigned("officer-7")
            .At(London(2026, 11, 23, 8, 0));
        var later = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-7")
            .At(London(2026, 11, 23, 8, 0));

        var digests = DailyDigest.Plan(new DateOnly(2026, 11, 23),
            [("case-later", later.State), ("case-earlier", earlier.State)], earlier.Profile, EnglandAndWales);

        var digest = Assert.Single(digests, d => d.Recipient is MessageRecipient.Officer);
        var firstResponses = digest.Entries.Where(e => e.Deadline == DeadlineKind.FirstResponse).ToList();
        Assert.Equal(["case-earlier", "case-later"], firstResponses.Select(e => e.CaseId));
        Assert.Equal(DigestSection.Overdue, firstResponses[0].Section);
        Assert.Equal(DigestSection.DueToday, firstResponses[1].Section);
    }

    [Fact]
    public void A_very_long_list_is_cut_short_and_says_how_many_are_not_listed()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-7");
        var cases = Enumerable.Range(0, DailyDigest.MaxEntries + 7).Select(i => ($"case-{i}", spec.State)).ToList();

        var digest = Assert.Single(DailyDigest.Plan(new DateOnly(2026, 11, 20), cases, spec.Profile, EnglandAndWales));

        Assert.Equal(DailyDigest.MaxEntries, digest.Entries.Count);
        Assert.Equal(cases.Count * spec.File.Deadlines.Count(d => d.DueAt < London(2026, 11, 24, 9, 0)) - DailyDigest.MaxEntries, digest.NotListed);
    }

    [Fact]
    public void A_case_not_yet_reported_has_nothing_to_list()
    {
        Assert.Empty(DailyDigest.EntriesFor("case-1", CaseState.Initial, new DateOnly(2026, 11, 23), EnglandAndWales));
    }

    [Fact]
    public void A_restricted_case_is_listed_only_to_its_officer_when_named_and_never_to_a_team()
    {
        var named = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-7");
        named.Do(new CaseCommand.RestrictCase(ValueList.Of("officer-7"), "About a relative of a member of staff.", "leader-1"));
        var notNamed = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport()).Assigned("officer-8");
        notNamed.Do(new CaseCommand.RestrictCase(ValueList.Of("officer-9"), "About a member of staff.", "leader-1"));
        var waiting = For("milton-keynes").At(London(2026, 11, 20, 15, 0)).Reported(HateReport());
        waiting.Do(new CaseCommand.RestrictCase(ValueList.Of("officer-9"), "About a member of staff.", "leader-1"));
        foreach (var spec in new[] { named, notNamed, waiting })
        {
            spec.At(London(2026, 11, 24, 8, 0));
        }

        var digests = DailyDigest.Plan(new DateOnly(2026, 11, 24),
            [("named", named.State), ("not-named", notNamed.State), ("waiting", waiting.State)], named.Profile, EnglandAndWales);

        var listed = digests.SelectMany(d => d.Entries.Select(e => (d.Recipient, e.CaseId))).Distinct().ToList();
        Assert.Equal([(new MessageRecipient.Officer("officer-7"), "named")], listed);
    }

    private static IReadOnlyList<Digest> Plan(CaseSpec spec, DateOnly day) =>
        DailyDigest.Plan(day, [("case-1", spec.State)], spec.Profile, EnglandAndWales);

    private static Digest OfficerDigest(CaseSpec spec, DateOnly day, string officerId) =>
        Plan(spec, day).Single(d => d.Recipient == new MessageRecipient.Officer(officerId));
}

internal static class DigestSpecExtensions
{
    public static CaseSpec Assigned(this CaseSpec spec, string officerId)
    {
        spec.Do(new CaseCommand.AssignOfficer(officerId));
        return spec;
    }
}
