using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;

namespace HateCase.App.Pages.Staff;

// The staff pages' words for what a case row holds.
public static class StaffWords
{
    public static readonly IReadOnlyList<(string Code, string Name)> Stages =
    [
        ("enquiry", "Enquiry"),
        ("investigation", "Investigation"),
        ("awaiting-closure-approval", "Waiting for closure approval"),
        ("closed", "Closed"),
    ];

    public static string Stage(string code) => Stages.FirstOrDefault(s => s.Code == code).Name ?? code;

    public static string Risk(RiskLevel risk) => risk switch
    {
        RiskLevel.High => "High",
        RiskLevel.Medium => "Medium",
        _ => "Low",
    };

    // "Race, Religion or belief"; "None recorded" for a case not recorded as hate.
    public static string Strands(IEnumerable<string> codes, ServiceProfile profile)
    {
        var names = codes.Select(code => profile.FindHateStrand(code)?.Name ?? code).ToList();
        return names.Count == 0 ? "None recorded" : string.Join(", ", names);
    }
}
