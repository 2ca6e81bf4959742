using HateCase.App.Cases;
using HateCase.App.Functions;
using HateCase.App.Intake;
using HateCase.App.Privacy;
using HateCase.App.Security;
using HateCase.Storage;
using HateCase.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Pages.Staff;

// The officers' and team leaders' workspace: My work, All cases, Team and Record a report. Every
// page needs a signed-in member of staff (Team, a team leader); a person not signed in is sent to
// sign in and brought back. Each reads the case projection in bounded pages, never every case.
public sealed class StaffPageFunctions(
    RequestGate gate, CaseService runtime, CaseReadModel cases, CasePolicy policy, IntakeService intake, TimeProvider clock,
    NeedToKnowGate needToKnow, IConfiguration configuration, ILogger<RecordReportPage> logger)
{
    [Function("MyWork")]
    public Task<IResult> MyWork([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "my-work")] HttpRequest request) =>
        gate.ServeStaffPage(request, http => MyWorkPage.Show(http, cases, policy, clock));

    [Function("AllCases")]
    public Task<IResult> AllCases([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases")] HttpRequest request) =>
        gate.ServeStaffPage(request, http => AllCasesPage.Show(http, runtime, cases, policy, needToKnow, AllCasesPage.RowsPerPage(configuration)));

    [Function("TeamPage")]
    public Task<IResult> Team([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "team")] HttpRequest request) =>
        gate.ServeStaffPage(request, http => TeamPage.Show(http, runtime, cases, policy, clock, configuration), Policies.TeamLeader);

    [Function("RecordReportForm")]
    public Task<IResult> RecordReportForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "record-report")] HttpRequest request) =>
        gate.ServeStaffPage(request, http => Task.FromResult(RecordReportPage.Show(http, policy)));

    [Function("RecordReport")]
    public Task<IResult> RecordReport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "record-report")] HttpRequest request,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.ServeStaffPage(request, http => RecordReportPage.Send(http, intake, policy, clock, logger));

    [Function("ReportRecorded")]
    public Task<IResult> ReportRecorded([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "record-report/recorded")] HttpRequest request,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.ServeStaffPage(request, http => RecordReportPage.Recorded(http, runtime));
}
