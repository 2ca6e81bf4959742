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

// A reporting year's measures over many cases (issue 13): the CaseMeasures packs and pointers are
// filled directly, in transactions, with varied cases reported over two years (a few still open),
// packed as the recorder packs them; then the year's measures are counted through
// MeasuresReadModel as the app does. Timed, with the managed heap's peak while counting, for the
// asked number of cases, a tenth of it and twice it: past the point where the packs are full the
// peak should not grow with the cases, as the count folds one case at a time from one page of
// packs. The baseline, in the same run, is the layout before packs: one
// row per case in a table of its own, read with one range query and counted the same way.
internal static class MeasuresBenchmark
{
    private const int Writers = 8;

    public static async Task<Measurement> Run(string azuriteConnectionString, int cases)
    {
        var small = Math.Max(1, cases / 10);
        var smallRun = await Measure(azuriteConnectionString, small);
        var run = await Measure(azuriteConnectionString, cases);
        // What the count holds at once is one page of packs, so memory grows with the cases only
        // until the packs are full (at a tenth of the default they are about a fifth full); twice
        // the cases shows whether it still grows past that.
        var large = await Measure(azuriteConnectionString, cases * 2);
        Console.WriteLine($"  measures of a year: {small:N0} cases in {smallRun.Time.TotalSeconds:0.00} s, peak managed heap {Mib(smallRun.PeakHeap)} MiB; " +
            $"{cases:N0} cases in {run.Time.TotalSeconds:0.00} s, peak managed heap {Mib(run.PeakHeap)} MiB; " +
            $"{cases * 2:N0} cases in {large.Time.TotalSeconds:0.00} s, peak managed heap {Mib(large.PeakHeap)} MiB ({(double)large.PeakHeap / run.PeakHeap:0.00}x for twice the cases); " +
            $"{run.Report.Volumes.CasesOpened:N0} opened in the year, {run.Report.Volumes.Closures:N0} closures; {run.Packs:N0} packs read");
        Console.WriteLine($"  live heap (counted again, the heap collected every 20 ms): peak {Mib(smallRun.PeakLive)} MiB for {small:N0} cases, " +
            $"{Mib(run.PeakLive)} MiB for {cases:N0}, {Mib(large.PeakLive)} MiB for {cases * 2:N0} ({(double)large.PeakLive / run.PeakLive:0.00}x for twice the cases)");
        Console.WriteLine($"  baseline, one row per case: {small:N0} cases in {smallRun.BaselineTime.TotalSeconds:0.00} s; {cases:N0} cases in {run.BaselineTime.TotalSeconds:0.00} s " +
            $"({run.BaselineTime / run.Time:0.0}x the packed time); {cases * 2:N0} in {large.BaselineTime.TotalSeconds:0.00} s; the same figures: " +
            $"{(SameFigures(run.Report, run.BaselineReport) && SameFigures(large.Report, large.BaselineReport) ? "yes" : "NO")}");
        Console.WriteLine($"  aim: under 5 s for {cases:N0} cases: {(run.Time.TotalSeconds < 5 ? "met" : "MISSED")}; memory that does not grow with the cases " +
            $"(under 1.5x for twice the cases): live heap {(large.PeakLive < run.PeakLive * 1.5 ? "met" : "MISSED")}, peak heap with garbage not yet collected " +
            $"{(large.PeakHeap < run.PeakHeap * 1.5 ? "met" : "MISSED")}");
        return new Measurement($"a reporting year's measures over {cases:N0} cases (peak heap {Mib(run.PeakHeap)} MiB, live {Mib(run.PeakLive)} MiB; " +
            $"{cases * 2:N0} cases: {large.Time.TotalSeconds:0.00} s, live {Mib(large.PeakLive)} MiB; one row per case: {run.BaselineTime.TotalSeconds:0.00} s)",
            "years", 1, 1, run.Time, [run.Time.TotalMilliseconds]);
    }

