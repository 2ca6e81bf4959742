using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;

namespace HateCase.Mail.Rendering;

// Messages to the person who reported. They may be frightened and reading on a phone: short
// sentences, what happens next, and where to get help, every time. The wording works on paper
// too, because the same message is posted to complainants without an email address.
internal static class ComplainantMessages
{
    public const string VictimSupportPhone = "08 08 16 89 111";
    public const string StopHateUkPhone = "0800 138 1625";

    public static (string Subject, MessageDocument Body) Write(MessageContext context)
    {
        var reference = context.Reference;
        var body = new MessageDocument();
        var subject = context.Template switch
        {
            MessageTemplate.Acknowledgement => Acknowledgement(context, body),
            MessageTemplate.CaseReviewExplained => CaseReviewExplained(context, body),
            MessageTemplate.Update => Update(context, body),
            MessageTemplate.ContactLetter => ContactLetter(context, body),
            MessageTemplate.EnquiryClosed => EnquiryClosed(context, body),
            MessageTemplate.InvestigationStarted => InvestigationStarted(context, body),
            MessageTemplate.ClosureConsidered => ClosureConsidered(context, body),
            MessageTemplate.CaseClosed => CaseClosed(context, body),
            MessageTemplate.ActionPlanCopy => ActionPlanCopy(context, body),
            MessageTemplate.SurveyInvitation => SurveyInvitation(context, body),
            MessageTemplate.SurveyReminder => SurveyReminder(context, body),
            var other => throw new MessageRenderingException($"There is no wording for the complainant message template \"{other}\"."),
        };
        Support(body);
        ContactUs(context, body);
        return ($"Your report {reference}: {subject}", body);
    }

    private static string Acknowledgement(MessageContext context, MessageDocument body)
    {
        var profile = context.Profile;
        body.Heading("Thank you for your report")
            .Paragraph("We have your report and we have written it down.")
            .Paragraph("Your case reference is ", context.Reference, ". Please give it to us whenever you contact us.")
            .Subheading("What happens next")
            .Paragraph("A case officer will look at your report and get in touch with you.")
            .Bullets(FirstContactPromises(profile.FirstResponse));
        if (profile.RegularContact is { } contact)
        {
            body.Paragraph($"While your case is open, we will keep in touch with you {ContactCadence(contact)}.");
        }
        body.Paragraph("If anything else happens before we contact you, please tell us.");

        var code = profile.VictimsCode;
        body.Subheading(code.Title)
            .Paragraph(code.Introduction)
            .Numbered(code.Rights);
        return "what happens next";
    }

    private static IEnumerable<string> FirstContactPromises(FirstResponseStandard standard)
    {
        var high = ContactWithin(standard.HighWorkingDays);
        yield return standard.HateIsAlwaysHigh
            ? $"If you told us about a hate incident, or you are at risk of harm, we will contact you {high}."
            : $"If you are at risk of harm, we will contact you {high}.";
        yield return standard.MediumWorkingDays == standard.LowWorkingDays
            ? $"For other reports, we will contact you {ContactWithin(standard.LowWorkingDays)}."
            : $"For other reports, we will contact you within {standard.MediumWorkingDays} to {MessageContext.Count(standard.LowWorkingDays, "working day")}, depending on how serious it is.";
    }

    private static string ContactWithin(int workingDays) =>
        workingDays == 0 ? "on the same working day" : $"within {MessageContext.Count(workingDays, "working day")}";

    private static string ContactCadence(RegularContactStandard contact) => contact.Unit switch
    {
        ContactCadenceUnit.CalendarMonths when contact.Every == 1 => "at least once a month",
        ContactCadenceUnit.CalendarMonths => $"at least every {contact.Every} months",
        _ => $"at least every {MessageContext.Count(contact.Every, "working day")}",
    };

    private static string CaseReviewExplained(MessageContext context, MessageDocument body)
    {
        body.Heading("Your right to an ASB Case Review")
            .Paragraph($"You have reported a problem to us more than once in the last {MessageContext.Count(context.Profile.CaseReview.WindowMonths, "month")}. When this happens, we always tell you about the Anti-social Behaviour Case Review. You do not have to do anything now.");
        CaseReviewRight(context, body, "What is an ASB Case Review?");
        return "your right to a case review";
    }

