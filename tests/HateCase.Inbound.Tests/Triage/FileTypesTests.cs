using HateCase.Inbound.Email;
using HateCase.Inbound.Tests.Support;

namespace HateCase.Inbound.Tests.Triage;

public sealed class FileTypesTests
{
    public static TheoryData<string, byte[], string> Samples => new()
    {
        { "jpeg", Files.Jpeg(), "image/jpeg" },
        { "png", Files.Png(), "image/png" },
        { "gif", Files.Gif(), "image/gif" },
        { "webp", Files.Webp(), "image/webp" },
        { "heic", Files.Heic(), "image/heic" },
        { "mp4", Files.Mp4(), "video/mp4" },
        { "mov", Files.QuickTime(), "video/quicktime" },
        { "m4a", Files.M4a(), "audio/mp4" },
        { "mp3", Files.Mp3(), "audio/mpeg" },
        { "wav", Files.Wav(), "audio/wav" },
        { "ogg", Files.Ogg(), "audio/ogg" },
        { "pdf", Files.Pdf(), "application/pdf" },
        { "docx", Files.Docx(), FileTypes.Docx },
        { "xlsx", Files.Xlsx(), FileTypes.Xlsx },
        { "docm", Files.MacroDocument(), FileTypes.MacroEnabledOffice },
        { "zip", Files.OtherZip(), "application/zip" },
        { "text", Files.PlainText(), "text/plain" },
        { "utf-16 text", [0xFF, 0xFE, (byte)'h', 0, (byte)'i', 0], "text/plain" },
        { "exe", Files.WindowsProgram(), FileTypes.Executable },
        { "elf", Files.LinuxProgram(), FileTypes.Executable },
        { "script", Files.ShellScript(), FileTypes.Executable },
        { "html", Files.HtmlPage(), "text/html" },
        { "svg", Files.Svg(), "image/svg+xml" },
        { "binary noise", [0x00, 0x01, 0x02, 0x03, 0x04, 0x05], FileTypes.Unknown },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_files_type_comes_from_its_first_bytes(string kind, byte[] content, string expected)
    {
        Assert.True(expected == FileTypes.Detect(content), $"{kind}: expected {expected}, got {FileTypes.Detect(content)}");
    }
}
