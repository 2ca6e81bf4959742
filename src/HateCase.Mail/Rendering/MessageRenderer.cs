using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Runtime.Cases;

namespace HateCase.Mail.Rendering;

public static class MessageRenderer
{
    public static IReadOnlySet<MessageTemplate> ComplainantTemplates { get; } = new HashSet<MessageTemplate>
    {
        MessageTemplate.Acknowledgement,
        MessageTemplate.CaseReviewExplained,
        MessageTemplate.Update,
        MessageTemplate.ContactLetter,
        MessageTemplate.EnquiryClosed,
        MessageTemplate.InvestigationStarted,
        MessageTemplate.ClosureConsidered,
        MessageTemplate.CaseClosed,
        MessageTemplate.ActionPlanCopy,
        MessageTemplate.SurveyInvitation,
        MessageTemplate.SurveyReminder,
    };

    public static IReadOnlySet<MessageTemplate> StaffTemplates { get; } = new HashSet<MessageTemplate>
    {
        MessageTemplate.NewReportToAssign,
        MessageTemplate.CaseAssigned,
        MessageTemplate.DeadlineReminder,
        MessageTemplate.DeadlineEscalation,
        MessageTemplate.RelatedReportOffered,
        MessageTemplate.ClosureApprovalRequested,
        MessageTemplate.ClosureRejected,
        MessageTemplate.CorrespondenceReceived,
        MessageTemplate.LetterUnanswered,
        MessageTemplate.MessageUndeliverable,
        MessageTemplate.TellComplainant,
        MessageTemplate.AdaptedCopyToSend,
    };

    public static RenderedMessage Render(OutboxItem item, ServiceProfile profile, LandlordDetails landlord, IStaffDirectory staff, ILinks links)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(landlord);
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(links);