    // The statutory ASB Case Review (Anti-social Behaviour, Crime and Policing Act 2014 s.104),
    // with this landlord's thresholds; where they are not met the team leader reviews informally.
    private static void CaseReviewRight(MessageContext context, MessageDocument body, string heading, string? introduction = null)
    {
        var thresholds = context.Profile.CaseReview;
        body.Subheading(heading);
        if (introduction is not null)
        {
            body.Paragraph(introduction);
        }
        body.Paragraph("It is a way to ask the council, the police, health services and housing providers to look at your case together. They check what has been done so far. Then they agree what should happen next. It used to be called the Community Trigger.")
            .Subheading("When you can ask for one")
            .Paragraph("You can ask for a case review if any of these is true:")
            .Bullets(
            [
                $"you have reported {thresholds.IncidentsFromOnePerson} or more incidents about the same problem in the last {MessageContext.Count(thresholds.WindowMonths, "month")}",
                $"{thresholds.IncidentsFromGroup} or more incidents about the same problem have been reported by a group of people in the last {MessageContext.Count(thresholds.WindowMonths, "month")}",
                $"you have reported {thresholds.HateIncidents} or more hate incidents about the same person or people in the last {MessageContext.Count(thresholds.HateWindowMonths, "month")}",
            ])
            // RBC 10: "the last reported incident is within 1 month of the application".
            .Paragraph($"The last incident reported must be within {MessageContext.Count(thresholds.LastIncidentWithinMonths, "month")} of the date you ask for a case review.")
            .Paragraph("If you are not sure, ask us anyway. If a case review is not possible, our team leader can still look at your case again.")
            .Subheading("How to ask")
            .Paragraph($"Call us on {context.Landlord.Phone}, email {context.Landlord.Email}, or write to us. Give us your case reference, {context.Reference}. You do not need to fill in a form. We will tell you what we decide.");
    }

    private static string Update(MessageContext context, MessageDocument body)
    {
        body.Heading("An update on your case")
            .Paragraph("Your case officer has sent you this update:")
            .Quote(context.Field("text"))
            .Paragraph("If you have questions, or anything has changed, please contact us.");
        return "an update from us";
    }

    // RBC 8, MK 5.2, LIVV 2.10: the plan in plain words: each action, who does it, and by when.
    private static string ActionPlanCopy(MessageContext context, MessageDocument body)
    {
        var actions = new List<string>();
        for (var n = 1; context.OptionalField($"action.{n}.what") is { } what; n++)
        {
            var who = context.Field($"action.{n}.owner") switch
            {
                "officer" => "your case officer",
                "complainant" => "you",
                var partner => partner,
            };
            actions.Add($"{MessageContext.Sentence(what)} Who: {who}. By: {UkTime.Date(context.Instant($"action.{n}.dueBy"))}.");
        }
        body.Heading("Your action plan")
            .Paragraph("This is the plan we agreed with you: what each of us will do, and by when.")
            .Quote(context.Field("summary"))
            .Numbered(actions)
            .Paragraph("We will tell you if the plan changes. If something in it is not right, or you cannot do your part, please contact us.");
        return "your action plan";
    }

    private static string ContactLetter(MessageContext context, MessageDocument body)
    {
        var replyBy = UkTime.Date(context.Instant("replyDueAt"));
        body.Heading("Please get in touch with us")
            .Paragraph("We have tried to call you about your report, but we could not reach you.")
            .Paragraph("We would like to talk to you about what happened and how we can help.")
            .Paragraph("Please contact us by ", replyBy, ".")
            .Paragraph($"Call us on {context.Landlord.Phone} or email {context.Landlord.Email}. Tell us the best times to call you, and whether it is safe to leave a message.");
        if (context.Profile.Enquiry.CloseWhenLetterUnanswered)
        {
            body.Paragraph("If we do not hear from you by then, we may close your report. You can still contact us after that, and we will look at it again.");
        }
        return "please get in touch";
    }

    private static string EnquiryClosed(MessageContext context, MessageDocument body)
    {
        body.Heading("We have closed your enquiry")
            .Paragraph("We have closed the enquiry about your report.")
            .Subheading("Why we closed it")
            .Paragraph(MessageContext.Sentence(context.ClosureReasonText(context.Field("reason"))))
            .Subheading("If it happens again")
            .Paragraph("If anything else happens, or you have new information, please contact us and give your case reference. We will look at it again.")
            .Paragraph("If you are unhappy with how we dealt with your report, please tell us. Our team leader can look at it again.");
        return "we have closed your enquiry";
    }

    // RBC 8 stage 2: the victim hears that the case is progressing to a full investigation, and
    // what that means for them.
    private static string InvestigationStarted(MessageContext context, MessageDocument body)
    {
        body.Heading("Your report is now a full investigation")
            .Paragraph("We have looked at what you told us and we are now investigating it fully.")
            .Subheading("What happens next")
            .Bullets(
            [
                "Your case officer will talk to you about what happens next, what you can expect from us and any support you need.",
                "We will gather evidence. This may include talking to other people, asking you to keep a diary of what happens, and working with the police or other services.",
                "Please keep telling us about every incident, in the way you agreed with your officer. This helps us act.",
            ]);
        if (context.OptionalInstant("reviewBy") is { } reviewBy)
        {
            body.Paragraph("We will review your case by ", UkTime.Date(reviewBy), ". We will tell you what we decide.");
        }
        body.Paragraph("If things get worse, or you feel unsafe, contact us straight away.");
        return "we are investigating";
    }

