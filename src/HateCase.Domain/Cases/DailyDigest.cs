using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;

namespace HateCase.Domain.Cases;

// Where a promise stands on the morning of the digest.
public enum DigestSection
{
    // Missed, and still to be done.
    Overdue,
    // Falls due before the office opens on the next working day: nobody is at work after today's
    // closing to keep it.
    DueToday,
    // Falls due before the office opens on the working day after that.
    DueByNextWorkingDay,
}

// One promise on one case, as an officer's list shows it: the case, never the people in it.
public sealed record DigestEntry(
    string CaseId,
    string Reference,
    DeadlineKind Deadline,
    DateTimeOffset DueAt,
    DigestSection Section,
    RiskLevel Risk,
    bool IsHate,
    string? OfficerId,
    // The language the complainant needs an interpreter for ("" when they did not say which);
    // null when they need none.
    string? Interpreter = null,
    // RBC 15, MK 15.3: while the case is restricted, the only people who may see it.
    ValueList<string>? RestrictedTo = null);

// One recipient's list for one working day. NotListed counts the entries left off a long list.
public sealed record Digest(MessageRecipient Recipient, DateOnly Day, DateOnly NextWorkingDay, ValueList<DigestEntry> Entries, int NotListed)
{
    public int Count(DigestSection section) => Entries.Count(e => e.Section == section);
}

// The officers' morning list: on each working day, in office hours (from the opening, or a later
// set local time), every officer with something missed or falling due before the end of the next
// working day gets one message listing it. Cases without an officer go to the case officers' team, which picks them up; the missed
// promises across the whole team also go to whoever the profile escalates to, so nothing missed
// is seen by one person only. Nobody gets an empty list.
public static class DailyDigest
{
    // A list long enough to act on in a morning, short enough to stay one row and one message.
    public const int MaxEntries = 150;

    // The working day whose digest is due at `now`: in that day's office hours, and not before
    // sendFrom when one is set (a time before opening waits for the opening, as every email to
    // staff does). Null outside office hours and on a day off.
    public static DateOnly? DayToSend(DateTimeOffset now, WorkingCalendar calendar, TimeOnly? sendFrom = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var inTime = sendFrom is not { } from || calendar.LocalTime(now) >= from;
        return calendar.IsInOfficeHours(now) && inTime ? calendar.LocalDate(now) : null;
    }

    // Everything due before this instant is on the day's digest: the opening of the working day
    // after next, so that what falls due overnight after the next working day's closing is listed.
    public static DateTimeOffset LooksAheadTo(DateOnly day, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.OpeningOn(calendar.NextWorkingDay(calendar.NextWorkingDay(day)));
    }

    // What falls due before this instant is due today: the next working day's opening.
    public static DateTimeOffset EndOfDay(DateOnly day, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.OpeningOn(calendar.NextWorkingDay(day));
    }

    public static IReadOnlyList<DigestEntry> EntriesFor(string caseId, CaseState state, DateOnly day, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(calendar);
        if (state.FileOrNull is not { } file)
        {
            return [];
        }
        var endOfToday = EndOfDay(day, calendar);
        var lookAhead = LooksAheadTo(day, calendar);
        var entries = file.Overdue.Select(d => Entry(d, DigestSection.Overdue)).ToList();
        entries.AddRange(file.Deadlines
            .Where(d => d.DueAt < lookAhead && !file.Overdue.Any(o => o.Id == d.Id))
            .Select(d => Entry(d, d.DueAt < endOfToday ? DigestSection.DueToday : DigestSection.DueByNextWorkingDay)));
        return entries;

        DigestEntry Entry(Deadline deadline, DigestSection section) =>
            new(caseId, file.Reference, deadline.Kind, deadline.DueAt, section, file.Risk, file.IsHate, file.OfficerId,
                CaseMessages.InterpreterForAnyone(file), file.Restriction?.Allowed);
    }

    // Overdue first, then due today, then due by the next working day; soonest first in each.
    public static IReadOnlyList<DigestEntry> InListOrder(IEnumerable<DigestEntry> entries) =>
        entries
            .OrderBy(e => e.Section)
            .ThenBy(e => e.DueAt)
            .ThenBy(e => e.Reference, StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<Digest> Plan(DateOnly day, IEnumerable<(string CaseId, CaseState State)> cases, ServiceProfile profile, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(profile);
        // RBC 15, MK 15.3: a restricted case is listed only to its officer, and only when they are
        // named; never to a shared team address, whose readers may not be.
        var entries = cases
            .DistinctBy(c => c.CaseId)
            .SelectMany(c => EntriesFor(c.CaseId, c.State, day, calendar))
            .Where(e => e.RestrictedTo is null || e.OfficerId is { } officer && e.RestrictedTo.Contains(officer))
            .ToList();
        var next = calendar.NextWorkingDay(day);

        var lists = entries
            .GroupBy(e => e.OfficerId is { } officer ? new MessageRecipient.Officer(officer) : (MessageRecipient)new MessageRecipient.Team(CaseMessages.UnassignedQueue))
            .ToDictionary(g => g.Key, g => g.ToList());
        var missed = entries.Where(e => e.Section == DigestSection.Overdue && e.RestrictedTo is null).ToList();
        if (missed.Count > 0)
        {
            // Where missed deadlines go to the case officers' team itself, it gets one list with both.
            var escalation = new MessageRecipient.Team(profile.Escalation.To);
            lists[escalation] = lists.TryGetValue(escalation, out var own) ? own.Union(missed).ToList() : missed;
        }
        return lists.Select(l => Digest(l.Key, l.Value)).ToList();

        Digest Digest(MessageRecipient recipient, IEnumerable<DigestEntry> listed)
        {
            var ordered = InListOrder(listed);
            return new Digest(recipient, day, next, ordered.Take(MaxEntries).ToValueList(), Math.Max(0, ordered.Count - MaxEntries));
        }
    }
}
