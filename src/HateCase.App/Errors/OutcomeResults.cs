using HateCase.App.Cases;
using HateCase.App.Intake;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HateCase.App.Errors;

// What a case or the intake answered becomes HTTP here, once:
//   200 the command is recorded (with the case's new version and what it recorded);
//   202 it is accepted and not yet recorded (the report's case, or where to read the case);
//   404 there is no such case;
//   409 the case as it stands does not allow the command (the reason says why: the same command
//       may succeed later, as the case moves on);
//   422 the policy refuses what the report itself says (it would be refused whenever sent).
public static class OutcomeResults
{
    public static IResult ForCommand(string caseId, CommandResult result) => result switch
    {
        CommandResult.Accepted a => TypedResults.Ok(new CommandOutcome(a.Version, a.Events, a.Replayed)),
        CommandResult.Queued => TypedResults.Accepted($"/api/cases/{caseId}", new CommandQueued(caseId)),
        CommandResult.Rejected r => TypedResults.Problem(title: r.Reason, statusCode: StatusCodes.Status409Conflict),
        CommandResult.CaseNotFound => NoSuchCase(),
        CommandResult.NotAllowed => TypedResults.Problem(title: "This case is not one you may see.", statusCode: StatusCodes.Status403Forbidden),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    public static Results<Accepted<IntakeReceipt>, ValidationProblem, ProblemHttpResult> ForReport(IntakeOutcome outcome) => outcome switch
    {
        IntakeOutcome.Accepted accepted => TypedResults.Accepted($"/api/cases/{accepted.Receipt.CaseId}", accepted.Receipt),
        IntakeOutcome.Refused refused => TypedResults.Problem(title: refused.Reason, statusCode: StatusCodes.Status422UnprocessableEntity),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static ProblemHttpResult NoSuchCase() =>
        TypedResults.Problem(title: "There is no case with that id.", statusCode: StatusCodes.Status404NotFound);
}
