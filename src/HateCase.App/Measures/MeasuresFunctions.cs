using System.Text;
using HateCase.App.Functions;
using HateCase.App.Pages.Measures;
using HateCase.App.Privacy;
using HateCase.App.Security;
using HateCase.Domain.Measures;
using HateCase.Storage;
using HateCase.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace HateCase.App.Measures;

// Performance reporting (issue 13) for team leaders and admins: the measures page, the same
// figures as JSON or CSV, and the cases behind them as CSV. Everything is counted from the
// CaseMeasures rows the recorder keeps, in one pass, as at the app's clock.
public sealed class MeasuresFunctions(RequestGate gate, MeasuresReadModel measures, CasePolicy policy, MeasuresSettings settings, TimeProvider clock,
    AccessAudit audit)
{
    [Function("GetMeasures")]
    public Task<IResult> GetMeasures([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/measures")] HttpRequest request) =>
        gate.Serve(request, audit.Exporting(AccessKinds.MeasuresExport, Report), Policies.Reporting,
            whenRefused: audit.RefusingExport(AccessKinds.MeasuresExport));

    [Function("GetMeasuresCases")]
    public Task<IResult> GetMeasuresCases([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/measures/cases")] HttpRequest request) =>
        gate.Serve(request, audit.Exporting(AccessKinds.CasesExport, Cases), Policies.Reporting,
            whenRefused: audit.RefusingExport(AccessKinds.CasesExport));

    [Function("MeasuresPage")]
    public Task<IResult> ShowMeasuresPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "measures")] HttpRequest request) =>
        gate.ServeStaffPage(request, Page, Policies.Reporting);

    // JSON by default; CSV with format=csv or Accept: text/csv.
    private async Task<IResult> Report(HttpContext http)
    {
        var (period, problem) = PeriodQuery.Of(http.Request.Query).Read(policy.Calendar);
        if (period is null)
        {
            return PeriodProblem(problem!);
        }
        var report = await Count(period, http.RequestAborted);
        return WantsCsv(http.Request)
            ? TypedResults.Text(MeasuresCsv.Report(report), MeasuresCsv.ContentType, Encoding.UTF8).WithFileName($"measures-{period.FirstDay:yyyy-MM-dd}-to-{period.LastDay:yyyy-MM-dd}.csv")
            : TypedResults.Ok(report);
    }

    // One row per case active in the period, written as it is read.
    private Task<IResult> Cases(HttpContext http)
    {
        var (period, problem) = PeriodQuery.Of(http.Request.Query).Read(policy.Calendar);
        if (period is null)
        {
            return Task.FromResult(PeriodProblem(problem!));
        }
        IResult csv = TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024);
            await writer.WriteAsync(MeasuresCsv.Header());
            await foreach (var row in measures.CasesActiveIn(period, http.RequestAborted))
            {
                await writer.WriteAsync(MeasuresCsv.Case(row, policy.Calendar));
            }
        }, MeasuresCsv.ContentType, $"cases-{period.FirstDay:yyyy-MM-dd}-to-{period.LastDay:yyyy-MM-dd}.csv");
        return Task.FromResult(csv);
    }

    // With no period chosen, the current reporting year.
    private async Task<IResult> Page(HttpContext http)
    {
        var query = PeriodQuery.Of(http.Request.Query);
        if (query.IsEmpty)
        {
            query = PeriodQuery.ReportingYearOf(policy.Calendar.LocalDate(clock.GetUtcNow()));
        }
        var (period, problem) = query.Read(policy.Calendar);
        var report = period is null ? null : await Count(period, http.RequestAborted);
        return MeasuresPage.Show(query, report, problem, policy.Calendar.LocalDate(clock.GetUtcNow()));
    }

    private Task<MeasuresReport> Count(ReportingPeriod period, CancellationToken cancellationToken) =>
        measures.Measures(period, clock.GetUtcNow(), policy.Profile, policy.Calendar, settings.HomesOwned, cancellationToken);

    private static bool WantsCsv(HttpRequest request) =>
        request.Query["format"] is [{ } format]
            ? string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            : request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    private static IResult PeriodProblem(string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = [problem] });
}

internal static class FileResults
{
    // Offered as a download named for its period.
    public static IResult WithFileName(this IResult result, string fileName) => new Named(result, fileName);

    private sealed class Named(IResult inner, string fileName) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
            return inner.ExecuteAsync(http);
        }
    }
}
