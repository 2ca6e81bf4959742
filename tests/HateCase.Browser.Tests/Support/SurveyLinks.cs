using System.Text.RegularExpressions;

namespace HateCase.Browser.Tests.Support;

// The survey link in an invitation's text.
public static partial class SurveyLinks
{
    public static string In(string text) =>
        Pattern().Match(text) is { Success: true } link ? link.Value : throw new Xunit.Sdk.XunitException("The invitation carries no survey link: " + text);

    [GeneratedRegex(@"https?://[^\s<>""]+/survey/[A-Za-z0-9_.~-]+")]
    private static partial Regex Pattern();
}
