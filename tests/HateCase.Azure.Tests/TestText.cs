using System.Text;

namespace HateCase.Azure.Tests;

internal static class TestText
{
    // Latin with accents, Arabic and Hebrew (right to left), CJK, emoji (surrogate pairs, a ZWJ
    // sequence, a flag), Welsh, quotes and JSON-looking text: everything a case note might hold.
    private static readonly string[] Pieces =
    [
        "Reported by Siân Ó Briain, 12 Heol y Felin. ",
        "تم الإبلاغ عن حادثة كراهية عند المدخل. ",
        "הדייר דיווח על הטרדה חוזרת. ",
        "邻居多次辱骂。",
        "😀👩🏽‍🦱🇬🇧✊🏿 ",
        "\"quoted\" {\"json\":[1,2]} back\\slash 'single' ",
        "Llanfairpwllgwyngyll — “curly” ‘quotes’ … ",
        "\u200F\u202Bmixed RTL marks\u202C ",
    ];

    public static string Mixed(int length)
    {
        var text = new StringBuilder(length + 64);
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(Pieces[i % Pieces.Length]);
        }

        // Trim to the length without leaving half a surrogate pair at the end.
        var cut = length;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
            text.Length = cut;
            text.Append('x');
        }
        else
        {
            text.Length = cut;
        }

        return text.ToString();
    }
}
