using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;

namespace HateCase.Domain.Retention;

// UK GDPR Art. 5(1)(e): a case file is kept no longer than it is needed. A closed case is kept for
// the profile's years after its latest closure, to the end of that day in UK time, and its
// personal data is removed from the next UK midnight. A case closed on 29 February reaches its
// anniversary on 28 February in a year without one (the last day of the month, as periods in
// years are counted in English law), and is anonymised from 1 March. A reopened case is open
// again and has no date until it closes again.
public static class CaseRetention
{
    // When the case's personal data is to be removed; null while it is open (or not yet reported).
    public static DateTimeOffset? AnonymiseFrom(CaseState state, RetentionStandard standard, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(standard);
        ArgumentNullException.ThrowIfNull(calendar);
        if (state is not CaseState.Closed closed)
        {
            return null;
        }
        var lastDayKept = calendar.LocalDate(closed.Outcome.At).AddYears(standard.YearsAfterClosure);
        return calendar.StartOfDay(lastDayKept.AddDays(1));
    }

    // Whether the daily run removes the case's personal data at `now`: past its date, not held by a
    // team leader, and not already done.
    public static bool IsDue(CaseState state, DateTimeOffset now, RetentionStandard standard, WorkingCalendar calendar) =>
        state.FileOrNull is { Hold: null, Anonymised: false }
        && AnonymiseFrom(state, standard, calendar) is { } from
        && now >= from;
}
