using System.Net;
using System.Net.Mail;
using HateCase.Mail.Rendering;
using HateCase.Runtime.Cases;

namespace HateCase.Mail.Delivery;

// SMTP submission (the ACS SMTP relay or a council relay) with STARTTLS when enabled. The
// Message-ID comes from the message key, so a message sent twice after a lost answer can be
// recognised as one by the receiving side.
public sealed class SmtpEmailSender(SmtpMailOptions settings, string senderAddress, LandlordDetails landlord) : IMailTransport
{
    public async Task<SendOutcome> Send(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        using var message = MailMessages.Build(mail, senderAddress, landlord);
        // SmtpClient sends one message at a time, so each send has its own.
        using var client = new SmtpClient(settings.Host, settings.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = settings.EnableStartTls,
            Timeout = (int)settings.Timeout.TotalMilliseconds,
        };
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            await client.SendMailAsync(message, timeout.Token);
            return new SendOutcome.Sent();
        }
        catch (SmtpFailedRecipientException e)
        {
            return IsTemporary(e.StatusCode)
                ? new SendOutcome.TryLater($"The mail server cannot take the message for this recipient yet ({Describe(e.StatusCode)})")
                : new SendOutcome.Undeliverable($"The mail server refused the recipient ({Describe(e.StatusCode)})");
        }
        catch (SmtpException e) when (IsMailboxRefusal(e.StatusCode))
        {
            return new SendOutcome.Undeliverable($"The mail server refused the recipient ({Describe(e.StatusCode)})");
        }
        catch (SmtpException e)
        {
            return new SendOutcome.TryLater($"The mail server did not take the message ({Describe(e.StatusCode)}{Cause(e)})");
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
        {
            return new SendOutcome.TryLater($"Could not reach the mail server ({e.GetType().Name})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome.TryLater("The mail server did not answer in time");
        }
    }

    // The server's own words can quote the address, so reasons carry only the status code.
    private static string Describe(SmtpStatusCode code) => $"{(int)code} {code}";

    private static string Cause(SmtpException e) => e.InnerException is { } inner ? $", {inner.GetType().Name}" : "";

    private static bool IsTemporary(SmtpStatusCode code) => (int)code is >= 400 and < 500;

    private static bool IsMailboxRefusal(SmtpStatusCode code) =>
        code is SmtpStatusCode.MailboxUnavailable or SmtpStatusCode.MailboxNameNotAllowed or SmtpStatusCode.UserNotLocalTryAlternatePath;
}
