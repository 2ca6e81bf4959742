using System.Collections.Concurrent;
using HateCase.Domain;
using HateCase.Domain.Profiles;

namespace HateCase.Workflow;

// The landlord's profile and the calendar every decision on a case is made with.
public sealed record CasePolicy(ServiceProfile Profile, WorkingCalendar Calendar)
{
    public static CasePolicy For(ServiceProfile profile) => new(profile, profile.CalendarFrom(WorkingCalendar.EnglandAndWales));
}

// Finds a case's policy by the profile id it was opened under. Profiles are data fixed for the life
// of the process, so an orchestration replaying a turn decides it with the same policy.
public sealed class CasePolicies(Func<string, ServiceProfile> findProfile)
{
    private readonly ConcurrentDictionary<string, CasePolicy> policies = new(StringComparer.Ordinal);

    public static CasePolicies BuiltIn() => new(ProfileLoader.BuiltIn);

    public CasePolicy For(string profileId) => policies.GetOrAdd(profileId, id => CasePolicy.For(findProfile(id)));
}

public sealed class CaseWorkflowOptions
{
    // Development only: cases accept CaseInput.DevelopmentClockSet and run their clock at that
    // offset from real time. Off in production, where any offset is ignored.
    public bool DevelopmentClock { get; set; }

    // How often a message is tried before it is recorded on the case as undeliverable.
    public int MaxSendAttempts { get; set; } = 8;

    public TimeSpan FirstSendRetry { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxSendRetry { get; set; } = TimeSpan.FromHours(1);
}
