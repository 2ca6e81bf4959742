using HateCase.Runtime.InMemory;
using HateCase.Runtime.Ports;
using HateCase.Testing;

namespace HateCase.Azure.Tests;

public sealed class ManualClockTests
{
    [Fact]
    public void The_clock_moves_only_when_told()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var start = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromDays(42));

        Assert.Equal(new DateTimeOffset(2026, 4, 12, 12, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromDays(42), clock.GetElapsedTime(start));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task Delays_complete_when_the_clock_passes_them()
    {
        var clock = new ManualClock();
        var delay = Task.Delay(TimeSpan.FromHours(1), clock);

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Periodic_timers_fire_in_order_at_their_due_times()
    {
        var clock = new ManualClock();
        var start = clock.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var hourly = clock.CreateTimer(_ => fired.Add(("hourly", clock.GetUtcNow() - start)), null, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        using var once = clock.CreateTimer(_ => fired.Add(("once", clock.GetUtcNow() - start)), null, TimeSpan.FromMinutes(90), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromHours(3));

        Assert.Equal(
            [("hourly", TimeSpan.FromHours(1)), ("once", TimeSpan.FromMinutes(90)), ("hourly", TimeSpan.FromHours(2)), ("hourly", TimeSpan.FromHours(3))],
            fired);
        Assert.Equal(start + TimeSpan.FromHours(3), clock.GetUtcNow());
    }
}

public sealed class FaultInjectingTableStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_crash_after_a_commit_leaves_the_commit_written()
    {
        var inner = new InMemoryTableStore();
        var store = new FaultInjectingTableStore(inner).CrashAt(FaultPoint.AfterCommit, 2);
        await store.EnsureTable("cases", None);

        await store.Commit("cases", [Write("e1")], None);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => store.Commit("cases", [Write("e2")], None));
        await store.Commit("cases", [Write("e3")], None);

        Assert.NotNull(await inner.Get("cases", "case-1", "e2", None));
        Assert.Equal(3, store.Commits);
        Assert.Single(store.Crashes);
    }

    [Fact]
    public async Task A_crash_before_a_commit_or_read_leaves_nothing_done()
    {
        var inner = new InMemoryTableStore();
        var store = new FaultInjectingTableStore(inner).CrashAt(FaultPoint.BeforeCommit, 1).CrashAt(FaultPoint.BeforeGet, 1).CrashAt(FaultPoint.AfterQuery, 1);
        await store.EnsureTable("cases", None);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => store.Commit("cases", [Write("e1")], None));
        await Assert.ThrowsAsync<SimulatedCrashException>(() => store.Get("cases", "case-1", "e1", None));
        await Assert.ThrowsAsync<SimulatedCrashException>(() => store.QueryPartition("cases", "case-1", null, null, 10, null, None));

        Assert.Null(await inner.Get("cases", "case-1", "e1", None));
        Assert.Null(await store.Get("cases", "case-1", "e1", None));
    }

    private static RowWrite Write(string rowKey) => new(RowOperation.Insert, new TableRow("case-1", rowKey, "{}"));
}
