using HateCase.App.Cases;
using HateCase.Storage;

namespace HateCase.App.Pages.Privacy;

// "Who has looked at this case" (/who-looked/{caseId}), for team leaders and admins: every look
// at the case page or the case in the API, allowed or refused, newest first, a page at a time.
public sealed partial class WhoLookedPage
{
    public const int RowsPerPage = 25;

    public static async Task<IResult> Show(HttpContext http, string caseId, CaseService runtime, AccessRecord record)
    {
        if (!CommandSender.IsValidId(caseId) || await runtime.Get(caseId, http.RequestAborted) is not { State.FileOrNull: { } file })
        {
            return Cases.CasePage.CaseNotFound();
        }
        // The next page's place in the record, as the record gave it; anything else starts again.
        var from = http.Request.Query["from"] is [{ Length: > 0 and <= 500 } token] ? token : null;
        var page = await record.Page(AccessRecord.CasePartition(caseId), RowsPerPage, from, http.RequestAborted);
        return ComponentPage.Render<WhoLookedPage>(new()
        {
            [nameof(CaseId)] = caseId,
            [nameof(Reference)] = file.Reference,
            [nameof(Entries)] = page.Entries,
            [nameof(NextPage)] = page.ContinuationToken is { } next ? $"{Route(caseId)}?from={Uri.EscapeDataString(next)}" : null,
            [nameof(FirstPage)] = from is null ? null : Route(caseId),
        });
    }

    public static string Route(string caseId) => $"/who-looked/{Uri.EscapeDataString(caseId)}";

    public static string KindText(string kind) => kind switch
    {
        AccessKinds.CasePage => "Case page",
        AccessKinds.CaseApi => "Case in the officer API",
        AccessKinds.CaseActionPage => "An action's form on the case page",
        AccessKinds.CaseCommand => "An action on the case",
        _ => kind,
    };
}
