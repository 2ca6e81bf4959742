namespace HateCase.Domain;

// The hours a landlord's office is staffed on a working day, in London local time. "1 working
// day" is counted in them, and staff are emailed within them. Opening is inside the hours and
// closing is not: 17:00 is after hours.
public sealed record OfficeHours
{
    public OfficeHours(TimeOnly opens, TimeOnly closes)
    {
        if (closes <= opens)
        {
            throw new ArgumentException($"The office must close after it opens ({opens:HH\\:mm}).", nameof(closes));
        }
        Opens = opens;
        Closes = closes;
    }

    // Used wherever a landlord's policy states no hours of its own.
    public static OfficeHours Default { get; } = new(new TimeOnly(9, 0), new TimeOnly(17, 0));

    public TimeOnly Opens { get; }

    public TimeOnly Closes { get; }
}
