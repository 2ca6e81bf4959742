using HateCase.App.Errors;
using System.Text.Json;
using HateCase.App.Functions;
using HateCase.App.Security;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Risk;
using HateCase.Storage;
using HateCase.Workflow;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Cases;

// The officer API: lists, one case with its chronology, and one function per decider command.
// Every one needs a signed-in member of staff; approving or rejecting a closure, a team leader.
public sealed class CaseFunctions(RequestGate gate, CommandSender send, CaseService runtime, TimeProvider clock, Privacy.AccessAudit audit,
    Privacy.NeedToKnowGate needToKnow)
{
    private const string Cases = "api/cases";

    [Function("ListCases")]
    public Task<IResult> ListCases([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Cases)] HttpRequest request) =>
        gate.Serve(request, List, Policies.Staff);

    [Function("GetCase")]
    public Task<IResult> GetCase([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Cases + "/{caseId}")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, needToKnow.Viewing(caseId, AccessKinds.CaseApi, async http => !CommandSender.IsValidId(caseId) || await runtime.Get(caseId, http.RequestAborted) is not { } view
            ? CommandSender.NoSuchCase()
            : TypedResults.Ok(CaseDetails.Of(view)), page: false), Policies.Staff, whenRefused: audit.Refusing(caseId, AccessKinds.CaseApi));

    [Function("AssessRisk")]
    public Task<IResult> AssessRisk([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/risk-assessments")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<RiskAssessmentBody>(request, body =>
            Strands(body.HateStrands) ?? send.Run(caseId, id => new CaseCommand.AssessRisk(id, body.Answers, body.HateStrands?.ToValueList())));

    [Function("AssignOfficer")]
    public Task<IResult> AssignOfficer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/assignment")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<AssignBody>(request, body =>
            Required(body.OfficerId, "officerId")
            ?? (Domain.Privacy.StaffId.IsValid(body.OfficerId) ? null : Invalid("officerId", "Give the officer's staff id: letters, numbers, dots, dashes, underscores or @, at most 64."))
            ?? send.Run(caseId, _ => new CaseCommand.AssignOfficer(body.OfficerId!, request.HttpContext.User.Team())));

    [Function("RecordContact")]
    public Task<IResult> RecordContact([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/contacts")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ContactBody>(request, body =>
            Optional(body.With, "with")
            ?? send.Run(caseId, id => new CaseCommand.RecordContact(id, body.Method ?? ContactMethod.Phone, body.With)));

    [Function("SendUpdate")]
    public Task<IResult> SendUpdate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/updates")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<UpdateBody>(request, body =>
            Required(body.Text, "text", CommandInput.UpdateText) ?? Optional(body.To, "to")
            ?? send.Run(caseId, id => new CaseCommand.SendUpdate(id, body.Text!.Trim(), body.To)));

    [Function("RecordFailedContactAttempt")]
    public Task<IResult> RecordFailedContactAttempt([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/failed-attempts")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ContactBody>(request, body =>
            send.Run(caseId, id => new CaseCommand.RecordFailedContactAttempt(id, body.Method ?? ContactMethod.Phone)));

    [Function("SendLetter")]
    public Task<IResult> SendLetter([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/letters")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, _ => send.Run(caseId, id => new CaseCommand.SendLetter(id)), Policies.Staff);

    [Function("LogIncident")]
    public Task<IResult> LogIncident([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/incidents")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<IncidentBody>(request, body =>
            Required(body.Description, "description", CommandInput.IncidentDescription) ?? send.Run(caseId, id => CommandInput.LogIncident(
                id, body.OccurredAt ?? clock.GetUtcNow(), body.Description!, body.IsHate ?? false)));

    [Function("AgreeActionPlan")]
    public Task<IResult> AgreeActionPlan([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/action-plans")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ActionPlanBody>(request, body =>
            Required(body.Summary, "summary", CommandInput.Summary)
            ?? (body.Actions is { Count: > CaseDecider.MaxActions } ? Invalid("actions", $"A plan has at most {CaseDecider.MaxActions} actions.") : null)
            ?? (body.Actions?.Any(a => a.What is null || a.Owner is null || a.DueBy is null) == true
                ? Invalid("actions", "Give each action what is to be done, its owner (officer, complainant or partner) and its due date.") : null)
            ?? send.Run(caseId, id => new CaseCommand.AgreeActionPlan(body.Version, body.Summary!.Trim(),
                body.Actions?.Select((a, i) => new PlannedAction(a.Id ?? $"{id}-{i + 1}", a.What!.Trim(), a.Owner!.Value, a.Partner?.Trim(), a.DueBy!.Value)).ToValueList())));

    // RBC 8, MK 5.2: an action of the agreed plan is done.
    [Function("CompleteAction")]
    public Task<IResult> CompleteAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/actions/{actionId}/completion")] HttpRequest request,
        string caseId, string actionId, [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, _ => send.Run(caseId, _ => new CaseCommand.CompleteAction(actionId)), Policies.Staff);

    // MK 11.2, PP 6.3: the post room has posted a letter to the complainant.
    [Function("RecordLetterPosted")]
    public Task<IResult> RecordLetterPosted(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/letters/{taskId}/posted")] HttpRequest request,
        string caseId, string taskId, [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, _ => send.Run(caseId, _ => new CaseCommand.RecordLetterPosted(taskId)), Policies.Staff);

    // RBC 9, MK 11.2: the adapted copy of a written message has gone to the complainant.
    [Function("SendAdaptedCopy")]
    public Task<IResult> SendAdaptedCopy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/adapted-copies/{taskId}/sent")] HttpRequest request,
        string caseId, string taskId, [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, _ => send.Run(caseId, _ => new CaseCommand.SendAdaptedCopy(taskId)), Policies.Staff);

    // LIVV 2.10: the closing review with the victim, with signposting and learning.
    [Function("RecordClosingReview")]
    public Task<IResult> RecordClosingReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/closing-reviews")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ClosingReviewBody>(request, body =>
            (body.VictimTookPart is null ? Invalid("victimTookPart", "Say whether the victim took part in the review.") : null)
            ?? (body.SignpostedTo is { Count: > CaseDecider.MaxSignposts } ? Invalid("signpostedTo", $"Name at most {CaseDecider.MaxSignposts} support services.") : null)
            ?? (body.OngoingNeeds is { Length: > CommandInput.Reason } ? Invalid("ongoingNeeds", $"Use {CommandInput.Reason} characters or fewer.") : null)
            ?? Required(body.Learning, "learning", CommandInput.Reason)
            ?? send.Run(caseId, id => new CaseCommand.RecordClosingReview(id, body.VictimTookPart!.Value,
                (body.SignpostedTo ?? []).ToValueList(), body.OngoingNeeds, body.Learning!.Trim())));

    [Function("ConvertToCase")]
    public Task<IResult> ConvertToCase([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/conversion")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, _ => send.Run(caseId, _ => new CaseCommand.ConvertToCase()), Policies.Staff);

    [Function("CloseEnquiry")]
    public Task<IResult> CloseEnquiry([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/enquiry-closure")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ReasonBody>(request, body =>
            Required(body.Reason, "reason") ?? send.Run(caseId, _ => new CaseCommand.CloseEnquiry(body.Reason!)));

    [Function("ReviewCase")]
    public Task<IResult> ReviewCase([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/reviews")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ReviewBody>(request, body =>
            send.Run(caseId, _ => new CaseCommand.ReviewCase(body.ReviewNumber, body.Outcome ?? ReviewOutcome.Continue)));

    [Function("RecordIntervention")]
    public Task<IResult> RecordIntervention([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/interventions")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<TypeBody>(request, body =>
            Required(body.Type, "type") ?? send.Run(caseId, id => new CaseCommand.RecordIntervention(id, body.Type!)));

    [Function("StartLegalAction")]
    public Task<IResult> StartLegalAction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/legal-actions")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<TypeBody>(request, body =>
            Required(body.Type, "type") ?? send.Run(caseId, id => new CaseCommand.StartLegalAction(id, body.Type!)));

    [Function("MakeReferral")]
    public Task<IResult> MakeReferral([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/referrals")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ReferralBody>(request, body =>
            (body.To is null ? Invalid("to", "Say who the referral is to.") : null)
            ?? (body.ConsentGiven is null ? Invalid("consentGiven", "Say whether the person agreed to the referral.") : null)
            ?? (body.FollowUpBy is null ? Invalid("followUpBy", "Give the date and time to follow the referral up by.") : null)
            ?? (body.AgencyName is { Length: > CommandInput.Code } ? Invalid("agencyName", $"Use {CommandInput.Code} characters or fewer.") : null)
            ?? (body.WithoutConsentBecause is { Length: > CommandInput.Reason } ? Invalid("withoutConsentBecause", $"Use {CommandInput.Reason} characters or fewer.") : null)
            ?? send.Run(caseId, id => new CaseCommand.MakeReferral(id, body.To!.Value, body.AgencyName, body.ConsentGiven!.Value,
                body.WithoutConsentBecause, body.FollowUpBy!.Value)));

    [Function("RecordReferralOutcome")]
    public Task<IResult> RecordReferralOutcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/referrals/{referralId}/outcome")] HttpRequest request,
        string caseId, string referralId, [DurableClient] DurableTaskClient caseClient) =>
        Command<OutcomeBody>(request, body =>
            Required(body.Outcome, "outcome", CommandInput.LegalOutcome) ?? send.Run(caseId, _ => new CaseCommand.RecordReferralOutcome(referralId, body.Outcome!.Trim())));

    [Function("AssessProportionality")]
    public Task<IResult> AssessProportionality(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/proportionality-assessments")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ProportionalityBody>(request, body =>
            Required(body.Type, "type")
            ?? Required(body.Reasons, "reasons", CommandInput.AssessmentReasons)
            ?? (body.Proportionate is null ? Invalid("proportionate", "Say whether the action is proportionate.") : null)
            ?? send.Run(caseId, id => new CaseCommand.AssessProportionality(id, body.Type!, body.Assessment)));

    [Function("ConcludeLegalAction")]
    public Task<IResult> ConcludeLegalAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/legal-actions/{legalActionId}/conclusion")] HttpRequest request,
        string caseId, string legalActionId, [DurableClient] DurableTaskClient caseClient) =>
        Command<OutcomeBody>(request, body =>
            Required(body.Outcome, "outcome", CommandInput.LegalOutcome) ?? send.Run(caseId, _ => new CaseCommand.ConcludeLegalAction(legalActionId, body.Outcome!)));

    [Function("RequestClosure")]
    public Task<IResult> RequestClosure([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/closure-request")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ClosureBody>(request, body =>
            Required(body.Reason, "reason") ?? send.Run(caseId, _ => new CaseCommand.RequestClosure(body.Reason!, body.Resolved, request.HttpContext.User.UserId())));

    [Function("ApproveClosure")]
    public Task<IResult> ApproveClosure([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/closure-request/approval")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, http => send.Run(caseId, _ => new CaseCommand.ApproveClosure(http.User.UserId())), Policies.TeamLeader);

    [Function("RejectClosure")]
    public Task<IResult> RejectClosure([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/closure-request/rejection")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ReasonBody>(request, body =>
            Required(body.Reason, "reason", CommandInput.Reason) ?? send.Run(caseId, _ => new CaseCommand.RejectClosure(body.Reason!)), Policies.TeamLeader);

    // A team leader keeps the case past its retention date (legal action, an ombudsman complaint), then releases it.
    [Function("HoldCase")]
    public Task<IResult> HoldCase([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/legal-hold")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<HoldBody>(request, body =>
            (body.Reason is null ? Invalid("reason", "Say why the case is held: legal-action or ombudsman-complaint.") : null)
            ?? Required(body.Details, "details", CommandInput.Reason)
            ?? send.Run(caseId, _ => new CaseCommand.HoldCase(body.Reason!.Value, body.Details!.Trim(), request.HttpContext.User.UserId())),
            Policies.TeamLeader);

    [Function("ReleaseHold")]
    public Task<IResult> ReleaseHold([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/legal-hold/release")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ReleaseBody>(request, body =>
            Required(body.Details, "details", CommandInput.Reason)
            ?? send.Run(caseId, _ => new CaseCommand.ReleaseHold(body.Details!.Trim(), request.HttpContext.User.UserId())),
            Policies.TeamLeader);

    // RBC 15, MK 15.3: a team leader restricts the case to named staff, and lifts the restriction.
    [Function("RestrictCase")]
    public Task<IResult> RestrictCase([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/restriction")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<RestrictionBody>(request, body =>
            (body.StaffIds is not { Count: > 0 } ? Invalid("staffIds", "Name at least one person who may see the case.") : null)
            ?? (body.StaffIds!.Count > CaseDecider.MaxRestrictedTo ? Invalid("staffIds", $"Name at most {CaseDecider.MaxRestrictedTo} people.") : null)
            ?? (body.StaffIds.All(Domain.Privacy.StaffId.IsValid) ? null : Invalid("staffIds", "Give each person by their staff id: letters, numbers, dots, dashes, underscores or @, at most 64."))
            ?? Required(body.Reason, "reason", CaseDecider.MaxRestrictionReason)
            ?? send.Run(caseId, _ => new CaseCommand.RestrictCase(body.StaffIds.ToValueList(), body.Reason!.Trim(), request.HttpContext.User.UserId())),
            Policies.TeamLeader);

    [Function("LiftRestriction")]
    public Task<IResult> LiftRestriction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/restriction/lifting")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ReasonBody>(request, body =>
            Required(body.Reason, "reason", CaseDecider.MaxRestrictionReason)
            ?? send.Run(caseId, _ => new CaseCommand.LiftRestriction(body.Reason!.Trim(), request.HttpContext.User.UserId())),
            Policies.TeamLeader);

    [Function("Reopen")]
    public Task<IResult> Reopen([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/reopening")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<ReasonBody>(request, body =>
            Required(body.Reason, "reason", CommandInput.Reason) ?? send.Run(caseId, _ => new CaseCommand.Reopen(body.Reason!)));

    [Function("AcceptRelatedReport")]
    public Task<IResult> AcceptRelatedReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/related-reports/{reportId}/acceptance")] HttpRequest request,
        string caseId, string reportId, [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, _ => send.Run(caseId, _ => new CaseCommand.AcceptRelatedReport(reportId)), Policies.Staff);

    [Function("DeclineRelatedReport")]
    public Task<IResult> DeclineRelatedReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/related-reports/{reportId}/decline")] HttpRequest request,
        string caseId, string reportId, [DurableClient] DurableTaskClient caseClient) =>
        Command<ReasonBody>(request, body =>
            Required(body.Reason, "reason", CommandInput.Reason) ?? send.Run(caseId, _ => new CaseCommand.DeclineRelatedReport(reportId, body.Reason!)));

    [Function("RecordSurveyAnswer")]
    public Task<IResult> RecordSurveyAnswer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Cases + "/{caseId}/survey-answers")] HttpRequest request, string caseId,
        [DurableClient] DurableTaskClient caseClient) =>
        Command<SurveyBody>(request, body =>
            send.Run(caseId, _ => new CaseCommand.RecordSurveyAnswer(body.SatisfactionWithHandling, body.SatisfactionWithOutcome, body.WouldReportAgain, body.Comments)));

    // A command with a JSON body: signed in, the body read, then the command run.
    private Task<IResult> Command<TBody>(HttpRequest request, Func<TBody, Task<IResult>> run, string policy = Policies.Staff)
        where TBody : class =>
        gate.Serve(request, async http => await JsonBody.Read<TBody>(http) switch
        {
            (_, { } problem) => problem,
            ({ } body, _) => await run(body),
            _ => throw new InvalidOperationException(),
        }, policy);

    // mine=true (the default), officer, stage, dueBefore or overdue=true; a page at a time.
    private async Task<IResult> List(HttpContext http)
    {
        var query = http.Request.Query;
        string? Text(string name) => query[name] is [{ Length: > 0 } value] ? value : null;
        var parsed = true;
        bool? Flag(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }
            parsed &= bool.TryParse(text, out var flag);
            return flag;
        }
        var mine = Flag("mine");
        var overdue = Flag("overdue");
        DateTimeOffset? dueBefore = null;
        if (Text("dueBefore") is { } due)
        {
            parsed &= DateTimeOffset.TryParse(due, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at);
            dueBefore = at;
        }
        int? pageSize = null;
        if (Text("pageSize") is { } size)
        {
            parsed &= int.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n);
            pageSize = n;
        }
        CaseFilter? filter = (Text("officer"), Text("stage"), dueBefore, overdue) switch
        {
            ({ } o, null, null, null) => new CaseFilter.ByOfficer(o),
            (null, { } s, null, null) => new CaseFilter.ByStage(s),
            (null, null, { } d, null) => new CaseFilter.DueBefore(d),
            (null, null, null, true) => new CaseFilter.Overdue(),
            (null, null, null, null) when mine != false => new CaseFilter.ByOfficer(http.User.UserId()),
            _ => null,
        };
        if (!parsed || filter is null || pageSize is < 1 or > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["filter"] = ["Use one of: mine=true, officer, stage, dueBefore, overdue=true; pageSize from 1 to 200."],
            });
        }
        // RBC 15, MK 15.3: a page lists only the cases the person may see (so it can hold fewer).
        var page = await runtime.List(filter, pageSize ?? 50, Text("continuation"), http.RequestAborted);
        return TypedResults.Ok(page with { Cases = page.Cases.Where(c => Privacy.NeedToKnowGate.MaySee(http, c.AccessFacts)).ToList() });
    }

    // An id that may be left out; when given, it is short and not blank.
    private static Task<IResult>? Optional(string? value, string field) =>
        value is null ? null : Required(value, field);

    private static Task<IResult>? Required(string? value, string field, int max = CommandInput.Code) =>
        CommandInput.RequiredTextProblem(value, max) is { } problem ? Invalid(field, problem) : null;

    // The decider checks the codes against the landlord's list; this keeps the request small.
    private static Task<IResult>? Strands(IReadOnlyList<string>? strands) =>
        CommandInput.StrandsProblem(strands) is { } problem ? Invalid("hateStrands", problem) : null;

    private static Task<IResult> Invalid(string field, string message) =>
        Task.FromResult<IResult>(TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }));
}

public sealed record AssignBody(string? OfficerId);

// The risk matrix answers and, where hate motivation is perceived, the hate strands it involves.
public sealed record RiskAssessmentBody(
    HarmAnswer Harm, VulnerabilityAnswer Vulnerability, RepeatAnswer Repeat, bool HateMotivationPerceived,
    ImpactAnswer Impact, bool ChildrenInHousehold, bool RetaliationFeared, IReadOnlyList<string>? HateStrands)
{
    public RiskAnswers Answers => new(Harm, Vulnerability, Repeat, HateMotivationPerceived, Impact, ChildrenInHousehold, RetaliationFeared);
}
// With, To: another person who reported the case (RBC 9), by their report's id; left out for the complainant.
public sealed record ContactBody(ContactMethod? Method, string? With = null);
public sealed record UpdateBody(string? Text, string? To = null);
public sealed record IncidentBody(DateTimeOffset? OccurredAt, string? Description, bool? IsHate);
public sealed record ActionPlanBody(int Version, string? Summary, List<ActionBody>? Actions = null);

// An action's id may be given (to keep it across versions of the plan); one is made otherwise.
public sealed record ActionBody(string? Id, string? What, ActionOwner? Owner, string? Partner, DateTimeOffset? DueBy);
public sealed record ReasonBody(string? Reason);
public sealed record HoldBody(LegalHoldReason? Reason, string? Details);
public sealed record ReleaseBody(string? Details);
public sealed record RestrictionBody(List<string>? StaffIds, string? Reason);
public sealed record ReviewBody(int ReviewNumber, ReviewOutcome? Outcome);
public sealed record TypeBody(string? Type);
public sealed record OutcomeBody(string? Outcome);

public sealed record ReferralBody(ReferralTo? To, string? AgencyName, bool? ConsentGiven, string? WithoutConsentBecause, DateTimeOffset? FollowUpBy);

public sealed record ProportionalityBody(
    string? Type, bool ProtectedCharacteristicsConsidered, bool SupportConsidered, bool LesserOptionsConsidered, bool? Proportionate, string? Reasons)
{
    public ProportionalityAssessment Assessment =>
        new(ProtectedCharacteristicsConsidered, SupportConsidered, LesserOptionsConsidered, Proportionate == true, Reasons!.Trim());
}
public sealed record ClosureBody(string? Reason, bool? Resolved);

public sealed record ClosingReviewBody(bool? VictimTookPart, List<SupportService>? SignpostedTo, string? OngoingNeeds, string? Learning);
public sealed record SurveyBody(int SatisfactionWithHandling, int SatisfactionWithOutcome, bool? WouldReportAgain, string? Comments);

public sealed record CaseHistoryEntry(long Sequence, DateTimeOffset At, string Actor, JsonElement Event);

// GET /api/cases/{caseId}: the case as last recorded, in the API's own shape (not the stored state).
public sealed record CaseDetails(
    CaseSummary Summary,
    CaseFileDetails? File,
    IReadOnlyList<CaseTimer> ArmedTimers,
    IReadOnlyList<CaseHistoryEntry> Chronology,
    IReadOnlyList<CaseMessageState> Messages)
{
    public static CaseDetails Of(CaseView view) => new(
        view.Summary,
        view.State.FileOrNull is { } file ? CaseFileDetails.Of(file) : null,
        view.ArmedTimers,
        view.Chronology.Select(e => new CaseHistoryEntry(e.Sequence, e.RecordedAt, e.Actor, JsonSerializer.SerializeToElement(e.Event, CaseWorkflowJson.Options))).ToList(),
        view.Messages.Select(CaseMessageState.Of).ToList());
}

// What the case file holds for officers; the keyed hashes that link reports and the ids that make
// commands idempotent stay inside.
public sealed record CaseFileDetails(
    string Reference,
    DateTimeOffset ReportedAt,
    ReportChannel Channel,
    Complainant Complainant,
    bool IsHate,
    bool HateFlaggedFromWords,
    IReadOnlyList<string> HateStrands,
    RiskLevel Risk,
    bool RiskAssessed,
    string? OfficerId,
    IReadOnlyList<Deadline> Deadlines,
    IReadOnlyList<Deadline> Overdue,
    IReadOnlyList<CaseIncident> Incidents,
    ContactProgress Contact,
    IReadOnlyList<string> OpenLegalActions,
    int ActionPlanVersion,
    int ReviewsHeld,
    int Closures)
{
    public static CaseFileDetails Of(CaseFile file) => new(
        file.Reference, file.ReportedAt, file.Channel, file.Complainant, file.IsHate, file.HateFlaggedFromWords, file.HateStrands,
        file.Risk, file.RiskAssessed, file.OfficerId, file.Deadlines, file.Overdue,
        file.Incidents.Select(i => new CaseIncident(i.Id, i.ReportedAt, i.OccurredAt, i.IsHate, i.AwaitingOfficerDecision)).ToList(), file.Contact, file.OpenLegalActions,
        file.ActionPlanVersion, file.ReviewsHeld, file.Closures);
}

public sealed record CaseIncident(string Id, DateTimeOffset ReportedAt, DateTimeOffset OccurredAt, bool IsHate, bool AwaitingOfficerDecision);

public enum MessageDeliveryState
{
    Pending,
    Sent,
    Failed,
}

public sealed record CaseMessageState(string Key, MessageTemplate Template, MessageDeliveryState Status, int Attempts, DateTimeOffset? SentAt, string? FailureReason)
{
    public static CaseMessageState Of(MessageStatus status) => new(status.Key, status.Template,
        status.Progress switch
        {
            MessageProgress.Sent => MessageDeliveryState.Sent,
            MessageProgress.Undeliverable => MessageDeliveryState.Failed,
            _ => MessageDeliveryState.Pending,
        },
        status.Attempts, status.SentAt, status.LastFailure);
}

// Runs a command for the signed-in person and turns the outcome into HTTP: one place.
public sealed class CommandSender(CaseService runtime, IHttpContextAccessor accessor, Privacy.NeedToKnowGate needToKnow)
{
    public async Task<IResult> Run(string caseId, Func<string, CaseCommand> command)
    {
        var http = accessor.HttpContext!;
        // A retried request with the same Idempotency-Key is the same command with the same ids.
        var key = http.Request.Headers["Idempotency-Key"] is [{ Length: > 0 and <= 100 } k] && IsValidId(k) ? k : Guid.NewGuid().ToString("N");
        return OutcomeResults.ForCommand(caseId, await Send(caseId, $"api-{key}", command(CommandInput.ItemId(key))));
    }

    // The command for the signed-in person, made once by its command id (a retry is answered with
    // the first outcome).
    public async Task<CommandResult> Send(string caseId, string commandId, CaseCommand command)
    {
        var http = accessor.HttpContext!;
        if (!IsValidId(caseId))
        {
            return new CommandResult.CaseNotFound();
        }
        // RBC 15, MK 15.3: every command, from the API or a page, is refused as a view is.
        if (!await needToKnow.Admits(http, caseId, AccessKinds.CaseCommand))
        {
            return new CommandResult.NotAllowed();
        }
        return await runtime.Handle(caseId, command, new CommandContext(commandId, http.User.UserId()), http.RequestAborted);
    }

    public static bool IsValidId(string id)
    {
        try
        {
            CaseProjectionStore.CheckId(id, nameof(id));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static ProblemHttpResult NoSuchCase() => OutcomeResults.NoSuchCase();
}

public sealed record CommandOutcome(long Version, IReadOnlyList<string> Events, bool Replayed);

public sealed record CommandQueued(string CaseId)
{
    public string Detail => "The case has the command and has not yet recorded it: read the case to see it.";
}
