using System.Globalization;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;
using HateCase.Mail.Delivery;
using HateCase.Mail.Rendering;
using HateCase.Mail.Surveys;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Digests;

namespace HateCase.Mail.Tests.Support;

// Fixed people, places and times, so rendered messages are the same on every run.
public static class TestMessages
{
    public const string CaseId = "c-7f3a9e21";
    public const string Reference = "HC-2026-000123";
    public const string ComplainantEmail = "sam.taylor@example.net";
    public const string PostalAddress = "Flat 4, 12 Station Road\nAnytown\nAN1 2BC";
    public const string OfficerId = "officer-priya";

    // Monday 23 November 2026, 3pm in London (GMT).
    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    public static LandlordDetails Landlord { get; } = new(
        "Anytown Homes",
        "0300 123 4567",
        "asb@anytown-homes.example",
        "https://www.anytown-homes.example",
        "Civic Offices, 1 High Street\nAnytown\nAN1 1AA");

    public static StaffDirectory Staff { get; } = new(
        new Dictionary<string, string> { [OfficerId] = "priya.shah@anytown-homes.example" },
        new Dictionary<string, string>
        {
            [StaffRoles.CaseOfficers] = "asb-officers@anytown-homes.example",
            [StaffRoles.TeamLeader] = "asb-team-leader@anytown-homes.example",
            [StaffRoles.PostRoom] = "post-room@anytown-homes.example",
        });

