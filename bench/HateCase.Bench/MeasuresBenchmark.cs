using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Measures;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;
using HateCase.Storage;

// A reporting year's measures over many cases (issue 13): the CaseMeasures rows are filled
// directly, in 100-row transactions, with varied cases reported over two years (a few still open),
// then the year's measures are counted through MeasuresReadModel as the app does. Timed, with the
// managed heap's peak while counting, for the asked number of cases and for a tenth of it: the
// peak should not grow with the cases, as the count folds one case at a time.
internal static class MeasuresBenchmark
{
    private const int Writers = 8;

    public static async Task<Measurement> Run(string azuriteConnectionString, int cases)
    {
        var small = Math.Max(1, cases / 10);
        var (smallTime, smallPeak, _) = await Measure(azuriteConnectionString, small);
        var (time, peak, report) = await Measure(azuriteConnectionString, cases);
        Console.WriteLine($"  measures of a year: {small:N0} cases in {smallTime.TotalSeconds:0.00} s, peak managed heap {Mib(smallPeak)} MiB; " +
            $"{cases:N0} cases in {time.TotalSeconds:0.00} s, peak managed heap {Mib(peak)} MiB ({(double)peak / smallPeak:0.00}x for {cases / small}x the cases); " +
            $"{report.Volumes.CasesOpened:N0} opened in the year, {report.Volumes.Closures:N0} closures");
        Console.WriteLine($"  aim: under 5 s for {cases:N0} cases: {(time.TotalSeconds < 5 ? "met" : "MISSED")}; memory that does not grow with the cases: " +
            $"{(peak < smallPeak * 2 ? "met" : "MISSED")}");
        return new Measurement($"a reporting year's measures over {cases:N0} cases (peak heap {Mib(peak)} MiB; {small:N0} cases: {smallTime.TotalSeconds:0.00} s, {Mib(smallPeak)} MiB)",
            "years", 1, 1, time, [time.TotalMilliseconds]);
    }

    private static async Task<(TimeSpan Time, long PeakHeap, MeasuresReport Report)> Measure(string connectionString, int cases)
    {
        var store = new CaseProjectionStore(new TableServiceClient(connectionString), new BlobServiceClient(connectionString),
            new CaseProjectionOptions { Prefix = "m" + Guid.NewGuid().ToString("N")[..10] });
        await store.EnsureCreated(CancellationToken.None);
        var profile = ProfileLoader.BuiltIn("milton-keynes");
        var calendar = profile.CalendarFrom(WorkingCalendar.EnglandAndWales);
        var year = ReportingPeriod.ReportingYear(2026, calendar);
        Console.WriteLine($"  filling {cases:N0} cases' measure rows ...");
        var fill = Stopwatch.StartNew();
        await Fill(store, cases, year);
        Console.WriteLine($"  filled in {fill.Elapsed.TotalSeconds:0} s; counting the year ...");

        var read = new MeasuresReadModel(store);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var sampling = new CancellationTokenSource();
        var peak = baseline;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });
        var clock = Stopwatch.StartNew();
        var report = await read.Measures(year, year.To, profile, calendar, 20_000, CancellationToken.None);
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        return (clock.Elapsed, peak - baseline, report);
    }

    private static async Task Fill(CaseProjectionStore store, int cases, ReportingPeriod year)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var start = Interlocked.Add(ref next, 100) - 99;
                if (start >= cases)
                {
                    return;
                }
                var batch = Enumerable.Range(start, Math.Min(100, cases - start)).Select(i =>
                {
                    var facts = Facts(i, year);
                    var caseId = $"case-{i:D7}";
                    return new TableTransactionAction(TableTransactionActionType.UpsertReplace, new MeasuresFactsRow
                    {
                        RowKey = MeasuresRows.FactsKey(facts.SettledAt, caseId),
                        CaseId = caseId,
                        Version = 20,
                        ReportedAt = facts.ReportedAt,
                        Facts = JsonSerializer.Serialize(facts, MeasuresRows.Json),
                    });
                }).ToList();
                await store.Measures.SubmitTransactionAsync(batch);
            }
        })));
    }

    // A varied case: reported over the year before and the year measured; a fifth of them hate;
    // most answered on time, closed within weeks and surveyed; a few still open.
    private static CaseMeasureFacts Facts(int i, ReportingPeriod year)
    {
        var reported = year.From.AddDays(-365).AddMinutes(i * 7919 % (730 * 24 * 60));
        var hate = i % 5 == 0;
        var risk = hate ? RiskLevel.High : (RiskLevel)(i % 2);
        var onTime = i % 10 != 0;
        var open = i % 25 == 0;
        var closedAt = reported.AddDays(5 + i % 90);
        var contacts = Enumerable.Range(1, 3 + i % 5).Select(n => new DeadlineOutcomeFact(
            DeadlineKind.RegularContact, reported.AddDays(14 * n), reported.AddDays(14 * n - (onTime ? 1 : -1)), onTime, risk)).ToValueList();
        return new CaseMeasureFacts(
            Reference: $"HC-2026-{i:D6}", ReportedAt: reported, Channel: (ReportChannel)(i % 7), Risk: risk, IsHate: hate,
            Strands: hate ? ValueList.Of(i % 3 == 0 ? "race" : "disability") : [], Stage: open ? "investigation" : "closed",
            VictimsCodeOwed: i % 20 != 0, VictimsCodeSentAtReport: true,
            ReportsReceived: ValueList.Of(reported), CaseReviewsPrompted: i % 40 == 0 ? ValueList.Of(reported) : [],
            DeadlineOutcomes: contacts.Add(new DeadlineOutcomeFact(DeadlineKind.FirstResponse, reported.AddDays(1), reported.AddHours(onTime ? 3 : 30), onTime, risk)),
            Closures: open ? [] : ValueList.Of(new ClosureFact(closedAt, i % 6 != 0, false, 1)),
            Reopenings: [],
            Surveys: open ? [] : ValueList.Of(new SurveyFact(1, closedAt, closedAt.AddDays(42), closedAt, i % 3 == 0 ? closedAt.AddDays(3) : null,
                i % 3 == 0 ? 1 + i % 5 : null, i % 3 == 0 ? 1 + (i + 2) % 5 : null, i % 3 != 0)),
            Promises: open ? ValueList.Of(new PromiseInHand("regular-contact-9", DeadlineKind.RegularContact, risk, false)) : []);
    }

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0");
}
