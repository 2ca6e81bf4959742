using HateCase.App.Cases;
using HateCase.App.Functions;
using HateCase.App.Privacy;
using HateCase.App.Security;
using HateCase.Storage;
using HateCase.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Pages.Cases;

// The case page and each action on it. Every route needs a signed-in member of staff; an action
// needs its own role (approving or rejecting a closure, a team leader), checked here for the
// form and for its sending alike.
// RBC 15, MK 15.3: each is refused, and the refusal recorded, to a person who may not see the case.
public sealed class CasePageFunctions(
    RequestGate gate, CaseService runtime, CommandSender send, CasePolicy policy, TimeProvider clock, AccessAudit audit, NeedToKnowGate needToKnow)
{
    private const string Case = "cases/{caseId}";

    [Function("CasePage")]
    public Task<IResult> CasePage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Case)] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.ServeStaffPage(request, needToKnow.Viewing(caseId, AccessKinds.CasePage, http => Cases.CasePage.Show(http, caseId, runtime, policy, clock), page: true),
            whenRefused: audit.Refusing(caseId, AccessKinds.CasePage));

    [Function("CaseActionForm")]
    public Task<IResult> CaseActionForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Case + "/{action}")] HttpRequest request,
        string caseId, string action, [DurableClient] DurableTaskClient caseClient) =>
        gate.ServeStaffPage(request, needToKnow.Viewing(caseId, AccessKinds.CaseActionPage,
            http => CaseActionPage.Show(http, caseId, action, runtime, policy, clock), page: true), PolicyFor(action));

    [Function("CaseAction")]
    public Task<IResult> CaseAction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Case + "/{action}")] HttpRequest request,
        string caseId, string action, [DurableClient] DurableTaskClient caseClient) =>
        gate.ServeStaffPage(request, needToKnow.Acting(caseId,
            http => CaseActionPage.Send(http, caseId, action, runtime, send, policy, clock), page: true), PolicyFor(action));

    // An action no one offers is refused as the strictest is, after sign-in, with "no such page".
    private static string PolicyFor(string action) => CaseActions.Find(action)?.Policy ?? Policies.Staff;
}
