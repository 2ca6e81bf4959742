using System.Net.Mail;
using System.Text.RegularExpressions;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;

namespace HateCase.App.Intake;

// A report as it arrives (JSON or a form post): the fields of domain.md "Ways in" (RBC 12).
// Everything is optional here so that every problem can be named at once.
public sealed class ReportRequest
{
    public string? Channel { get; set; }
    public bool? Anonymous { get; set; }
    public bool? IsVictim { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? PostalAddress { get; set; }
    public string? PreferredContact { get; set; }
    public string? SafeTimesToContact { get; set; }
    // "18:00" to "21:00": emails to them wait for these hours (UK time). Both or neither.
    public string? SafeToEmailFrom { get; set; }
    public string? SafeToEmailTo { get; set; }
    public string? Language { get; set; }
    public bool? InterpreterNeeded { get; set; }
    public List<string>? AccessibilityNeeds { get; set; }
    public bool? ConsentToShare { get; set; }
    public DateTimeOffset? OccurredAt { get; set; }
    public string? Location { get; set; }
    public string? Description { get; set; }
    public string? PeopleInvolved { get; set; }
    // Where the people the report is about live, if known: links reports about the same party.
    public string? AboutAddress { get; set; }
    public string? Witnesses { get; set; }
    public string? Impact { get; set; }
    public bool? Injuries { get; set; }
    public bool? PoliceInvolved { get; set; }
    public string? CrimeReference { get; set; }
    public bool? HatePerceived { get; set; }
    public List<string>? HateStrands { get; set; }
    public bool? ViolenceOrThreats { get; set; }
    public bool? VictimVulnerable { get; set; }
    public int? IncidentsInLastMonth { get; set; }
    public bool? VictimsCodeGivenByStaff { get; set; }
}

public sealed record ValidReport(ReportChannel Channel, Complainant Complainant, IncidentReport Incident, string? AboutAddress, bool VictimsCodeGivenByStaff);

public static partial class ReportValidation
{
    public const int MaxDescription = 8_000;
    public const int MaxShortText = 500;
    public const int MaxLongText = 2_000;

    // Channels staff key in for someone else (MK 5.3: phone, in person, post, partner referral).
    public static readonly ReportChannel[] StaffChannels = [ReportChannel.Phone, ReportChannel.InPerson, ReportChannel.Post, ReportChannel.PartnerReferral];

    public static (ValidReport? Report, Dictionary<string, string[]> Errors) Validate(
        ReportRequest r, ServiceProfile profile, DateTimeOffset now, ReportChannel defaultChannel, bool signedInStaff)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        var channel = defaultChannel;
        if (r.Channel is { } channelText && !Enum.TryParse(channelText, ignoreCase: true, out channel))
        {
            Error("channel", $"Choose one of: {string.Join(", ", Enum.GetNames<ReportChannel>().Select(Camel))}.");
        }
        else if (StaffChannels.Contains(channel) && !signedInStaff)
        {
            Error("channel", "Only signed-in staff can record a report taken by phone, in person, by post or from a partner.");
        }

        var description = Text(r.Description, "description", MaxDescription, Error);
        if (string.IsNullOrWhiteSpace(description))
        {
            Error("description", "Tell us what happened.");
        }
        var anonymous = r.Anonymous ?? false;
        var email = Text(r.Email, "email", 254, Error);
        var phone = Text(r.Phone, "phone", 30, Error);
        var address = Text(r.PostalAddress, "postalAddress", MaxShortText, Error);
        if (email is not null && !IsEmail(email))
        {
            Error("email", "Enter an email address in the correct format, like name@example.com.");
        }
        if (phone is not null && !PhonePattern().IsMatch(phone))
        {
            Error("phone", "Enter a telephone number, like 01632 960 001 or +44 7700 900 982.");
        }
        if (anonymous && (email ?? phone ?? address ?? r.Name) is not null)
        {
            Error("anonymous", "An anonymous report cannot include your name or contact details. Remove them, or untick 'stay anonymous'.");
        }
        if (!anonymous && email is null && phone is null && address is null)
        {
            Error("email", "Give at least one way to contact you (email, phone or address), or choose to stay anonymous.");
        }
        ContactMethod? preferred = null;
        if (r.PreferredContact is { } preferredText)
        {
            if (Enum.TryParse<ContactMethod>(preferredText, ignoreCase: true, out var method))
            {
                preferred = method;
            }
            else
            {
                Error("preferredContact", $"Choose one of: {string.Join(", ", Enum.GetNames<ContactMethod>().Select(Camel))}.");
            }
        }
        if (r.OccurredAt is { } occurred && (occurred > now.AddMinutes(5) || occurred < now.AddYears(-5)))
        {
            Error("occurredAt", "The date it happened must be today or in the past, and within the last 5 years.");
        }
        var strands = (r.HateStrands ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var strand in strands.Where(s => profile.FindHateStrand(s) is null))
        {
            Error("hateStrands", $"'{Shorten(strand)}' is not one of: {string.Join(", ", profile.HateStrands.Select(s => s.Code))}.");
        }
        if (strands.Count > 0 && r.HatePerceived == false)
        {
            Error("hateStrands", "Hate strands go with a report perceived as hate: tick that it was motivated by hostility or prejudice, or remove them.");
        }
        if (r.IncidentsInLastMonth is < 0 or > 1000)
        {
            Error("incidentsInLastMonth", "Enter a number of incidents from 0 to 1000.");
        }
        var needs = (r.AccessibilityNeeds ?? []).Select(n => Text(n, "accessibilityNeeds", 100, Error)).OfType<string>().ToList();
        if (needs.Count > 10)
        {
            Error("accessibilityNeeds", "List at most 10 needs.");
        }

