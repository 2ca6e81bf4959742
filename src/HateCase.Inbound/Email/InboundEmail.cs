using System.Text;

namespace HateCase.Inbound.Email;

// A mailbox as it appeared on the message; the address is kept as written, even when malformed,
// so triage can decide what to do with it.
public sealed record MailboxAddress(string? Name, string Address);

// Content is null when it was not fetched (over the size limit) or is not a file (a linked file,
// an attached message): triage then decides from the declared size and type alone.
public sealed record InboundAttachment(string Name, string ContentType, long Size, ReadOnlyMemory<byte>? Content);

// One email as it arrived in the ASB@ mailbox, independent of how it was fetched.
// InternetMessageId is the RFC 5322 Message-ID (stable across folders and fetches);
// GraphMessageId is the mailbox's own id for it; fetched from Graph it is the immutable id, which
// stays the same when the message is moved to another folder, so it can be deleted years later.
public sealed record InboundEmail(
    string InternetMessageId,
    string? GraphMessageId,
    MailboxAddress From,
    IReadOnlyList<MailboxAddress> To,
    string Subject,
    IReadOnlyDictionary<string, string> Headers,
    string? TextBody,
    string? HtmlBody,
    IReadOnlyList<InboundAttachment> Attachments,
    DateTimeOffset ReceivedAt)
{
    // What the message weighs: bodies as UTF-8 plus the attachments' declared sizes.
    public long EstimatedSize =>
        (TextBody is null ? 0 : Encoding.UTF8.GetByteCount(TextBody)) +
        (HtmlBody is null ? 0 : Encoding.UTF8.GetByteCount(HtmlBody)) +
        Attachments.Sum(a => Math.Max(0, a.Size));

    // Header names are case-insensitive (RFC 5322); this holds even if the dictionary was built
    // with another comparer.
    public string? Header(string name)
    {
        if (Headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var (key, found) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return found;
            }
        }

        return null;
    }
}

public static class InboundHeaders
{
    public static IReadOnlyDictionary<string, string> Empty { get; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    // Repeated headers (Received, say) are kept, one value a line.
    public static IReadOnlyDictionary<string, string> From(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            var key = name.Trim();
            result[key] = result.TryGetValue(key, out var existing) ? existing + "\n" + value : value;
        }

        return result;
    }

    public static IReadOnlyDictionary<string, string> From(params (string Name, string Value)[] headers) =>
        From(headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));
}
