using System.Globalization;

namespace HateCase.Inbound.Email;

// Which attachments may go with a case. Each is checked for size, for content we actually have,
// and for a type (from its bytes) on the allowed list; then the running total is kept under its
// limit, in the order the sender attached them.
public static class AttachmentScreening
{
    public sealed record Result(IReadOnlyList<AcceptedAttachment> Accepted, IReadOnlyList<RejectedAttachment> Rejected);

    public static Result Screen(IReadOnlyList<InboundAttachment> attachments, TriagePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        ArgumentNullException.ThrowIfNull(policy);
        var accepted = new List<AcceptedAttachment>();
        var rejected = new List<RejectedAttachment>();
        long total = 0;
        for (var index = 0; index < attachments.Count; index++)
        {
            var attachment = attachments[index];
            var name = DisplayName(attachment.Name, index);
            var size = Math.Max(attachment.Size, attachment.Content?.Length ?? 0);
            string? reason = null;
            string? type = null;
            if (size > policy.MaxAttachmentBytes)
            {
                reason = $"larger than the {Size(policy.MaxAttachmentBytes)} limit for one file ({Size(size)})";
            }
            else if (attachment.Content is not { } content)
            {
                reason = "not a file we can keep (a linked file or an attached email)";
            }
            else if (content.IsEmpty)
            {
                reason = "the file is empty";
            }
            else
            {
                type = FileTypes.Detect(content.Span);
                if (type == FileTypes.Executable)
                {
                    reason = "a program or script, which we never open";
                }
                else if (type == FileTypes.MacroEnabledOffice)
                {
                    reason = "an Office file with macros, which we never open";
                }
                else if (!policy.AllowedContentTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
                {
                    reason = type == FileTypes.Unknown
                        ? "a type of file we do not accept"
                        : $"a type of file we do not accept ({type})";
                }
                else if (total + content.Length > policy.MaxTotalAttachmentBytes)
                {
                    reason = $"over the {Size(policy.MaxTotalAttachmentBytes)} limit for all files together";
                }
            }

            if (reason is null && type is not null && attachment.Content is { } kept)
            {
                total += kept.Length;
                accepted.Add(new AcceptedAttachment(name, type, kept.Length, kept));
            }
            else
            {
                rejected.Add(new RejectedAttachment(name, reason ?? "not accepted"));
            }
        }

        return new Result(accepted, rejected);
    }

    public static string Size(long bytes) => bytes >= TriagePolicy.Megabyte
        ? (bytes / (double)TriagePolicy.Megabyte).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : Math.Max(1, (bytes + 1023) / 1024).ToString(CultureInfo.InvariantCulture) + " KB";

    private static string DisplayName(string? name, int index)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? $"attachment-{index + 1}" : clean;
    }
}
