using System.Text.Json.Serialization;
using HateCase.Domain.Common;
using HateCase.Domain.Privacy;
using static HateCase.Domain.Cases.CaseEvent;

namespace HateCase.Domain.Cases;

public enum MessageTemplate
{
    // To the complainant.
    Acknowledgement,
    CaseReviewExplained,
    Update,
    ContactLetter,
    EnquiryClosed,
    // RBC 8 stage 2: the victim is told the enquiry is now a full investigation.
    InvestigationStarted,
    // RBC 8 stage 3: the victim is told closure is being considered, and how long the case is
    // monitored first.
    ClosureConsidered,
    CaseClosed,
    // RBC 8, MK 5.2, LIVV 2.10: a plain copy of the agreed action plan.
    ActionPlanCopy,
    SurveyInvitation,
    SurveyReminder,
    // To staff. Staff messages name the case, never the complainant's account of the incident.
    NewReportToAssign,
    CaseAssigned,
    DeadlineReminder,
    DeadlineEscalation,
    RelatedReportOffered,
    ClosureApprovalRequested,
    ClosureRejected,
    CorrespondenceReceived,
    LetterUnanswered,
    MessageUndeliverable,
    // MK 11.2, PP 6.3: news for a complainant who asked for a call, a text or a visit.
    TellComplainant,
    // RBC 9, MK 11.2, PP 6.3: a copy of a written message in the format or language asked for.
    AdaptedCopyToSend,
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "to")]
[JsonDerivedType(typeof(ComplainantByEmail), "complainant-by-email")]
[JsonDerivedType(typeof(ComplainantByPost), "complainant-by-post")]
[JsonDerivedType(typeof(Officer), "officer")]
[JsonDerivedType(typeof(Team), "team")]
public abstract record MessageRecipient
{
    private MessageRecipient() { }

    public sealed record ComplainantByEmail(string Email) : MessageRecipient;

    // A letter for staff to print and post (no email address).
    public sealed record ComplainantByPost(string PostalAddress) : MessageRecipient;

    public sealed record Officer(string OfficerId) : MessageRecipient;

    // A role in the landlord's team: "team-leader", "case-officers" (the unassigned queue).
    public sealed record Team(string Role) : MessageRecipient;
}

public sealed record MessageField(string Name, string Value);

// DeadlineDueAt: the deadline a message to staff is about, while it is still ahead (a reminder),
// so that the message is not held back past it.
// SafeHours: the complainant's safe hours for email, which the message waits for.
// Restricted: staff mail about a case restricted to named people (RBC 15), for them alone.
public sealed record OutgoingMessage(
    MessageTemplate Template, MessageRecipient Recipient, ValueList<MessageField> Fields, DateTimeOffset? DeadlineDueAt = null,
    SafeHours? SafeHours = null, bool Restricted = false)
{
    public string? Field(string name) => Fields.FirstOrDefault(f => f.Name == name)?.Value;
}

public sealed record CaseNews(MessageTemplate Template, ValueList<MessageField> Fields);

public static class CaseMessages
{
    public const string UnassignedQueue = "case-officers";

    // The "hate" field of a staff message when the words of an emailed report suggest hate: it
    // is handled as hate until the officer's risk assessment says otherwise.
    public const string PossibleHate = "possible";

    // The "interpreter" field of a staff message: the language the complainant needs an interpreter
    // for ("" when they did not say which), so the officer can book one before the first contact.
    public const string InterpreterField = "interpreter";

    // The formats and languages of an adapted copy, "; "-separated as staff read them.
    public const string FormatsField = "formats";

    // The messages an event implies, given the case state after the event.
    public static IReadOnlyList<OutgoingMessage> For(CaseState stateAfter, CaseEvent @event)
    {
        if (stateAfter.FileOrNull is not { } file)
        {
            return [];
        }
        var owner = file.OfficerId is { } officer ? new MessageRecipient.Officer(officer) : (MessageRecipient)new MessageRecipient.Team(UnassignedQueue);
        return MessagesFor(stateAfter, file, owner, @event)
            .Select(m => m is { Recipient: MessageRecipient.ComplainantByEmail, SafeHours: null } && file.Complainant.SafeToEmail is { } safe ? m with { SafeHours = safe } : m)
            .Concat(ToOtherComplainants(stateAfter, file, @event))
            .Select(m => file.Restriction is { } restriction ? WithinRestriction(m, restriction) : m)
            .ToList();
    }

