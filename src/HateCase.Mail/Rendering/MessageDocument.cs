using System.Net;
using System.Text;

namespace HateCase.Mail.Rendering;

// Writes the plain-text and HTML parts side by side, so they always say the same thing. Every
// value goes through HtmlEncode on its way into the HTML; nothing is interpolated raw.
internal sealed class MessageDocument
{
    private const string BodyStyle = "margin:0;padding:16px;background:#ffffff;color:#0b0c0c;font-family:Arial,Helvetica,sans-serif;font-size:19px;line-height:1.5;";
    private const string QuoteStyle = "margin:16px 0;padding:8px 16px;border-left:6px solid #b1b4b6;";
    private const string PanelStyle = "margin:16px 0;padding:12px 16px;border:3px solid #1d70b8;";
    private const string LetterStyle = "margin:24px 0;padding:24px;border:1px solid #b1b4b6;";

    private readonly StringBuilder text = new();
    private readonly StringBuilder html = new();

    public MessageDocument Heading(string value)
    {
        Text(value).Text(new string('=', value.Length)).Text("");
        return Html($"<h1 style=\"font-size:28px;line-height:1.2;margin:0 0 20px;\">{Encode(value)}</h1>");
    }

    public MessageDocument Subheading(string value)
    {
        Text(value).Text(new string('-', value.Length)).Text("");
        return Html($"<h2 style=\"font-size:22px;line-height:1.3;margin:28px 0 12px;\">{Encode(value)}</h2>");
    }

    public MessageDocument Paragraph(string value)
    {
        Text(value).Text("");
        return Html($"<p style=\"margin:0 0 16px;\">{Encode(value)}</p>");
    }

    // A sentence with one part that matters most, such as the case reference.
    public MessageDocument Paragraph(string before, string strong, string after = "")
    {
        Text(before + strong + after).Text("");
        return Html($"<p style=\"margin:0 0 16px;\">{Encode(before)}<strong>{Encode(strong)}</strong>{Encode(after)}</p>");
    }

    // Someone else's words, kept line by line.
    public MessageDocument Quote(string value)
    {
        var lines = SplitLines(value);
        foreach (var line in lines)
        {
            Text("    " + line);
        }
        Text("");
        return Html($"<blockquote style=\"{QuoteStyle}\">{string.Join("<br>", lines.Select(Encode))}</blockquote>");
    }

    public MessageDocument Numbered(IEnumerable<string> items) => List(items, numbered: true);

    public MessageDocument Bullets(IEnumerable<string> items) => List(items, numbered: false);

    public MessageDocument Link(string label, Uri url)
    {
        RequireWebAddress(url);
        Text($"{label}:").Text(url.AbsoluteUri).Text("");
        return Html($"<p style=\"margin:0 0 16px;\">{Anchor(label, url)}</p>");
    }

    // Items such as cases, one under another: each title links to the item, with label and value
    // pairs under it. The text part gives the address under the pairs.
    public MessageDocument LinkedItems(IEnumerable<(string Title, Uri Url, IReadOnlyList<(string Label, string Value)> Details)> items)
    {
        var list = items.ToList();
        foreach (var (title, url, details) in list)
        {
            RequireWebAddress(url);
            Text($"- {title}");
            foreach (var (label, value) in details)
            {
                Text($"  {label}: {value}");
            }
            Text($"  {url.AbsoluteUri}").Text("");
        }
        Html("<ul style=\"margin:0 0 16px;padding-left:24px;\">");
        foreach (var (title, url, details) in list)
        {
            var lines = details.Select(d => $"<br>{Encode(d.Label)}: <strong>{Encode(d.Value)}</strong>");
            Html($"<li style=\"margin-bottom:16px;\">{Anchor(title, url)}{string.Concat(lines)}</li>");
        }
        return Html("</ul>");
    }

