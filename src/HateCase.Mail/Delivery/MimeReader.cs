using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HateCase.Mail.Delivery;

public sealed record MailboxMessage(
    string Id,
    string From,
    IReadOnlyList<string> To,
    string Subject,
    DateTimeOffset Date,
    IReadOnlyDictionary<string, string> Headers,
    string Text,
    string Html);

// Reads back the MIME the development mailbox writes: folded headers with RFC 2047 encoded
// words, multipart/alternative (nested or not), and quoted-printable, base64, 7bit or 8bit bodies.
// It is not a general MIME parser: it reads what System.Net.Mail produces.
internal static partial class MimeReader
{
    private sealed record Entity(Dictionary<string, string> Headers, string Body);

    public static MailboxMessage Read(string id, string raw)
    {
        var top = Split(raw);
        string? text = null;
        string? html = null;
        Collect(top, ref text, ref html, depth: 0);
        return new MailboxMessage(
            id,
            Header(top, "From"),
            ReadAddresses(Header(top, "To")),
            Header(top, "Subject"),
            ReadDate(Header(top, "Date")),
            top.Headers,
            text ?? "",
            html ?? "");
    }

    private static string Header(Entity entity, string name) => entity.Headers.TryGetValue(name, out var value) ? value : "";

    private static void Collect(Entity entity, ref string? text, ref string? html, int depth)
    {
        var (mediaType, parameters) = ContentType(Header(entity, "Content-Type"));
        if (mediaType.StartsWith("multipart/", StringComparison.Ordinal) && depth < 8 && parameters.TryGetValue("boundary", out var boundary))
        {
            foreach (var part in Parts(entity.Body, boundary))
            {
                Collect(Split(part), ref text, ref html, depth + 1);
            }
            return;
        }
        var charset = parameters.TryGetValue("charset", out var name) ? name : "us-ascii";
        var body = Decode(entity.Body, Header(entity, "Content-Transfer-Encoding"), charset);
        if (mediaType is "text/plain" or "")
        {
            text ??= body;
        }
        else if (mediaType == "text/html")
        {
            html ??= body;
        }
    }

    private static Entity Split(string raw)
    {
        var normalized = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = normalized.IndexOf("\n\n", StringComparison.Ordinal);
        var headerBlock = end < 0 ? normalized : normalized[..end];
        var body = end < 0 ? "" : normalized[(end + 2)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        var value = new StringBuilder();
        foreach (var line in headerBlock.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && name is not null)
            {
                value.Append(line); // unfolding: the line break goes, the white space stays
                continue;
            }
            Add();
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                name = null;
                continue;
            }
            name = line[..colon].Trim();
            value.Clear().Append(line[(colon + 1)..]);
        }
        Add();
        return new Entity(headers, body);

