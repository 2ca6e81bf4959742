using System.Security.Cryptography;
using System.Text;

namespace HateCase.Mail.Delivery;

// The identities a message carries to the mail services, all derived from its key (an outbox
// item's or a digest's) so a retry presents the same ones: the ACS Operation-Id, the Message-ID
// header, the mailbox blob.
public static class MessageIdentity
{
    // ACS wants a UUID for Operation-Id; the key is not one, so a name-based UUID (RFC 9562
    // version 8 built from SHA-256) stands in: the same key always gives the same UUID.
    public static Guid OperationId(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("hatecase-outbox:" + key));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    // "<{key}@{domain}>" when the key is plainly safe in a header; otherwise a digest of it, still stable.
    public static string InternetMessageId(string key, string domain)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        var local = IsPlainAtom(key) ? key : "k" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return $"<{local}@{domain}>";
    }

    // A name safe in any blob store and URL: lowercase hex of the key's digest.
    public static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40];

    private static bool IsPlainAtom(string value) =>
        value.Length <= 200
        && !value.StartsWith('.') && !value.EndsWith('.') && !value.Contains("..", StringComparison.Ordinal)
        && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_.+".Contains(c));
}
