using System.Globalization;
using HateCase.App.Hosting;
using HateCase.Runtime.Ports;

namespace HateCase.App.Dev;

// Development only: the clock's offset is kept in storage beside the cases it has moved, so an
// app restarted on the same storage goes on from the time its cases were told, not from today.
public sealed class DevelopmentClockStore(ITableStore tables, StorageOptions options, AdjustableClock clock)
{
    private const string Partition = "development-clock";
    private const string Row = "offset";

    private string Table => options.TablePrefix + "DevelopmentClock";

    public async Task Restore(CancellationToken cancellationToken)
    {
        await tables.EnsureTable(Table, cancellationToken);
        if (await tables.Get(Table, Partition, Row, cancellationToken) is { } saved
            && long.TryParse(saved.Body, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && TimeSpan.FromTicks(ticks) > clock.Offset)
        {
            clock.Advance(TimeSpan.FromTicks(ticks) - clock.Offset);
        }
    }

    public Task Save(CancellationToken cancellationToken) =>
        tables.Commit(Table, [new RowWrite(RowOperation.InsertOrReplace,
            new TableRow(Partition, Row, clock.Offset.Ticks.ToString(CultureInfo.InvariantCulture)))], cancellationToken);
}
