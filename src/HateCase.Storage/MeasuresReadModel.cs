using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Data.Tables;
using HateCase.Domain;
using HateCase.Domain.Measures;
using HateCase.Domain.Profiles;

namespace HateCase.Storage;

// One case's measure facts as read for a period.
public sealed record CaseMeasureRow(string CaseId, CaseMeasureFacts Facts);

// Reads the measures of a period from the CaseMeasures packs (MeasuresRows): one range query over
// the packs that can hold cases active in the period, a page of packs at a time, each unpacked and
// folded one case at a time, so memory does not grow with the number of cases.
public sealed class MeasuresReadModel(CaseProjectionStore store)
{
    // A pack is at most 30 KiB by default, so a page is at most about 650 KiB of base64: a year of
    // 100,000 cases is a few dozen requests, and what is held at once is one page.
    private const int PacksPerPage = 16;

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
            $"PartitionKey eq {MeasuresRows.Partition} and RowKey ge {MeasuresRows.FirstKeyFrom(period.From)} and RowKey lt {MeasuresRows.PointerPrefix} and MinReportedAt lt {period.To}");
        await foreach (var pack in store.Measures.QueryAsync<MeasuresPackRow>(filter, PacksPerPage, MeasuresPackRow.ReadColumns, cancellationToken))
        {
            await foreach (var entry in MeasuresPack.Entries(pack.Facts, cancellationToken))
            {
                if (entry.ReportedAt >= period.To || await Facts(store, entry, cancellationToken) is not { } facts
                    || facts.SettledAt < period.From)
                {
                    continue;
                }
                yield return new CaseMeasureRow(entry.CaseId, facts);
            }
        }
    }

    internal static async Task<CaseMeasureFacts?> Facts(CaseProjectionStore store, MeasuresPackEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Blob is null)
        {
            return entry.Facts;
        }
        var json = await store.Read(null, entry.Blob, cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<CaseMeasureFacts>(json, MeasuresRows.Json);
    }
}