    private sealed record Counted(TimeSpan Time, long PeakHeap, long PeakLive, MeasuresReport Report, int Packs, TimeSpan BaselineTime, MeasuresReport BaselineReport);

    private static async Task<Counted> Measure(string connectionString, int cases)
    {
        var tables = new TableServiceClient(connectionString);
        var store = new CaseProjectionStore(tables, new BlobServiceClient(connectionString),
            new CaseProjectionOptions { Prefix = "m" + Guid.NewGuid().ToString("N")[..10] });
        await store.EnsureCreated(CancellationToken.None);
        var oneRowPerCase = tables.GetTableClient("m" + Guid.NewGuid().ToString("N")[..10] + "OneRowPerCase");
        await oneRowPerCase.CreateIfNotExistsAsync();
        var profile = ProfileLoader.BuiltIn("milton-keynes");
        var calendar = profile.CalendarFrom(WorkingCalendar.EnglandAndWales);
        var year = ReportingPeriod.ReportingYear(2026, calendar);
        Console.WriteLine($"  filling {cases:N0} cases' measure packs and, for the baseline, one row per case ...");
        var fill = Stopwatch.StartNew();
        var packs = await FillPacks(store, cases, year);
        await FillOneRowPerCase(oneRowPerCase, cases, year);
        Console.WriteLine($"  filled in {fill.Elapsed.TotalSeconds:0} s ({packs:N0} packs); counting the year ...");

        var read = new MeasuresReadModel(store);
        var (time, peak, report) = await Timed(() => read.Measures(year, year.To, profile, calendar, 20_000, CancellationToken.None));
        var (_, peakLive, _) = await Timed(() => read.Measures(year, year.To, profile, calendar, 20_000, CancellationToken.None), collect: true);
        var (baselineTime, _, baselineReport) = await Timed(() => CountOneRowPerCase(oneRowPerCase, year, profile, calendar));
        var packsRead = 0;
        await foreach (var _ in store.Measures.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {MeasuresRows.Partition} and RowKey ge {MeasuresRows.FirstKeyFrom(year.From)} and RowKey lt {MeasuresRows.PointerPrefix} and MinReportedAt lt {year.To}"),
            select: ["RowKey"]))
        {
            packsRead++;
        }
        return new Counted(time, peak, peakLive, report, packsRead, baselineTime, baselineReport);
    }

    // The peak heap as sampled, garbage not yet collected included; or, with collect, the peak of
    // what is still reachable, sampled after a full collection every 20 ms (slower, not timed).
    private static async Task<(TimeSpan Time, long PeakHeap, MeasuresReport Report)> Timed(Func<Task<MeasuresReport>> count, bool collect = false)
    {
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
                peak = Math.Max(peak, GC.GetTotalMemory(collect));
                await Task.Delay(collect ? 20 : 5);
            }
        });
        var clock = Stopwatch.StartNew();
        var report = await count();
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        peak = Math.Max(peak, GC.GetTotalMemory(collect));
        return (clock.Elapsed, peak - baseline, report);
    }

    // Both are counted as at the same moment.
    private static bool SameFigures(MeasuresReport a, MeasuresReport b) =>
        JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    // Packs as the recorder would leave them: the cases of each bucket and shard, each pack filled
    // until the next case would not fit; then a pointer row per case.
    private static async Task<int> FillPacks(CaseProjectionStore store, int cases, ReportingPeriod year)
    {
        var packs = new List<MeasuresPack>();
        var pointers = new List<MeasuresPointerRow>();
        foreach (var shard in Enumerable.Range(0, cases)
            .Select(i => (CaseId: $"case-{i:D7}", Facts: Facts(i, year)))
            .GroupBy(c => MeasuresRows.BucketAndShard(c.Facts.SettledAt, c.CaseId)))
        {
            var entries = shard.Select(c => new MeasuresPackEntry(c.CaseId, c.Facts.ReportedAt, c.Facts, null)).ToList();
            for (var number = 0; entries.Count > 0; number++)
            {
                var pack = Fullest(MeasuresPack.New(MeasuresRows.PackKey(shard.Key, number)), entries, store.Options.MeasuresPackBytes);
                packs.Add(pack);
                pointers.AddRange(entries.Take(pack.Count).Select(e => new MeasuresPointerRow
                {
                    RowKey = MeasuresRows.PointerKey(e.CaseId), Version = 20, PackKey = pack.RowKey,
                }));
                entries.RemoveRange(0, pack.Count);
            }
        }
        await InTransactions(store.Measures, packs.Select(p => (ITableEntity)p.ToRow()).ToList(), 32);
        await InTransactions(store.Measures, pointers.Cast<ITableEntity>().ToList(), 100);
        return packs.Count;
    }

    // The most of the entries, in order, that fit one pack: doubling, then halving the step.
    private static MeasuresPack Fullest(MeasuresPack empty, IReadOnlyList<MeasuresPackEntry> entries, int packBytes)
    {
        MeasuresPack With(int count) => entries.Take(count).Aggregate(empty, (pack, e) => pack.With(e, JsonSerializer.Serialize(e, MeasuresRows.Json)));
        bool Fits(int count) => With(count).ToRow().Facts.Length <= packBytes;
        var fits = 1;
        var step = 64;
        while (fits + step <= entries.Count && Fits(fits + step))
        {
            fits += step;
            step *= 2;
        }
        for (step /= 2; step > 0; step /= 2)
        {
            if (fits + step <= entries.Count && Fits(fits + step))
            {
                fits += step;
            }
        }
        return With(fits);
    }

    private static async Task InTransactions(TableClient table, IReadOnlyList<ITableEntity> rows, int perTransaction)
    {
        var next = -perTransaction;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var start = Interlocked.Add(ref next, perTransaction);
                if (start >= rows.Count)
                {
                    return;
                }
                await table.SubmitTransactionAsync(rows.Skip(start).Take(perTransaction)
                    .Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)).ToList());
            }
        })));
    }

    // The layout before packs: one row per case keyed by when it settled, its facts as JSON.
    private sealed class OneRowPerCase : ITableEntity
    {
        public string PartitionKey { get; set; } = "cases";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public Azure.ETag ETag { get; set; }

        public string CaseId { get; set; } = "";
        public long Version { get; set; }
        public DateTimeOffset ReportedAt { get; set; }
        public string? Facts { get; set; }
    }

    private static string SettledKey(DateTimeOffset? settledAt) =>
        (settledAt ?? DateTimeOffset.MaxValue).UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private static Task FillOneRowPerCase(TableClient table, int cases, ReportingPeriod year) =>
        InTransactions(table, Enumerable.Range(0, cases).Select(i =>
        {
            var facts = Facts(i, year);
            var caseId = $"case-{i:D7}";
            return (ITableEntity)new OneRowPerCase
            {
                RowKey = $"{SettledKey(facts.SettledAt)}|{caseId}", CaseId = caseId, Version = 20, ReportedAt = facts.ReportedAt,
                Facts = JsonSerializer.Serialize(facts, MeasuresRows.Json),
            };
        }).ToList(), 100);

    private static async Task<MeasuresReport> CountOneRowPerCase(TableClient table, ReportingPeriod year, ServiceProfile profile, WorkingCalendar calendar)
    {
        var tally = new MeasuresTally(year, year.To, profile, calendar, 20_000);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {"cases"} and RowKey ge {SettledKey(year.From)} and ReportedAt lt {year.To}");
        await foreach (var row in table.QueryAsync<OneRowPerCase>(filter, 1000, [nameof(OneRowPerCase.CaseId), nameof(OneRowPerCase.Version), nameof(OneRowPerCase.Facts)]))
        {
            tally.Add(JsonSerializer.Deserialize<CaseMeasureFacts>(row.Facts!, MeasuresRows.Json)!);
        }
        return tally.Report();
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
