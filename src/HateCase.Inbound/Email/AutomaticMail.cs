using System.Text.RegularExpressions;

namespace HateCase.Inbound.Email;

// Mail a machine sent: auto-replies, out-of-office notices, delivery reports, bulk mail and mail
// from addresses nobody reads. Such mail never opens a case and is never answered (RFC 3834).
public static partial class AutomaticMail
{
    private static readonly string[] RobotLocalParts = ["mailer-daemon", "postmaster"];

    private static readonly string[] RobotLocalPrefixes = ["noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply"];

    private static readonly string[] DeliveryReportTypes = ["message/delivery-status", "message/disposition-notification", "text/rfc822-headers"];

    // The reason it is automatic, or null for mail a person wrote.
    public static string? Why(InboundEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.Header("Auto-Submitted") is { } autoSubmitted &&
            !string.Equals(autoSubmitted.Split(';')[0].Trim(), "no", StringComparison.OrdinalIgnoreCase))
        {
            return "automatic message (Auto-Submitted)";
        }

        if (!string.IsNullOrWhiteSpace(email.Header("X-Auto-Response-Suppress")))
        {
            return "automatic message (X-Auto-Response-Suppress)";
        }

        if (email.Header("Precedence")?.Trim().ToLowerInvariant() is "bulk" or "auto_reply" or "junk")
        {
            return "bulk or automatic message (Precedence)";
        }

        if (email.Header("X-Autoreply") is not null || email.Header("X-Autorespond") is not null)
        {
            return "automatic reply (X-Autoreply)";
        }

        if (IsDeliveryReport(email))
        {
            return "delivery status notification";
        }

        if (IsRobotSender(email.From.Address))
        {
            return "sent from an address nobody reads (no-reply, postmaster or mailer daemon)";
        }

        if (AutomaticSubject().IsMatch(email.Subject.Trim()) || AutomaticWholeSubject().IsMatch(email.Subject.Trim()))
        {
            return "automatic reply or delivery report (subject)";
        }

        return null;
    }

    private static bool IsDeliveryReport(InboundEmail email)
    {
        var contentType = email.Header("Content-Type") ?? "";
        if (contentType.TrimStart().StartsWith("multipart/report", StringComparison.OrdinalIgnoreCase) ||
            DeliveryReportTypes.Any(t => contentType.TrimStart().StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // A null reverse path is how the mail system marks its own reports (RFC 5321 4.5.5).
        if (email.Header("Return-Path")?.Trim() == "<>")
        {
            return true;
        }

        return email.Attachments.Any(a => DeliveryReportTypes.Any(t => a.ContentType.StartsWith(t, StringComparison.OrdinalIgnoreCase)));
    }

    private static bool IsRobotSender(string address)
    {
        var at = address.LastIndexOf('@');
        var local = (at > 0 ? address[..at] : address).Trim().Trim('"').ToLowerInvariant();
        return RobotLocalParts.Contains(local) || RobotLocalPrefixes.Any(p => local.StartsWith(p, StringComparison.Ordinal));
    }

    // Prefixes mail systems put on their own messages. "Out of office" needs its colon, so a
    // tenant's "Out of office hours noise from number 4" is still read.
    [GeneratedRegex(@"^(automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|out of (the )?office( reply| autoreply| notice)?|undeliverable|undelivered( mail)?|delivery status notification( \(\w+\))?|mail delivery (failed|failure)|delivery (failure|failed|notification)|returned mail|non[- ]?delivery report)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex AutomaticSubject();

    [GeneratedRegex(@"^(undelivered mail returned to sender|delivery status notification \((failure|delay|success)\)|failure notice|mail delivery subsystem|returned mail: .*|message not delivered)$", RegexOptions.IgnoreCase)]
    private static partial Regex AutomaticWholeSubject();
}