    // RBC 15, MK 15.3: staff mail about a restricted case goes only to people it is restricted to.
    // What would go to a shared team address, or to someone not named (an officer assigned before
    // the restriction), goes to the team leader who restricted it. Restricted marks it, so that an
    // address missing for a named person is not made up for with a shared inbox.
    private static OutgoingMessage WithinRestriction(OutgoingMessage message, CaseRestriction restriction) => message.Recipient switch
    {
        MessageRecipient.Officer officer when restriction.Names(officer.OfficerId) => message with { Restricted = true },
        MessageRecipient.Officer or MessageRecipient.Team => message with { Recipient = new MessageRecipient.Officer(restriction.RestrictedBy), Restricted = true },
        _ => message,
    };

    // RBC 8 stages 2 and 3, and closure: the news a complainant is told when an event happens, as
    // a written message carries it. How it reaches them is their NewsRoute.
    public static CaseNews? NewsFor(CaseEvent @event) => @event switch
    {
        EnquiryClosed e => News(MessageTemplate.EnquiryClosed, ("reason", e.ReasonCode)),
        EnquiryConverted e => News(MessageTemplate.InvestigationStarted, Optional("reviewBy", e.InitialReviewDueAt)),
        CaseReviewed { Outcome: ReviewOutcome.Monitor or ReviewOutcome.ConsiderClosure } e =>
            News(MessageTemplate.ClosureConsidered, Optional("monitorUntil", e.MonitorUntil)),
        CaseClosed e => News(MessageTemplate.CaseClosed, ("reason", e.ReasonCode), ("resolved", Flag(e.Resolved))),
        _ => null,
    };

    private static IReadOnlyList<OutgoingMessage> MessagesFor(CaseState stateAfter, CaseFile file, MessageRecipient owner, CaseEvent @event)
    {
        if (NewsFor(@event) is { } news)
        {
            return InWriting(file.Complainant) is { } written ? [new OutgoingMessage(news.Template, written, news.Fields)] : [];
        }
        var toComplainant = ToComplainant(file.Complainant);
        return @event switch
        {
            ContactMade { With: not null } => [],
            ReportReceived e => [Message(MessageTemplate.NewReportToAssign, owner,
                [("risk", e.TriageRisk.ToString()), ("hate", Hate(e.Report)), .. Interpreter(InterpreterFor(file.Complainant))])],
            VictimsCodeSent { Delivery: VictimsCodeDelivery.ToldByStaff } => [],
            VictimsCodeSent e => Maybe(To(e.To), MessageTemplate.Acknowledgement),
            CaseReviewExplained e => Maybe(To(e.To), MessageTemplate.CaseReviewExplained),
            ContactMade { UpdateText: { } text, Method: ContactMethod.Letter } =>
                Maybe(file.Complainant.PostalAddress is { } address ? new MessageRecipient.ComplainantByPost(address) : null, MessageTemplate.Update, ("text", text)),
            ContactMade { UpdateText: { } text } => Maybe(toComplainant, MessageTemplate.Update, ("text", text)),
            ComplainantToBeTold e => [new OutgoingMessage(MessageTemplate.TellComplainant, owner,
                ValueList.Of(new MessageField("news", e.News.ToString()), new MessageField("method", e.Method.ToString()), new MessageField("tellBy", Instant(e.TellBy)))
                    .Concat(ForWhom(e.For))
                    .Concat(Interpreter(InterpreterFor((e.For is { } other ? file.JoinedComplainant(other)?.Complainant : null) ?? file.Complainant))
                        .Select(f => new MessageField(f.Item1, f.Item2)))
                    .Concat(e.Fields).ToValueList(), DeadlineDueAt: e.TellBy)],
            AdaptedCopyNeeded e => [new OutgoingMessage(MessageTemplate.AdaptedCopyToSend, owner,
                ValueList.Of(new MessageField("news", e.Message.ToString()), new MessageField(FormatsField, string.Join("; ", e.Formats)), new MessageField("sendBy", Instant(e.SendBy)))
                    .Concat(ForWhom(e.For)).Concat(e.Fields).ToValueList(), DeadlineDueAt: e.SendBy)],
            // A document they keep, like the Victims Code: in writing whatever their preferred way.
            ActionPlanAgreed { Actions.Count: > 0 } e => Maybe(ToComplainantAnyWay(file.Complainant), MessageTemplate.ActionPlanCopy,
                [("summary", e.Summary), .. e.Actions!.SelectMany((a, i) => ActionFields(i + 1, a))]),
            LetterSent e => Maybe(ToComplainantAnyWay(file.Complainant), MessageTemplate.ContactLetter,
                ("replyDueAt", Instant(e.ReplyDueAt))),
            SurveyInvitationSent e => Maybe(toComplainant, MessageTemplate.SurveyInvitation,
                ("closureNumber", e.ClosureNumber.ToString()), ("closesAt", Instant(e.WindowClosesAt))),
            SurveyReminderSent e => Maybe(((CaseState.Closed)stateAfter).Survey!.Answered ? null : toComplainant, MessageTemplate.SurveyReminder, ("closureNumber", e.ClosureNumber.ToString()),
                ("closesAt", Instant(((CaseState.Closed)stateAfter).Survey!.ClosesAt))),
            OfficerAssigned e => [Message(MessageTemplate.CaseAssigned, new MessageRecipient.Officer(e.OfficerId),
                [.. file.HateFlaggedFromWords ? [("hate", PossibleHate)] : Array.Empty<(string, string)>(), .. Interpreter(InterpreterForAnyone(file))])],
            ReminderSent e => [Message(MessageTemplate.DeadlineReminder, owner, ("deadline", e.Kind.ToString()), ("dueAt", Instant(e.DueAt))) with { DeadlineDueAt = e.DueAt }],
            DeadlineMissed e => [Message(MessageTemplate.DeadlineEscalation, new MessageRecipient.Team(e.EscalatedTo),
                ("deadline", e.Kind.ToString()), ("dueAt", Instant(e.DueAt)))],
            RelatedReportReceived e => [Message(MessageTemplate.RelatedReportOffered, owner, ("reportId", e.ReportId))],
            ClosureRequested e => [Message(MessageTemplate.ClosureApprovalRequested, new MessageRecipient.Team("team-leader"), ("reason", e.ReasonCode))],
            ClosureRejected => [Message(MessageTemplate.ClosureRejected, owner)],
            CorrespondenceReceived => [Message(MessageTemplate.CorrespondenceReceived, owner)],
            LetterUnanswered => [Message(MessageTemplate.LetterUnanswered, owner)],
            MessageUndeliverable => [Message(MessageTemplate.MessageUndeliverable, owner)],
            _ => [],
        };
    }

