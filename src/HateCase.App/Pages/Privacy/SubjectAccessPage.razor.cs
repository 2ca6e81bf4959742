using System.ComponentModel.DataAnnotations;
using System.Text;
using HateCase.App.Pages.GovUk;
using HateCase.App.Privacy;
using HateCase.App.Security;
using HateCase.Domain;
using HateCase.Domain.Privacy;
using HateCase.Mail.Rendering;
using HateCase.Storage;

namespace HateCase.App.Pages.Privacy;

// Subject access (UK GDPR Art. 15), for admins: find everything held about a person by email
// address, phone number, or name and address, read it on the page (which prints) and download it
// as a text file for the data-protection officer, with others' data marked for redaction.
// The search is a POST, never a GET: what was searched stays out of addresses, browser history
// and request logs. Each search and each download is kept in the access record, without the terms.
public sealed partial class SubjectAccessPage
{
    public const string Route = "/subject-access";
    public const string DownloadRoute = "/subject-access/download";

    public static IResult Show(HttpContext http) => Render(http, new SubjectAccessForm(), new FormErrors(), result: null);

    public static async Task<IResult> Search(HttpContext http, SubjectAccessSearch search, AccessAudit audit)
    {
        var (form, errors, refused, identifiers) = await Read(http);
        if (refused is not null)
        {
            return refused;
        }
        if (!errors.IsEmpty)
        {
            return Render(http, form!, errors, result: null);
        }
        var result = await search.Find(identifiers, http.RequestAborted);
        await audit.Add(http, AccessKinds.SubjectAccessSearch, refused: false, caseId: null, await Detail(search, identifiers, result));
        return Render(http, form!, errors, result);
    }

