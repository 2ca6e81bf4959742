using System.Diagnostics.CodeAnalysis;
using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Runtime.Cases;

namespace HateCase.Mail.Rendering;

// Everything the senders need to turn an outbox item or a digest into a message, for this deployment's landlord.
public sealed class MessageComposer(ServiceProfile profile, LandlordDetails landlord, IStaffDirectory staff, ILinks links)
{
    public LandlordDetails Landlord => landlord;

    public RenderedMessage Compose(OutboxItem item) => MessageRenderer.Render(item, profile, landlord, staff, links);

    public RenderedMessage ComposeDigest(Digest digest) => MessageRenderer.RenderDigest(digest, landlord, staff, links);

    // A message that cannot be written is kept for later: the cause is usually a setting (a staff
    // address) that someone can fix. The reason names templates and fields, never personal data.
    public bool TryCompose(OutboxItem item, [NotNullWhen(true)] out RenderedMessage? message, [NotNullWhen(false)] out SendOutcome? notWritten) =>
        TryWrite(() => Compose(item), out message, out notWritten);

    public bool TryComposeDigest(Digest digest, [NotNullWhen(true)] out RenderedMessage? message, [NotNullWhen(false)] out SendOutcome? notWritten) =>
        TryWrite(() => ComposeDigest(digest), out message, out notWritten);

    private static bool TryWrite(Func<RenderedMessage> write, [NotNullWhen(true)] out RenderedMessage? message, [NotNullWhen(false)] out SendOutcome? notWritten)
    {
        try
        {
            message = write();
            notWritten = null;
            return true;
        }
        catch (MessageRenderingException e)
        {
            message = null;
            notWritten = new SendOutcome.TryLater("The message could not be written: " + e.Message);
            return false;
        }
    }
}
