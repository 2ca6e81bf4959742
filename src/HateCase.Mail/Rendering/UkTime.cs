using System.Globalization;
using HateCase.Domain;

namespace HateCase.Mail.Rendering;

// Dates as people in the UK write them, in UK local time: "Monday 23 November 2026 at 3pm".
// Times as people in the UK read them, in UK local time: emails and pages alike.
public static class UkTime
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateTimeOffset at) => Local(at).ToString("dddd d MMMM yyyy", English);

    public static string Date(DateOnly day) => day.ToString("dddd d MMMM yyyy", English);

    public static string DateAndTime(DateTimeOffset at) => $"{Date(at)} at {Time(at)}";

    public static string ShortDateAndTime(DateTimeOffset at) => $"{Local(at).ToString("d MMM yyyy", English)} {Time(at)}";

    public static string Time(DateTimeOffset at)
    {
        var local = Local(at);
        return (local.Hour, local.Minute) switch
        {
            (0, 0) => "midnight",
            (12, 0) => "midday",
            var (hour, minute) => $"{(hour % 12 == 0 ? 12 : hour % 12)}{(minute == 0 ? "" : $":{minute:D2}")}{(hour < 12 ? "am" : "pm")}",
        };
    }

    private static DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, WorkingCalendar.EnglandAndWales.TimeZone).DateTime;
}
