using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Risk;

namespace HateCase.Mail.Rendering;

// Messages to officers and teams. They say what needs doing and link to the case. They never
// carry the complainant's account, name or contact details: email is copied and forwarded, and
// the case record is where access is controlled.
internal static class StaffMessages
{
    public static (string Subject, MessageDocument Body) Write(MessageContext context, string? redirectedNote)
    {
        var body = new MessageDocument();
        if (redirectedNote is not null)
        {
            body.StartPanel().Paragraph(redirectedNote).EndPanel();
        }
        var reference = context.Reference;
        var subject = context.Template switch
        {
            MessageTemplate.NewReportToAssign => NewReportToAssign(context, body),
            MessageTemplate.CaseAssigned => CaseAssigned(context, body),
            MessageTemplate.DeadlineReminder => DeadlineReminder(context, body),
            MessageTemplate.DeadlineEscalation => DeadlineEscalation(context, body),
            MessageTemplate.RelatedReportOffered => RelatedReportOffered(context, body),
            MessageTemplate.ClosureApprovalRequested => ClosureApprovalRequested(context, body),
            MessageTemplate.ClosureRejected => ClosureRejected(context, body),
            MessageTemplate.CorrespondenceReceived => CorrespondenceReceived(context, body),
            MessageTemplate.LetterUnanswered => LetterUnanswered(context, body),
            MessageTemplate.MessageUndeliverable => MessageUndeliverable(context, body),
            MessageTemplate.TellComplainant => TellComplainant(context, body),
            MessageTemplate.AdaptedCopyToSend => AdaptedCopyToSend(context, body),
            var other => throw new MessageRenderingException($"There is no wording for the staff message template \"{other}\"."),
        };
        body.Link($"Open case {reference}", context.Links.Case(context.Item.CaseId));
        Footer(body, context.Landlord);
        return (subject, body);
    }

    // A list of cases (the daily digest) speaks of complainants and their case records.
    public static MessageDocument Footer(MessageDocument body, LandlordDetails landlord, bool manyCases = false) =>
        body.Rule()
            .Paragraph($"This message comes from the {landlord.Name} hate and anti-social behaviour case system. " + (manyCases
                ? "It leaves out complainants' details on purpose. You will find them in each case record."
                : "It leaves out the complainant's details on purpose. You will find them in the case record."))
            .Details([("Phone", landlord.Phone), ("Email", landlord.Email)]);

    private static string NewReportToAssign(MessageContext context, MessageDocument body)
    {
        var risk = Risk(context.Field("risk"));
        var hateField = context.Field("hate");
        var hate = hateField == "yes";
        var possibleHate = hateField == CaseMessages.PossibleHate;
        body.Heading("A new report needs a case officer")
            .Paragraph("A new report has come in. Please make sure a case officer picks it up.")
            .Details(
            [
                ("Case", context.Reference),
                ("Risk at triage", risk),
                ("Reported as a hate incident", hate ? "Yes" : possibleHate ? PossibleHateAnswer : "No"),
                ("First response due", $"within {MessageContext.Count(FirstResponseDays(context, risk), "working day")}"),
                .. InterpreterNeed(context) is { } need ? [("Interpreter needed", need)] : Array.Empty<(string, string)>(),
            ]);
        return $"New report {context.Reference}: {risk.ToLowerInvariant()} risk{(hate ? ", hate incident" : possibleHate ? ", possible hate incident" : "")}, please assign";
    }

    // The risk at triage already counts a hate report as high where the profile says so.
    private static int FirstResponseDays(MessageContext context, string risk) =>
        context.Profile.FirstResponseWorkingDays(Enum.Parse<RiskLevel>(risk));

    // RBC 5, MK 6.1: which words flagged it stay in the case record, not in the email.
    private const string PossibleHateAnswer = "Possibly: the email's words suggest hate, so it is handled as hate until the risk assessment";

