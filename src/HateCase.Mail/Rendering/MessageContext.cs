using System.Globalization;
using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Runtime.Cases;

namespace HateCase.Mail.Rendering;

// What one template needs to write its message: the item's fields, read strictly, and the
// landlord's profile, details and links.
internal sealed class MessageContext(OutboxItem item, ServiceProfile profile, LandlordDetails landlord, ILinks links)
{
    public OutboxItem Item => item;

    public ServiceProfile Profile => profile;

    public LandlordDetails Landlord => landlord;

    public ILinks Links => links;

    public MessageTemplate Template => item.Message.Template;

    public string Reference => string.IsNullOrWhiteSpace(item.Reference) ? item.CaseId : item.Reference;

    public string Field(string name) =>
        item.Message.Field(name) is { Length: > 0 } value
            ? value
            : throw new MessageRenderingException($"The {Template} message has no \"{name}\" field.");

    public string? OptionalField(string name) => item.Message.Field(name) is { Length: > 0 } value ? value : null;

    public DateTimeOffset Instant(string name) =>
        DateTimeOffset.TryParse(Field(name), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : throw new MessageRenderingException($"The \"{name}\" field of the {Template} message is not an ISO 8601 date and time.");

    public DateTimeOffset? OptionalInstant(string name) => OptionalField(name) is null ? null : Instant(name);

    public int Number(string name) =>
        int.TryParse(Field(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new MessageRenderingException($"The \"{name}\" field of the {Template} message is not a whole number.");

    // The landlord's own words for a closure reason, or ours for the reasons the system decides.
    public string ClosureReasonText(string code) =>
        profile.FindClosureReason(code)?.Text ?? code switch
        {
            CaseDecider.NoReplyToLetterReason => "We wrote to you, but we did not hear back from you by the date in our letter.",
            _ => "We decided that we could not take it any further.",
        };

    // Profile texts are written as labels; in a message they end like sentences.
    public static string Sentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length == 0 || ".!?".Contains(trimmed[^1]) ? trimmed : trimmed + ".";
    }

    public static string Count(int count, string singular, string? plural = null) =>
        $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";
}
