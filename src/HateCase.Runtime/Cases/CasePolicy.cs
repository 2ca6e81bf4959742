using HateCase.Domain;
using HateCase.Domain.Profiles;

namespace HateCase.Runtime.Cases;

// The landlord's profile and the calendar every decision is made with. Still read by the app's
// end-to-end and browser tests for their calendar; the orchestration has its own
// (HateCase.Workflow.CasePolicy), the same record.
public sealed record CasePolicy(ServiceProfile Profile, WorkingCalendar Calendar)
{
    public static CasePolicy For(ServiceProfile profile) => new(profile, profile.CalendarFrom(WorkingCalendar.EnglandAndWales));
}