    // RBC 8 stage 3: the victim is told closure is being considered, and for how long the case is
    // monitored before it is decided.
    private static string ClosureConsidered(MessageContext context, MessageDocument body)
    {
        body.Heading("We are thinking about closing your case")
            .Paragraph("We have reviewed your case. We are thinking about closing it. Nothing has been decided yet.")
            .Paragraph("Your case officer will talk to you about why.");
        if (context.OptionalInstant("monitorUntil") is { } until)
        {
            body.Subheading("We will keep watching first")
                .Paragraph("Before we decide, we will keep a close watch on your case until ", UkTime.Date(until), ".");
        }
        body.Subheading("If anything else happens")
            .Paragraph("Please tell us straight away and give your case reference. What you tell us may mean we keep your case open.");
        return "we are thinking about closing your case";
    }

    private static string CaseClosed(MessageContext context, MessageDocument body)
    {
        body.Heading("We have closed your case")
            .Paragraph("We have closed your case. Thank you for working with us.")
            .Subheading("Why we closed it")
            .Paragraph(MessageContext.Sentence(context.ClosureReasonText(context.Field("reason"))))
            .Subheading("If it happens again")
            .Paragraph("If the problem starts again, please contact us straight away and give your case reference. We can open your case again.");
        CaseReviewRight(context, body, "Your right to an ASB Case Review",
            "If you feel the problem has not been dealt with, you can ask for an Anti-social Behaviour Case Review.");
        if (context.Profile.Survey is not null)
        {
            body.Paragraph("We will also ask you a few short questions about how we handled your case.");
        }
        return "we have closed your case";
    }

    private static string SurveyInvitation(MessageContext context, MessageDocument body)
    {
        var closesAt = context.Instant("closesAt");
        body.Heading("Tell us how we did")
            .Paragraph("Your case is now closed. We would like to know how we did.")
            .Paragraph("We will ask how happy you are with how we handled your case, and with how it ended. It takes about 2 minutes. Your answers help us do better for the next person.")
            .Link("Answer the questions", SurveyLink(context, closesAt))
            .Paragraph("The questions close on ", UkTime.DateAndTime(closesAt), ".")
            .Paragraph("The link is just for you. Please do not share it.")
            .Paragraph("You do not have to answer. It will not change how we treat you if you report something again.");
        return "tell us how we did";
    }

    private static string SurveyReminder(MessageContext context, MessageDocument body)
    {
        var closesAt = SurveyClosesAt(context);
        body.Heading("A reminder: tell us how we did")
            .Paragraph("We recently asked how we handled your case. There is still time to tell us. It takes about 2 minutes.")
            .Link("Answer the questions", SurveyLink(context, closesAt))
            .Paragraph("The questions close on ", UkTime.DateAndTime(closesAt), ".")
            .Paragraph("If you have already answered, thank you. You can ignore this message.");
        return "a reminder to tell us how we did";
    }

    private static Uri SurveyLink(MessageContext context, DateTimeOffset closesAt) =>
        context.Links.Survey(context.Item.CaseId, context.Number("closureNumber"), closesAt, context.OptionalField(CaseMessages.RespondentField));

    // The reminder does not carry the closing time, so it is worked out from the profile: the
    // reminder goes out ReminderAfterDays into a window of WindowDays.
    private static DateTimeOffset SurveyClosesAt(MessageContext context)
    {
        if (context.OptionalInstant("closesAt") is { } closesAt)
        {
            return closesAt;
        }
        var survey = context.Profile.Survey
            ?? throw new MessageRenderingException("The SurveyReminder message has no \"closesAt\" field and the profile has no survey.");
        return context.Item.CreatedAt.AddDays(survey.WindowDays - survey.ReminderAfterDays);
    }

    private static void Support(MessageDocument body) =>
        body.Rule()
            .StartPanel()
            .Subheading("Help and support")
            .Paragraph("If you are in danger, or it is an emergency, call 999.")
            .Paragraph("You can talk to someone in confidence. These services are free and separate from us:")
            .Phones(
            [
                ("Victim Support", VictimSupportPhone, "day or night"),
                ("Stop Hate UK", StopHateUkPhone, "day or night"),
            ])
            .EndPanel();

    private static void ContactUs(MessageContext context, MessageDocument body)
    {
        var landlord = context.Landlord;
        body.Subheading("Contact us")
            .Paragraph(landlord.Name)
            .Details(
            [
                ("Phone", landlord.Phone),
                ("Email", landlord.Email),
                ("Website", landlord.Website),
                ("Your case reference", context.Reference),
            ])
            .Lines(landlord.Address);
    }
}