        var safeToEmail = SafeHoursFrom(r.SafeToEmailFrom, r.SafeToEmailTo, Error);
        var name = Text(r.Name, "name", 200, Error);
        var safeTimes = Text(r.SafeTimesToContact, "safeTimesToContact", MaxShortText, Error);
        var language = Text(r.Language, "language", 100, Error);
        var location = Text(r.Location, "location", MaxShortText, Error);
        var people = Text(r.PeopleInvolved, "peopleInvolved", MaxLongText, Error);
        var about = Text(r.AboutAddress, "aboutAddress", MaxShortText, Error);
        var witnesses = Text(r.Witnesses, "witnesses", MaxLongText, Error);
        var impact = Text(r.Impact, "impact", MaxLongText, Error);
        var crimeReference = Text(r.CrimeReference, "crimeReference", 50, Error);
        if (r.VictimsCodeGivenByStaff == true && !signedInStaff)
        {
            Error("victimsCodeGivenByStaff", "Only staff can record that they told the caller the Victims Code.");
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var complainant = anonymous
            ? Complainant.AnonymousReporter
            : new Complainant(false, r.IsVictim ?? true, name, email, phone, address, preferred, safeTimes, language,
                r.InterpreterNeeded ?? false, needs.ToValueList(), r.ConsentToShare ?? false, safeToEmail);
        var incident = new IncidentReport(r.OccurredAt, location, description!, people, witnesses, impact,
            r.Injuries ?? false, r.PoliceInvolved ?? false, crimeReference, r.HatePerceived ?? false,
            strands.Select(s => profile.FindHateStrand(s)!.Code).ToValueList(), r.ViolenceOrThreats ?? false,
            r.VictimVulnerable ?? false, r.IncidentsInLastMonth, PartyKey: null);
        return (new ValidReport(channel, complainant, incident, about, r.VictimsCodeGivenByStaff ?? false), errors);
    }

    // MK 11.2, PP 6.3: the hours it is safe to email someone, as two 24-hour times.
    private static SafeHours? SafeHoursFrom(string? from, string? to, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to))
        {
            return null;
        }
        var start = TimeOfDay(from);
        var end = TimeOfDay(to);
        if (start is null || end is null)
        {
            error(start is null ? "safeToEmailFrom" : "safeToEmailTo", "Give both times as 24-hour times, for example 18:00 and 21:00.");
            return null;
        }
        var hours = new SafeHours(start.Value, end.Value);
        if (!hours.IsValid)
        {
            error("safeToEmailTo", "The second time must be at least an hour after the first, on the same day.");
            return null;
        }
        return hours;
    }

    private static TimeOnly? TimeOfDay(string? value) =>
        TimeOnly.TryParseExact(value?.Trim(), ["HH:mm", "H:mm"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            ? time : null;

    // Trimmed text, null when empty; text with control characters (other than line breaks and
    // tabs) or over the limit is refused rather than cut.
    private static string? Text(string? value, string field, int max, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            error(field, $"Use {max:N0} characters or fewer (this has {trimmed.Length:N0}).");
            return null;
        }
        if (trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            error(field, "Remove the hidden control characters from this text.");
            return null;
        }
        return trimmed;
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^\+?[0-9][0-9 ()-]{5,24}$")]
    private static partial Regex PhonePattern();
}
