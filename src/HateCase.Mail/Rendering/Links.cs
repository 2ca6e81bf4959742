using HateCase.Mail.Surveys;

namespace HateCase.Mail.Rendering;

public interface ILinks
{
    // The case in the officer workspace. Staff only: it needs a staff sign-in.
    Uri Case(string caseId);

    // The signed-in officer's own list of what is overdue and due, grouped as the daily digest is.
    Uri MyWork();

    // The complainant's own survey page; the link works until the survey closes.
    Uri Survey(string caseId, int closureNumber, DateTimeOffset closesAt, string? respondent = null);
}

public sealed class Links : ILinks
{
    private readonly string baseUrl;
    private readonly SurveyTokens surveyTokens;

    public Links(Uri publicBaseUrl, SurveyTokens surveyTokens)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        ArgumentNullException.ThrowIfNull(surveyTokens);
        if (!publicBaseUrl.IsAbsoluteUri || (publicBaseUrl.Scheme != Uri.UriSchemeHttps && publicBaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The public base URL must be an absolute http or https URL.", nameof(publicBaseUrl));
        }
        baseUrl = publicBaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        this.surveyTokens = surveyTokens;
    }

    public Uri Case(string caseId) => new($"{baseUrl}/cases/{Uri.EscapeDataString(caseId)}");

    public Uri MyWork() => new($"{baseUrl}/my-work");

    public Uri Survey(string caseId, int closureNumber, DateTimeOffset closesAt, string? respondent = null) =>
        new($"{baseUrl}/survey/{surveyTokens.Issue(caseId, closureNumber, closesAt, respondent)}");
}