    private static string CaseAssigned(MessageContext context, MessageDocument body)
    {
        body.Heading("A case is now yours")
            .Paragraph("You are now the case officer for case ", context.Reference, ".")
            .Paragraph("Please read the case and contact the complainant within the first response time. The deadlines are on the case.");
        if (context.OptionalField("hate") == CaseMessages.PossibleHate)
        {
            body.Paragraph("The words of the email that reported it suggest hate, so it is handled as a hate report, high priority, until your risk assessment says otherwise. The case record shows which words flagged it. Ask the complainant whether they see it as hate.");
        }
        if (InterpreterNeed(context) is { } need)
        {
            body.Paragraph($"Interpreter needed: {need}. Please book one before you contact the complainant.");
        }
        return $"Case {context.Reference} is now assigned to you";
    }

    // MK 11.2, PP 6.3: contact in the way the complainant can use, so the officer books an
    // interpreter before the first contact.
    private static string? InterpreterNeed(MessageContext context) => InterpreterNeed(context.Item.Message.Field(CaseMessages.InterpreterField));

    internal static string? InterpreterNeed(string? language) =>
        language is null ? null
        : language.Length == 0 ? "yes, the language was not given"
        : $"yes, {language}";

    private static string DeadlineReminder(MessageContext context, MessageDocument body)
    {
        var deadline = DeadlineNames.Of(context.Field("deadline"));
        var due = UkTime.DateAndTime(context.Instant("dueAt"));
        body.Heading("A deadline is coming up")
            .Paragraph($"The {deadline} for case {context.Reference} is due soon.")
            .Details([("Case", context.Reference), ("Due", due)]);
        return $"Case {context.Reference}: {deadline} due {due}";
    }

    private static string DeadlineEscalation(MessageContext context, MessageDocument body)
    {
        var deadline = DeadlineNames.Of(context.Field("deadline"));
        var due = UkTime.DateAndTime(context.Instant("dueAt"));
        body.Heading("A deadline has been missed")
            .Paragraph($"The {deadline} for case {context.Reference} was due on {due}. It has not been done.")
            .Paragraph("Please check the case and agree the next step with the case officer.")
            .Details([("Case", context.Reference), ("Was due", due)]);
        return $"Case {context.Reference}: {deadline} deadline missed";
    }

    private static string RelatedReportOffered(MessageContext context, MessageDocument body)
    {
        body.Heading("A new report may be linked to your case")
            .Paragraph($"A new report may be about the same problem as case {context.Reference}.")
            .Paragraph("Please look at it and decide whether to link it to this case.")
            .Details([("Case", context.Reference), ("New report", context.Field("reportId"))]);
        return $"Case {context.Reference}: a new report may be linked";
    }

    private static string ClosureApprovalRequested(MessageContext context, MessageDocument body)
    {
        body.Heading("A case closure needs your approval")
            .Paragraph($"The case officer asks to close case {context.Reference}.")
            .Details([("Case", context.Reference), ("Reason", context.ClosureReasonText(context.Field("reason")))])
            .Paragraph("Please review the case, then approve or reject the closure.");
        return $"Case {context.Reference}: closure needs your approval";
    }

    private static string ClosureRejected(MessageContext context, MessageDocument body)
    {
        body.Heading("Closure not approved")
            .Paragraph($"The request to close case {context.Reference} was not approved. The case stays open.")
            .Paragraph("The reasons are on the case. Please agree the next step with your team leader.");
        return $"Case {context.Reference}: closure not approved";
    }

    private static string CorrespondenceReceived(MessageContext context, MessageDocument body)
    {
        body.Heading("New correspondence on your case")
            .Paragraph($"Something new has arrived about case {context.Reference}.")
            .Paragraph("Please read it in the case record and reply if needed.");
        return $"Case {context.Reference}: new correspondence";
    }

    private static string LetterUnanswered(MessageContext context, MessageDocument body)
    {
        body.Heading("No reply to our letter")
            .Paragraph($"The complainant on case {context.Reference} has not replied to our letter by the date we gave.");
        body.Paragraph(context.Profile.Enquiry.CloseWhenLetterUnanswered
            ? "Our service standards say the enquiry now closes. Please check the case, and record anything you know that changes this."
            : "Please check the case and decide the next step.");
        return $"Case {context.Reference}: no reply to our letter";
    }

