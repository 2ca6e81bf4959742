using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Workflow.InMemory;
using static HateCase.Workflow.Tests.Reports;

namespace HateCase.Workflow.Tests;

public sealed class InMemoryCaseRecorderTests
{
    private static readonly CasePolicy Default = CasePolicy.For(ProfileLoader.BuiltIn("default"));
    private static readonly DateTimeOffset At = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static (CaseRecord Opened, CaseRecord Assigned) TwoTurns()
    {
        var opened = CaseTurns.Take(CaseTurn.Open("case-1", "default", HateReport()) with { Pending = [] }, HateReport(), At, Default, new CaseWorkflowOptions());
        var assigned = CaseTurns.Take(opened.Next, Officer("assign-1", new CaseCommand.AssignOfficer("alex")), At, Default, new CaseWorkflowOptions());
        return (opened.Record!, assigned.Record!);
    }

    [Fact]
    public async Task A_late_write_of_an_older_version_never_overwrites_the_newer_case()
    {
        var (opened, assigned) = TwoTurns();
        var recorder = new InMemoryCaseRecorder();
        await recorder.Record(opened, default);
        await recorder.Record(assigned, default);

        var written = await recorder.Record(opened, default);

        Assert.False(written);
        var stored = recorder.Find("case-1")!;
        Assert.Equal(assigned.Version, stored.Version);
        Assert.Equal("alex", stored.State.FileOrNull!.OfficerId);
        Assert.Equal(assigned.Version, stored.Chronology.Count);
    }

    [Fact]
    public async Task A_retried_write_of_the_same_version_records_its_chronology_once()
    {
        var (opened, _) = TwoTurns();
        var recorder = new InMemoryCaseRecorder();
        await recorder.Record(opened, default);

        var written = await recorder.Record(opened, default);

        Assert.True(written);
        Assert.Equal(opened.NewEntries, recorder.Find("case-1")!.Chronology);
        Assert.Equal(opened.Outcome, recorder.Find("case-1")!.Outcomes["report-1"]);
    }
}
