using HateCase.App.Cases;
using HateCase.App.Errors;
using HateCase.App.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HateCase.App.Tests;

// The one place outcomes become HTTP: what a caller of the API can rely on.
public sealed class OutcomeResultsTests
{
    [Fact]
    public void A_recorded_command_answers_200_with_the_new_version_and_what_it_recorded()
    {
        var result = OutcomeResults.ForCommand("case-1", new CommandResult.Accepted(7, ["contact-recorded.v1"], Replayed: false));

        Assert.Equal(StatusCodes.Status200OK, Status(result));
        var outcome = Assert.IsType<Ok<CommandOutcome>>(result).Value!;
        Assert.Equal(7, outcome.Version);
        Assert.Equal(["contact-recorded.v1"], outcome.Events);
    }

    [Fact]
    public void A_command_not_yet_recorded_answers_202_with_where_to_read_the_case()
    {
        var result = OutcomeResults.ForCommand("case-1", new CommandResult.Queued());

        Assert.Equal(StatusCodes.Status202Accepted, Status(result));
        Assert.Equal("/api/cases/case-1", Assert.IsType<Accepted<CommandQueued>>(result).Location);
    }

    [Fact]
    public void A_command_the_case_does_not_allow_as_it_stands_answers_409_with_the_reason()
    {
        var result = OutcomeResults.ForCommand("case-1", new CommandResult.Rejected("The case is closed."));

        Assert.Equal(StatusCodes.Status409Conflict, Status(result));
        Assert.Equal("The case is closed.", Problem(result).Title);
    }

    [Fact]
    public void A_command_for_no_case_answers_404()
    {
        Assert.Equal(StatusCodes.Status404NotFound, Status(OutcomeResults.ForCommand("case-1", new CommandResult.CaseNotFound())));
    }

    [Fact]
    public void A_report_the_policy_refuses_for_what_it_says_answers_422_with_the_reason()
    {
        var result = OutcomeResults.ForReport(new IntakeOutcome.Refused("A report needs a description.")).Result;

        Assert.Equal(StatusCodes.Status422UnprocessableEntity, Status(result));
        Assert.Equal("A report needs a description.", Problem(result).Title);
    }

    [Fact]
    public void An_accepted_report_answers_202_with_its_reference_and_where_its_case_is()
    {
        var receipt = new IntakeReceipt("HC-2026-000001", "case-1", AddedToOpenCase: false);

        var result = OutcomeResults.ForReport(new IntakeOutcome.Accepted(receipt)).Result;

        Assert.Equal(StatusCodes.Status202Accepted, Status(result));
        var accepted = Assert.IsType<Accepted<IntakeReceipt>>(result);
        Assert.Equal("/api/cases/case-1", accepted.Location);
        Assert.Equal(receipt, accepted.Value);
    }

    private static int? Status(IResult result) => Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode;

    private static ProblemDetails Problem(IResult result) => Assert.IsType<ProblemHttpResult>(result).ProblemDetails;
}