    // RBC 9: the other people who reported the case hear its news, their own updates and their own
    // survey, each as they asked (in writing here; a call, a text or a visit is the officer's task,
    // ComplainantToBeTold), within their own safe hours, and never learn who else reported.
    private static IEnumerable<OutgoingMessage> ToOtherComplainants(CaseState stateAfter, CaseFile file, CaseEvent @event)
    {
        var news = NewsFor(@event);
        foreach (var other in file.JoinedComplainants())
        {
            var written = InWriting(other.Complainant);
            var message = (@event, news) switch
            {
                (_, { } n) when written is not null => new OutgoingMessage(n.Template, written, n.Fields),
                (ContactMade { With: var with, UpdateText: { } text, Method: var method }, _) when with == other.Id =>
                    Message(MessageTemplate.Update, method == ContactMethod.Letter && other.Complainant.PostalAddress is { } address
                        ? new MessageRecipient.ComplainantByPost(address) : new MessageRecipient.ComplainantByEmail(other.Complainant.Email!), ("text", text)),
                (SurveyInvitationSent e, _) when other.Complainant.CanBeEmailed => Message(MessageTemplate.SurveyInvitation,
                    new MessageRecipient.ComplainantByEmail(other.Complainant.Email!),
                    ("closureNumber", e.ClosureNumber.ToString()), ("closesAt", Instant(e.WindowClosesAt)), (RespondentField, other.Id)),
                (SurveyReminderSent e, _) when other.Complainant.CanBeEmailed && stateAfter is CaseState.Closed { Survey: { } survey }
                    && survey.AcceptsAnswersFrom(other.Id) => Message(MessageTemplate.SurveyReminder,
                    new MessageRecipient.ComplainantByEmail(other.Complainant.Email!),
                    ("closureNumber", e.ClosureNumber.ToString()), ("closesAt", Instant(survey.ClosesAt)), (RespondentField, other.Id)),
                _ => null,
            };
            if (message is not null)
            {
                yield return message.Recipient is MessageRecipient.ComplainantByEmail && other.Complainant.SafeToEmail is { } safe
                    ? message with { SafeHours = safe }
                    : message;
            }
        }
    }

    // The survey message field naming the other complainant (RBC 9) the survey link is for.
    public const string RespondentField = "respondent";

    // The field of an officer's task (news to tell, a copy to send) owed to another complainant
    // (RBC 9) rather than the complainant: "yes". The staff email names nobody; the case page does.
    public const string ForOtherComplainantField = "forOtherComplainant";