    public static SurveyTokens SurveyTokens { get; } = new(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    public static Links Links { get; } = new(new Uri("https://cases.anytown-homes.example/"), SurveyTokens);

    public static MessageComposer Composer(ServiceProfile? profile = null) =>
        new(profile ?? ProfileLoader.BuiltIn("default"), Landlord, Staff, Links);

    public static IEnumerable<MessageTemplate> AllTemplates => Enum.GetValues<MessageTemplate>();

    public static bool IsForComplainant(MessageTemplate template) => MessageRenderer.ComplainantTemplates.Contains(template);

    // The recipient and fields the case decider gives each template.
    public static OutgoingMessage Message(MessageTemplate template, MessageRecipient? recipient = null)
    {
        recipient ??= IsForComplainant(template)
            ? new MessageRecipient.ComplainantByEmail(ComplainantEmail)
            : template switch
            {
                MessageTemplate.NewReportToAssign => new MessageRecipient.Team(StaffRoles.CaseOfficers),
                MessageTemplate.DeadlineEscalation or MessageTemplate.ClosureApprovalRequested => new MessageRecipient.Team(StaffRoles.TeamLeader),
                _ => new MessageRecipient.Officer(OfficerId),
            };
        (string, string)[] fields = template switch
        {
            MessageTemplate.Update => [("text", "I visited your neighbour today and gave a verbal warning.\nI will call you on Friday to see how things are.")],
            MessageTemplate.ContactLetter => [("replyDueAt", "2026-12-07T15:00:00.0000000+00:00")],
            MessageTemplate.EnquiryClosed => [("reason", "no-reply-to-letter")],
            MessageTemplate.InvestigationStarted => [("reviewBy", "2027-01-25T10:00:00.0000000+00:00")],
            MessageTemplate.ClosureConsidered => [("monitorUntil", "2027-02-25T10:00:00.0000000+00:00")],
            MessageTemplate.ActionPlanCopy => [("summary", "We agreed to keep a diary and to speak to your neighbour."),
                ("action.1.what", "Keep a diary of each incident"), ("action.1.owner", "complainant"), ("action.1.dueBy", "2026-12-14T17:00:00.0000000+00:00"),
                ("action.2.what", "Visit the neighbour and give a verbal warning"), ("action.2.owner", "officer"), ("action.2.dueBy", "2026-12-04T17:00:00.0000000+00:00"),
                ("action.3.what", "Fit a door camera"), ("action.3.owner", "Safer Homes Partnership"), ("action.3.dueBy", "2027-01-08T17:00:00.0000000+00:00")],
            MessageTemplate.CaseClosed => [("reason", "behaviour-stopped"), ("resolved", "yes")],
            MessageTemplate.SurveyInvitation => [("closureNumber", "1"), ("closesAt", "2027-01-04T15:00:00.0000000+00:00")],
            MessageTemplate.SurveyReminder => [("closureNumber", "1")],
            MessageTemplate.NewReportToAssign => [("risk", "High"), ("hate", "yes")],
            MessageTemplate.DeadlineReminder => [("deadline", "FirstResponse"), ("dueAt", "2026-11-24T15:00:00.0000000+00:00")],
            MessageTemplate.DeadlineEscalation => [("deadline", "RegularContact"), ("dueAt", "2026-11-20T09:00:00.0000000+00:00")],
            MessageTemplate.RelatedReportOffered => [("reportId", "r-5521")],
            MessageTemplate.ClosureApprovalRequested => [("reason", "behaviour-stopped")],
            MessageTemplate.AdaptedCopyToSend => [("news", "InvestigationStarted"), (CaseMessages.FormatsField, "easy read; a translation into Polish"),
                ("sendBy", "2026-11-30T15:00:00.0000000+00:00"), ("reviewBy", "2027-01-25T10:00:00.0000000+00:00")],
            MessageTemplate.TellComplainant => [("news", "Update"), ("method", "Phone"), ("tellBy", "2026-11-25T15:00:00.0000000+00:00"),
                ("text", "I visited your neighbour today and gave a verbal warning.\nI will call you on Friday to see how things are.")],
            _ => [],
        };
        return new OutgoingMessage(template, recipient, fields.Select(f => new MessageField(f.Item1, f.Item2)).ToValueList());
    }

    public static OutboxItem Item(MessageTemplate template, MessageRecipient? recipient = null, string? key = null, int attempts = 0) =>
        Item(Message(template, recipient), key, attempts);

    public static OutboxItem Item(OutgoingMessage message, string? key = null, int attempts = 0) =>
        new(key ?? $"{CaseId}.7.0", CaseId, Reference, 7, message, DeliveryStatus.Pending, attempts, CreatedAt, CreatedAt, null, null);

    public static RenderedMessage Render(OutboxItem item, ServiceProfile? profile = null) =>
        MessageRenderer.Render(item, profile ?? ProfileLoader.BuiltIn("default"), Landlord, Staff, Links);

    // What a transport is handed: the item, written with the default profile.
    public static OutgoingMail Mail(OutboxItem item) => new(item.Key, item.Attempts, Render(item));

    public static OutgoingMail Mail(MessageTemplate template, int attempts = 0) => Mail(Item(template, attempts: attempts));

    // Monday 23 November 2026; the next working day is Tuesday 24 November.
    public static readonly DateOnly DigestDay = new(2026, 11, 23);

    public const string OtherOfficerId = "officer-james";

    public static DigestEntry Entry(string caseId, string reference, DeadlineKind deadline, string dueAt, DigestSection section,
        RiskLevel risk = RiskLevel.Medium, bool hate = false, string? officerId = OfficerId) =>
        new(caseId, reference, deadline, DateTimeOffset.Parse(dueAt, CultureInfo.InvariantCulture), section, risk, hate, officerId);

    // An officer's list with something in every section.
    public static Digest OfficerDigest { get; } = new(new MessageRecipient.Officer(OfficerId), DigestDay, DigestDay.AddDays(1),
    [
        Entry(CaseId, Reference, DeadlineKind.CaseReview, "2026-11-19T12:00:00Z", DigestSection.Overdue),
        Entry("c-2b81d0f4", "HC-2026-000118", DeadlineKind.RegularContact, "2026-11-20T09:00:00Z", DigestSection.Overdue, RiskLevel.Low),
        Entry("c-91e7c3aa", "HC-2026-000131", DeadlineKind.FirstResponse, "2026-11-23T17:00:00Z", DigestSection.DueToday, RiskLevel.High, hate: true),
        Entry("c-4d5e6f70", "HC-2026-000140", DeadlineKind.RiskAssessment, "2026-11-24T10:30:00Z", DigestSection.DueByNextWorkingDay, RiskLevel.High, hate: true),
        Entry("c-0a1b2c3d", "HC-2026-000102", DeadlineKind.FollowUpContact, "2026-11-24T16:00:00Z", DigestSection.DueByNextWorkingDay, RiskLevel.Low),
    ], 0);

    // The missed deadlines across the team, for the profile's escalation role.
    public static Digest TeamLeaderDigest { get; } = new(new MessageRecipient.Team(StaffRoles.TeamLeader), DigestDay, DigestDay.AddDays(1),
    [
        Entry(CaseId, Reference, DeadlineKind.CaseReview, "2026-11-19T12:00:00Z", DigestSection.Overdue),
        Entry("c-5f0e9d8c", "HC-2026-000097", DeadlineKind.RegularContact, "2026-11-20T09:00:00Z", DigestSection.Overdue, officerId: OtherOfficerId),
        Entry("c-77aa1e02", "HC-2026-000135", DeadlineKind.FirstResponse, "2026-11-20T17:00:00Z", DigestSection.Overdue, RiskLevel.High, hate: true, officerId: null),
    ], 0);

    // Cases nobody has picked up yet.
    public static Digest CaseOfficersDigest { get; } = new(new MessageRecipient.Team(StaffRoles.CaseOfficers), DigestDay, DigestDay.AddDays(1),
    [
        Entry("c-77aa1e02", "HC-2026-000135", DeadlineKind.FirstResponse, "2026-11-20T17:00:00Z", DigestSection.Overdue, RiskLevel.High, hate: true, officerId: null),
        Entry("c-3c9f2b10", "HC-2026-000144", DeadlineKind.RiskAssessment, "2026-11-23T17:00:00Z", DigestSection.DueToday, officerId: null),
    ], 0);

    public static DigestItem DigestItem(Digest digest, int attempts = 0) =>
        new($"digest|2026-11-23|{DigestWork.RecipientKey(digest.Recipient)}", digest, DeliveryStatus.Pending, attempts, CreatedAt, CreatedAt, null, null, null);

    public static RenderedMessage RenderDigest(Digest digest, IStaffDirectory? staff = null) =>
        MessageRenderer.RenderDigest(digest, Landlord, staff ?? Staff, Links);
}
