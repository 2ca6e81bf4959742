using HateCase.App.Cases;
using HateCase.App.Functions;
using HateCase.App.Privacy;
using HateCase.App.Security;
using HateCase.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Pages.Privacy;

// Who has looked at a case (team leaders and admins) and subject access (admins). A person whose
// role may not search is refused, and the refusal is kept in the access record.
public sealed class PrivacyPageFunctions(
    RequestGate gate, CaseService runtime, AccessRecord record, AccessAudit audit, SubjectAccessSearch search, Retention.ErasureService erasures)
{
    // UK GDPR Art. 17: erasure on request, for admins (the data-protection lead), as on the API.
    [Function("ErasureForm")]
    public Task<IResult> ErasureForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "erasure/{caseId}")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.ServeStaffPage(request, http => ErasurePage.Show(http, caseId, runtime), Policies.SubjectAccess);

    [Function("ErasePersonalDataOnThePage")]
    public Task<IResult> ErasePersonalDataOnThePage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "erasure/{caseId}")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.ServeStaffPage(request, http => ErasurePage.Erase(http, caseId, runtime, erasures), Policies.SubjectAccess);

    [Function("WhoLooked")]
    public Task<IResult> WhoLooked([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "who-looked/{caseId}")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.ServeStaffPage(request, http => WhoLookedPage.Show(http, caseId, runtime, record), Policies.AccessRecords);

    [Function("SubjectAccessForm")]
    public Task<IResult> SubjectAccessForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "subject-access")] HttpRequest request) =>
        gate.ServeStaffPage(request, http => Task.FromResult(SubjectAccessPage.Show(http)), Policies.SubjectAccess, Refused);

    [Function("SubjectAccessSearch")]
    public Task<IResult> SubjectAccessSearch([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "subject-access")] HttpRequest request,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.ServeStaffPage(request, http => SubjectAccessPage.Search(http, search, audit), Policies.SubjectAccess, Refused);

    [Function("SubjectAccessDownload")]
    public Task<IResult> SubjectAccessDownload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "subject-access/download")] HttpRequest request,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.ServeStaffPage(request, http => SubjectAccessPage.Download(http, search, audit), Policies.SubjectAccess, Refused);

    private Task Refused(HttpContext http) => audit.Add(http, AccessKinds.SubjectAccessSearch, refused: true, caseId: null, detail: null);
}
