using HateCase.Domain.Common;

namespace HateCase.Domain.Privacy;

// Staff ids and team names as sign-in gives them and the case keeps them: letters, digits, '.',
// '-', '_' and '@', at most 64 (an Entra object id, a user name or an email address fits).
public static class StaffId
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@');
}

public enum StaffRole
{
    Officer,
    TeamLeader,
    Admin,
}

// A signed-in member of staff as need to know sees them. Team is null when the landlord has no
// teams: everyone is then in the one team.
public sealed record StaffMember(string Id, StaffRole Role, string? Team);

// RBC 15, MK 15.3: a case restricted to named people (a case about a member of staff or their
// relative): only they, and the team leader who restricted it, may see it or act on it.
public sealed record CaseRestriction(ValueList<string> StaffIds, string Reason, string RestrictedBy, DateTimeOffset Since)
{
    public bool Names(string staffId) => StaffIds.Contains(staffId) || RestrictedBy == staffId;

    public ValueList<string> Allowed => StaffIds.Contains(RestrictedBy) ? StaffIds : StaffIds.Add(RestrictedBy);
}

// What need to know decides from: the case's team (null until it has one: a case waiting for an
// officer is every team's to take), its officer and, while restricted, who it is restricted to.
public sealed record CaseAccessFacts(string? Team, string? OfficerId, ValueList<string>? RestrictedTo);

// RBC 15 ("secured against unauthorised processing"), MK 15.3: need-to-know access.
public static class NeedToKnow
{
    public static bool MaySee(StaffMember person, CaseAccessFacts facts)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.RestrictedTo is { } allowed)
        {
            return allowed.Contains(person.Id);
        }
        if (person.Role == StaffRole.Admin || facts.Team is null || facts.OfficerId == person.Id)
        {
            return true;
        }
        return string.Equals(person.Team, facts.Team, StringComparison.Ordinal);
    }
}
