using HateCase.App.Cases;
using HateCase.Workflow;

namespace HateCase.App.Pages.Cases;

// The case page at /cases/{caseId}: everything recorded on the case, and the actions its stage
// allows. Reads the case as last recorded; changes it only through the action forms.
public sealed partial class CasePage
{
    public static async Task<IResult> Show(HttpContext http, string caseId, CaseService runtime, CasePolicy policy, TimeProvider clock)
    {
        if (!CommandSender.IsValidId(caseId) || await runtime.Get(caseId, http.RequestAborted) is not { State.FileOrNull: not null } view)
        {
            return CaseNotFound();
        }
        var query = http.Request.Query;
        // After an action the page says what was recorded; only an action's own name is shown.
        var done = query["done"] is [{ } d] ? CaseActions.Find(d) : null;
        var queued = query["queued"] is [{ } q] ? CaseActions.Find(q) : null;
        return ComponentPage.Render<CasePage>(new()
        {
            [nameof(Reading)] = new CaseReading(view, policy.Profile, clock.GetUtcNow()),
            [nameof(Done)] = done,
            [nameof(Queued)] = queued,
            [nameof(AntiforgeryToken)] = PostedForm.IssueToken(http),
        });
    }

    public static IResult CaseNotFound() => ComponentPage.Render<CaseNotFoundPage>([], StatusCodes.Status404NotFound);
}
