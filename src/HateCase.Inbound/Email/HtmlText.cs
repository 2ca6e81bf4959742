using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace HateCase.Inbound.Email;

// HTML mail as plain text a case officer can read safely. The parser builds a DOM without
// running scripts or fetching anything; the walk below writes only text: scripts, styles, the
// head, hidden elements, images and form controls leave nothing but an image's alt text; links
// become "text (url)" for web, mail and phone links only. The quoted history of a reply
// (Outlook's divRplyFwdMsg, Gmail's gmail_quote, any blockquote) is written apart from the new text.
public static class HtmlText
{
    public sealed record Parts(string NewText, string QuotedHistory);

    private const int MaxUrlChars = 2_000;

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title", "meta", "link", "base", "noscript", "template", "iframe", "frame", "frameset",
        "object", "embed", "applet", "svg", "math", "canvas", "audio", "video", "source", "track", "map", "area",
        "input", "select", "option", "optgroup", "button", "textarea", "datalist", "output", "dialog",
    };

    private static readonly HashSet<string> SpacedBlocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "figure", "fieldset",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "center", "dd", "details", "dir", "div", "dt", "figcaption", "footer", "form",
        "header", "hgroup", "li", "main", "menu", "nav", "section", "summary", "tbody", "thead", "tfoot", "tr", "caption",
        "legend", "body", "html",
    };

    private static readonly string[] QuoteClasses =
    [
        "gmail_quote", "gmail_quote_container", "yahoo_quoted", "moz-cite-prefix", "OutlookMessageHeader",
        "protonmail_quote", "zmail_extra", "gmail_extra",
    ];

    private static readonly string[] QuoteIds = ["divRplyFwdMsg", "appendonsend", "mail-editor-reference-message-container"];

    // All of it as one text: the new text, then the quoted history.
    public static string ToPlainText(string html)
    {
        var parts = Split(html);
        return parts.QuotedHistory.Length == 0 ? parts.NewText
            : parts.NewText.Length == 0 ? parts.QuotedHistory
            : parts.NewText + "\n\n" + parts.QuotedHistory;
    }

    public static Parts Split(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        var root = (INode?)document.Body ?? document.DocumentElement;
        var newText = new PlainTextWriter();
        var quoted = new PlainTextWriter();
        var writer = newText;

        // An explicit stack rather than recursion: a hostile message may nest elements very deeply.
        var stack = new Stack<Step>();
        PushChildren(stack, root);
        while (stack.Count > 0)
        {
            var step = stack.Pop();
            if (step.Exit is { } exit)
            {
                writer.Write(exit.Suffix);
                writer.Break(exit.BreaksAfter);
                continue;
            }

            switch (step.Node)
            {
                case IText text:
                    if (step.Preformatted)
                    {
                        writer.WriteVerbatim(text.Data);
                    }
                    else
                    {
                        writer.Write(text.Data);
                    }
                    break;
                case IElement element:
                    if (ReferenceEquals(writer, newText) && IsQuoteStart(element))
                    {
                        writer = quoted;
                    }

                    Enter(element, writer, stack, step.Preformatted);
                    break;
            }
        }

        return new Parts(newText.ToText(), WithoutLeadingRule(quoted.ToText()));
    }

    // Outlook draws a rule just above its reply header; as the history's first line it says nothing.
    private static string WithoutLeadingRule(string text) =>
        text.StartsWith("----\n", StringComparison.Ordinal) ? text["----\n".Length..].TrimStart('\n') : text;

    private static void Enter(IElement element, PlainTextWriter writer, Stack<Step> stack, bool preformatted)
    {
        var name = element.LocalName;
        if (Skipped.Contains(name) || IsHidden(element))
        {
            return;
        }

        switch (name)
        {
            case "br":
                writer.LineBreak();
                return;
            case "hr":
                writer.Break(1);
                writer.Write("----");
                writer.Break(1);
                return;
            case "img":
                if (!IsTrackingImage(element) && Clean(element.GetAttribute("alt")) is { Length: > 0 } alt)
                {
                    writer.Write($"[image: {alt}]");
                }
                return;
            case "td" or "th":
                if (element.PreviousElementSibling is not null)
                {
                    writer.Space();
                }
                break;
        }

        var breaks = SpacedBlocks.Contains(name) && !IsOutlookLine(element) ? 2 : Blocks.Contains(name) || name == "p" ? 1 : 0;
        writer.Break(breaks);
        if (name == "li")
        {
            writer.Write(ListMarker(element));
        }

        var suffix = name == "a" ? LinkSuffix(element) : "";
        stack.Push(new Step(null, preformatted, new ExitStep(suffix, breaks)));
        PushChildren(stack, element, preformatted || name is "pre" or "plaintext" or "xmp");
    }

    private static void PushChildren(Stack<Step> stack, INode? parent, bool preformatted = false)
    {
        if (parent is null)
        {
            return;
        }

        for (var child = parent.LastChild; child is not null; child = child.PreviousSibling)
        {
            if (child is IText or IElement)
            {
                stack.Push(new Step(child, preformatted, null));
            }
        }
    }

    private static bool IsQuoteStart(IElement element) =>
        element.LocalName == "blockquote" ||
        (element.Id is { } id && QuoteIds.Contains(id, StringComparer.OrdinalIgnoreCase)) ||
        QuoteClasses.Any(c => element.ClassList.Contains(c));

    // Outlook writes every line as <p class="MsoNormal"> with no margin: one line break, not a blank line.
    private static bool IsOutlookLine(IElement element) =>
        element.LocalName == "p" && element.ClassList.Contains("MsoNormal");

    private static bool IsHidden(IElement element)
    {
        if (element.HasAttribute("hidden") ||
            string.Equals(element.GetAttribute("type"), "hidden", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var style = CompactStyle(element.GetAttribute("style"));
        if (style.Length == 0)
        {
            return false;
        }

        return style.Contains("display:none", StringComparison.Ordinal) ||
               style.Contains("visibility:hidden", StringComparison.Ordinal) ||
               style.Contains("visibility:collapse", StringComparison.Ordinal) ||
               style.Contains("mso-hide:all", StringComparison.Ordinal) ||
               HasZero(style, "font-size") ||
               HasZero(style, "opacity") ||
               (HasZero(style, "max-height") && style.Contains("overflow:hidden", StringComparison.Ordinal)) ||
               (HasZero(style, "height") && HasZero(style, "width"));
    }

    private static bool IsTrackingImage(IElement image)
    {
        static bool Tiny(string? value) =>
            value is not null && int.TryParse(value.Trim().TrimEnd('x', 'p').Trim(), out var pixels) && pixels <= 2;

        var style = CompactStyle(image.GetAttribute("style"));
        return Tiny(image.GetAttribute("width")) || Tiny(image.GetAttribute("height")) ||
               style.Contains("width:1px", StringComparison.Ordinal) || style.Contains("height:1px", StringComparison.Ordinal) ||
               style.Contains("width:0", StringComparison.Ordinal) || style.Contains("height:0", StringComparison.Ordinal);
    }

    // "font-size:0", "font-size:0px", "font-size:0pt"; not "font-size:0.9em" or "font-size:10px".
    private static bool HasZero(string style, string property)
    {
        var search = 0;
        while ((search = style.IndexOf(property + ":0", search, StringComparison.Ordinal)) >= 0)
        {
            var before = search == 0 ? ';' : style[search - 1];
            var after = search + property.Length + 2;
            var next = after < style.Length ? style[after] : ';';
            if (before is ';' or '{' && next is not ('.' or ',') && !char.IsDigit(next))
            {
                return true;
            }

            search = after;
        }

        return false;
    }

    private static string CompactStyle(string? style) =>
        style is null ? "" : new string(style.Where(c => !char.IsWhiteSpace(c)).Select(char.ToLowerInvariant).ToArray())
            .Replace("!important", "", StringComparison.Ordinal);

    private static string ListMarker(IElement item)
    {
        if (item.ParentElement is { LocalName: "ol" } list)
        {
            var start = int.TryParse(list.GetAttribute("start"), out var first) ? first : 1;
            var position = 0;
            for (var sibling = item.PreviousElementSibling; sibling is not null; sibling = sibling.PreviousElementSibling)
            {
                if (sibling.LocalName == "li")
                {
                    position++;
                }
            }

            return $"{start + position}. ";
        }

        return "- ";
    }

    private static string LinkSuffix(IElement link)
    {
        var href = link.GetAttribute("href")?.Trim();
        if (string.IsNullOrEmpty(href) || href.Length > MaxUrlChars || href.Any(char.IsControl))
        {
            return "";
        }

        var shown = href;
        if (href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            shown = Uri.UnescapeDataString(href["mailto:".Length..].Split('?')[0]);
        }
        else if (href.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            shown = href["tel:".Length..];
        }
        else if (!Uri.TryCreate(href, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            // javascript:, data:, cid:, file: and relative links lead nowhere a reader should go.
            return "";
        }

        var text = Clean(LinkText(link));
        if (text.Length == 0)
        {
            return "";
        }

        return SameTarget(text, shown) ? "" : $" ({shown})";
    }

    private static string LinkText(IElement link)
    {
        var text = new StringBuilder(link.TextContent);
        foreach (var image in link.QuerySelectorAll("img"))
        {
            text.Append(' ').Append(image.GetAttribute("alt"));
        }

        return text.ToString();
    }

    private static bool SameTarget(string text, string shown)
    {
        static string Bare(string value) =>
            value.Trim().TrimEnd('/').Replace("https://", "", StringComparison.OrdinalIgnoreCase)
                .Replace("http://", "", StringComparison.OrdinalIgnoreCase);

        return string.Equals(Bare(text), Bare(shown), StringComparison.OrdinalIgnoreCase);
    }

    private static string Clean(string? value) =>
        value is null ? "" : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private sealed record ExitStep(string Suffix, int BreaksAfter);

    private sealed record Step(INode? Node, bool Preformatted, ExitStep? Exit);
}

// Text with HTML's whitespace rules: runs of spaces and newlines collapse to one space, block
// edges become line breaks, and no line ends in spaces.
internal sealed class PlainTextWriter
{
    private readonly StringBuilder text = new();
    private int pendingBreaks;
    private bool pendingSpace;

    public void Write(string value)
    {
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                pendingSpace = true;
                continue;
            }

            Flush();
            text.Append(c);
        }
    }

    public void WriteVerbatim(string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        Flush();
        text.Append(value.ReplaceLineEndings("\n"));
    }

    public void Space() => pendingSpace = true;

    // <br>: each one counts, so two make a blank line.
    public void LineBreak()
    {
        if (text.Length > 0)
        {
            pendingBreaks = Math.Min(pendingBreaks + 1, 2);
        }
    }

    public void Break(int atLeast)
    {
        if (text.Length > 0 && atLeast > pendingBreaks)
        {
            pendingBreaks = atLeast;
        }
    }

    public string ToText()
    {
        var lines = text.ToString().Replace('\u00A0', ' ').Split('\n').Select(l => l.TrimEnd());
        var result = new StringBuilder();
        var blankRun = 0;
        foreach (var line in lines)
        {
            blankRun = line.Length == 0 ? blankRun + 1 : 0;
            if (blankRun <= 1)
            {
                result.Append(line).Append('\n');
            }
        }

        return result.ToString().Trim('\n', ' ');
    }

    private void Flush()
    {
        if (pendingBreaks > 0)
        {
            text.Append('\n', pendingBreaks);
        }
        else if (pendingSpace && text.Length > 0 && text[^1] != '\n')
        {
            text.Append(' ');
        }

        pendingBreaks = 0;
        pendingSpace = false;
    }
}
