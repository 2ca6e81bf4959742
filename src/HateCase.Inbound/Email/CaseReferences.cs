using System.Text.RegularExpressions;

namespace HateCase.Inbound.Email;

// How an email names a case: the reference people see (HC-2026-000123, in every subject we send)
// or the Message-ID of our own mail (<{caseId}.{sequence}.{index}@{domain}>, the outbox key),
// which a reply carries in In-Reply-To and References.
public static partial class CaseReferences
{
    public sealed record OurMessage(string CaseId, string OutboxKey);

    public static string? ReferenceIn(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var match = Reference().Match(text);
        return match.Success ? $"HC-{match.Groups["year"].Value}-{match.Groups["number"].Value}" : null;
    }

    // The most recent of our messages an email answers: In-Reply-To first, then References from
    // the newest (last) backwards.
    public static OurMessage? AnsweredMessage(InboundEmail email, TriagePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(email);
        var candidates = MessageIds(email.Header("In-Reply-To")).Concat(MessageIds(email.Header("References")).Reverse());
        foreach (var id in candidates)
        {
            if (Ours(id, policy) is { } ours)
            {
                return ours;
            }
        }

        return null;
    }

    // Any of our Message-IDs anywhere in a text (a bounce quotes the message it could not deliver).
    public static OurMessage? FirstOurMessageIn(string? text, TriagePolicy policy) =>
        MessageIds(text).Select(id => Ours(id, policy)).FirstOrDefault(m => m is not null);

    public static IEnumerable<string> MessageIds(string? headerValue)
    {
        if (string.IsNullOrEmpty(headerValue))
        {
            yield break;
        }

        foreach (Match match in AngleBracketed().Matches(headerValue))
        {
            yield return match.Groups["id"].Value.Trim();
        }
    }

    public static OurMessage? Ours(string messageId, TriagePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var at = messageId.LastIndexOf('@');
        if (at <= 0)
        {
            return null;
        }

        var domain = messageId[(at + 1)..];
        if (policy.OwnMessageIdDomains.Count > 0 &&
            !policy.OwnMessageIdDomains.Contains(domain, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = messageId[..at];
        var match = OutboxKey().Match(key);
        if (!match.Success)
        {
            return null;
        }

        var caseId = match.Groups["case"].Value;
        return caseId.StartsWith(policy.CaseIdPrefix, StringComparison.Ordinal) ? new OurMessage(caseId, key) : null;
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])HC-(?<year>\d{4})-(?<number>\d{6})(?![0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    [GeneratedRegex(@"<(?<id>[^<>\s]{3,998})>")]
    private static partial Regex AngleBracketed();

    [GeneratedRegex(@"^(?<case>[A-Za-z0-9_\-.+]{1,200})\.(?<sequence>\d{1,12})\.(?<index>\d{1,6})$")]
    private static partial Regex OutboxKey();
}
