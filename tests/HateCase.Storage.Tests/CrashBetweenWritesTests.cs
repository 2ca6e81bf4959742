using System.Text;
using Azure.Core;
using HateCase.Domain.Cases;
using HateCase.Testing;
using HateCase.Workflow;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// The app stopping part-way through recording a turn (kill -9, a lost lease): readers still see
// the case at one version, whole, and the activity run again finishes the job.
[Collection(AzuriteFixture.Collection)]
public sealed class CrashBetweenWritesTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_recorder_stalled_before_writing_the_case_row_never_overwrites_the_newer_versions_recorded_meanwhile()
    {
        var projection = await Projection.Fresh(azurite);
        var history = HateReported("case-1", "HC-2026-000001")
            .Officer("assign", new CaseCommand.AssignOfficer("alex"), MondayMorning.AddMinutes(30))
            .Officer("reassign", new CaseCommand.AssignOfficer("sam"), MondayMorning.AddHours(1), officer: "lead")
            .Officer("reassign-again", new CaseCommand.AssignOfficer("kim"), MondayMorning.AddHours(2), officer: "lead");
        foreach (var record in history.Records.SkipLast(2))
        {
            await projection.Recorder.Record(record, None);
        }
        var hold = new HoldAt(CrashPoint("writing the case row"));
        var stalled = projection.AnotherInstance(azurite, hold);

        var stalledRecord = stalled.Recorder.Record(history.Records[^2], None);
        await hold.Holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await projection.Recorder.Record(history.Records[^2], None));
        Assert.True(await projection.Recorder.Record(history.Latest, None));
        hold.Release.SetResult();

        Assert.False(await stalledRecord);
        var view = await projection.Read.Get("case-1", None);
        Assert.Equal((history.Latest.Version, "kim"), (view!.Version, view.State.FileOrNull!.OfficerId));
        Assert.Equal(history.Records.SelectMany(r => r.NewEntries), view.Chronology);
        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByOfficer("kim")));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer("sam")));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer("alex")));
    }

    private static string Path(Request request) => Uri.UnescapeDataString(request.Uri.ToUri().AbsolutePath);

    private static string Body(Request request)
    {
        using var stream = new MemoryStream();
        request.Content?.WriteTo(stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Func<Request, bool> CrashPoint(string point) => point switch
    {
        "writing the case row" => r => r.Method == RequestMethod.Put && Path(r).Contains("RowKey='case')", StringComparison.Ordinal),
        "deleting the list rows the case left" => r => r.Method == RequestMethod.Delete && Path(r).Contains("CaseLists", StringComparison.Ordinal),
        "writing the outcome" => r => r.Method == RequestMethod.Post && Body(r).Contains("\"RowKey\":\"outcome|", StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(point)),
    };

    [Theory]
    [InlineData("writing the case row")]
    [InlineData("deleting the list rows the case left")]
    [InlineData("writing the outcome")]
    public async Task A_recorder_stopped_before_a_write_leaves_readers_one_whole_version_and_the_retry_finishes(string point)
    {
        var projection = await Projection.Fresh(azurite);
        var history = HateReported("case-1", "HC-2026-000001")
            .Officer("assign", new CaseCommand.AssignOfficer("alex"), MondayMorning.AddMinutes(30))
            .Officer("reassign", new CaseCommand.AssignOfficer("sam"), MondayMorning.AddHours(1), officer: "lead");
        var before = history.Records[^2];
        foreach (var record in history.Records.SkipLast(1))
        {
            await projection.Recorder.Record(record, None);
        }
        var stop = new StopAt(CrashPoint(point));
        var stopping = projection.AnotherInstance(azurite, stop);

        await Assert.ThrowsAnyAsync<Exception>(() => stopping.Recorder.Record(history.Latest, None));
        Assert.True(stop.Stopped);

        var seen = await projection.Read.Get("case-1", None);
        var atVersion = seen!.Version == before.Version ? before : history.Latest;
        Assert.Contains(seen.Version, new[] { before.Version, history.Latest.Version });
        Assert.Equal(atVersion.State, seen.State);
        Assert.Equal(seen.Version, seen.Chronology[^1].Sequence);
        var officer = atVersion.State.FileOrNull!.OfficerId!;
        var other = officer == "alex" ? "sam" : "alex";
        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByOfficer(officer)));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer(other)));
        Assert.Null(await projection.Read.Outcome("case-1", "reassign", None));

        Assert.True(await projection.Recorder.Record(history.Latest, None)); // the activity, run again

        var after = await projection.Read.Get("case-1", None);
        Assert.Equal(history.Latest.Version, after!.Version);
        Assert.Equal(history.Records.SelectMany(r => r.NewEntries), after.Chronology);
        Assert.Equal(["case-1"], await projection.CaseIdsIn(new CaseFilter.ByOfficer("sam")));
        Assert.Empty(await projection.CaseIdsIn(new CaseFilter.ByOfficer("alex")));
        Assert.Empty(await projection.RawRows(CaseLists.OfficerPartition("alex")));
        Assert.Equal(new CommandOutcome("reassign", history.Latest.Version, null), await projection.Read.Outcome("case-1", "reassign", None));
    }
}
