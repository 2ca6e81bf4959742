using System.IO.Compression;
using System.Text;

namespace HateCase.Inbound.Email;

// What a file is, decided from its first bytes (its "magic number"), never from its name or the
// type the sender's mail program declared. Nothing is opened, run or rendered: a ZIP-based Office
// file is recognised by the names in its directory alone, without unpacking anything.
public static class FileTypes
{
    public const string Executable = "application/x-executable";
    public const string Unknown = "application/octet-stream";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string MacroEnabledOffice = "application/vnd.ms-office.macroEnabled";

    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];
    private static readonly string[] Mp4Brands = ["isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "msnv", "dash", "m4v ", "f4v "];

    public static string Detect(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return Unknown;
        }

        if (StartsWith(content, 0xFF, 0xD8, 0xFF))
        {
            return "image/jpeg";
        }

        if (StartsWith(content, 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A))
        {
            return "image/png";
        }

        if (StartsWithText(content, "GIF87a") || StartsWithText(content, "GIF89a"))
        {
            return "image/gif";
        }

        if (StartsWithText(content, "RIFF") && content.Length >= 12)
        {
            return Ascii(content.Slice(8, 4)) switch
            {
                "WEBP" => "image/webp",
                "WAVE" => "audio/wav",
                "AVI " => "video/x-msvideo",
                _ => Unknown,
            };
        }

        if (content.Length >= 12 && Ascii(content.Slice(4, 4)) == "ftyp")
        {
            return IsoMedia(Ascii(content.Slice(8, 4)).ToLowerInvariant());
        }

        if (IndexOf(content[..Math.Min(content.Length, 1024)], "%PDF-"u8) >= 0)
        {
            return "application/pdf";
        }

        if (StartsWith(content, (byte)'P', (byte)'K', 0x03, 0x04))
        {
            return ZipBased(content);
        }

        if (StartsWith(content, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1))
        {
            return "application/x-ole-storage";
        }

        if (StartsWithText(content, "OggS"))
        {
            return "audio/ogg";
        }

        if (StartsWithText(content, "#!AMR"))
        {
            return "audio/amr";
        }

        if (StartsWith(content, 0x1A, 0x45, 0xDF, 0xA3))
        {
            return "video/webm";
        }

        if (StartsWithText(content, "ID3"))
        {
            return "audio/mpeg";
        }

        if (StartsWith(content, 0xFF, 0xFE) || StartsWith(content, 0xFE, 0xFF))
        {
            return TextKind(content);
        }

        if (IsAudioFrame(content) is { } audio)
        {
            return audio;
        }

        if (IsProgram(content))
        {
            return Executable;
        }

        if (StartsWithText(content, "Rar!") || StartsWith(content, (byte)'7', (byte)'z', 0xBC, 0xAF) || StartsWith(content, 0x1F, 0x8B))
        {
            return "application/x-archive";
        }

        if (StartsWithText(content, "BM") && content.Length > 14)
        {
            return "image/bmp";
        }

        if (StartsWith(content, (byte)'I', (byte)'I', 0x2A, 0x00) || StartsWith(content, (byte)'M', (byte)'M', 0x00, 0x2A))
        {
            return "image/tiff";
        }

        return TextKind(content);
    }

    private static string IsoMedia(string brand) => brand switch
    {
        _ when HeifBrands.Contains(brand) => "image/heic",
        "avif" or "avis" => "image/avif",
        "m4a " or "m4b " or "m4p " => "audio/mp4",
        "qt  " => "video/quicktime",
        _ when brand.StartsWith("3g", StringComparison.Ordinal) => "video/3gpp",
        _ when Mp4Brands.Contains(brand) => "video/mp4",
        _ => Unknown,
    };

    // Word and Excel files are ZIP packages; their directory says which, and whether they carry
    // macros (vbaProject.bin), which we never accept.
    private static string ZipBased(ReadOnlySpan<byte> content)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content.ToArray(), writable: false), ZipArchiveMode.Read);
            var names = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                return MacroEnabledOffice;
            }

            if (names.Contains("[Content_Types].xml") && names.Contains("word/document.xml"))
            {
                return Docx;
            }

            if (names.Contains("[Content_Types].xml") && names.Contains("xl/workbook.xml"))
            {
                return Xlsx;
            }

            return "application/zip";
        }
        catch (InvalidDataException)
        {
            return "application/zip";
        }
    }

    // An MPEG audio frame header without a tag in front: 11 sync bits, then version, layer and
    // (for MP3) a usable bitrate and sample rate. Layer bits 00 with the sync mark AAC in ADTS.
    private static string? IsAudioFrame(ReadOnlySpan<byte> content)
    {
        if (content.Length < 4 || content[0] != 0xFF || (content[1] & 0xE0) != 0xE0)
        {
            return null;
        }

        var version = (content[1] >> 3) & 0x03;
        var layer = (content[1] >> 1) & 0x03;
        if (layer == 0)
        {
            return (content[1] & 0xF6) == 0xF0 ? "audio/aac" : null;
        }

        var bitrate = content[2] >> 4;
        var sampleRate = (content[2] >> 2) & 0x03;
        return version != 1 && bitrate is not (0 or 0xF) && sampleRate != 3 ? "audio/mpeg" : null;
    }

    private static bool IsProgram(ReadOnlySpan<byte> content) =>
        StartsWithText(content, "MZ") ||
        StartsWith(content, 0x7F, (byte)'E', (byte)'L', (byte)'F') ||
        StartsWithText(content, "#!") ||
        StartsWith(content, 0xCF, 0xFA, 0xED, 0xFE) || StartsWith(content, 0xCE, 0xFA, 0xED, 0xFE) ||
        StartsWith(content, 0xFE, 0xED, 0xFA, 0xCE) || StartsWith(content, 0xFE, 0xED, 0xFA, 0xCF) ||
        StartsWith(content, 0xCA, 0xFE, 0xBA, 0xBE) ||
        StartsWith(content, 0x00, 0x61, 0x73, 0x6D);

    // No signature: plain text if it decodes as text without control characters; markup
    // (HTML, SVG, XML) and RTF are told apart because they can carry scripts or objects.
    private static string TextKind(ReadOnlySpan<byte> content)
    {
        string text;
        if (StartsWith(content, 0xFF, 0xFE) || StartsWith(content, 0xFE, 0xFF))
        {
            text = (content[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(content[2..]);
        }
        else
        {
            var body = StartsWith(content, 0xEF, 0xBB, 0xBF) ? content[3..] : content;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
            }
            catch (DecoderFallbackException)
            {
                // An 8-bit text (Windows-1252, say): acceptable only if it has no control bytes.
                return body.ToArray().All(b => b >= 0x20 && b != 0x7F || b is 0x09 or 0x0A or 0x0D or 0x0C) ? "text/plain" : Unknown;
            }
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f')))
        {
            return Unknown;
        }

        var start = text.TrimStart().ToLowerInvariant();
        start = start[..Math.Min(start.Length, 512)];
        if (start.StartsWith("{\\rtf", StringComparison.Ordinal))
        {
            return "application/rtf";
        }

        if (start.Contains("<svg", StringComparison.Ordinal))
        {
            return "image/svg+xml";
        }

        if (start.StartsWith("<!doctype html", StringComparison.Ordinal) || start.Contains("<html", StringComparison.Ordinal) ||
            start.Contains("<script", StringComparison.Ordinal) || start.Contains("<body", StringComparison.Ordinal))
        {
            return "text/html";
        }

        if (start.StartsWith("<?xml", StringComparison.Ordinal))
        {
            return "application/xml";
        }

        return "text/plain";
    }

    private static bool StartsWith(ReadOnlySpan<byte> content, params ReadOnlySpan<byte> prefix) => content.StartsWith(prefix);

    private static bool StartsWithText(ReadOnlySpan<byte> content, string prefix) =>
        content.Length >= prefix.Length && Ascii(content[..prefix.Length]) == prefix;

    private static int IndexOf(ReadOnlySpan<byte> content, ReadOnlySpan<byte> value) => content.IndexOf(value);

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
