using HateCase.App.Cases;
using HateCase.App.Pages.Staff;
using HateCase.App.Security;
using HateCase.Domain.Privacy;
using HateCase.Storage;

namespace HateCase.App.Privacy;

// RBC 15, MK 15.3: need to know, on the server, for every route that reads or changes one case.
// The case's team, officer and restriction are read from its row; a person who may not see the
// case is refused (a 403 page or problem) and the refusal is in the access record; a person who
// may has the view recorded (when it is a view) before the case is read.
public sealed class NeedToKnowGate(CaseReadModel cases, AccessAudit audit)
{
    // A look at the case: recorded, then shown; or refused and the refusal recorded.
    public Func<HttpContext, Task<IResult>> Viewing(string caseId, string kind, Func<HttpContext, Task<IResult>> function, bool page) =>
        async http => await MaySee(http, caseId) ? await audit.Viewing(caseId, kind, function)(http) : await Refuse(http, caseId, kind, page);

    // A command on the case (or its form): run when the person may see the case; otherwise refused
    // and recorded. A command allowed is recorded in the case's own chronology.
    public Func<HttpContext, Task<IResult>> Acting(string caseId, Func<HttpContext, Task<IResult>> function, bool page) =>
        async http => await MaySee(http, caseId) ? await function(http) : await Refuse(http, caseId, AccessKinds.CaseCommand, page);

    // For the command sender: whether the person may act on the case; a refusal is recorded.
    public async Task<bool> Admits(HttpContext http, string caseId, string kind)
    {
        if (await MaySee(http, caseId))
        {
            return true;
        }
        await audit.Refusing(caseId, kind)(http);
        return false;
    }

    // For lists: whether the person may see a case listed.
    public static bool MaySee(HttpContext http, CaseAccessFacts facts) => NeedToKnow.MaySee(http.User.StaffMember(), facts);

    // An id no case could have, or no case yet, is left to the function ("no such case").
    private async Task<bool> MaySee(HttpContext http, string caseId) =>
        !CommandSender.IsValidId(caseId)
        || await cases.Summary(caseId, http.RequestAborted) is not { } summary
        || MaySee(http, summary.AccessFacts);

    private async Task<IResult> Refuse(HttpContext http, string caseId, string kind, bool page)
    {
        await audit.Refusing(caseId, kind)(http);
        return page
            ? StaffPages.CaseNotAllowed()
            : TypedResults.Problem(title: "This case is not one you may see.", statusCode: StatusCodes.Status403Forbidden);
    }
}
