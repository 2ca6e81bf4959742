using System.Globalization;
using HateCase.Domain;

namespace HateCase.App.Pages.GovUk;

// Dates and times as GOV.UK writes them, in UK local time: "Monday 23 November 2026 at 3pm".
public static class UkDates
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateTimeOffset at) => Local(at).ToString("dddd d MMMM yyyy", English);

    public static string DateAndTime(DateTimeOffset at) => $"{Date(at)} at {Time(at)}";

    public static string ShortDateAndTime(DateTimeOffset at) => $"{Local(at).ToString("d MMM yyyy", English)} {Time(at)}";

    public static string Time(DateTimeOffset at)
    {
        var local = Local(at);
        return (local.Hour, local.Minute) switch
        {
            (0, 0) => "midnight",
            (12, 0) => "midday",
            var (hour, minute) => string.Create(English,
                $"{(hour % 12 == 0 ? 12 : hour % 12)}{(minute == 0 ? "" : $":{minute:D2}")}{(hour < 12 ? "am" : "pm")}"),
        };
    }

    private static DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, WorkingCalendar.EnglandAndWales.TimeZone).DateTime;
}
