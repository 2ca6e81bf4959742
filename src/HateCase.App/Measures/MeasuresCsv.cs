using System.Globalization;
using System.Text;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Measures;
using HateCase.Storage;

namespace HateCase.App.Measures;

// The measures and the cases behind them as CSV (RFC 4180), for the landlord's own spreadsheets.
// A field a spreadsheet would read as a formula starts with an apostrophe.
public static class MeasuresCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly string[] ReportColumns =
        ["section", "code", "name", "value", "met", "counted", "percent", "target_percent", "on_target", "definition"];

    public static readonly string[] CaseColumns =
    [
        "case_id", "reference", "reported_at", "reported_date", "channel", "risk", "hate", "hate_strands", "stage", "reports_received",
        "first_response_due_at", "first_response_on_time", "regular_contacts_due", "regular_contacts_on_time", "closures",
        "last_closed_at", "last_closure_resolved", "reopenings", "survey_sent_at", "survey_answered_at",
        "satisfaction_with_handling", "satisfaction_with_outcome", "case_reviews_prompted", "settled_at",
    ];

    public static string Report(MeasuresReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Line(csv, ReportColumns);
        Line(csv, "period", "period", "Period", $"{report.FirstDay:yyyy-MM-dd} to {report.LastDay:yyyy-MM-dd}", "", "", "", "", "", $"Counted from the record as at {report.AsOf:yyyy-MM-dd'T'HH:mm:ss'Z'} (profile {report.ProfileId}).");
        foreach (var (section, rates) in new[] { ("standards", report.Standards), ("on-time-by-risk", report.OnTimeByRisk), ("satisfaction", report.Satisfaction) })
        {
            foreach (var rate in rates)
            {
                Line(csv, section, rate.Code, rate.Name, Number(rate.Percent), Number(rate.Met), Number(rate.Counted), Number(rate.Percent),
                    Number(rate.TargetPercent), rate.OnTarget is { } on ? (on ? "yes" : "no") : "", rate.Definition);
            }
        }
        var time = report.TimeToResolve;
        Line(csv, "time-to-resolve", "closed", "Closures", Number(time.CasesClosed), "", "", "", "", "", time.Definition);
        Line(csv, "time-to-resolve", "median-days", "Median days to resolve", Number(time.MedianDays), "", "", "", "", "", time.Definition);
        Line(csv, "time-to-resolve", "p90-days", "90th percentile days to resolve", Number(time.Percentile90Days), "", "", "", "", "", time.Definition);
        var volumes = report.Volumes;
        Line(csv, "volumes", "cases-opened", "Cases opened", Number(volumes.CasesOpened), "", "", "", "", "", volumes.Definition);
        Line(csv, "volumes", "hate-cases-opened", "Hate cases opened", Number(volumes.HateCasesOpened), "", "", "", "", "", volumes.Definition);
        Line(csv, "volumes", "reports-received", "Reports received", Number(volumes.ReportsReceived), "", "", "", "", "", volumes.Definition);
        Line(csv, "volumes", "closures", "Closures", Number(volumes.Closures), "", "", "", "", "", volumes.Definition);
        foreach (var (section, counts) in new[] { ("by-strand", volumes.HateCasesByStrand), ("by-channel", volumes.CasesByChannel), ("by-stage", volumes.CasesByStage) })
        {
            foreach (var count in counts)
            {
                Line(csv, section, count.Code, count.Name, Number(count.Value), "", "", "", "", "", "");
            }
        }
        foreach (var month in volumes.ByMonth)
        {
            Line(csv, "by-month", month.Month, "Cases opened", Number(month.CasesOpened), "", "", "", "", "", "");
            Line(csv, "by-month-hate", month.Month, "Hate cases opened", Number(month.HateCasesOpened), "", "", "", "", "", "");
        }
        foreach (var count in new[] { report.CaseReviewsPrompted, report.Reopened })
        {
            Line(csv, "cases", count.Code, count.Name, Number(count.Value), "", "", "", "", "", count.Definition);
        }
        var nm01 = report.Nm01;
        Line(csv, "nm01", "homes-owned", "Homes owned", nm01.HomesOwned is { } homes ? Number(homes) : "not set", "", "", "", "", "", nm01.Definition);
        Line(csv, "nm01", "nm01-1", "NM01 (1) ASB cases opened per 1,000 homes", Number(nm01.CasesPer1000Homes), "", Number(nm01.CasesOpened), "", "", "", nm01.Definition);
        Line(csv, "nm01", "nm01-2", "NM01 (2) ASB cases involving hate incidents opened per 1,000 homes", Number(nm01.HateCasesPer1000Homes), "", Number(nm01.HateCasesOpened), "", "", "", nm01.Definition);
        return csv.ToString();
    }

    public static string Header() => Joined(CaseColumns);

    // One case: dates, codes and counts only; never a name, address, email, description or comment.
    public static string Case(CaseMeasureRow row, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(calendar);
        var f = row.Facts;
        var firstResponse = f.DeadlineOutcomes.FirstOrDefault(d => d.Kind == DeadlineKind.FirstResponse);
        var contacts = f.DeadlineOutcomes.Where(d => d.Kind == DeadlineKind.RegularContact).ToList();
        var lastClosure = f.Closures.LastOrDefault();
        var survey = f.Surveys.LastOrDefault();
        return Joined([
            row.CaseId, f.Reference, Time(f.ReportedAt), calendar.LocalDate(f.ReportedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            MeasuresTally.ChannelCode(f.Channel), f.Risk.ToString().ToLowerInvariant(), f.IsHate ? "yes" : "no", string.Join(';', f.Strands), f.Stage,
            Number(f.ReportsReceived.Count), Time(firstResponse?.DueAt), firstResponse is null ? "" : firstResponse.OnTime ? "yes" : "no",
            Number(contacts.Count), Number(contacts.Count(c => c.OnTime)), Number(f.Closures.Count),
            Time(lastClosure?.At), lastClosure is null ? "" : lastClosure.Resolved ? "yes" : "no", Number(f.Reopenings.Count),
            Time(survey?.SentAt), Time(survey?.AnsweredAt), Number(survey?.SatisfactionWithHandling), Number(survey?.SatisfactionWithOutcome),
            Number(f.CaseReviewsPrompted.Count), Time(f.SettledAt),
        ]);
    }

    private static void Line(StringBuilder csv, params string[] fields) => csv.Append(Joined(fields));

    private static string Joined(IEnumerable<string> fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Time(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
