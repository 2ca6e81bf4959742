using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using HateCase.App.Intake;
using HateCase.App.Pages.GovUk;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Risk;
using HateCase.Workflow;
using HateCase.Runtime.Ports;
using Microsoft.AspNetCore.DataProtection;

namespace HateCase.App.Pages;

// The web form of domain.md "Ways in" (RBC 12). It is checked by the same validation as the API
// and submitted through the same intake, as a WebForm report; on success it redirects (PRG).
public sealed partial class ReportPage
{
    public const string Route = "/report";

    public static IResult Show(HttpContext http, CasePolicy policy) =>
        Render(http, policy, new ReportForm { SubmissionKey = NewSubmissionKey() }, new FormErrors());

    public static async Task<IResult> Send(HttpContext http, IntakeService intake, CasePolicy policy, TimeProvider clock, ILogger<ReportPage> logger)
    {
        var (form, errors, refused) = await PostedForm.Read<ReportForm>(http);
        if (refused is not null)
        {
            return refused;
        }
        if (!SubmissionKeyPattern().IsMatch(form!.SubmissionKey ?? ""))
        {
            form.SubmissionKey = NewSubmissionKey();
        }
        var now = clock.GetUtcNow();
        var report = Check(form, errors, policy, now, ReportChannel.WebForm, signedInStaff: false);
        if (report is null)
        {
            return Render(http, policy, form, errors);
        }

        IntakeOutcome outcome;
        try
        {
            outcome = await intake.Submit(report, "web-form-" + form.SubmissionKey, "public", http.RequestAborted);
        }
        catch (StoreException e)
        {
            // Nothing is lost: the form comes back as it was, and the same key makes a retry safe.
            LogNotStored(logger, e.GetType().Name);
            errors.Add("", "Sorry, we could not send your report just now. What you typed is still here: please try again in a minute. If you are in danger, call 999.");
            return Render(http, policy, form, errors);
        }
        if (outcome is IntakeOutcome.Refused refusal)
        {
            errors.Add("", refusal.Reason);
            return Render(http, policy, form, errors);
        }

        var receipt = ((IntakeOutcome.Accepted)outcome).Receipt;
        var complainant = report.Complainant;
        var level = RiskMatrix.Triage(
            new ReportTriageFacts(report.Incident.HatePerceived, report.Incident.ViolenceOrThreats, report.Incident.VictimVulnerable, report.Incident.IncidentsInLastMonth),
            policy.Profile.FirstResponse.HateIsAlwaysHigh).Level;
        var sent = new ReportSent(
            // A report added to a case already open is not given that case's reference: it may be someone else's.
            Reference: receipt.AddedToOpenCase ? null : receipt.Reference,
            ContactBy: complainant.CanBeContacted ? policy.Calendar.AddWorkingDays(now, policy.Profile.FirstResponseWorkingDays(level)) : null,
            Urgent: level == RiskLevel.High,
            IsHate: report.Incident.HatePerceived,
            Emailed: complainant.CanBeEmailed,
            Anonymous: complainant.Anonymous);
        sent.SaveTo(http);
        return Results.Redirect(ReportSentPage.Route);
    }

