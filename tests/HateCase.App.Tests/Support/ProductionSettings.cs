using System.Security.Cryptography;

namespace HateCase.App.Tests.Support;

// What a Production app needs whatever its mail provider: its secrets, the landlord's details
// shown in every email and page, the staff teams and the public address; nothing reachable.
public static class ProductionSettings
{
    public static void AddTo(Dictionary<string, string> settings, string runId)
    {
        settings["Intake:KeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        settings["Surveys:TokenKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Staff:Teams:case-officers"] = $"case-officers-{runId}@example.org";
        settings["Staff:Teams:team-leader"] = $"team-leader-{runId}@example.org";
        settings["Staff:Teams:post-room"] = $"post-room-{runId}@example.org";
        settings["Landlord:Name"] = "Example Homes";
        settings["Landlord:Phone"] = "01632 960 000";
        settings["Landlord:Email"] = "asb@example.org";
        settings["Landlord:Website"] = "https://example.org/asb";
        settings["Landlord:Address"] = "1 Civic Square, Exampletown, EX1 1AA";
        settings["App:PublicBaseUrl"] = "https://asb.example.org";
    }
}
