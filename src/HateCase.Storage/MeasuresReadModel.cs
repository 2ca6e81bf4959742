using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Data.Tables;
using HateCase.Domain;
using HateCase.Domain.Measures;
using HateCase.Domain.Profiles;

namespace HateCase.Storage;

// One case's measure facts as read for a period.
public sealed record CaseMeasureRow(string CaseId, CaseMeasureFacts Facts);

// Reads the measures of a period from the CaseMeasures rows (MeasuresRecorder): one range query
// over the cases active in the period, folded one case at a time, so memory does not grow with
// the number of cases.
public sealed class MeasuresReadModel(CaseProjectionStore store)
{
    private const int PageSize = 1000;

    public async Task<MeasuresReport> Measures(ReportingPeriod period, DateTimeOffset asOf, ServiceProfile profile,
        WorkingCalendar calendar, int? homesOwned, CancellationToken cancellationToken)
    {
        var tally = new MeasuresTally(period, asOf, profile, calendar, homesOwned);
        await foreach (var row in CasesActiveIn(period, cancellationToken))
        {
            tally.Add(row.Facts);
        }
        return tally.Report();
    }

    // The cases with anything to count in the period: reported before it ended, and not settled
    // before it began (open cases included).
    public async IAsyncEnumerable<CaseMeasureRow> CasesActiveIn(ReportingPeriod period, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {MeasuresRows.Partition} and RowKey ge {MeasuresRows.FirstKeyFrom(period.From)} and RowKey lt {MeasuresRows.PointerPrefix} and ReportedAt lt {period.To}");
        await foreach (var row in store.Measures.QueryAsync<MeasuresFactsRow>(filter, PageSize, MeasuresFactsRow.ReadColumns, cancellationToken))
        {
            if (await Facts(store, row, cancellationToken) is { } facts)
            {
                yield return new CaseMeasureRow(row.CaseId, facts);
            }
        }
    }

    internal static async Task<CaseMeasureFacts?> Facts(CaseProjectionStore store, MeasuresFactsRow row, CancellationToken cancellationToken)
    {
        var json = await store.Read(row.Facts, row.FactsBlob, cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<CaseMeasureFacts>(json, MeasuresRows.Json);
    }
}