    private static IEnumerable<MessageField> ForWhom(string? other) =>
        other is null ? [] : [new MessageField(ForOtherComplainantField, "yes")];

    // When a message written at `at` goes out. Complainants hear at once (MK 5.1: the Victims Code
    // as soon as the report is made). Officers and teams are emailed in office hours on working
    // days (WorkingCalendar.StaffEmailTime), and never before the message exists.
    public static DateTimeOffset SendAt(OutgoingMessage message, DateTimeOffset at, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(calendar);
        if (message is { Recipient: MessageRecipient.ComplainantByEmail, SafeHours: { } safe })
        {
            return calendar.NextTimeWithin(at, safe.From, safe.To);
        }
        if (message.Recipient is not (MessageRecipient.Officer or MessageRecipient.Team))
        {
            return at;
        }
        var inOfficeHours = calendar.StaffEmailTime(at, message.DeadlineDueAt);
        return inOfficeHours > at ? inOfficeHours : at;
    }

    private static MessageRecipient? ToComplainant(Complainant complainant) =>
        complainant.CanBeEmailed ? new MessageRecipient.ComplainantByEmail(complainant.Email!) : null;

    // News goes by email or post as the complainant asked; news for someone who asked for a call,
    // a text or a visit is the officer's task (ComplainantToBeTold), not a message to them.
    private static MessageRecipient? InWriting(Complainant complainant) => complainant.NewsRoute switch
    {
        NewsRoute.Email => new MessageRecipient.ComplainantByEmail(complainant.Email!),
        NewsRoute.Post => new MessageRecipient.ComplainantByPost(complainant.PostalAddress!),
        _ => null,
    };

    private static CaseNews News(MessageTemplate template, params (string Name, string Value)[] fields) =>
        new(template, fields.Select(f => new MessageField(f.Name, f.Value)).ToValueList());

    // Letters about the case go by post when there is no email address.
    private static MessageRecipient? ToComplainantAnyWay(Complainant complainant) => To(ContactPoint.Of(complainant));

    private static MessageRecipient? To(ContactPoint? to) => to switch
    {
        { Email: { } email } => new MessageRecipient.ComplainantByEmail(email),
        { PostalAddress: { } address } => new MessageRecipient.ComplainantByPost(address),
        _ => null,
    };

    private static IReadOnlyList<OutgoingMessage> Maybe(MessageRecipient? recipient, MessageTemplate template, params (string, string)[] fields) =>
        recipient is null ? [] : [Message(template, recipient, fields)];

    private static OutgoingMessage Message(MessageTemplate template, MessageRecipient recipient, params (string Name, string Value)[] fields) =>
        new(template, recipient, fields.Select(f => new MessageField(f.Name, f.Value)).ToValueList());

    private static (string, string)[] Interpreter(string? language) => language is null ? [] : [(InterpreterField, language)];

    // RBC 9, MK 11.2: the language an interpreter is needed for ("" when not said), or null.
    public static string? InterpreterFor(Complainant complainant) =>
        complainant.InterpreterNeeded && !complainant.Anonymous ? complainant.Language?.Trim() ?? "" : null;

    // RBC 9: the languages interpreters are needed for by anyone the case contacts (the
    // complainant and each other complainant), ", "-separated ("" when none was said), or null.
    public static string? InterpreterForAnyone(CaseFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var needs = file.JoinedComplainants().Select(o => o.Complainant).Prepend(file.Complainant)
            .Select(InterpreterFor).OfType<string>().ToList();
        return needs.Count == 0 ? null : string.Join(", ", needs.Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));
    }

    // "action.1.what", "action.1.owner" ("officer", "complainant" or the partner's name), "action.1.dueBy".
    private static (string, string)[] ActionFields(int number, PlannedAction action) =>
    [
        ($"action.{number}.what", action.What),
        ($"action.{number}.owner", action.Owner == ActionOwner.Partner ? action.Partner ?? "partner" : action.Owner.ToString().ToLowerInvariant()),
        ($"action.{number}.dueBy", Instant(action.DueBy)),
    ];

    private static (string, string)[] Optional(string name, DateTimeOffset? at) => at is { } value ? [(name, Instant(value))] : [];

    private static string Flag(bool value) => value ? "yes" : "no";

    private static string Hate(IncidentReport report) => report.FlaggedAsPossibleHate ? PossibleHate : Flag(report.HatePerceived);

    private static string Instant(DateTimeOffset at) => at.ToString("O");
}