        void Add()
        {
            if (name is null)
            {
                return;
            }
            var decoded = DecodeWords(value.ToString().Trim());
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {decoded}" : decoded;
            name = null;
        }
    }

    private static IEnumerable<string> Parts(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var parts = new List<string>();
        StringBuilder? current = null;
        foreach (var line in body.Split('\n'))
        {
            var trimmed = line.TrimEnd();
            if (trimmed == delimiter + "--")
            {
                break;
            }
            if (trimmed == delimiter)
            {
                if (current is not null)
                {
                    parts.Add(current.ToString());
                }
                current = new StringBuilder();
                continue;
            }
            current?.Append(line).Append('\n');
        }
        if (current is not null)
        {
            parts.Add(current.ToString());
        }
        // The line break before a delimiter belongs to the delimiter (RFC 2046 section 5.1.1).
        return parts.Select(p => p.EndsWith('\n') ? p[..^1] : p);
    }

    private static (string MediaType, Dictionary<string, string> Parameters) ContentType(string value)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pieces = SplitParameters(value);
        var mediaType = pieces.Count > 0 ? pieces[0].Trim().ToLowerInvariant() : "";
        foreach (var piece in pieces.Skip(1))
        {
            var equals = piece.IndexOf('=');
            if (equals > 0)
            {
                parameters[piece[..equals].Trim()] = piece[(equals + 1)..].Trim().Trim('"');
            }
        }
        return (mediaType, parameters);
    }

    private static List<string> SplitParameters(string value)
    {
        var pieces = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in value)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            if (c == ';' && !quoted)
            {
                pieces.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        pieces.Add(current.ToString());
        return pieces;
    }

    private static string Decode(string body, string transferEncoding, string charset)
    {
        var bytes = transferEncoding.Trim().ToLowerInvariant() switch
        {
            "base64" => Convert.FromBase64String(new string(body.Where(c => !char.IsWhiteSpace(c)).ToArray())),
            "quoted-printable" => QuotedPrintable(body),
            _ => Encoding.Latin1.GetBytes(body),
        };
        return CharsetEncoding(charset).GetString(bytes).ReplaceLineEndings("\n");
    }

    private static byte[] QuotedPrintable(string body)
    {
        var bytes = new List<byte>(body.Length);
        var lines = body.Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            var line = lines[l].TrimEnd(' ', '\t', '\r');
            var soft = line.EndsWith('=');
            if (soft)
            {
                line = line[..^1];
            }
            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] == '=' && i + 2 < line.Length && IsHex(line[i + 1]) && IsHex(line[i + 2]))
                {
                    bytes.Add(byte.Parse(line.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                }
                else
                {
                    bytes.Add((byte)line[i]);
                }
            }
            if (!soft && l < lines.Length - 1)
            {
                bytes.Add((byte)'\r');
                bytes.Add((byte)'\n');
            }
        }
        return bytes.ToArray();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    // RFC 2047: "=?charset?B|Q?text?=". Adjacent encoded words are joined (white space between
    // them is not part of the text), and their bytes decoded together, because an encoder may
    // split one character's bytes across two words.
    private static string DecodeWords(string value)
    {
        var matches = EncodedWord().Matches(value);
        if (matches.Count == 0)
        {
            return value;
        }
        var result = new StringBuilder();
        var pending = new List<byte>();
        string? pendingCharset = null;
        var position = 0;
        foreach (Match match in matches)
        {
            var between = value[position..match.Index];
            if (between.Length > 0 && !(pendingCharset is not null && string.IsNullOrWhiteSpace(between)))
            {
                Flush();
                result.Append(between);
            }
            var charset = match.Groups["charset"].Value;
            if (pendingCharset is not null && !string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase))
            {
                Flush();
            }
            pendingCharset = charset;
            var text = match.Groups["text"].Value;
            pending.AddRange(match.Groups["encoding"].Value is "B" or "b"
                ? Convert.FromBase64String(text)
                : QEncoded(text));
            position = match.Index + match.Length;
        }
        Flush();
        result.Append(value[position..]);
        return result.ToString();

        void Flush()
        {
            if (pendingCharset is not null)
            {
                result.Append(CharsetEncoding(pendingCharset).GetString(pending.ToArray()));
            }
            pending.Clear();
            pendingCharset = null;
        }
    }

    private static byte[] QEncoded(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (text[i] == '=' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }
        return bytes.ToArray();
    }

    private static Encoding CharsetEncoding(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim().Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    private static IReadOnlyList<string> ReadAddresses(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }
        var addresses = new System.Net.Mail.MailAddressCollection();
        try
        {
            addresses.Add(value);
        }
        catch (FormatException)
        {
            return [value];
        }
        return addresses.Select(a => a.Address).ToList();
    }

    // RFC 5322 dates, with or without the day name: "Mon, 23 Nov 2026 15:00:00 +0000".
    private static DateTimeOffset ReadDate(string value)
    {
        var withColon = NumericZone().Replace(value.Trim(), "$1$2:$3");
        string[] formats = ["ddd, d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss zzz"];
        return DateTimeOffset.TryParseExact(withColon, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var at)
            ? at
            : DateTimeOffset.MinValue;
    }

    [GeneratedRegex(@"=\?(?<charset>[^?*]+)(\*[^?]*)?\?(?<encoding>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"([+-])(\d{2})(\d{2})$")]
    private static partial Regex NumericZone();
}
