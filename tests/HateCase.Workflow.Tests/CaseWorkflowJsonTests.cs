using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Runtime.Cases;
using static HateCase.Workflow.Tests.Reports;

namespace HateCase.Workflow.Tests;

public sealed class CaseWorkflowJsonTests
{
    private static CaseTurn OpenedCase() =>
        CaseTurns.Take(CaseTurn.Open("case-1", "default", HateReport()) with { Pending = [] }, HateReport(),
            new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), CasePolicy.For(ProfileLoader.BuiltIn("default")), new CaseWorkflowOptions()).Next;

    [Fact]
    public void A_case_state_is_written_as_the_case_store_writes_it_so_either_reads_the_other()
    {
        var state = OpenedCase().State;

        var written = CaseWorkflowJson.Serialize(state);

        Assert.Equal(CaseJson.Serialize(state), written);
        Assert.Equal(state, CaseJson.Deserialize<CaseState>(written));
    }

    [Fact]
    public void A_case_turn_with_its_pending_report_reads_back_as_it_was_written()
    {
        var turn = CaseTurn.Open("case-1", "default", HateReport(), TimeSpan.FromHours(5));

        var read = CaseWorkflowJson.Deserialize<CaseTurn>(CaseWorkflowJson.Serialize(turn));

        Assert.Equal(turn, read);
        Assert.Contains("\"command\":\"report-case.v1\"", CaseWorkflowJson.Serialize(turn));
    }

    [Fact]
    public void Every_command_of_the_domain_has_a_stored_name()
    {
        var commands = typeof(CaseCommand).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(CaseCommand)));

        Assert.Empty(commands.Except(CaseWorkflowJson.NamedCommands));
    }

    [Fact]
    public void Every_input_reads_back_as_it_was_written()
    {
        CaseInput[] inputs =
        [
            Officer("c-1", new CaseCommand.RecordSurveyAnswer(4, 5, true, "Thank you")),
            Officer("c-2", new CaseCommand.RequestClosure("resolved", null, "alex")),
            new CaseInput.DevelopmentClockSet(TimeSpan.FromDays(2)),
        ];

        Assert.All(inputs, input => Assert.Equal(input, CaseWorkflowJson.Deserialize<CaseInput>(CaseWorkflowJson.Serialize(input))));
    }
}
