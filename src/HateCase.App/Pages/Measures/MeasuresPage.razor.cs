using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components;
using HateCase.App.Measures;
using HateCase.Domain.Measures;

namespace HateCase.App.Pages.Measures;

// Performance reporting for team leaders and admins (MK 9.1-9.3): the period is chosen with GET
// forms, so the page works without JavaScript; each chart has a table of the same figures beside it.
public sealed partial class MeasuresPage
{
    public const string Route = "/measures";

    public static IResult Show(PeriodQuery query, MeasuresReport? report, string? problem, DateOnly today) =>
        ComponentPage.Render<MeasuresPage>(new()
        {
            [nameof(Query)] = query,
            [nameof(Report)] = report,
            [nameof(Problem)] = problem,
            [nameof(Today)] = today,
        }, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    private int CurrentYear => ReportingPeriod.ReportingYearOf(Today);

    private IEnumerable<(string Value, string Text)> Years =>
        Enumerable.Range(0, 6).Select(back => CurrentYear - back)
            .Select(year => (year.ToString(CultureInfo.InvariantCulture), $"April {year} to March {year + 1}"));

    private IEnumerable<(string Value, string Text)> Quarters =>
        Enumerable.Range(0, 3).Select(back => CurrentYear - back).SelectMany(year => Enumerable.Range(1, 4).Reverse()
            .Select(q => ($"{year}-Q{q}", $"Quarter {q} of {year}/{(year + 1) % 100:D2} ({QuarterMonths(year, q)})")));

    private IEnumerable<(string Value, string Text)> Months =>
        Enumerable.Range(0, 24).Select(back => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-back))
            .Select(m => (m.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.ToString("MMMM yyyy", English)));

    private static string QuarterMonths(int year, int quarter)
    {
        var first = new DateOnly(year, 4, 1).AddMonths(3 * (quarter - 1));
        return $"{first.ToString("MMMM", English)} to {first.AddMonths(2).ToString("MMMM yyyy", English)}";
    }

    private string PeriodText => Report is null ? "" : $"{Report.FirstDay.ToString("d MMMM yyyy", English)} to {Report.LastDay.ToString("d MMMM yyyy", English)}";

    private string ExportQuery => Report is null ? "" : $"from={Report.FirstDay:yyyy-MM-dd}&to={Report.LastDay:yyyy-MM-dd}";

    private static string Percent(decimal? percent) => percent is { } p ? p.ToString("0.#", English) + "%" : "No figure";

    private static string Days(double? days) => days is { } d ? d.ToString("0.#", English) + (d == 1 ? " day" : " days") : "No figure";

    private static string Whole(int value) => value.ToString("N0", English);

    private static string OnTarget(Rate rate) => rate.OnTarget switch
    {
        true => "Met",
        false => "Not met",
        null => "Nothing to count",
    };

    private static string MonthName(string month) =>
        DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("MMMM yyyy", English);

    private static string RiskName(Rate rate) => rate.Name.Split(':')[0];

    // The charts are SVG drawn here, with a title that says what they show; the tables beside them
    // carry the same figures for anyone who cannot see them. Every text is encoded.
    private MarkupString OnTimeChart()
    {
        var rates = Report!.OnTimeByRisk;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"app-chart\" viewBox=\"0 0 640 {20 + 55 * rates.Count}\" role=\"img\" aria-labelledby=\"on-time-title\">");
        Text(svg.Append("<title id=\"on-time-title\">"), $"Share of first responses on time, by risk: {string.Join("; ", rates.Select(r => $"{RiskName(r)} {Percent(r.Percent)}"))}. The table beside has the figures.").Append("</title>");
        for (var i = 0; i < rates.Count; i++)
        {
            var rate = rates[i];
            var y = 20 + i * 55;
            Text(svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 22}\">"), RiskName(rate)).Append("</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"110\" y=\"{y}\" width=\"440\" height=\"32\" fill=\"#f3f2f1\" stroke=\"#505a5f\" stroke-width=\"1\"></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"110\" y=\"{y}\" width=\"{N(4.4 * (double)(rate.Percent ?? 0))}\" height=\"32\" fill=\"#1d70b8\"></rect>");
            Text(svg.Append(CultureInfo.InvariantCulture, $"<text x=\"560\" y=\"{y + 22}\">"), Percent(rate.Percent)).Append("</text>");
        }
        return new MarkupString(svg.Append("</svg>").ToString());
    }

    // Two bars a month (all cases, hate cases), scaled to the busiest month.
    private MarkupString VolumesChart()
    {
        const int width = 640, height = 270, top = 20, bottom = 215, left = 45;
        var months = Report!.Volumes.ByMonth;
        var max = Math.Max(1, months.Select(m => m.CasesOpened).DefaultIfEmpty(0).Max());
        var slot = (width - left - 5.0) / Math.Max(1, months.Count);
        double Height(int value) => (bottom - top) * (double)value / max;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"app-chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"volumes-title\">");
        Text(svg.Append("<title id=\"volumes-title\">"), $"Cases opened each month, with hate cases beside: {string.Join("; ", months.Select(m => $"{MonthName(m.Month)} {m.CasesOpened} ({m.HateCasesOpened} hate)"))}. The table beside has the figures.").Append("</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left - 5}\" y1=\"{bottom}\" x2=\"{width}\" y2=\"{bottom}\" stroke=\"#505a5f\" stroke-width=\"1\"></line>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{top + 5}\">{max}</text><text x=\"0\" y=\"{bottom}\">0</text>");
        for (var i = 0; i < months.Count; i++)
        {
            var month = months[i];
            var x = left + i * slot;
            var bar = slot * 0.4;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(bottom - Height(month.CasesOpened))}\" width=\"{N(bar)}\" height=\"{N(Height(month.CasesOpened))}\" fill=\"#1d70b8\"></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x + bar)}\" y=\"{N(bottom - Height(month.HateCasesOpened))}\" width=\"{N(bar)}\" height=\"{N(Height(month.HateCasesOpened))}\" fill=\"#912b88\"></rect>");
            if (months.Count <= 12 || i % 3 == 0)
            {
                Text(svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{bottom + 20}\">"), MonthName(month.Month)[..3]).Append("</text>");
            }
        }
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{height - 18}\" width=\"12\" height=\"12\" fill=\"#1d70b8\"></rect><text x=\"{left + 17}\" y=\"{height - 7}\">All cases</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + 115}\" y=\"{height - 18}\" width=\"12\" height=\"12\" fill=\"#912b88\"></rect><text x=\"{left + 132}\" y=\"{height - 7}\">Hate cases</text>");
        return new MarkupString(svg.Append("</svg>").ToString());
    }

    private static StringBuilder Text(StringBuilder svg, string text) => svg.Append(WebUtility.HtmlEncode(text));

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
