using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HateCase.Domain.Cases;

namespace HateCase.Domain.Privacy;

// How a person is found in what we hold for a subject access request (UK GDPR Art. 15): by email
// address, phone number, or name and address. Each is kept in one normal form, so the same person
// written differently (capitals, spaces, +44 or 0, a postcode with or without its space) is the
// same identifier.
public enum IdentifierKind
{
    Email,
    Phone,
    NameAndAddress,
}

public sealed record PersonIdentifier(IdentifierKind Kind, string Value)
{
    // What the index hashes: the kind keeps an email and a name that happen to match apart.
    public string Key => $"{Kind switch { IdentifierKind.Email => "email", IdentifierKind.Phone => "phone", _ => "name-address" }}:{Value}";
}

public static partial class PersonIdentifiers
{
    public const int MaxInputLength = 320;

    // Lower case, trimmed; one @ with something either side and no spaces.
    public static PersonIdentifier? Email(string? text)
    {
        var email = text?.Trim().ToLowerInvariant();
        if (email is not { Length: > 2 and <= MaxInputLength } || email.Any(char.IsWhiteSpace))
        {
            return null;
        }
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == email.LastIndexOf('@') && at < email.Length - 1 ? new PersonIdentifier(IdentifierKind.Email, email) : null;
    }

    // A UK number in its national form (07700 900482, +44 7700 900482, +44 (0)7700 900482 and
    // 0044 7700 900482 are one number); a number from abroad keeps its + and country code.
    public static PersonIdentifier? Phone(string? text)
    {
        if (text is not { Length: > 0 and <= MaxInputLength })
        {
            return null;
        }
        var compact = text.Replace("(0)", "", StringComparison.Ordinal);
        var plus = compact.TrimStart().StartsWith('+');
        var digits = new string(compact.Where(char.IsAsciiDigit).ToArray());
        if (compact.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-' or '.' or '(' or ')' or '+')))
        {
            return null;
        }
        string national;
        if ((plus && digits.StartsWith("44", StringComparison.Ordinal)) || (!plus && digits.StartsWith("0044", StringComparison.Ordinal)))
        {
            national = "0" + digits[(digits.IndexOf("44", StringComparison.Ordinal) + 2)..];
        }
        else if (plus)
        {
            national = "+" + digits;
        }
        else
        {
            national = digits;
        }
        var length = national.TrimStart('+').Length;
        return length is >= 7 and <= 15 ? new PersonIdentifier(IdentifierKind.Phone, national) : null;
    }

    // A name with an address: the name in lower case without accents or punctuation, and the
    // address's postcode (capitals, no space) when it has one, otherwise the whole address in the
    // name's form. Both are needed: a name alone, or an address alone, is many people.
    public static PersonIdentifier? NameAndAddress(string? name, string? address)
    {
        if (name is not { Length: <= MaxInputLength } || address is not { Length: <= 2 * MaxInputLength })
        {
            return null;
        }
        var normalName = Words(name);
        var normalAddress = Postcode(address) ?? Words(address);
        return normalName.Length > 0 && normalAddress.Length > 0
            ? new PersonIdentifier(IdentifierKind.NameAndAddress, $"{normalName}|{normalAddress}")
            : null;
    }

    public static string? Postcode(string text)
    {
        var match = PostcodePattern().Match(text);
        return match.Success ? (match.Groups["outward"].Value + match.Groups["inward"].Value).ToUpperInvariant() : null;
    }

    // Everything a complainant gave that finds them.
    public static IReadOnlyList<PersonIdentifier> Of(Complainant complainant)
    {
        ArgumentNullException.ThrowIfNull(complainant);
        return new[] { Email(complainant.Email), Phone(complainant.Phone), NameAndAddress(complainant.Name, complainant.PostalAddress) }
            .OfType<PersonIdentifier>()
            .Distinct()
            .ToList();
    }

    // Email addresses and phone numbers written in free text (the witnesses, the people involved,
    // an account): a witness given with their number is found by it. Names in free text are not
    // found: without an address they name many people.
    public static IReadOnlyList<PersonIdentifier> FoundIn(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var emails = EmailPattern().Matches(text).Select(m => Email(m.Value));
        var phones = PhonePattern().Matches(text).Select(m => Phone(m.Value)).Where(p => p is { Value: ['0', _, ..] or ['+', ..] });
        return emails.Concat(phones).OfType<PersonIdentifier>().Distinct().ToList();
    }

    // What a recorded event holds that finds a person: a reporter's own details, and the emails
    // and numbers written in the texts (witnesses, people involved, notes).
    public static IReadOnlyList<PersonIdentifier> In(CaseEvent recorded) => recorded switch
    {
        CaseEvent.ReportReceived report => [.. Of(report.Complainant), .. InReport(report.Report)],
        CaseEvent.RelatedReportReceived related => [.. Of(related.Complainant), .. InReport(related.Report)],
        CaseEvent.IncidentLogged logged => FoundIn(logged.Description),
        CaseEvent.ContactMade contact => FoundIn(contact.UpdateText),
        CaseEvent.CorrespondenceReceived correspondence => FoundIn(correspondence.Summary),
        CaseEvent.ActionPlanAgreed plan => FoundIn(plan.Summary),
        _ => [],
    };

    private static IEnumerable<PersonIdentifier> InReport(IncidentReport report) =>
        new[] { report.Description, report.PeopleInvolved, report.Witnesses, report.ImpactOnYou }.SelectMany(FoundIn);

    private static string Words(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }
        return builder.ToString().Trim();
    }

    [GeneratedRegex(@"\b(?<outward>[A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*(?<inward>[0-9][A-Za-z]{2})\b")]
    private static partial Regex PostcodePattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?:\+|\b00)?\d[\d\s().-]{7,18}\d\b")]
    private static partial Regex PhonePattern();
}
