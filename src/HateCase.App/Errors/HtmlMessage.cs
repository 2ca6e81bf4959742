using System.Net;

namespace HateCase.App.Errors;

// A plain page for a person when something stops a page from being shown: the message, what to
// do in an emergency, and nothing from the request echoed back.
public static class HtmlMessage
{
    public static IResult Page(string heading, string message, int status) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(heading)}</title>
        <link rel="stylesheet" href="/govuk/govuk-frontend.min.css"></head>
        <body class="govuk-template__body"><main class="govuk-main-wrapper govuk-width-container" id="main-content">
        <h1 class="govuk-heading-l">{WebUtility.HtmlEncode(heading)}</h1>
        <p class="govuk-body">{WebUtility.HtmlEncode(message)}</p>
        <p class="govuk-body">If you are in danger now, call 999.</p>
        <p class="govuk-body"><a class="govuk-link" href="/report">Go to the report form</a></p>
        </main></body></html>
        """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
