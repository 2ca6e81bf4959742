using System.Globalization;
using System.Text.RegularExpressions;
using HateCase.Domain;
using HateCase.Domain.Measures;

namespace HateCase.App.Measures;

// The period asked for, as the page's GET form and the API send it: period=year&year=2026 (the
// reporting year 2026/27), period=quarter&quarter=2026-Q1 (April to June 2026), period=month&month=2026-04,
// or from=2026-04-01&to=2026-06-30 (UK dates, both included). What was asked is kept to show it again.
public sealed partial record PeriodQuery(string Kind, string? Year, string? Quarter, string? Month, string? From, string? To)
{
    public const string YearKind = "year";
    public const string QuarterKind = "quarter";
    public const string MonthKind = "month";
    public const string DatesKind = "dates";

    public static PeriodQuery Of(IQueryCollection query)
    {
        string? Text(string name) => query[name] is [{ Length: > 0 and <= 20 } value] ? value.Trim() : null;
        var kind = Text("period") ?? (Text("from") is not null || Text("to") is not null ? DatesKind : "");
        return new PeriodQuery(kind, Text("year"), Text("quarter"), Text("month"), Text("from"), Text("to"));
    }

    public static PeriodQuery ReportingYearOf(DateOnly today) =>
        new(YearKind, ReportingPeriod.ReportingYearOf(today).ToString(CultureInfo.InvariantCulture), null, null, null, null);

    public bool IsEmpty => Kind.Length == 0;

    // The period, or what is wrong with the request in words a person can act on.
    public (ReportingPeriod? Period, string? Problem) Read(WorkingCalendar calendar)
    {
        try
        {
            return Kind switch
            {
                YearKind when Year is { } y && int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100 =>
                    (ReportingPeriod.ReportingYear(year, calendar), null),
                YearKind => (null, "Choose a reporting year, like 2026 for April 2026 to March 2027."),
                QuarterKind when Quarter is { } q && QuarterPattern().Match(q) is { Success: true } m =>
                    (ReportingPeriod.Quarter(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), calendar), null),
                QuarterKind => (null, "Choose a quarter of a reporting year, like 2026-Q1 for April to June 2026."),
                MonthKind when Month is { } mo && DateOnly.TryParseExact(mo + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && first.Year is >= 2000 and <= 2100 =>
                    (ReportingPeriod.Month(first.Year, first.Month, calendar), null),
                MonthKind => (null, "Choose a month, like 2026-04."),
                DatesKind when Date(From) is { } from && Date(To) is { } to && to >= from && to.DayNumber - from.DayNumber < ReportingPeriod.MaxDays =>
                    (ReportingPeriod.Dates(from, to, calendar), null),
                DatesKind => (null, "Give the first and last days as dates like 2026-04-01, the last on or after the first, at most three years apart."),
                _ => (null, "Give from and to as dates like 2026-04-01, or choose a reporting year, quarter or month."),
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            return (null, "That period cannot be counted: choose dates between 2000 and 2100.");
        }
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 2100
            ? date
            : null;

    [GeneratedRegex("^([0-9]{4})-Q([1-4])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuarterPattern();
}
