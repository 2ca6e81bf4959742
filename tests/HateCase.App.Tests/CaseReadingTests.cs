using HateCase.App.Pages.Cases;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;
using HateCase.Storage;
using HateCase.Workflow;
using static HateCase.Domain.Cases.CaseEvent;

namespace HateCase.App.Tests;

// What the case page reads from a case's chronology: each deadline with when it was set, whether
// the officer was reminded, and whether it was met or missed; times as people in the UK say them.
public sealed class CaseReadingTests
{
    private static readonly ServiceProfile Profile = ProfileLoader.BuiltIn("milton-keynes");
    private static readonly DateTimeOffset Reported = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_deadline_reminded_missed_and_then_met_shows_each_step_and_the_team_leader_was_told()
    {
        var firstResponse = new Deadline("d-1", DeadlineKind.FirstResponse, Reported, Reported.AddDays(1), Reported.AddHours(20), false);
        var riskAssessment = new Deadline("d-2", DeadlineKind.RiskAssessment, Reported, Reported.AddDays(1), null, false);
        var reading = Read(
            new DeadlineSet(Reported, firstResponse),
            new DeadlineSet(Reported, riskAssessment),
            new DeadlineMet(Reported.AddHours(5.5), "d-2", DeadlineKind.RiskAssessment, riskAssessment.DueAt),
            new ReminderSent(Reported.AddHours(20), "d-1", DeadlineKind.FirstResponse, firstResponse.DueAt),
            new DeadlineMissed(Reported.AddDays(1), "d-1", DeadlineKind.FirstResponse, firstResponse.DueAt, "team-leader"),
            new DeadlineMet(Reported.AddDays(1).AddHours(5.5), "d-1", DeadlineKind.FirstResponse, firstResponse.DueAt));

        var rows = reading.Deadlines;

        var first = Assert.Single(rows, r => r.Kind == DeadlineKind.FirstResponse);
        Assert.Equal(Reported.AddHours(20), first.RemindedAt);
        Assert.Equal("Missed, then met late", first.Outcome);
        Assert.Equal(Reported.AddDays(1).AddHours(5.5), first.OutcomeAt);
        var risk = Assert.Single(rows, r => r.Kind == DeadlineKind.RiskAssessment);
        Assert.Null(risk.RemindedAt);
        Assert.Equal("Met on time", risk.Outcome);
        Assert.Contains(reading.Chronology, c => c.What == "Deadline missed: First response, due 1 December 2026 at 10am; the team leader was told");
    }

    [Fact]
    public void A_deadline_missed_and_not_yet_met_still_stands_and_one_not_yet_due_is_due()
    {
        var contact = new Deadline("d-1", DeadlineKind.RegularContact, Reported, Reported.AddDays(14), Reported.AddDays(13), false);
        var review = new Deadline("d-2", DeadlineKind.CaseReview, Reported, Reported.AddDays(60), null, false);
        var reading = Read(
            new DeadlineSet(Reported, contact),
            new DeadlineSet(Reported, review),
            new DeadlineMissed(Reported.AddDays(14), "d-1", DeadlineKind.RegularContact, contact.DueAt, "team-leader"));

        Assert.Equal(("Missed: the team leader was told", true), (reading.Deadlines[0].Outcome, reading.Deadlines[0].StillDue));
        Assert.Equal(("Due", true, (DateTimeOffset?)null), (reading.Deadlines[1].Outcome, reading.Deadlines[1].StillDue, reading.Deadlines[1].RemindedAt));
    }

    [Theory]
    [InlineData("2026-12-02T15:30:00Z", "2 December 2026 at 3:30pm")]
    [InlineData("2026-07-01T14:30:00Z", "1 July 2026 at 3:30pm")]
    [InlineData("2026-03-29T11:00:00Z", "29 March 2026 at midday")]
    [InlineData("2026-10-25T01:00:00Z", "25 October 2026 at 1am")]
    [InlineData("2026-12-25T00:00:00Z", "25 December 2026 at midnight")]
    public void Times_are_shown_in_UK_time_as_people_say_them(string at, string shown) =>
        Assert.Equal(shown, CaseReading.When(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    private static CaseReading Read(params CaseEvent[] after)
    {
        var complainant = new Complainant(false, true, "Amira Khan", "amira@example.org", null, null, ContactMethod.Email, null, null, false,
            ValueList<string>.Empty, false);
        var report = new IncidentReport(null, null, "Abuse on the stairs.", null, null, null, false, false, null, true, ValueList.Of("race"),
            false, false, null, null);
        CaseEvent[] events = [new ReportReceived(Reported, "HC-2026-000001", ReportChannel.WebForm, complainant, report, "incident-1", null,
            RiskLevel.High, ValueList.Of("Hate incident")), .. after];
        var chronology = events.Select((e, i) => new ChronologyEntry(i + 1, e.At, $"command-{i}", "officer-1", e)).ToList();
        var view = new CaseView("case-1", events.Length, Profile.Id, Case.Fold(events), chronology, [], []);
        return new CaseReading(view, Profile, Reported.AddDays(2));
    }
}
