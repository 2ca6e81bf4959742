using HateCase.Mail.Delivery;

namespace HateCase.Mail.Tests.Delivery;

public sealed class MimeReaderTests
{
    [Fact]
    public void Folded_headers_and_encoded_words_split_inside_a_character_are_read_whole()
    {
        // "Café – £5" in UTF-8, its bytes split across two encoded words mid-character.
        const string raw =
            "From: \"Anytown Homes\" <casework@example.org>\r\n" +
            "To: a@example.org, \"B\" <b@example.org>\r\n" +
            "Subject: =?utf-8?B?Q2Fmw6kg4g==?=\r\n =?utf-8?B?gJMgwqM1?=\r\n" +
            "Date: Mon, 23 Nov 2026 15:00:00 +0000\r\n" +
            "X-Long: first part\r\n\tsecond part\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "Content-Transfer-Encoding: 7bit\r\n" +
            "\r\n" +
            "Hello\r\n";

        var message = MimeReader.Read("id", raw);

        Assert.Equal("Café – £5", message.Subject);
        Assert.Equal(["a@example.org", "b@example.org"], message.To);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero), message.Date);
        Assert.Equal("first part\tsecond part", message.Headers["X-Long"]);
        Assert.Equal("Hello\n", message.Text);
    }

    [Fact]
    public void Quoted_printable_and_base64_parts_of_an_alternative_are_decoded()
    {
        const string raw =
            "Subject: =?iso-8859-1?Q?Caf=E9_menu?=\r\n" +
            "Content-Type: multipart/alternative;\r\n boundary=\"--b1\"\r\n" +
            "\r\n" +
            "----b1\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "Content-Transfer-Encoding: quoted-printable\r\n" +
            "\r\n" +
            "A long line that has been wrapped with a soft break and an equals sign =3D=\r\n" +
            " here, =C2=A35\r\n" +
            "Second line\r\n" +
            "----b1\r\n" +
            "Content-Type: text/html; charset=utf-8\r\n" +
            "Content-Transfer-Encoding: base64\r\n" +
            "\r\n" +
            "PHA+SGVsbG8g4oCUIHRoZXJlPC9wPg==\r\n" +
            "----b1--\r\n";

        var message = MimeReader.Read("id", raw);

        Assert.Equal("Café menu", message.Subject);
        Assert.Equal("A long line that has been wrapped with a soft break and an equals sign = here, £5\nSecond line", message.Text);
        Assert.Equal("<p>Hello — there</p>", message.Html);
    }

    [Fact]
    public void A_stored_message_that_is_not_mime_reads_as_unreadable_rather_than_failing_the_page()
    {
        var message = MimeReader.Read("id", ReadOnlyMemory<byte>.Empty);

        Assert.Equal("(this message could not be read)", message.Subject);
        Assert.Empty(message.Text);
    }
}
