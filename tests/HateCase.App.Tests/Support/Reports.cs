namespace HateCase.App.Tests.Support;

// Valid reports as the public sends them: each with a fresh email address, so that its mail can
// be told apart from every other test's in the shared development mailbox.
public static class Reports
{
    public static string NewEmail(string who = "victim") => $"{who}-{Guid.NewGuid():N}@example.org";

    public static Dictionary<string, object?> Hate(string email, string? aboutAddress = null) => new()
    {
        ["name"] = "Amira Khan",
        ["email"] = email,
        ["isVictim"] = true,
        ["description"] = "Two neighbours shouted racist abuse at me on the stairs and spat at my door.",
        ["location"] = "Stairwell, block B",
        ["hatePerceived"] = true,
        ["hateStrands"] = new[] { "race" },
        ["violenceOrThreats"] = true,
        ["incidentsInLastMonth"] = 3,
        ["aboutAddress"] = aboutAddress,
        ["consentToShare"] = true,
    };

    public static Dictionary<string, object?> Nuisance(string email, string? aboutAddress = null) => new()
    {
        ["name"] = "Sam Patel",
        ["email"] = email,
        ["description"] = "Loud music from the flat above until 3am most nights this week.",
        ["hatePerceived"] = false,
        ["aboutAddress"] = aboutAddress,
    };

    // An address no other test reports about, so that the report opens a case of its own.
    public static string NewAddress() => $"Flat {Random.Shared.Next(1, 400)}, {Guid.NewGuid().ToString("N")[..8]} House, Exampletown";

    public static Dictionary<string, object?> With(this Dictionary<string, object?> report, string field, object? value)
    {
        var copy = new Dictionary<string, object?>(report) { [field] = value };
        return copy;
    }

    public static Dictionary<string, object?> Without(this Dictionary<string, object?> report, string field)
    {
        var copy = new Dictionary<string, object?>(report);
        copy.Remove(field);
        return copy;
    }

    // The answers of a matrix risk assessment at first contact.
    public static object RiskAnswers => new
    {
        harm = "damage-or-threats",
        vulnerability = "some",
        repeat = "repeated",
        hateMotivationPerceived = true,
        impact = "moderate",
        childrenInHousehold = false,
        retaliationFeared = true,
    };
}
