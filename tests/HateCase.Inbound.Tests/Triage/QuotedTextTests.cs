using HateCase.Inbound.Email;

namespace HateCase.Inbound.Tests.Triage;

public sealed class QuotedTextTests
{
    [Fact]
    public void Outlooks_from_sent_block_starts_the_quoted_history()
    {
        var parts = QuotedText.Split("It is still happening.\r\n\r\nSam\r\n\r\n________________________________\r\nFrom: ASB Team <asb@landlord.example>\r\nSent: 05 January 2026 09:00\r\nTo: Sam Resident\r\nSubject: Your report\r\n\r\nThank you for your report.");

        Assert.Equal("It is still happening.\n\nSam", parts.NewText);
        Assert.StartsWith("________________________________\nFrom: ASB Team", parts.QuotedHistory);
        Assert.EndsWith("Thank you for your report.", parts.QuotedHistory);
    }

    [Fact]
    public void A_from_line_without_the_rest_of_a_header_is_the_senders_own_words()
    {
        var parts = QuotedText.Split("From: my kitchen window I saw them.\nThey were shouting.");

        Assert.Equal("From: my kitchen window I saw them.\nThey were shouting.", parts.NewText);
        Assert.Equal("", parts.QuotedHistory);
    }

    [Theory]
    [InlineData("On Mon, 5 Jan 2026 at 09:00, ASB Team <asb@landlord.example> wrote:")]
    [InlineData("On Mon, 5 Jan 2026 at 09:00, ASB Team <asb@landlord.example>\nwrote:")]
    [InlineData("Le lun. 5 janv. 2026 à 09:00, ASB Team a écrit :")]
    public void An_on_wrote_line_starts_the_quoted_history(string wrote)
    {
        var parts = QuotedText.Split($"Yes please call me.\n\n{wrote}\n> Can we call you?");

        Assert.Equal("Yes please call me.", parts.NewText);
        Assert.EndsWith("> Can we call you?", parts.QuotedHistory);
    }

    [Fact]
    public void Original_message_markers_start_the_quoted_history()
    {
        var parts = QuotedText.Split("Reply text\n\n-----Original Message-----\nFrom: someone\nold text");

        Assert.Equal("Reply text", parts.NewText);
        Assert.StartsWith("-----Original Message-----", parts.QuotedHistory);
        Assert.False(parts.Forwarded);
    }

    [Fact]
    public void A_forwarded_message_is_quoted_history_marked_as_forwarded()
    {
        var parts = QuotedText.Split("FYI\n\n---------- Forwarded message ---------\nFrom: Alex\nhello");

        Assert.Equal("FYI", parts.NewText);
        Assert.True(parts.Forwarded);
    }

    [Fact]
    public void Quoted_lines_go_to_the_history_and_the_answers_stay_new()
    {
        var parts = QuotedText.Split("> When did it start?\nLast Tuesday.\n> Anyone hurt?\nNo.");

        Assert.Equal("Last Tuesday.\nNo.", parts.NewText);
        Assert.Equal("> When did it start?\n> Anyone hurt?", parts.QuotedHistory);
    }

    [Fact]
    public void Text_without_quotes_is_all_new()
    {
        var parts = QuotedText.Split("  Just this.\n\nAnd this.  \n");

        Assert.Equal("  Just this.\n\nAnd this.", parts.NewText);
        Assert.Equal("", parts.QuotedHistory);
    }
}