    // The form's answers checked by the intake's own validation, its problems put in the page's
    // words on the questions that ask them; null when something needs putting right.
    internal static ValidReport? Check(ReportForm form, FormErrors errors, CasePolicy policy, DateTimeOffset now, ReportChannel channel,
        bool signedInStaff, Action<ReportRequest>? staffAnswers = null)
    {
        var occurredAt = ReadDate(form.OccurredOn, now, errors);
        var incidents = int.TryParse(form.IncidentsInLastMonth?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : (int?)null;
        var request = form.ToRequest(occurredAt, incidents);
        staffAnswers?.Invoke(request);
        var (report, problems) = ReportValidation.Validate(request, policy.Profile, now, channel, signedInStaff);
        foreach (var (field, messages) in problems)
        {
            var (property, message) = ReportForm.PageField(field, messages[0]);
            if (!errors.Has(property))
            {
                errors.Add(property, message);
            }
        }
        return errors.IsEmpty ? report : null;
    }

    private static IResult Render(HttpContext http, CasePolicy policy, ReportForm form, FormErrors errors) =>
        ComponentPage.Render<ReportPage>(new()
        {
            [nameof(Form)] = form,
            [nameof(Errors)] = errors,
            [nameof(HateStrands)] = policy.Profile.HateStrands.Select(s => new Choice(s.Code, s.Name)).ToList(),
            [nameof(AntiforgeryToken)] = PostedForm.IssueToken(http),
        });

    // A blank date is allowed; a partial or impossible one is not. The date is taken as the start
    // of that day in UK local time.
    private static DateTimeOffset? ReadDate(DateParts date, DateTimeOffset now, FormErrors errors)
    {
        const string key = $"{PostedForm.Prefix}.{nameof(ReportForm.OccurredOn)}";
        if (date.IsEmpty)
        {
            return null;
        }
        var missing = new[] { ("day", date.Day), ("month", date.Month), ("year", date.Year) }.Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1).ToList();
        if (missing.Count > 0)
        {
            errors.Add(key, $"The date it happened must include a {string.Join(" and ", missing)}");
            return null;
        }
        if (!int.TryParse(date.Day!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(date.Month!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(date.Year!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year is < 1000 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            errors.Add(key, "The date it happened must be a real date, like 27 3 2026");
            return null;
        }
        var calendar = WorkingCalendar.EnglandAndWales;
        var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        if (DateOnly.FromDateTime(local) > calendar.LocalDate(now))
        {
            errors.Add(key, "The date it happened must be today or in the past");
            return null;
        }
        return new DateTimeOffset(local, calendar.TimeZone.GetUtcOffset(local));
    }

    internal static string NewSubmissionKey() => Guid.NewGuid().ToString("N");

    [GeneratedRegex("^[0-9a-f]{32}$")]
    internal static partial Regex SubmissionKeyPattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A web form report could not be stored ({Error}); the person was asked to try again.")]
    private static partial void LogNotStored(ILogger logger, string error);
}

// What the form asks, in the order it asks it. Answers are kept as text so that whatever was
// typed comes back as typed when something needs putting right.
public class ReportForm
{
    // One per form shown: a double click, or sending again after a slow answer, opens one case.
    public string? SubmissionKey { get; set; }

    [Display(Name = "What happened?", Description = "Tell us in your own words. Include what was said or done, and anything that has happened before.")]
    public string? Description { get; set; }

    [Display(Name = "When did it happen? (optional)", Description = "For example, 27 3 2026. If it has happened more than once, give the most recent date.")]
    public DateParts OccurredOn { get; set; } = new();

    [Display(Name = "Where did it happen? (optional)", Description = "For example, an address, a street, or a place like a stairwell or car park")]
    public string? Location { get; set; }

    [Display(Name = "Was anyone hurt? (optional)")]
    public string? Injuries { get; set; }

    [Display(Name = "Did anyone use violence or threaten you? (optional)")]
    public string? ViolenceOrThreats { get; set; }

    [Display(Name = "How many times has something like this happened in the last month? (optional)", Description = "Enter a number, for example 3")]
    [RegularExpression(@"^\s*\d{1,4}\s*$", ErrorMessage = "Enter the number of times as a number, like 3")]
    public string? IncidentsInLastMonth { get; set; }

    [Display(Name = "How has this made you feel? (optional)", Description = "Tell us how it has affected you and the people you live with.")]
    public string? Impact { get; set; }

    [Display(Name = "Who did it? (optional)", Description = "Their names if you know them, or describe them: what they look like, what they were wearing, or a vehicle they used.")]
    public string? PeopleInvolved { get; set; }

    [Display(Name = "Where do they live? (optional)", Description = "Their address, if you know it. This helps us see if other people have reported them.")]
    public string? AboutAddress { get; set; }

    [Display(Name = "Did anyone else see or hear it? (optional)", Description = "Their names, and how to contact them, if you know.")]
    public string? Witnesses { get; set; }

    [Display(Name = "Have you told the police? (optional)")]
    public string? PoliceInvolved { get; set; }

    [Display(Name = "Crime reference number (optional)", Description = "If the police gave you one")]
    public string? CrimeReference { get; set; }

    [Display(Name = "Do you think it happened because of hostility or prejudice? (optional)",
        Description = "For example, because of someone’s race, religion, sexual orientation or disability, or because they are transgender. You do not need proof: what you think counts.")]
    public string? HatePerceived { get; set; }

    [Display(Name = "What do you think it was about? (optional)", Description = "Select all that apply.")]
    public List<string> HateStrands { get; set; } = [];

    [Display(Name = "Did this happen to you? (optional)")]
    public string? IsVictim { get; set; }

    [Display(Name = "Do you want to stay anonymous? (optional)",
        Description = "If you stay anonymous, we cannot contact you, so we cannot tell you what we are doing about your report.")]
    public string? Anonymous { get; set; }

    [Display(Name = "Full name (optional)")]
    public string? Name { get; set; }

    [Display(Name = "Email address", Description = "We will send your reference number and your rights as a victim to this address.")]
    public string? Email { get; set; }

    [Display(Name = "Phone number", Description = "For international numbers include the country code")]
    public string? Phone { get; set; }

    [Display(Name = "Postal address")]
    public string? PostalAddress { get; set; }

    [Display(Name = "How should we contact you? (optional)")]
    public string? PreferredContact { get; set; }

    [Display(Name = "When is it safe to contact you? (optional)", Description = "For example, weekday mornings. Tell us if there are times we must not call or visit.")]
    public string? SafeTimesToContact { get; set; }

    [Display(Name = "If emails are only safe at some times of day, from what time? (optional)",
        Description = "A 24-hour time, for example 18:00. We will hold our emails to you until then.")]
    public string? SafeToEmailFrom { get; set; }

    [Display(Name = "Until what time? (optional)", Description = "A 24-hour time, for example 21:00.")]
    public string? SafeToEmailTo { get; set; }

    [Display(Name = "Which language would you like us to use? (optional)", Description = "For example, Polish or Urdu")]
    public string? Language { get; set; }

    [Display(Name = "Do you need an interpreter? (optional)")]
    public string? InterpreterNeeded { get; set; }

    [Display(Name = "Do you need information from us in another format? (optional)", Description = "Select all that apply.")]
    public List<string> AccessibilityNeeds { get; set; } = [];

    [Display(Name = "Is there anything else we can do to make things easier for you? (optional)", Description = "For example, meeting at home rather than in an office")]
    [StringLength(100, ErrorMessage = "Tell us in 100 characters or fewer")]
    public string? OtherNeeds { get; set; }

    [Display(Name = "Can we share your report with partners, such as the police or support services? (optional)",
        Description = "We only share what is needed to keep you and others safe. If you say no, we will still deal with your report.")]
    public string? ConsentToShare { get; set; }

    public static readonly IReadOnlyList<Choice> YesNo = [new("yes", "Yes"), new("no", "No")];

    public static readonly IReadOnlyList<Choice> YesNoNotSure = [new("yes", "Yes"), new("no", "No"), new("not-sure", "I’m not sure")];

    public static readonly IReadOnlyList<Choice> VictimChoices =
        [new("yes", "Yes, it happened to me"), new("no", "No, I’m reporting it for someone else, or I saw it happen")];

    public static readonly IReadOnlyList<Choice> ContactMethods =
    [
        new(nameof(ContactMethod.Phone), "Phone call"),
        new(nameof(ContactMethod.Text), "Text message"),
        new(nameof(ContactMethod.Email), "Email"),
        new(nameof(ContactMethod.Letter), "Letter"),
        new(nameof(ContactMethod.Visit), "A visit in person"),
    ];

    public static readonly IReadOnlyList<Choice> Formats =
    [
        new("large-print", "Large print"),
        new("braille", "Braille"),
        new("easy-read", "Easy read"),
        new("audio", "Audio"),
    ];

    // The page's answers as the intake's request: the very fields the API takes.
    public ReportRequest ToRequest(DateTimeOffset? occurredAt, int? incidentsInLastMonth)
    {
        var hate = Answer(HatePerceived);
        return new ReportRequest
        {
            Anonymous = Answer(Anonymous),
            IsVictim = Answer(IsVictim),
            Name = Name,
            Email = Email,
            Phone = Phone,
            PostalAddress = PostalAddress,
            PreferredContact = PreferredContact,
            SafeTimesToContact = SafeTimesToContact,
            SafeToEmailFrom = SafeToEmailFrom,
            SafeToEmailTo = SafeToEmailTo,
            Language = Language,
            InterpreterNeeded = Answer(InterpreterNeeded),
            AccessibilityNeeds = Needs(),
            ConsentToShare = Answer(ConsentToShare),
            OccurredAt = occurredAt,
            Location = Location,
            Description = Description,
            PeopleInvolved = PeopleInvolved,
            AboutAddress = AboutAddress,
            Witnesses = Witnesses,
            Impact = Impact,
            Injuries = Answer(Injuries),
            PoliceInvolved = Answer(PoliceInvolved),
            CrimeReference = CrimeReference,
            // Naming what it was about is itself saying it was hate (LIVV 2.3: perception decides).
            HatePerceived = hate ?? (HateStrands.Count > 0 ? true : null),
            HateStrands = HateStrands,
            ViolenceOrThreats = Answer(ViolenceOrThreats),
            IncidentsInLastMonth = incidentsInLastMonth,
        };
    }

    // The formats ticked, in words, and anything else the person asked for.
    private List<string> Needs()
    {
        var needs = Formats.Where(f => AccessibilityNeeds.Contains(f.Value)).Select(f => f.Text).ToList();
        if (!string.IsNullOrWhiteSpace(OtherNeeds))
        {
            needs.Add(OtherNeeds);
        }
        return needs;
    }

    private static bool? Answer(string? value) => value switch
    {
        "yes" => true,
        "no" => false,
        _ => null,
    };

    // The intake names fields as the API does; this is where each one is asked on the page.
    // Messages written for the API's words are put in the page's words.
    public static (string Key, string Message) PageField(string intakeField, string message)
    {
        var property = intakeField switch
        {
            "description" => nameof(Description),
            "occurredAt" => nameof(OccurredOn),
            "location" => nameof(Location),
            "incidentsInLastMonth" => nameof(IncidentsInLastMonth),
            "impact" => nameof(Impact),
            "peopleInvolved" => nameof(PeopleInvolved),
            "aboutAddress" => nameof(AboutAddress),
            "witnesses" => nameof(Witnesses),
            "crimeReference" => nameof(CrimeReference),
            "hateStrands" => nameof(HateStrands),
            "anonymous" => nameof(Anonymous),
            "name" => nameof(Name),
            "email" => nameof(Email),
            "phone" => nameof(Phone),
            "postalAddress" => nameof(PostalAddress),
            "preferredContact" => nameof(PreferredContact),
            "safeTimesToContact" => nameof(SafeTimesToContact),
            "safeToEmailFrom" => nameof(SafeToEmailFrom),
            "safeToEmailTo" => nameof(SafeToEmailTo),
            "language" => nameof(Language),
            "accessibilityNeeds" => nameof(OtherNeeds),
            _ => null,
        };
        var text = intakeField switch
        {
            "anonymous" => "You chose to stay anonymous, so remove your name and contact details, or choose ‘No’",
            "hateStrands" when message.StartsWith("Hate strands go with", StringComparison.Ordinal) =>
                "You said it was not because of hostility or prejudice: change that answer, or untick what you think it was about",
            "preferredContact" => "Select how we should contact you",
            _ => message,
        };
        return (property is null ? "" : $"Form.{property}", text);
    }
}

// What the confirmation page may show, carried across the redirect in a cookie encrypted with the
// shared key ring and read once. Never the report itself.
public sealed record ReportSent(string? Reference, DateTimeOffset? ContactBy, bool Urgent, bool IsHate, bool Emailed, bool Anonymous)
{
    private const string CookieName = "hatecase-report-sent";
    private const string Purpose = "HateCase.App.Pages.ReportSent";

    // Long enough to follow the redirect on a slow connection; the page is shown once anyway.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public void SaveTo(HttpContext http)
    {
        var protector = Protector(http);
        http.Response.Cookies.Append(CookieName, protector.Protect(JsonSerializer.Serialize(this), Lifetime), Options(http));
    }

    // What the cookie holds, once: it is removed as it is read. Missing, altered or expired, nothing.
    public static ReportSent? ReadOnce(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        http.Response.Cookies.Delete(CookieName, Options(http));
        try
        {
            return JsonSerializer.Deserialize<ReportSent>(Protector(http).Unprotect(value));
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
    }

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();

    private static CookieOptions Options(HttpContext http) => new()
    {
        Path = "/",
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        IsEssential = true,
    };
}