    // MK 11.2, PP 6.3: the complainant asked to hear by phone, text or visit, so the officer tells
    // them what the written message would have said, in their own words, by the date given.
    private static string TellComplainant(MessageContext context, MessageDocument body)
    {
        var whom = Whom(context);
        var (task, verb) = Enum.Parse<ContactMethod>(context.Field("method")) switch
        {
            ContactMethod.Text => ($"Send {whom} a text message", "text them"),
            ContactMethod.Visit => ($"Visit {whom}", "visit them"),
            _ => ($"Phone {whom}", "call them"),
        };
        var tellBy = UkTime.DateAndTime(context.Instant("tellBy"));
        var (newsSubject, newsBody) = ComplainantMessages.Write(NewsContext(context));
        body.Heading(task)
            .Paragraph($"{Capitalised(whom)} on case {context.Reference} asked us to contact them this way rather than by email or letter. Please {verb} by {tellBy} and tell them what the message below says, in your own words.")
            .Paragraph($"{WhoTheyAre(context)}Their contact details, and the times it is safe to contact them, are in the case record. When you have told them, record the contact {(IsForOtherComplainant(context) ? "with them " : "")}on the case: that completes this task.")
            .Details([("Case", context.Reference), ("Tell them by", tellBy), ("About", newsSubject),
                .. InterpreterNeed(context) is { } need ? [("Interpreter needed", need)] : Array.Empty<(string, string)>()])
            .Letter(newsBody);
        return $"Case {context.Reference}: {char.ToLowerInvariant(task[0])}{task[1..]} by {tellBy}";
    }

    // RBC 9, MK 11.2, PP 6.3: the complainant asked for another format or language; the standard
    // copy has gone, and the officer has this one made and sent.
    private static string AdaptedCopyToSend(MessageContext context, MessageDocument body)
    {
        var whom = Whom(context);
        var formats = context.Field(CaseMessages.FormatsField);
        var sendBy = UkTime.DateAndTime(context.Instant("sendBy"));
        var (newsSubject, newsBody) = ComplainantMessages.Write(NewsContext(context));
        body.Heading($"Send {whom} an adapted copy")
            .Paragraph($"{Capitalised(whom)} on case {context.Reference} asked for our messages in another format or language: {formats}. We have sent them the standard copy of the message below. Please have it made in what they asked for and send it to them by {sendBy}.")
            .Paragraph($"{WhoTheyAre(context)}When it has gone, record it on the case (\"Record an adapted copy sent\"): that completes this task.")
            .Details([("Case", context.Reference), ("Copy needed", formats), ("Send it by", sendBy), ("Message", newsSubject)])
            .Letter(newsBody);
        return $"Case {context.Reference}: adapted copy for {whom} ({formats}) by {sendBy}";
    }

    // RBC 9: a task owed to another person who reported the case says so, without naming them.
    private static bool IsForOtherComplainant(MessageContext context) => context.OptionalField(CaseMessages.ForOtherComplainantField) == "yes";

    private static string Whom(MessageContext context) => IsForOtherComplainant(context) ? "another complainant" : "the complainant";

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string WhoTheyAre(MessageContext context) => IsForOtherComplainant(context)
        ? "This is not the person who first reported the case but another person who reported it: the case record names them with this task. "
        : "";

    // The news as the complainant's own message would have carried it.
    private static MessageContext NewsContext(MessageContext context)
    {
        var taskFields = new[] { "news", "method", "tellBy", CaseMessages.FormatsField, "sendBy", CaseMessages.ForOtherComplainantField, CaseMessages.InterpreterField };
        var news = new OutgoingMessage(
            Enum.Parse<MessageTemplate>(context.Field("news")),
            context.Item.Message.Recipient,
            context.Item.Message.Fields.Where(f => !taskFields.Contains(f.Name)).ToValueList());
        return new MessageContext(context.Item with { Message = news }, context.Profile, context.Landlord, context.Links);
    }

    private static string MessageUndeliverable(MessageContext context, MessageDocument body)
    {
        body.Heading("A message could not be delivered")
            .Paragraph($"A message to the complainant on case {context.Reference} could not be delivered.")
            .Paragraph("Please check their contact details in the case record and get in touch another way.");
        return $"Case {context.Reference}: a message to the complainant was not delivered";
    }

    private static string Risk(string value) => value switch
    {
        "High" or "high" => "High",
        "Medium" or "medium" => "Medium",
        "Low" or "low" => "Low",
        _ => throw new MessageRenderingException($"The \"risk\" field of the {MessageTemplate.NewReportToAssign} message is not a risk level."),
    };
}
