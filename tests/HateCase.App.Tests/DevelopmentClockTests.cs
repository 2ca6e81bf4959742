using HateCase.App.Tests.Support;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// The development clock (Development only) moves time on for people and tests. Its cases are told
// the time it moved to, so an app started again on the same storage must go on from there.
[Collection(OwnAppCollection.Name)]
public sealed class DevelopmentClockTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    [Fact]
    public async Task A_development_app_started_again_on_the_same_storage_goes_on_from_the_time_its_clock_was_moved_to()
    {
        var runId = TestApp.NewRunId();
        var settings = TestApp.DevelopmentSettings(azurite.ConnectionString, runId);
        DateTimeOffset movedTo;
        await using (var first = Watch(await TestApp.Start(settings, runId)))
        {
            movedTo = await first.AdvanceClock(TimeSpan.FromDays(20));
        }

        await using var again = Watch(await TestApp.Start(settings, runId));
        var now = await again.AdvanceClock(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromDays(20) + TimeSpan.FromMinutes(1), again.ClockOffset);
        Assert.InRange(now - movedTo, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
    }
}