    // Phone numbers people may need in a hurry: a tap calls them on a phone.
    public MessageDocument Phones(IEnumerable<(string Who, string Number, string Note)> phones)
    {
        var items = phones.ToList();
        foreach (var (who, number, note) in items)
        {
            Text($"- {who}: {number}{(note.Length == 0 ? "" : $" ({note})")}");
        }
        Text("");
        Html("<ul style=\"margin:0 0 16px;padding-left:24px;\">");
        foreach (var (who, number, note) in items)
        {
            var dial = new string(number.Where(c => char.IsDigit(c) || c == '+').ToArray());
            Html($"<li style=\"margin-bottom:6px;\">{Encode(who)}: <a href=\"tel:{Encode(dial)}\" style=\"color:#1d70b8;\">{Encode(number)}</a>{(note.Length == 0 ? "" : " (" + Encode(note) + ")")}</li>");
        }
        return Html("</ul>");
    }

    // Label and value pairs, one a line.
    public MessageDocument Details(IEnumerable<(string Label, string Value)> details)
    {
        var items = details.ToList();
        foreach (var (label, value) in items)
        {
            Text($"{label}: {value}");
        }
        Text("");
        return Html($"<p style=\"margin:0 0 16px;\">{string.Join("<br>", items.Select(d => $"{Encode(d.Label)}: <strong>{Encode(d.Value)}</strong>"))}</p>");
    }

    // An address or other lines kept as they are.
    public MessageDocument Lines(string value)
    {
        var lines = SplitLines(value);
        foreach (var line in lines)
        {
            Text(line);
        }
        Text("");
        return Html($"<p style=\"margin:0 0 16px;\">{string.Join("<br>", lines.Select(Encode))}</p>");
    }

    public MessageDocument Append(MessageDocument other)
    {
        text.Append(other.text);
        html.Append(other.html);
        return this;
    }

    public MessageDocument Rule()
    {
        Text(new string('-', 40)).Text("");
        return Html("<hr style=\"border:0;border-top:1px solid #b1b4b6;margin:28px 0;\">");
    }

    public MessageDocument StartPanel() => Html($"<div style=\"{PanelStyle}\">");

    public MessageDocument EndPanel() => Html("</div>");

    // A letter for the post room: set apart in the text part, framed in the HTML.
    public MessageDocument Letter(MessageDocument letter)
    {
        Text("========== LETTER STARTS ==========").Text("");
        text.Append(letter.text);
        Text("========== LETTER ENDS ==========");
        Html($"<div style=\"{LetterStyle}\">");
        html.Append(letter.html);
        return Html("</div>");
    }

    public (string Text, string Html) Finish(string title)
    {
        var body = new StringBuilder()
            .Append("<!DOCTYPE html>\n")
            .Append("<html lang=\"en-GB\">\n")
            .Append("<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{Encode(title)}</title>\n</head>\n")
            .Append($"<body style=\"{BodyStyle}\">\n<div style=\"max-width:640px;margin:0 auto;\">\n")
            .Append(html)
            .Append("</div>\n</body>\n</html>\n");
        return (text.ToString().TrimEnd('\n') + "\n", body.ToString());
    }

    private MessageDocument List(IEnumerable<string> items, bool numbered)
    {
        var list = items.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            Text(numbered ? $"{i + 1}. {list[i]}" : $"- {list[i]}");
        }
        Text("");
        var tag = numbered ? "ol" : "ul";
        Html($"<{tag} style=\"margin:0 0 16px;padding-left:24px;\">");
        foreach (var item in list)
        {
            Html($"<li style=\"margin-bottom:8px;\">{Encode(item)}</li>");
        }
        return Html($"</{tag}>");
    }

    private static void RequireWebAddress(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            throw new MessageRenderingException("A link in a message must be an http or https address.");
        }
    }

    private static string Anchor(string label, Uri url) =>
        $"<a href=\"{Encode(url.AbsoluteUri)}\" style=\"color:#1d70b8;font-weight:bold;\">{Encode(label)}</a>";

    private static string[] SplitLines(string value) =>
        value.Trim().ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).ToArray();

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private MessageDocument Text(string line)
    {
        text.Append(line).Append('\n');
        return this;
    }

    private MessageDocument Html(string markup)
    {
        html.Append(markup).Append('\n');
        return this;
    }
}
