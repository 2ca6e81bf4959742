using HateCase.Mail.Rendering;
using HateCase.Runtime.Cases;

namespace HateCase.Mail.Delivery;

// A written message on its way out. The key names it to the mail services, so a retry is the same
// message to them; Attempts above zero means an earlier try may already have reached them.
public sealed record OutgoingMail(string Key, int Attempts, RenderedMessage Message);

// Delivers written messages: the development mailbox, SMTP, or Azure Communication Services.
public interface IMailTransport
{
    Task<SendOutcome> Send(OutgoingMail mail, CancellationToken cancellationToken);
}
