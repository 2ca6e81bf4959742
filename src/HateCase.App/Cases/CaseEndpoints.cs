using HateCase.App.Errors;
using System.Security.Claims;
using System.Text.Json;
using HateCase.App.Security;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Risk;
using HateCase.Storage;
using HateCase.Workflow;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HateCase.App.Cases;

// The officer API: lists, one case with its chronology, and one endpoint per decider command.
public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").RequireAuthorization(Policies.Staff);
        cases.MapGet("/", ListCases);
        cases.MapGet("/{caseId}", GetCase);

        cases.MapPost("/{caseId}/risk-assessments", (string caseId, RiskAssessmentBody body, CommandSender send) =>
            Strands(body.HateStrands) ?? send.Run(caseId, id => new CaseCommand.AssessRisk(id, body.Answers, body.HateStrands?.ToValueList())));
        cases.MapPost("/{caseId}/assignment", (string caseId, AssignBody body, CommandSender send) =>
            Required(body.OfficerId, "officerId") ?? send.Run(caseId, _ => new CaseCommand.AssignOfficer(body.OfficerId!)));
        cases.MapPost("/{caseId}/contacts", (string caseId, ContactBody body, CommandSender send) =>
            send.Run(caseId, id => new CaseCommand.RecordContact(id, body.Method ?? ContactMethod.Phone)));
        cases.MapPost("/{caseId}/updates", (string caseId, UpdateBody body, CommandSender send) =>
            Required(body.Text, "text", 4000) ?? send.Run(caseId, id => new CaseCommand.SendUpdate(id, body.Text!.Trim())));
        cases.MapPost("/{caseId}/failed-attempts", (string caseId, ContactBody body, CommandSender send) =>
            send.Run(caseId, id => new CaseCommand.RecordFailedContactAttempt(id, body.Method ?? ContactMethod.Phone)));
        cases.MapPost("/{caseId}/letters", (string caseId, CommandSender send) =>
            send.Run(caseId, id => new CaseCommand.SendLetter(id)));
        cases.MapPost("/{caseId}/incidents", (string caseId, IncidentBody body, CommandSender send, TimeProvider clock) =>
            Required(body.Description, "description", 8000) ?? send.Run(caseId, id => new CaseCommand.LogIncident(
                id, body.OccurredAt ?? clock.GetUtcNow(), body.Description!.Trim(), body.IsHate ?? false, null, null)));
        cases.MapPost("/{caseId}/action-plans", (string caseId, ActionPlanBody body, CommandSender send) =>
            Required(body.Summary, "summary", 4000) ?? send.Run(caseId, _ => new CaseCommand.AgreeActionPlan(body.Version, body.Summary!.Trim())));
        cases.MapPost("/{caseId}/conversion", (string caseId, CommandSender send) =>
            send.Run(caseId, _ => new CaseCommand.ConvertToCase()));
        cases.MapPost("/{caseId}/enquiry-closure", (string caseId, ReasonBody body, CommandSender send) =>
            Required(body.Reason, "reason") ?? send.Run(caseId, _ => new CaseCommand.CloseEnquiry(body.Reason!)));
        cases.MapPost("/{caseId}/reviews", (string caseId, ReviewBody body, CommandSender send) =>
            send.Run(caseId, _ => new CaseCommand.ReviewCase(body.ReviewNumber, body.Outcome ?? ReviewOutcome.Continue)));
        cases.MapPost("/{caseId}/interventions", (string caseId, TypeBody body, CommandSender send) =>
            Required(body.Type, "type") ?? send.Run(caseId, id => new CaseCommand.RecordIntervention(id, body.Type!)));
        cases.MapPost("/{caseId}/legal-actions", (string caseId, TypeBody body, CommandSender send) =>
            Required(body.Type, "type") ?? send.Run(caseId, id => new CaseCommand.StartLegalAction(id, body.Type!)));
        cases.MapPost("/{caseId}/legal-actions/{legalActionId}/conclusion", (string caseId, string legalActionId, OutcomeBody body, CommandSender send) =>
            Required(body.Outcome, "outcome", 1000) ?? send.Run(caseId, _ => new CaseCommand.ConcludeLegalAction(legalActionId, body.Outcome!)));
        cases.MapPost("/{caseId}/closure-request", (string caseId, ClosureBody body, CommandSender send, ClaimsPrincipal user) =>
            Required(body.Reason, "reason") ?? send.Run(caseId, _ => new CaseCommand.RequestClosure(body.Reason!, body.Resolved, user.UserId())));
        cases.MapPost("/{caseId}/closure-request/approval", (string caseId, CommandSender send, ClaimsPrincipal user) =>
            send.Run(caseId, _ => new CaseCommand.ApproveClosure(user.UserId()))).RequireAuthorization(Policies.TeamLeader);
        cases.MapPost("/{caseId}/closure-request/rejection", (string caseId, ReasonBody body, CommandSender send) =>
            Required(body.Reason, "reason", 2000) ?? send.Run(caseId, _ => new CaseCommand.RejectClosure(body.Reason!))).RequireAuthorization(Policies.TeamLeader);
        cases.MapPost("/{caseId}/reopening", (string caseId, ReasonBody body, CommandSender send) =>
            Required(body.Reason, "reason", 2000) ?? send.Run(caseId, _ => new CaseCommand.Reopen(body.Reason!)));
        cases.MapPost("/{caseId}/related-reports/{reportId}/acceptance", (string caseId, string reportId, CommandSender send) =>
            send.Run(caseId, _ => new CaseCommand.AcceptRelatedReport(reportId)));
        cases.MapPost("/{caseId}/related-reports/{reportId}/decline", (string caseId, string reportId, ReasonBody body, CommandSender send) =>
            Required(body.Reason, "reason", 2000) ?? send.Run(caseId, _ => new CaseCommand.DeclineRelatedReport(reportId, body.Reason!)));
        cases.MapPost("/{caseId}/survey-answers", (string caseId, SurveyBody body, CommandSender send) =>
            send.Run(caseId, _ => new CaseCommand.RecordSurveyAnswer(body.SatisfactionWithHandling, body.SatisfactionWithOutcome, body.WouldReportAgain, body.Comments)));
        return app;
    }

    private static async Task<Results<Ok<CasePage>, ValidationProblem>> ListCases(
        ClaimsPrincipal user, CaseService runtime, bool? mine, string? officer, string? stage, DateTimeOffset? dueBefore, bool? overdue,
        int? pageSize, string? continuation, CancellationToken ct)
    {
        CaseFilter filter = (officer, stage, dueBefore, overdue) switch
        {
            ({ } o, null, null, null) => new CaseFilter.ByOfficer(o),
            (null, { } s, null, null) => new CaseFilter.ByStage(s),
            (null, null, { } d, null) => new CaseFilter.DueBefore(d),
            (null, null, null, true) => new CaseFilter.Overdue(),
            (null, null, null, null) when mine != false => new CaseFilter.ByOfficer(user.UserId()),
            _ => null!,
        };
        if (filter is null || pageSize is < 1 or > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["filter"] = ["Use one of: mine=true, officer, stage, dueBefore, overdue=true; pageSize from 1 to 200."],
            });
        }
        return TypedResults.Ok(await runtime.List(filter, pageSize ?? 50, continuation, ct));
    }

    private static async Task<Results<Ok<CaseDetails>, ProblemHttpResult>> GetCase(string caseId, CaseService runtime, CancellationToken ct)
    {
        if (!CommandSender.IsValidId(caseId) || await runtime.Get(caseId, ct) is not { } view)
        {
            return CommandSender.NoSuchCase();
        }
        return TypedResults.Ok(CaseDetails.Of(view));
    }

    private static Task<IResult>? Required(string? value, string field, int max = 200) =>
        string.IsNullOrWhiteSpace(value) ? Invalid(field, "This is required.")
        : value.Length > max ? Invalid(field, $"Use {max} characters or fewer.")
        : null;

    // The decider checks the codes against the landlord's list; this keeps the request small.
    private static Task<IResult>? Strands(IReadOnlyList<string>? strands) =>
        strands is null ? null
        : strands.Count > 20 ? Invalid("hateStrands", "Name 20 strands or fewer.")
        : strands.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > 50) ? Invalid("hateStrands", "Each strand is a code of 50 characters or fewer.")
        : null;

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
public sealed record ContactBody(ContactMethod? Method);
public sealed record UpdateBody(string? Text);
public sealed record IncidentBody(DateTimeOffset? OccurredAt, string? Description, bool? IsHate);
public sealed record ActionPlanBody(int Version, string? Summary);
public sealed record ReasonBody(string? Reason);
public sealed record ReviewBody(int ReviewNumber, ReviewOutcome? Outcome);
public sealed record TypeBody(string? Type);
public sealed record OutcomeBody(string? Outcome);
public sealed record ClosureBody(string? Reason, bool? Resolved);
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
public sealed class CommandSender(CaseService runtime, IHttpContextAccessor accessor)
{
    public async Task<IResult> Run(string caseId, Func<string, CaseCommand> command)
    {
        var http = accessor.HttpContext!;
        if (!IsValidId(caseId))
        {
            return NoSuchCase();
        }
        // A retried request with the same Idempotency-Key is the same command with the same ids.
        var key = http.Request.Headers["Idempotency-Key"] is [{ Length: > 0 and <= 100 } k] && IsValidId(k) ? k : Guid.NewGuid().ToString("N");
        var result = await runtime.Handle(caseId, command($"item-{key}"), new CommandContext($"api-{key}", http.User.UserId()), http.RequestAborted);
        return OutcomeResults.ForCommand(caseId, result);
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
