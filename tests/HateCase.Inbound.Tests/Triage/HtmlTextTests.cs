using HateCase.Inbound.Email;

namespace HateCase.Inbound.Tests.Triage;

public sealed class HtmlTextTests
{
    [Fact]
    public void Scripts_styles_the_head_and_hidden_elements_leave_no_text()
    {
        var text = HtmlText.ToPlainText("""
            <html><head><title>Title text</title><meta name="x" content="meta text"><style>body{}</style><script>var head = 1;</script></head>
            <body>
              <div hidden>hidden attribute</div>
              <div style="display: none !important">display none</div>
              <div style="visibility:hidden">visibility hidden</div>
              <div style="mso-hide:all">outlook hidden</div>
              <div style="font-size:0px;line-height:0">zero font</div>
              <div style="max-height:0;overflow:hidden">collapsed</div>
              <noscript>noscript text</noscript><template>template text</template>
              <iframe src="https://x.example">frame text</iframe><object>object text</object>
              <form><input type="hidden" value="secret"><button>Click</button><select><option>opt</option></select></form>
              <svg><text>svg text</text></svg>
              <p>Visible words</p>
              <script>alert('body script')</script>
            </body></html>
            """);

        Assert.Equal("Visible words", text);
    }

    [Fact]
    public void Tracking_pixels_and_images_leave_no_address_behind()
    {
        var text = HtmlText.ToPlainText("""
            <p>Hello</p>
            <img src="https://track.example.com/open?id=42" width="1" height="1" alt="tracker">
            <img src="https://track.example.com/b.gif" style="width:1px;height:1px" alt="">
            <img src="https://cdn.example.com/photo.jpg" alt="Photo of the door">
            <img src="cid:image001.png@01D">
            """);

        Assert.Equal("Hello\n\n[image: Photo of the door]", text);
        Assert.DoesNotContain("example.com", text);
    }

    [Fact]
    public void Links_become_their_text_followed_by_the_address()
    {
        var text = HtmlText.ToPlainText("""<p>See <a href="https://photos.example.net/a?b=1&amp;c=2">the <b>photos</b></a> and <a href="mailto:sam@example.org">email me</a> or <a href="tel:+441234567890">ring</a>.</p>""");

        Assert.Equal("See the photos (https://photos.example.net/a?b=1&c=2) and email me (sam@example.org) or ring (+441234567890).", text);
    }

    [Fact]
    public void A_link_whose_text_is_its_address_is_written_once()
    {
        Assert.Equal("https://example.org/page", HtmlText.ToPlainText("""<a href="https://example.org/page">https://example.org/page</a>"""));
        Assert.Equal("example.org/page", HtmlText.ToPlainText("""<a href="https://example.org/page/">example.org/page</a>"""));
    }

    [Fact]
    public void Script_data_and_relative_links_keep_their_text_but_not_their_target()
    {
        var text = HtmlText.ToPlainText("""<a href="javascript:alert(1)">click</a> <a href="data:text/html;base64,PHNjcmlwdD4=">data</a> <a href="/relative">rel</a> <a href="file:///etc/passwd">file</a>""");

        Assert.Equal("click data rel file", text);
    }

    [Fact]
    public void Block_elements_become_line_breaks_and_lists_get_markers()
    {
        var text = HtmlText.ToPlainText("""
            <h1>What happened</h1><div>First line</div><div>Second line<br>after a break<br><br>after a blank line</div>
            <ul><li>shouting</li><li>banging</li></ul>
            <ol start="3"><li>third</li><li>fourth</li></ol>
            <table><tr><th>Date</th><th>Time</th></tr><tr><td>5 Jan</td><td>02:00</td></tr></table>
            <p>End</p>
            """);

        Assert.Equal("What happened\n\nFirst line\nSecond line\nafter a break\n\nafter a blank line\n\n- shouting\n- banging\n\n3. third\n4. fourth\n\nDate Time\n5 Jan 02:00\n\nEnd", text);
    }

    [Fact]
    public void Outlook_lines_are_single_lines_and_its_empty_paragraphs_blank_lines()
    {
        var text = HtmlText.ToPlainText("""<div class="WordSection1"><p class="MsoNormal">Hello,<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">It happened again.<o:p></o:p></p><p class="MsoNormal">Sam<o:p></o:p></p></div>""");

        Assert.Equal("Hello,\n\nIt happened again.\nSam", text);
    }

    [Fact]
    public void Entities_are_decoded_and_whitespace_collapsed()
    {
        var text = HtmlText.ToPlainText("<p>Fish &amp; chips &lt;3 &quot;quoted&quot; &#163;20 &eacute;t&eacute;   \n   spread   out</p>");

        Assert.Equal("Fish & chips <3 \"quoted\" £20 été spread out", text);
    }

    [Fact]
    public void Preformatted_text_keeps_its_lines_and_spaces()
    {
        Assert.Equal("a   b\n  c", HtmlText.ToPlainText("<pre>a   b\n  c</pre>"));
    }

    [Fact]
    public void Outlooks_reply_block_is_kept_apart_from_the_new_text()
    {
        var parts = HtmlText.Split("""
            <div>Thanks, it happened again tonight.</div>
            <div id="appendonsend"></div>
            <hr style="display:inline-block;width:98%">
            <div id="divRplyFwdMsg"><b>From:</b> ASB Team<br><b>Sent:</b> 05 January 2026 09:00<br><b>Subject:</b> Your report</div>
            <div>Thank you for your report.</div>
            """);

        Assert.Equal("Thanks, it happened again tonight.", parts.NewText);
        Assert.StartsWith("From: ASB Team", parts.QuotedHistory);
        Assert.Contains("Thank you for your report.", parts.QuotedHistory);
    }

    [Fact]
    public void Gmail_quotes_and_blockquotes_are_kept_apart_from_the_new_text()
    {
        var parts = HtmlText.Split("""
            <div dir="ltr">New words here.</div><br>
            <div class="gmail_quote"><div class="gmail_attr">On Mon, 5 Jan 2026 at 09:00, ASB Team wrote:<br></div>
            <blockquote class="gmail_quote">Old words.</blockquote></div>
            """);

        Assert.Equal("New words here.", parts.NewText);
        Assert.Equal("On Mon, 5 Jan 2026 at 09:00, ASB Team wrote:\n\nOld words.", parts.QuotedHistory);
    }

    [Fact]
    public void Deeply_nested_markup_is_read_without_running_out_of_stack()
    {
        var html = string.Concat(Enumerable.Repeat("<div><span>", 20_000)) + "deep" + string.Concat(Enumerable.Repeat("</span></div>", 20_000));

        Assert.Equal("deep", HtmlText.ToPlainText(html));
    }
}
