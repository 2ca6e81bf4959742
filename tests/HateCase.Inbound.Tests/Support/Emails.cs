using System.IO.Compression;
using System.Text;
using HateCase.Inbound.Email;

namespace HateCase.Inbound.Tests.Support;

// Emails as they arrive, built with only what each test is about.
internal static class Emails
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    public static InboundEmail Text(
        string text,
        string subject = "Noise and shouting from the flat above",
        string from = "sam.resident@example.org",
        string? fromName = "Sam Resident",
        params (string Name, string Value)[] headers) =>
        new(
            InternetMessageId: $"<{Guid.NewGuid():N}@mail.example.org>",
            GraphMessageId: "AAMk" + Guid.NewGuid().ToString("N"),
            From: new MailboxAddress(fromName, from),
            To: [new MailboxAddress("ASB team", "asb@landlord.example")],
            Subject: subject,
            Headers: InboundHeaders.From(headers),
            TextBody: text,
            HtmlBody: null,
            Attachments: [],
            ReceivedAt: ReceivedAt);

    public static InboundEmail Html(string html, string subject = "Noise and shouting from the flat above", string from = "sam.resident@example.org") =>
        Text("", subject, from) with { TextBody = null, HtmlBody = html };

    public static InboundEmail WithAttachments(this InboundEmail email, params InboundAttachment[] attachments) =>
        email with { Attachments = attachments };

    public static InboundEmail WithHeaders(this InboundEmail email, params (string Name, string Value)[] headers) =>
        email with { Headers = InboundHeaders.From(headers) };

    public static InboundAttachment File(string name, byte[] content, string declaredType = "application/octet-stream") =>
        new(name, declaredType, content.Length, content);

    // Declared size only: the reader does not download a file over the limit.
    public static InboundAttachment NotDownloaded(string name, long size, string declaredType = "video/mp4") =>
        new(name, declaredType, size, null);
}

// The first bytes of real file formats, padded to a plausible length.
internal static class Files
{
    public static byte[] Jpeg(int size = 2048) => Padded([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00], size);

    public static byte[] Png(int size = 2048) => Padded([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], size);

    public static byte[] Gif() => Padded(Encoding.ASCII.GetBytes("GIF89a"), 512);

    public static byte[] Webp() => Padded([.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8], 512);

    public static byte[] Heic() => Padded([0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8], 512);

    public static byte[] Mp4() => Padded([0, 0, 0, 0x20, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2avc1mp41"u8], 4096);

    public static byte[] QuickTime() => Padded([0, 0, 0, 0x14, .. "ftypqt  "u8, 0, 0, 2, 0, .. "qt  "u8], 4096);

    public static byte[] M4a() => Padded([0, 0, 0, 0x20, .. "ftypM4A "u8, 0, 0, 0, 0], 4096);

    public static byte[] Mp3() => Padded([.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0], 4096);

    public static byte[] Wav() => Padded([.. "RIFF"u8, 0x24, 0, 0, 0, .. "WAVEfmt "u8], 4096);

    public static byte[] Ogg() => Padded("OggS"u8.ToArray(), 4096);

    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] WindowsProgram() => Padded([(byte)'M', (byte)'Z', 0x90, 0x00, 0x03], 4096);

    public static byte[] LinuxProgram() => Padded([0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1], 4096);

    public static byte[] ShellScript() => Encoding.ASCII.GetBytes("#!/bin/sh\nrm -rf /\n");

    public static byte[] HtmlPage() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");

    public static byte[] Svg() => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");

    public static byte[] PlainText(string text = "Diary of incidents\n5 Jan: shouting at 2am\n") => Encoding.UTF8.GetBytes(text);

    public static byte[] Docx() => Zip("[Content_Types].xml", "word/document.xml", "word/_rels/document.xml.rels");

    public static byte[] Xlsx() => Zip("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml");

    public static byte[] MacroDocument() => Zip("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin");

    public static byte[] OtherZip() => Zip("readme.txt", "photo.jpg");

    public static byte[] Zeros(int size) => new byte[size];

    private static byte[] Zip(params string[] entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write("<x/>");
            }
        }

        return stream.ToArray();
    }

    private static byte[] Padded(byte[] start, int size)
    {
        var bytes = new byte[Math.Max(size, start.Length)];
        start.CopyTo(bytes, 0);
        for (var i = start.Length; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 31 % 251);
        }

        return bytes;
    }
}