        var template = item.Message.Template;
        var context = new MessageContext(item, profile, landlord, links);
        if (ComplainantTemplates.Contains(template))
        {
            return ToComplainant(context, item.Message.Recipient, staff);
        }
        if (StaffTemplates.Contains(template))
        {
            return ToStaff(context, item.Message.Recipient, staff);
        }
        throw new MessageRenderingException($"There is no wording for the message template \"{template}\".");
    }

    private static RenderedMessage ToComplainant(MessageContext context, MessageRecipient recipient, IStaffDirectory staff)
    {
        var (subject, body) = ComplainantMessages.Write(context);
        switch (recipient)
        {
            case MessageRecipient.ComplainantByEmail byEmail:
            {
                var (text, html) = body.Finish(subject);
                return new RenderedMessage([byEmail.Email], subject, text, html, null);
            }
            case MessageRecipient.ComplainantByPost byPost:
                return PrintedLetter(context, subject, body, byPost.PostalAddress, staff);
            default:
                // A complainant's message must never land in a staff inbox by mistake, or the reverse.
                throw new MessageRenderingException($"The {context.Template} message is for the complainant but is addressed to staff.");
        }
    }

    // No email address: the post room prints the letter and posts it.
    private static RenderedMessage PrintedLetter(MessageContext context, string letterSubject, MessageDocument letterBody, string postalAddress, IStaffDirectory staff)
    {
        var (address, redirected) = TeamAddress(StaffRoles.PostRoom, staff);
        var letter = new MessageDocument()
            .Paragraph(context.Landlord.Name)
            .Lines(context.Landlord.Address)
            .Lines(postalAddress)
            .Paragraph(UkTime.Date(context.Item.CreatedAt))
            .Paragraph(letterSubject);
        var body = new MessageDocument();
        if (redirected is not null)
        {
            body.StartPanel().Paragraph(redirected).EndPanel();
        }
        body.Heading("Please print and post this letter")
            .Paragraph($"This letter is for the complainant on case {context.Reference}. They have no email address, so it goes by post.")
            .Paragraph("Please print the letter below and post it today, first class, to:")
            .Lines(postalAddress)
            .Paragraph("Please do not add anything to the letter. If it cannot go today, tell the case officer: any dates in it count from today.")
            .Paragraph("Once it is in the post, record it on the case page (\"Record a letter posted\"), so the case shows it went. A letter not recorded as posted within a working day is reported to the team leader.")
            .Link($"Open case {context.Reference}", context.Links.Case(context.Item.CaseId))
            .Letter(letter.Append(letterBody));
        var subject = $"Letter to print and post for case {context.Reference}";
        var (text, html) = body.Finish(subject);
        return new RenderedMessage([address], subject, text, html, postalAddress);
    }

    private static RenderedMessage ToStaff(MessageContext context, MessageRecipient recipient, IStaffDirectory staff)
    {
        if (context.Item.Message.Restricted && recipient is MessageRecipient.Officer officer && staff.FindOfficer(officer.OfficerId) is null)
        {
            return RestrictedWithoutAddress(officer.OfficerId, staff, context.Landlord);
        }
        var (address, redirected) = StaffAddress(recipient, staff, $"The {context.Template} message");
        var (subject, body) = StaffMessages.Write(context, redirected);
        var (text, html) = body.Finish(subject);
        return new RenderedMessage([address], subject, text, html, null);
    }

    public static RenderedMessage RenderDigest(Digest digest, LandlordDetails landlord, IStaffDirectory staff, ILinks links)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(landlord);
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(links);

        var (address, redirected) = StaffAddress(digest.Recipient, staff, "The daily digest");
        var (subject, body) = DigestMessages.Write(digest, landlord, links, redirected);
        var (text, html) = body.Finish(subject);
        return new RenderedMessage([address], subject, text, html, null);
    }

    private static (string Address, string? RedirectedNote) StaffAddress(MessageRecipient recipient, IStaffDirectory staff, string what) =>
        recipient switch
        {
            MessageRecipient.Officer officer => OfficerAddress(officer.OfficerId, staff),
            MessageRecipient.Team team => TeamAddress(team.Role, staff),
            _ => throw new MessageRenderingException($"{what} is for staff but is addressed to the complainant."),
        };

    // RBC 15, MK 15.3: mail about a case restricted to named people is never passed on through a
    // shared inbox, whose readers may not be named: the inbox is told only that an address is
    // missing, so that it is added.
    private static RenderedMessage RestrictedWithoutAddress(string officerId, IStaffDirectory staff, LandlordDetails landlord)
    {
        var body = new MessageDocument()
            .Heading("A message could not be sent: an email address is missing")
            .Paragraph($"A message for {officerId} about a case restricted to named people could not be sent, because no email address is set up for them.")
            .Paragraph("The case is not named here on purpose: only the people it is restricted to may know of it. Please ask an administrator to add their address. Meanwhile they see the case, and what is due on it, when they sign in.");
        StaffMessages.Footer(body, landlord);
        var subject = $"No email address for {officerId}";
        var (text, html) = body.Finish(subject);
        return new RenderedMessage([CaseOfficersAddress(staff)], subject, text, html, null);
    }

    // An officer without an address on file still gets the work done: it goes to the case
    // officers' shared inbox, saying so, rather than nowhere.
    private static (string Address, string? RedirectedNote) OfficerAddress(string officerId, IStaffDirectory staff) =>
        staff.FindOfficer(officerId) is { } address
            ? (address, null)
            : (CaseOfficersAddress(staff),
                $"This message is for officer {officerId}, who has no email address set up. Please pass it on, and ask an administrator to add their address.");

    private static (string Address, string? RedirectedNote) TeamAddress(string role, IStaffDirectory staff) =>
        staff.FindTeam(role) is { } address
            ? (address, null)
            : (CaseOfficersAddress(staff),
                $"This message is for the {role} team, which has no email address set up. Please pass it on, and ask an administrator to add the address.");

    private static string CaseOfficersAddress(IStaffDirectory staff) =>
        staff.FindTeam(StaffRoles.CaseOfficers)
        ?? throw new MessageRenderingException($"No email address is set up for the {StaffRoles.CaseOfficers} team, so a staff message has nowhere to go.");
}
