using System.Security.Claims;
using HateCase.App.Security;

namespace HateCase.App.Pages.Staff;

// Where the staff pages live, and which of them a person's role shows in the navigation. Each
// page checks the role again on the server: the navigation only saves a wasted click.
public static class StaffRoutes
{
    public const string MyWork = "/my-work";
    public const string AllCases = "/cases";
    public const string RecordReport = "/record-report";
    public const string Team = "/team";
    public const string Measures = "/measures";
    public const string SubjectAccess = "/subject-access";
    public const string SignIn = "/sign-in";
    public const string SignOut = "/sign-out";

    public static string Case(string caseId) => $"/cases/{Uri.EscapeDataString(caseId)}";

    public static IReadOnlyList<(string Text, string Href)> NavigationFor(ClaimsPrincipal user)
    {
        var items = new List<(string, string)> { ("My work", MyWork), ("All cases", AllCases), ("Record a report", RecordReport) };
        if (user.IsInRole(Roles.TeamLeader))
        {
            items.Add(("Team", Team));
        }
        if (user.IsInRole(Roles.TeamLeader) || user.IsInRole(Roles.Admin))
        {
            items.Add(("Measures", Measures));
        }
        if (user.IsInRole(Roles.Admin))
        {
            items.Add(("Subject access", SubjectAccess));
        }
        return items;
    }

    // Only a path on this site: never another host ("//evil.example", "/\evil.example") or scheme.
    public static string LocalOrMyWork(string? returnUrl) =>
        returnUrl is { Length: > 1 and <= 2000 } url && url[0] == '/' && url[1] is not ('/' or '\\') && !url.Contains('\\')
            && Uri.TryCreate(url, UriKind.Relative, out _)
            ? url
            : MyWork;
}
