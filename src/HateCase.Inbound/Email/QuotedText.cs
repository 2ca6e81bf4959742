using System.Text.RegularExpressions;

namespace HateCase.Inbound.Email;

// Separates what the sender wrote now from the earlier messages their mail program quoted under
// it: Outlook's "From: … Sent: …" block, "-----Original Message-----", "On … wrote:" and lines
// starting with ">". Nothing is dropped: whatever is not new text is quoted history.
public static partial class QuotedText
{
    public sealed record Parts(string NewText, string QuotedHistory, bool Forwarded);

    private const int HeaderBlockLines = 8;

    public static Parts Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var (cut, forwarded) = FindQuoteStart(lines);

        // Separator lines and blank lines just above the quote belong to it.
        while (cut > 0 && (lines[cut - 1].Trim().Length == 0 || SeparatorLine().IsMatch(lines[cut - 1].Trim())))
        {
            cut--;
        }

        var fresh = new List<string>();
        var quoted = new List<string>();
        for (var i = 0; i < cut; i++)
        {
            (lines[i].TrimStart().StartsWith('>') ? quoted : fresh).Add(lines[i]);
        }

        quoted.AddRange(lines.Skip(cut));
        return new Parts(Tidy(fresh), Tidy(quoted), forwarded);
    }

    private static (int Cut, bool Forwarded) FindQuoteStart(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (ForwardMarker().IsMatch(line))
            {
                return (i, true);
            }

            if (OriginalMessageMarker().IsMatch(line) || IsHeaderBlock(lines, i) || IsWroteLine(lines, i))
            {
                return (i, false);
            }
        }

        // Only a trailing run of ">" lines (and blanks) counts as history without a header above it.
        var start = lines.Length;
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var line = lines[i].TrimStart();
            if (line.StartsWith('>'))
            {
                start = i;
            }
            else if (line.Length > 0)
            {
                break;
            }
        }

        return (start, false);
    }

    // "From: Name <address>" followed within a few lines by "Sent:"/"Date:" and "To:"/"Subject:".
    private static bool IsHeaderBlock(string[] lines, int index)
    {
        if (!FromLine().IsMatch(lines[index].Trim()))
        {
            return false;
        }

        var sent = false;
        var addressed = false;
        for (var i = index + 1; i < Math.Min(lines.Length, index + 1 + HeaderBlockLines); i++)
        {
            var line = lines[i].Trim();
            sent |= SentLine().IsMatch(line);
            addressed |= ToOrSubjectLine().IsMatch(line);
        }

        return sent && addressed;
    }

    // "On Mon, 5 Jan 2026 at 09:00, A Person <a@example.org> wrote:" (mail programs wrap it over two lines).
    private static bool IsWroteLine(string[] lines, int index)
    {
        var line = lines[index].Trim();
        if (WroteLine().IsMatch(line))
        {
            return true;
        }

        return index + 1 < lines.Length && WroteStart().IsMatch(line) && line.Length < 300 &&
               WroteLine().IsMatch(line + " " + lines[index + 1].Trim());
    }

    private static string Tidy(List<string> lines)
    {
        var end = lines.Count;
        while (end > 0 && (lines[end - 1].Trim().Length == 0 || SeparatorLine().IsMatch(lines[end - 1].Trim())))
        {
            end--;
        }

        var start = 0;
        while (start < end && lines[start].Trim().Length == 0)
        {
            start++;
        }

        return string.Join('\n', lines.Skip(start).Take(end - start).Select(l => l.TrimEnd()));
    }

    [GeneratedRegex(@"^[_\-=*]{5,}$")]
    private static partial Regex SeparatorLine();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Message d'origine|Ursprüngliche Nachricht|Oorspronkelijk bericht|Mensaje original)\s*-{2,}$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessageMarker();

    [GeneratedRegex(@"^(-{2,}\s*Forwarded (message|Message)\s*-{2,}|Begin forwarded message:?)$", RegexOptions.IgnoreCase)]
    private static partial Regex ForwardMarker();

    [GeneratedRegex(@"^\**(From|Van|De|Von|Da)\**\s*:\**\s*\S", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^\**(Sent|Date|Verzonden|Envoyé|Gesendet|Enviado|Inviato|Datum)\**\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex SentLine();

    [GeneratedRegex(@"^\**(To|Subject|Aan|Onderwerp|À|Objet|An|Betreff|Para|Asunto|A|Oggetto)\**\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ToOrSubjectLine();

    [GeneratedRegex(@"^(On|Le|Am|El|Op|Il)\s", RegexOptions.IgnoreCase)]
    private static partial Regex WroteStart();

    [GeneratedRegex(@"^(On\s.{4,400}\swrote|Le\s.{4,400}\sa écrit|Am\s.{4,400}\sschrieb.{0,80}|El\s.{4,400}\sescribió|Op\s.{4,400}\sschreef.{0,80}|Il\s.{4,400}\sha scritto)\s*:$", RegexOptions.IgnoreCase)]
    private static partial Regex WroteLine();
}
