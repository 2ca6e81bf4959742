using HateCase.Domain.Cases;

namespace HateCase.Mail.Rendering;

// Where staff messages go. Officers are looked up by their id, teams by role
// ("team-leader", "case-officers", "post-room").
public interface IStaffDirectory
{
    string? FindOfficer(string officerId);

    string? FindTeam(string role);
}

public static class StaffRoles
{
    public const string TeamLeader = "team-leader";
    public const string CaseOfficers = CaseMessages.UnassignedQueue;

    // Prints and posts letters to complainants who have no email address.
    public const string PostRoom = "post-room";

    public static IReadOnlyList<string> Required { get; } = [CaseOfficers, TeamLeader, PostRoom];
}

// Bound from the "Staff" section: Staff:Officers:{officerId} and Staff:Teams:{role}, each an email address.
public sealed class StaffDirectory : IStaffDirectory
{
    public const string Section = "Staff";

    private readonly Dictionary<string, string> officers;
    private readonly Dictionary<string, string> teams;

    public StaffDirectory(IReadOnlyDictionary<string, string> officers, IReadOnlyDictionary<string, string> teams)
    {
        ArgumentNullException.ThrowIfNull(officers);
        ArgumentNullException.ThrowIfNull(teams);
        this.officers = new Dictionary<string, string>(officers, StringComparer.OrdinalIgnoreCase);
        this.teams = new Dictionary<string, string>(teams, StringComparer.OrdinalIgnoreCase);
    }

    public string? FindOfficer(string officerId) => Usable(officers, officerId);

    public string? FindTeam(string role) => Usable(teams, role);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var role in StaffRoles.Required)
        {
            if (!teams.TryGetValue(role, out var address) || string.IsNullOrWhiteSpace(address))
            {
                problems.Add($"{Section}:Teams:{role} is required: it is the email address for the {role} team");
            }
        }
        foreach (var (role, address) in teams.Where(t => !string.IsNullOrWhiteSpace(t.Value) && !IsAddress(t.Value)))
        {
            problems.Add($"{Section}:Teams:{role} must be an email address");
        }
        foreach (var (id, _) in officers.Where(o => !IsAddress(o.Value)))
        {
            problems.Add($"{Section}:Officers:{id} must be an email address");
        }
        return problems;
    }

    private static string? Usable(Dictionary<string, string> addresses, string key) =>
        addresses.TryGetValue(key, out var address) && IsAddress(address) ? address : null;

    private static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value) && System.Net.Mail.MailAddress.TryCreate(value, out _);
}