    public static async Task<IResult> Download(HttpContext http, SubjectAccessSearch search, AccessAudit audit)
    {
        var (form, errors, refused, identifiers) = await Read(http);
        if (refused is not null)
        {
            return refused;
        }
        if (!errors.IsEmpty)
        {
            return Render(http, form!, errors, result: null);
        }
        var result = await search.Find(identifiers, http.RequestAborted);
        await audit.Add(http, AccessKinds.SubjectAccessDownload, refused: false, caseId: null, await Detail(search, identifiers, result));
        var text = SubjectAccessText.Write(result, identifiers, http.User.UserId());
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(), "text/plain; charset=utf-8",
            $"subject-access-{TimeZoneInfo.ConvertTime(result.At, WorkingCalendar.EnglandAndWales.TimeZone):yyyy-MM-dd-HHmm}.txt");
    }

    private static async Task<(SubjectAccessForm? Form, FormErrors Errors, IResult? Refused, IReadOnlyList<PersonIdentifier> Identifiers)> Read(HttpContext http)
    {
        var (form, errors, refused) = await PostedForm.Read<SubjectAccessForm>(http, maxBytes: 16 * 1024);
        if (refused is not null || form is null)
        {
            return (form, errors, refused, []);
        }
        var query = new SubjectAccessQuery(form.Email, form.Phone, form.Name, form.Address);
        if (errors.IsEmpty)
        {
            if (!string.IsNullOrWhiteSpace(form.Email) && PersonIdentifiers.Email(form.Email) is null)
            {
                errors.Add(nameof(SubjectAccessForm.Email), "Enter an email address in the correct format, like name@example.com");
            }
            if (!string.IsNullOrWhiteSpace(form.Phone) && PersonIdentifiers.Phone(form.Phone) is null)
            {
                errors.Add(nameof(SubjectAccessForm.Phone), "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192");
            }
            if (string.IsNullOrWhiteSpace(form.Name) != string.IsNullOrWhiteSpace(form.Address))
            {
                errors.Add(string.IsNullOrWhiteSpace(form.Name) ? nameof(SubjectAccessForm.Name) : nameof(SubjectAccessForm.Address),
                    "Enter both the name and the address, or neither: a name or an address alone is many people");
            }
            if (errors.IsEmpty && query.Identifiers().Count == 0)
            {
                errors.Add(nameof(SubjectAccessForm.Email), "Enter an email address, a phone number, or a name and address");
            }
        }
        return (form, errors, null, errors.IsEmpty ? query.Identifiers() : []);
    }

    private static async Task<string> Detail(SubjectAccessSearch search, IReadOnlyList<PersonIdentifier> identifiers, SubjectAccessResult result) =>
        $"{await search.Fingerprint(identifiers)}; found {result.Cases.Count} cases and {result.Messages.Count} mailbox messages";

    private static IResult Render(HttpContext http, SubjectAccessForm form, FormErrors errors, SubjectAccessResult? result)
    {
        http.Response.Headers.CacheControl = "no-store";
        return ComponentPage.Render<SubjectAccessPage>(new()
        {
            [nameof(Form)] = form,
            [nameof(Errors)] = errors,
            [nameof(Result)] = result,
            [nameof(AntiforgeryToken)] = PostedForm.IssueToken(http),
        }, errors.IsEmpty ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    public static (string Text, string Tag) MarkName(DisclosureMark mark) => mark switch
    {
        DisclosureMark.Subject => ("Release", "govuk-tag--green"),
        DisclosureMark.ThirdParty => ("Redact: another person's data", "govuk-tag--red"),
        _ => ("Check: may name others", "govuk-tag--yellow"),
    };
}

public sealed class SubjectAccessForm
{
    [Display(Name = "Email address", Description = "As the person gave it, in any case")]
    [StringLength(PersonIdentifiers.MaxInputLength, ErrorMessage = "Email address must be 320 characters or fewer")]
    public string? Email { get; set; }

    [Display(Name = "Phone number", Description = "In any form: 07700 900982, +44 7700 900982 and 0044 7700 900982 find the same person")]
    [StringLength(40, ErrorMessage = "Phone number must be 40 characters or fewer")]
    public string? Phone { get; set; }

    [Display(Name = "Full name", Description = "With the address below")]
    [StringLength(200, ErrorMessage = "Full name must be 200 characters or fewer")]
    public string? Name { get; set; }

    [Display(Name = "Address or postcode", Description = "The postcode finds the address however it was written")]
    [StringLength(500, ErrorMessage = "Address must be 500 characters or fewer")]
    public string? Address { get; set; }
}

// The download: plain text, so it opens anywhere, prints as it is, and can be redacted in any
// editor before it is sent. Each piece carries its mark at the start of its line.
public static class SubjectAccessText
{
    public static string Write(SubjectAccessResult result, IReadOnlyList<PersonIdentifier> identifiers, string preparedBy)
    {
        var text = new StringBuilder();
        text.AppendLine("SUBJECT ACCESS REQUEST: EVERYTHING HELD ABOUT THE PERSON");
        text.AppendLine($"Prepared {UkTime.DateAndTime(result.At)} (UK time) by {preparedBy}.");
        text.AppendLine($"Found by: {string.Join(", ", identifiers.Select(i => KindName(i.Kind)))}" +
            (result.AlsoSearched.Count > 0 ? $"; also the {string.Join(" and ", result.AlsoSearched.Select(KindName))} the person gave on their own reports." : "."));
        text.AppendLine();
        text.AppendLine("Before release, every line is marked:");
        text.AppendLine("  [RELEASE]  about the person who asked: release.");
        text.AppendLine("  [REDACT]   another person's data (another complainant, a witness, the people involved): remove before release.");
        text.AppendLine("  [CHECK]    an officer's note, or a text naming the person, that may name others: read it and remove what is about others.");
        if (result.Truncated)
        {
            text.AppendLine();
            text.AppendLine($"NOTE: more than {PersonIndex.MaxPlaces} places hold these details; only the first are here. Search by one detail at a time.");
        }
        text.AppendLine();
        text.AppendLine($"CASES ({result.Cases.Count})");
        foreach (var found in result.Cases)
        {
            text.AppendLine(new string('=', 72));
            text.AppendLine($"Case {found.Reference}, reported {UkTime.DateAndTime(found.ReportedAt)}, {(found.PersonReported ? "reported by the person" : "names the person")}.");
            text.AppendLine(new string('=', 72));
            foreach (var item in found.Items)
            {
                text.AppendLine($"{Mark(item.Mark),-10} {UkTime.ShortDateAndTime(item.At)} | {item.Record} | {item.Field}");
                foreach (var line in item.Text.ReplaceLineEndings("\n").Split('\n'))
                {
                    text.AppendLine($"{"",-10} {line}");
                }
            }
            text.AppendLine();
        }
        text.AppendLine($"EMAILS TO THE ASB MAILBOX ({result.Messages.Count})");
        foreach (var message in result.Messages)
        {
            text.AppendLine($"[RELEASE]  Email {message.MessageKey[..12]}: {(message.ProcessedAt is { } at ? $"processed {UkTime.DateAndTime(at)}" : "processed")}, " +
                $"{OutcomeText(message.Outcome)} case {message.CaseReference ?? message.CaseId}. Its words and files are in that case's record above " +
                "(the report or correspondence from the person).");
        }
        return text.ToString();
    }

    public static string OutcomeText(string? outcome) => outcome switch
    {
        "NewReport" => "opened or added to",
        "ReplyToCase" => "recorded on",
        _ => "kept with",
    };

    public static string KindName(IdentifierKind kind) => kind switch
    {
        IdentifierKind.Email => "email address",
        IdentifierKind.Phone => "phone number",
        _ => "name and address",
    };

    private static string Mark(DisclosureMark mark) => mark switch
    {
        DisclosureMark.Subject => "[RELEASE]",
        DisclosureMark.ThirdParty => "[REDACT]",
        _ => "[CHECK]",
    };
}
