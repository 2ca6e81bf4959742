using HateCase.Domain.Common;
using HateCase.Domain.Privacy;
using HateCase.Domain.Profiles;
using HateCase.Domain.Retention;
using HateCase.Domain.Risk;
using static HateCase.Domain.Cases.CaseCommand;
using static HateCase.Domain.Cases.CaseEvent;

namespace HateCase.Domain.Cases;

public static class CaseDecider
{
    // Closure reason used when the enquiry closes itself because a letter went unanswered.
    public const string NoReplyToLetterReason = "no-reply-to-letter";

    public static CaseDecision Decide(
        CaseState state, CaseCommand command, DateTimeOffset now, ServiceProfile profile, WorkingCalendar calendar)
    {
        var decision = new Decision(state, new Policy(now, profile, calendar));
        try
        {
            Decide(decision, command);
            TellAsAsked(decision);
            CopiesAsAsked(decision);
            LettersToPost(decision);
            return new CaseDecision.Accepted(decision.Events.ToValueList());
        }
        catch (CommandRejected rejected)
        {
            return new CaseDecision.Rejected(rejected.Message);
        }
    }

    private static void Decide(Decision d, CaseCommand command)
    {
        switch (command, d.State)
        {
            case (ReportCase c, CaseState.NotReported):
                Report(d, c);
                break;
            case (ReportCase, _):
                break; // the report is already recorded: a repeat changes nothing
            case (_, CaseState.NotReported):
                throw new CommandRejected("There is no case with this id: a report must be received first.");
            case (_, _) when d.File.Anonymised:
                throw new CommandRejected("This case's personal data has been removed: nothing more can be recorded on it.");
            case (HoldCase c, _):
                if (d.File.Hold is { } hold)
                {
                    throw new CommandRejected($"The case is already held (since {hold.Since:yyyy-MM-dd}). Release the hold before placing another.");
                }
                d.Add(new LegalHoldPlaced(d.Now, c.Reason, c.Details, c.HeldBy));
                break;
            case (ReleaseHold c, _):
                if (d.File.Hold is null)
                {
                    throw new CommandRejected("The case is not held.");
                }
                d.Add(new LegalHoldReleased(d.Now, c.Details, c.ReleasedBy));
                break;
            case (RestrictCase c, _):
                Restrict(d, c);
                break;
            case (LiftRestriction c, _):
                LiftRestriction(d, c);
                break;
            case (ErasePersonalData c, _):
                ErasePersonalData(d, c);
                break;
            case (FireTimer c, _):
                FireTimer(d, c);
                break;
            case (RecordUndeliverableMessage c, _):
                if (!d.File.HasRecorded(c.MessageKey))
                {
                    d.Add(new MessageUndeliverable(d.Now, c.MessageKey, c.Reason));
                }
                break;
            case (SendAdaptedCopy c, _):
                SendAdaptedCopy(d, c);
                break;
            case (RecordLetterPosted c, _):
                RecordLetterPosted(d, c);
                break;
            case (RecordCorrespondence c, _):
                if (!d.File.HasRecorded(c.CorrespondenceId))
                {
                    d.Add(new CorrespondenceReceived(d.Now, c.CorrespondenceId, c.Channel, c.Summary));
                }
                break;
            case (RecordContact { With: not null } or SendUpdate { To: not null }, CaseState.Closed):
                throw new CommandRejected("The case is closed: the other people who reported it were told, and are surveyed, in their own right. Reopen it to contact them about it.");
            case (RecordContact c, CaseState.Closed):
                RecordFollowUpContact(d, c.ContactId, c.Method, null);
                break;
            case (SendUpdate c, CaseState.Closed):
                SendUpdate(d, c, RecordFollowUpContact);
                break;
            case (RecordSurveyAnswer c, CaseState.Closed s):
                AnswerSurvey(d, c, s);
                break;
            case (RecordSurveyAnswer, _):
                throw new CommandRejected("The survey opens when the case is closed.");
            case (Reopen c, CaseState.Closed):
                Reopen(d, c);
                break;
            case (CaseCommand.Reopen, _):
                break; // already open
            case (AssignOfficer c, _) when d.State.IsOpen:
                if (d.File.OfficerId != c.OfficerId)
                {
                    d.Add(new OfficerAssigned(d.Now, c.OfficerId));
                }
                if (c.Team is { } team && d.File.Team != team)
                {
                    d.Add(new CaseTeamSet(d.Now, team));
                }
                break;
            case (_, CaseState.Closed):
                throw new CommandRejected("The case is closed. Reopen it first.");

            // Open phases from here on.
            case (ReceiveRelatedReport c, _):
                ReceiveRelatedReport(d, c);
                break;
            case (AcceptRelatedReport c, _):
                DecideRelatedReport(d, c.ReportId, accept: true, reason: "");
                break;
            case (DeclineRelatedReport c, _):
                DecideRelatedReport(d, c.ReportId, accept: false, c.Reason);
                break;
            case (AssessRisk c, _):
                AssessRisk(d, c);
                break;
            case (RecordContact { With: { } with } c, _):
                RecordContactWith(d, JoinedComplainant(d, with), c.ContactId, c.Method, null);
                break;
            case (SendUpdate { To: { } to } c, _):
                SendUpdateTo(d, JoinedComplainant(d, to), c);
                break;
            case (RecordContact c, _):
                RecordContact(d, c.ContactId, c.Method, null);
                break;
            case (SendUpdate c, _):
                SendUpdate(d, c, RecordContact);
                break;
            case (RecordFailedContactAttempt c, _):
                RecordFailedAttempt(d, c);
                break;
            case (SendLetter c, _):
                if (!d.File.HasRecorded(c.LetterId))
                {
                    SendLetter(d, c.LetterId, automatically: false);
                }
                break;
            case (LogIncident c, _):
                if (!d.File.HasRecorded(c.IncidentId))
                {
                    // RBC 10: an incident logged on the case is about the case's party.
                    d.Add(new IncidentLogged(d.Now,
                        new IncidentRecord(c.IncidentId, d.Now, c.OccurredAt, c.ReporterKey, c.PartyKey ?? d.File.PartyKey, c.IsHate, false),
                        c.Description));
                }
                break;
            case (AgreeActionPlan c, _):
                AgreeActionPlan(d, c);
                break;
            case (CompleteAction c, _):
                CompleteAction(d, c);
                break;
            case (ConvertToCase, CaseState.InEnquiry):
                Convert(d);
                break;
            case (ConvertToCase, _):
                break; // already a case
            case (CloseEnquiry c, CaseState.InEnquiry):
                CloseEnquiry(d, d.Policy.ClosureReason(c.ReasonCode).Code);
                break;
            case (CaseCommand.CloseEnquiry, _):
                throw new CommandRejected("The enquiry has already become a case: request closure of the case instead.");
            case (ReviewCase c, CaseState.UnderInvestigation s):
                Review(d, c, s);
                break;
            case (ReviewCase, _):
                throw new CommandRejected("Case reviews start once the enquiry has become a case.");
            case (RecordIntervention c, _):
                if (!d.File.HasRecorded(c.InterventionId))
                {
                    d.Add(new InterventionRecorded(d.Now, c.InterventionId, d.Policy.InterventionType(c.TypeCode)));
                }
                break;
            case (MakeReferral c, _):
                MakeReferral(d, c);
                break;
            case (RecordReferralOutcome c, _):
                RecordReferralOutcome(d, c);
                break;
            case (AssessProportionality c, _):
                AssessProportionality(d, c);
                break;
            case (StartLegalAction c, _):
                StartLegalAction(d, c);
                break;
            case (ConcludeLegalAction c, _):
                ConcludeLegalAction(d, c);
                break;
            case (RecordClosingReview c, _):
                RecordClosingReview(d, c);
                break;
            case (RequestClosure c, CaseState.UnderInvestigation):
                RequestClosure(d, c);
                break;
            case (RequestClosure c, CaseState.AwaitingClosureApproval s):
                if (s.Request.ReasonCode != c.ReasonCode)
                {
                    throw new CommandRejected("Closure has already been requested for another reason; it awaits a decision.");
                }
                break;
            case (CaseCommand.RequestClosure, CaseState.InEnquiry):
                throw new CommandRejected("An enquiry is closed with 'close enquiry', not by requesting case closure.");
            case (ApproveClosure, CaseState.AwaitingClosureApproval s):
                Close(d, s.Request.ReasonCode, s.Request.Resolved);
                break;
            case (RejectClosure c, CaseState.AwaitingClosureApproval):
                d.Add(new ClosureRejected(d.Now, c.Reason));
                break;
            case (ApproveClosure or RejectClosure, _):
                throw new CommandRejected("No closure is waiting for approval on this case.");
            default:
                throw new CommandRejected($"'{command.GetType().Name}' does not apply to a case at the {d.State.StageName} stage.");
        }
    }

    // UK GDPR Art. 17(3)(e): data needed for legal claims is kept, so a held case refuses erasure.
    private static void ErasePersonalData(Decision d, ErasePersonalData c)
    {
        if (PersonInCase.Parse(c.Person) is not { } person)
        {
            throw new CommandRejected("Name the person as \"complainant\" or as \"related-report:\" followed by the related report's id.");
        }
        if (!person.IsComplainant && !d.File.RelatedReports.Contains(person.RelatedReportId!))
        {
            throw new CommandRejected("There is no related report with that id on this case.");
        }
        if (PersonInCase.ReasonProblem(c.Reason) is { } problem)
        {
            throw new CommandRejected(problem);
        }
        if (d.File.Hold is { } hold)
        {
            throw new CommandRejected($"The case is under a legal hold (since {hold.Since:yyyy-MM-dd}): data needed for legal claims is kept (UK GDPR Art. 17(3)(e)). Erase it once the hold is released.");
        }
        if (d.File.ErasedPeople.Contains(person.Name))
        {
            return; // erased before: a repeat changes nothing
        }
        d.Add(new PersonalDataErased(d.Now, person.Name, c.RequestedBy, c.Reason.Trim()));
    }

    private static void Report(Decision d, ReportCase c)
    {
        var p = d.Policy;
        ValidateStrands(p, c.Report.HateStrands);
        var triage = RiskMatrix.Triage(
            new ReportTriageFacts(c.Report.HatePerceived, c.Report.ViolenceOrThreats, c.Report.VictimVulnerable, c.Report.IncidentsInLastMonth,
                c.Report.FlaggedAsPossibleHate ? c.Report.PossibleHateWords : null),
            p.Profile.FirstResponse.HateIsAlwaysHigh);
        d.Add(new ReportReceived(d.Now, c.Reference, c.Channel, c.Complainant, c.Report, c.IncidentId, c.ReporterKey,
            triage.Level, triage.Reasons.ToValueList()));

        SendVictimsCode(d, c.Complainant, c.VictimsCodeGivenByStaff);

        ExplainCaseReviewOnSecondReport(d, c.Complainant, c.PriorReportsByReporter);

        if (p.Profile.RiskAssessmentWorkingDays is { } riskDays)
        {
            d.SetDeadline(DeadlineKind.RiskAssessment, p.Calendar.AddWorkingDays(d.Now, riskDays));
        }
        if (c.Complainant.CanBeContacted)
        {
            d.SetDeadline(DeadlineKind.FirstResponse, p.FirstResponseDue(d.Now, triage.Level));
            if (p.Profile.ActionPlanWorkingDays is { } planDays)
            {
                d.SetDeadline(DeadlineKind.ActionPlan, p.Calendar.AddWorkingDays(d.Now, planDays));
            }
        }
        d.SetDeadline(DeadlineKind.EnquiryDecision,
            p.Calendar.OnOrBeforeWorkingDay(p.Calendar.AddCalendarDays(d.Now, p.Profile.Enquiry.LimitDays)));
    }

    // MK 5.1-5.2: the Victims Code goes to every complainant who can be reached, at once.
    private static void SendVictimsCode(Decision d, Complainant complainant, bool toldByStaff)
    {
        if (complainant.CanBeEmailed)
        {
            d.Add(new VictimsCodeSent(d.Now, VictimsCodeDelivery.Email, ContactPoint.Of(complainant)));
        }
        else if (toldByStaff && !complainant.Anonymous)
        {
            d.Add(new VictimsCodeSent(d.Now, VictimsCodeDelivery.ToldByStaff, null));
        }
        else if (complainant.CanBeWrittenTo)
        {
            d.Add(new VictimsCodeSent(d.Now, VictimsCodeDelivery.Post, ContactPoint.Of(complainant)));
        }
    }

    private static void ExplainCaseReviewOnSecondReport(Decision d, Complainant complainant, ValueList<DateTimeOffset> priorReports)
    {
        var prior = priorReports.Select(at => new ReportedIncident(at, at, "", null, false));
        if (ContactPoint.Of(complainant) is { } to && CaseReviewThreshold.IsSecondReportWithinSixMonths(prior, d.Now))
        {
            d.Add(new CaseReviewExplained(d.Now, to));
        }
    }

    private static void ReceiveRelatedReport(Decision d, ReceiveRelatedReport c)
    {
        if (d.File.HasRecorded(c.ReportId))
        {
            return;
        }
        ValidateStrands(d.Policy, c.Report.HateStrands);
        d.Add(new RelatedReportReceived(d.Now, c.ReportId, c.Channel, c.Complainant, c.Report, c.ReporterKey));
        var fromSomeoneElse = c.ReporterKey is null || c.ReporterKey != d.File.ReporterKey;
        if (fromSomeoneElse)
        {
            // The new reporter is a complainant too and is owed the Victims Code at once.
            SendVictimsCode(d, c.Complainant, toldByStaff: false);
        }
        var priorReports = fromSomeoneElse ? c.PriorReportsByReporter : c.PriorReportsByReporter.Add(d.File.ReportedAt);
        ExplainCaseReviewOnSecondReport(d, c.Complainant, priorReports);
        if (c.Report.HatePerceived && !d.File.IsHate && d.Policy.Profile.FirstResponse.HateIsAlwaysHigh)
        {
            d.Add(new RiskAssessed(d.Now, $"triage-{c.ReportId}", RiskLevel.High, 0,
                ValueList.Of("A further report perceives hate: hate reports are always high risk under this landlord's policy.")));
            TightenFirstResponse(d, RiskLevel.High);
        }
    }

    private static void DecideRelatedReport(Decision d, string reportId, bool accept, string reason)
    {
        var incident = d.File.Incidents.FirstOrDefault(i => i.Id == reportId);
        if (incident is null)
        {
            if (d.File.HasRecorded(reportId))
            {
                return; // declined before
            }
            throw new CommandRejected("There is no report with that id on this case.");
        }
        if (!incident.AwaitingOfficerDecision)
        {
            return;
        }
        d.Add(accept ? new RelatedReportAccepted(d.Now, reportId) : new RelatedReportDeclined(d.Now, reportId, reason));
        if (accept && d.File.JoinedComplainant(reportId) is { Complainant.CanBeContacted: true })
        {
            d.SetRegularContact(d.Now, reportId);
        }
    }

    private static void AssessRisk(Decision d, AssessRisk c)
    {
        if (d.File.HasRecorded(c.AssessmentId))
        {
            return;
        }
        var strands = c.HateStrands ?? ValueList<string>.Empty;
        if (strands.Count > 0 && !c.Answers.HateMotivationPerceived)
        {
            throw new CommandRejected("Hate strands are recorded only when hate motivation is perceived.");
        }
        ValidateStrands(d.Policy, strands);
        var result = RiskMatrix.Assess(c.Answers, d.Policy.Profile.FirstResponse.HateIsAlwaysHigh);
        // A re-assessment at the same level is still recorded: the chronology shows it was done.
        d.Add(new RiskAssessed(d.Now, c.AssessmentId, result.Level, result.Score, result.Reasons.ToValueList()));
        RecordHateFound(d, c.AssessmentId, c.Answers.HateMotivationPerceived, strands);
        d.MeetDeadline(DeadlineKind.RiskAssessment);
        TightenFirstResponse(d, result.Level);
    }

    // MK 4, RBC 5: hate perceived by anyone, the officer included, makes it a hate case from then
    // on, so the MK 9.2 standard, NM01 and the strand counts include it. A report handled as hate
    // only because of its words stops counting as hate when the officer finds none; one the
    // victim perceived as hate stays hate (LIVV 2.3: the victim's perception decides).
    private static void RecordHateFound(Decision d, string assessmentId, bool hatePerceived, ValueList<string> strands)
    {
        var file = d.File;
        if (hatePerceived)
        {
            var added = strands.Select(s => d.Policy.Profile.FindHateStrand(s)!.Code)
                .Distinct(StringComparer.Ordinal).Where(s => !file.HateStrands.Contains(s)).ToValueList();
            if (!file.IsHate || file.HateFlaggedFromWords || added.Count > 0)
            {
                d.Add(new HateRecorded(d.Now, assessmentId, added));
            }
        }
        else if (file.HateFlaggedFromWords)
        {
            d.Add(new PossibleHateNotConfirmed(d.Now, assessmentId));
        }
    }

    // A first response already promised is never pushed later; a higher risk brings it forward.
    private static void TightenFirstResponse(Decision d, RiskLevel level)
    {
        if (d.File.PendingDeadline(DeadlineKind.FirstResponse) is not { } pending)
        {
            return;
        }
        var due = d.Policy.FirstResponseDue(d.File.ReportedAt, level);
        if (due < pending.DueAt)
        {
            d.Add(new DeadlineCancelled(d.Now, pending.Id, pending.Kind, $"Risk raised to {level}: first response brought forward."));
            d.SetDeadline(DeadlineKind.FirstResponse, due < d.Now ? d.Now : due);
        }
    }

    private static void RecordContact(Decision d, string contactId, ContactMethod method, string? updateText)
    {
        if (d.File.HasRecorded(contactId))
        {
            return;
        }
        if (d.File.Complainant.Anonymous)
        {
            throw new CommandRejected("The report is anonymous: there is no complainant to contact.");
        }
        d.Add(new ContactMade(d.Now, contactId, method, updateText));
        d.MeetTellTasksOf(null);
        d.MeetDeadline(DeadlineKind.FirstResponse);
        d.MeetDeadlineAbout(DeadlineKind.RegularContact, null);
        d.SetRegularContact(d.Now);
    }

    // RBC 9: each person who reported the matter has contact of their own, on its own cadence.
    private static void RecordContactWith(Decision d, OtherComplainant other, string contactId, ContactMethod method, string? updateText)
    {
        if (d.File.HasRecorded(contactId))
        {
            return;
        }
        d.Add(new ContactMade(d.Now, contactId, method, updateText, With: other.Id));
        d.MeetTellTasksOf(other.Id);
        d.MeetDeadlineAbout(DeadlineKind.RegularContact, other.Id);
        d.SetRegularContact(d.Now, other.Id);
    }

    // An update to an other complainant goes in writing as they asked; someone who asked for a
    // call, a text or a visit is told that way by the officer, who records the contact.
    private static void SendUpdateTo(Decision d, OtherComplainant other, SendUpdate c)
    {
        switch (other.Complainant.NewsRoute)
        {
            case NewsRoute.Email:
                RecordContactWith(d, other, c.ContactId, ContactMethod.Email, c.Text);
                break;
            case NewsRoute.Post:
                RecordContactWith(d, other, c.ContactId, ContactMethod.Letter, c.Text);
                break;
            case NewsRoute.Officer:
                throw new CommandRejected("They asked to be called, texted or visited: tell them that way, then record the contact.");
            default:
                throw new CommandRejected("There is no way to reach them in writing: they gave no email address or postal address.");
        }
    }

    private static OtherComplainant JoinedComplainant(Decision d, string id) =>
        d.File.JoinedComplainant(id) ?? throw new CommandRejected("No one else who reported the case has that id: accept their report onto the case first.");

    // MK 11.2, PP 6.3: the officer's update goes the way the complainant asked. A written one is
    // a contact made; one for someone who asked for a call, a text or a visit is a task, and the
    // contact is made when the officer records it.
    private static void SendUpdate(Decision d, SendUpdate c, Action<Decision, string, ContactMethod, string?> recordContact)
    {
        switch (d.File.Complainant.NewsRoute)
        {
            case NewsRoute.Email:
                recordContact(d, c.ContactId, ContactMethod.Email, c.Text);
                break;
            case NewsRoute.Post:
                recordContact(d, c.ContactId, ContactMethod.Letter, c.Text);
                break;
            case NewsRoute.Officer when !d.File.HasRecorded(c.ContactId):
                ToBeTold(d, c.ContactId, new CaseNews(MessageTemplate.Update, ValueList.Of(new MessageField("text", c.Text))));
                break;
            case NewsRoute.Officer:
                break;
            default:
                throw new CommandRejected("There is no way to reach the complainant: the report is anonymous or gave no contact details.");
        }
    }

    // News an event brings is passed on by the officer to each complainant (RBC 9) who asked for
    // a call, a text or a visit; everyone else gets it as a message (CaseMessages).
    private static void TellAsAsked(Decision d)
    {
        if (d.State.FileOrNull is not { } file)
        {
            return;
        }
        var news = d.Events.Select(CaseMessages.NewsFor).OfType<CaseNews>().ToList();
        var others = file.JoinedComplainants().Where(o => o.Complainant.NewsRoute == NewsRoute.Officer).ToList();
        foreach (var item in news)
        {
            if (file.Complainant.NewsRoute == NewsRoute.Officer)
            {
                ToBeTold(d, $"tell-{d.File.DeadlinesSet + 1}", item);
            }
            foreach (var other in others)
            {
                ToBeTold(d, $"tell-{d.File.DeadlinesSet + 1}", item, other);
            }
        }
    }

    // No policy gives a time for an adapted copy: a week of working days, so the person is not
    // left far behind what the standard copy says.
    public const int AdaptedCopyWorkingDays = 5;

    // RBC 9, MK 11.2, PP 6.3: every written message to someone who asked for another format or
    // language needs that copy too, which the officer sends.
    private static void CopiesAsAsked(Decision d)
    {
        if (d.State.FileOrNull is not { } file)
        {
            return;
        }
        var people = file.JoinedComplainants().Select(o => (Complainant: o.Complainant, For: (string?)o.Id))
            .Prepend((file.Complainant, null))
            .Where(p => p.Complainant.AdaptedFormats.Count > 0)
            .ToList();
        if (people.Count == 0)
        {
            return;
        }
        var messages = d.Events.Zip(d.StatesAfter).SelectMany(x => CaseMessages.For(x.Second, x.First)).ToList();
        foreach (var (complainant, person) in people)
        {
            // Only what is written to them: each person who reported the case (RBC 9) has their own.
            foreach (var message in messages.Where(m => IsWrittenTo(m.Recipient, complainant)))
            {
                var sendBy = d.Policy.Calendar.AddWorkingDays(d.Now, AdaptedCopyWorkingDays);
                var taskId = $"copy-{d.File.DeadlinesSet + 1}";
                d.Add(new AdaptedCopyNeeded(d.Now, taskId, message.Template, complainant.AdaptedFormats, sendBy, message.Fields, person));
                d.SetDeadline(DeadlineKind.AdaptedCopy, sendBy, about: taskId);
            }
        }
    }

    private static bool IsWrittenTo(MessageRecipient recipient, Complainant complainant) => recipient switch
    {
        MessageRecipient.ComplainantByEmail e => e.Email == complainant.Email,
        MessageRecipient.ComplainantByPost p => p.PostalAddress == complainant.PostalAddress,
        _ => false,
    };

    // RBC 15, MK 15.3: a short list of named people, each a staff id, and why.
    public const int MaxRestrictedTo = 20;
    public const int MaxRestrictionReason = 500;

    private static void Restrict(Decision d, RestrictCase c)
    {
        if (c.StaffIds.Count == 0)
        {
            throw new CommandRejected("Name at least one person who may see the case.");
        }
        if (c.StaffIds.Count > MaxRestrictedTo)
        {
            throw new CommandRejected($"A case can be restricted to at most {MaxRestrictedTo} people.");
        }
        if (c.StaffIds.FirstOrDefault(id => !StaffId.IsValid(id)) is not null || !StaffId.IsValid(c.RestrictedBy))
        {
            throw new CommandRejected("Give each person by their staff id: letters, numbers, dots, dashes, underscores or @, at most 64.");
        }
        var reason = RestrictionReason(c.Reason);
        var named = c.StaffIds.Distinct(StringComparer.Ordinal).ToValueList();
        if (d.File.Restriction is { } current && current.StaffIds.Equals(named) && current.Reason == reason && current.RestrictedBy == c.RestrictedBy)
        {
            return; // the same restriction again: nothing changes
        }
        d.Add(new CaseRestricted(d.Now, named, reason, c.RestrictedBy));
    }

    private static void LiftRestriction(Decision d, LiftRestriction c)
    {
        var reason = RestrictionReason(c.Reason);
        if (d.File.Restriction is not null)
        {
            d.Add(new RestrictionLifted(d.Now, reason, c.LiftedBy));
        }
    }

    private static string RestrictionReason(string? reason) => (reason ?? "").Trim() switch
    {
        { Length: 0 } => throw new CommandRejected("Say why."),
        { Length: > MaxRestrictionReason } => throw new CommandRejected($"Give the reason in {MaxRestrictionReason} characters or fewer."),
        var trimmed => trimmed,
    };

    // MK 11.2, PP 6.3: a letter is the post room's task, posted by the next working day and
    // recorded, so a letter that never went is seen like any other missed promise.
    private static void LettersToPost(Decision d)
    {
        var letters = d.Events.Zip(d.StatesAfter)
            .SelectMany(x => CaseMessages.For(x.Second, x.First))
            .Where(m => m.Recipient is MessageRecipient.ComplainantByPost)
            .ToList();
        foreach (var letter in letters)
        {
            var postBy = d.Policy.Calendar.AddWorkingDays(d.Now, 1);
            var taskId = $"letter-{d.File.DeadlinesSet + 1}";
            d.Add(new LetterToPost(d.Now, taskId, letter.Template, postBy));
            d.SetDeadline(DeadlineKind.LetterPosted, postBy, about: taskId);
        }
    }

    private static void RecordLetterPosted(Decision d, RecordLetterPosted c) =>
        CompleteTask(d, c.TaskId, "letter-", d.File.LettersToPost, "There is no such letter to post on this case.",
            new LetterPosted(d.Now, c.TaskId), DeadlineKind.LetterPosted);

    private static void SendAdaptedCopy(Decision d, SendAdaptedCopy c) =>
        CompleteTask(d, c.TaskId, "copy-", d.File.AdaptedCopiesDue, "There is no such copy to send on this case.",
            new AdaptedCopySent(d.Now, c.TaskId), DeadlineKind.AdaptedCopy);

    // A task the case set (a copy to send, a letter to post) recorded done, once: doing it again
    // changes nothing, and a task the case never set is refused.
    private static void CompleteTask(Decision d, string taskId, string prefix, ValueList<string> open, string unknown, CaseEvent done, DeadlineKind kind)
    {
        if (!d.File.HasRecorded(taskId) || !taskId.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new CommandRejected(unknown);
        }
        if (!open.Contains(taskId))
        {
            return;
        }
        d.Add(done);
        d.MeetDeadline(kind, about: taskId);
    }

    private static void ToBeTold(Decision d, string taskId, CaseNews news, OtherComplainant? other = null)
    {
        var tellBy = d.Policy.Calendar.AddWorkingDays(d.Now, 1);
        var method = (other?.Complainant ?? d.File.Complainant).PersonalContactMethod;
        d.Add(new ComplainantToBeTold(d.Now, taskId, news.Template, method, tellBy, news.Fields, other?.Id));
        d.SetDeadline(DeadlineKind.TellComplainant, tellBy, about: taskId);
    }

    private static void RecordFollowUpContact(Decision d, string contactId, ContactMethod method, string? updateText)
    {
        if (d.File.HasRecorded(contactId))
        {
            return;
        }
        if (!d.File.Deadlines.Concat(d.File.Overdue).Any(x => x.Kind is DeadlineKind.FollowUpContact or DeadlineKind.TellComplainant))
        {
            throw new CommandRejected("The case is closed. Reopen it first, or record contact while a follow-up is due.");
        }
        d.Add(new ContactMade(d.Now, contactId, method, updateText));
        d.MeetTellTasksOf(null);
        d.MeetDeadline(DeadlineKind.FollowUpContact);
    }

    private static void RecordFailedAttempt(Decision d, RecordFailedContactAttempt c)
    {
        if (d.File.HasRecorded(c.AttemptId))
        {
            return;
        }
        if (d.File.Complainant.Anonymous)
        {
            throw new CommandRejected("The report is anonymous: there is no complainant to contact.");
        }
        // RBC 8 stage 1: the letter follows failed attempts by telephone (the profile's methods).
        var countsTowardsLetter = d.Policy.Profile.Enquiry.AttemptMethodsBeforeLetter.Contains(c.Method);
        var attempts = d.File.Contact.FailedAttemptsSinceContact + (countsTowardsLetter ? 1 : 0);
        d.Add(new ContactAttemptFailed(d.Now, c.AttemptId, c.Method, attempts, countsTowardsLetter));
        // A recorded attempt is a response: the landlord reached out within the standard.
        if (d.File.PendingDeadline(DeadlineKind.FirstResponse) is not null
            || d.File.Overdue.Any(o => o.Kind == DeadlineKind.FirstResponse))
        {
            d.MeetDeadline(DeadlineKind.FirstResponse);
            d.SetRegularContact(d.Now);
        }
        if (countsTowardsLetter && attempts >= d.Policy.Profile.Enquiry.FailedAttemptsBeforeLetter && d.File.Contact.LetterReplyDueAt is null
            && d.File.Complainant.CanBeWrittenTo)
        {
            SendLetter(d, $"letter-after-{c.AttemptId}", automatically: true);
        }
    }

    private static void SendLetter(Decision d, string letterId, bool automatically)
    {
        if (!d.File.Complainant.CanBeWrittenTo)
        {
            throw new CommandRejected("There is no email or postal address to send a letter to.");
        }
        var replyDue = d.Policy.Calendar.AddWorkingDays(d.Now, d.Policy.Profile.Enquiry.LetterReplyWorkingDays);
        d.Add(new LetterSent(d.Now, letterId, d.File.Contact.LettersSent + 1, replyDue, automatically));
        // A letter is contact in writing: it meets the regular-contact standard.
        d.MeetDeadline(DeadlineKind.FirstResponse);
        d.MeetDeadline(DeadlineKind.RegularContact);
        d.SetRegularContact(d.Now);
    }

    private static void AgreeActionPlan(Decision d, AgreeActionPlan c)
    {
        if (c.Version <= d.File.ActionPlanVersion)
        {
            return;
        }
        if (c.Version != d.File.ActionPlanVersion + 1)
        {
            throw new CommandRejected($"The next action plan version is {d.File.ActionPlanVersion + 1}.");
        }
        if (string.IsNullOrWhiteSpace(c.Summary))
        {
            throw new CommandRejected("The action plan needs a summary of what was agreed.");
        }
        var actions = c.Actions ?? d.File.PlanActions;
        ValidateActions(d, actions);
        var due = d.File.Deadlines.Concat(d.File.Overdue).Where(x => x.Kind == DeadlineKind.ActionDue).ToList();
        d.Add(new ActionPlanAgreed(d.Now, c.Version, c.Summary.Trim(), actions));
        d.MeetDeadline(DeadlineKind.ActionPlan);
        // Actions dropped from the plan, or given another date, end their promise; new and moved
        // ones get one.
        foreach (var deadline in due.Where(x => actions.FirstOrDefault(a => a.Id == x.About) is not { } kept || kept.DueBy != x.DueAt))
        {
            d.Add(new DeadlineCancelled(d.Now, deadline.Id, deadline.Kind, "The action plan changed."));
        }
        foreach (var action in actions.Where(a => !d.File.HasRecorded(a.Id) && !due.Any(x => x.About == a.Id && x.DueAt == a.DueBy)))
        {
            d.SetDeadline(DeadlineKind.ActionDue, action.DueBy, about: action.Id);
        }
    }

    public const int MaxActions = 20;
    public const int MaxActionText = 500;

    private static void ValidateActions(Decision d, ValueList<PlannedAction> actions)
    {
        if (actions.Count > MaxActions)
        {
            throw new CommandRejected($"A plan has at most {MaxActions} actions.");
        }
        if (actions.Select(a => a.Id).Distinct().Count() != actions.Count)
        {
            throw new CommandRejected("Each action needs its own id.");
        }
        foreach (var action in actions)
        {
            if (string.IsNullOrWhiteSpace(action.What) || action.What.Length > MaxActionText)
            {
                throw new CommandRejected($"Say what each action is, in {MaxActionText} characters or fewer.");
            }
            if (action.Owner == ActionOwner.Partner && string.IsNullOrWhiteSpace(action.Partner))
            {
                throw new CommandRejected("Name the partner agency that is to do the action.");
            }
            var unchanged = d.File.Deadlines.Concat(d.File.Overdue).Any(x => x.Kind == DeadlineKind.ActionDue && x.About == action.Id && x.DueAt == action.DueBy);
            if (!unchanged && !d.File.HasRecorded(action.Id) && (action.DueBy <= d.Now || action.DueBy > d.Now.AddYears(1)))
            {
                throw new CommandRejected("Give each action a date in the next year.");
            }
        }
    }

    private static void CompleteAction(Decision d, CompleteAction c)
    {
        if (!d.File.OpenActions.Contains(c.ActionId))
        {
            if (d.File.HasRecorded(c.ActionId))
            {
                return; // already done
            }
            throw new CommandRejected("There is no such open action in the plan.");
        }
        d.Add(new ActionCompleted(d.Now, c.ActionId));
        d.MeetDeadline(DeadlineKind.ActionDue, about: c.ActionId);
    }

    // The longest follow-up date an officer may set: a referral unheard of for longer is lost.
    public static readonly TimeSpan LongestReferralFollowUp = TimeSpan.FromDays(92);

    private static void MakeReferral(Decision d, MakeReferral c)
    {
        if (d.File.HasRecorded(c.ReferralId))
        {
            return;
        }
        var agency = c.AgencyName?.Trim() is { Length: > 0 } named ? named : null;
        if (c.To == ReferralTo.OtherAgency && agency is null)
        {
            throw new CommandRejected("Name the agency the referral goes to.");
        }
        // RBC 9, MK 6.1: with consent, unless safeguarding means referring without it, and why.
        var withoutConsentBecause = c.WithoutConsentBecause?.Trim() is { Length: > 0 } reason ? reason : null;
        if (!c.ConsentGiven && withoutConsentBecause is null)
        {
            throw new CommandRejected("Without the person's consent, give the safeguarding reason to refer anyway.");
        }
        if (c.FollowUpBy <= d.Now || c.FollowUpBy > d.Now + LongestReferralFollowUp)
        {
            throw new CommandRejected("Set a follow-up date in the next 3 months.");
        }
        d.Add(new ReferralMade(d.Now, c.ReferralId, c.To, agency, c.ConsentGiven, c.ConsentGiven ? null : withoutConsentBecause, c.FollowUpBy));
        d.SetDeadline(DeadlineKind.ReferralFollowUp, c.FollowUpBy, about: c.ReferralId);
    }

    private static void RecordReferralOutcome(Decision d, RecordReferralOutcome c)
    {
        if (!d.File.HasRecorded(c.ReferralId))
        {
            throw new CommandRejected("There is no such referral on this case.");
        }
        if (!d.File.OpenReferrals.Contains(c.ReferralId))
        {
            return; // its outcome is already recorded
        }
        if (string.IsNullOrWhiteSpace(c.Outcome))
        {
            throw new CommandRejected("Say what came of the referral.");
        }
        d.Add(new ReferralOutcomeRecorded(d.Now, c.ReferralId, c.Outcome.Trim()));
        d.MeetDeadline(DeadlineKind.ReferralFollowUp, about: c.ReferralId);
    }

    private static void AssessProportionality(Decision d, AssessProportionality c)
    {
        if (d.File.HasRecorded(c.AssessmentId))
        {
            return;
        }
        var type = d.Policy.LegalActionType(c.ActionTypeCode);
        var assessment = c.Assessment with { Reasons = c.Assessment.Reasons?.Trim() ?? "" };
        if (assessment.Reasons.Length == 0)
        {
            throw new CommandRejected("Give the reasons for the assessment's conclusion.");
        }
        // RBC 16: the assessment shows the person's protected characteristics, their support and
        // the lesser options were taken into account; without that it cannot find action proportionate.
        if (assessment.Proportionate && assessment.Unconsidered() is { } missing)
        {
            throw new CommandRejected($"Legal action can only be found proportionate after considering {missing}.");
        }
        d.Add(new ProportionalityAssessed(d.Now, c.AssessmentId, type, assessment));
    }

    private static void StartLegalAction(Decision d, StartLegalAction c)
    {
        if (d.File.HasRecorded(c.LegalActionId))
        {
            return;
        }
        var type = d.Policy.LegalActionType(c.TypeCode);
        // MK 11.5: the assessment comes before the decision to take legal action.
        if (!d.File.AssessedProportionate.Contains(type))
        {
            throw new CommandRejected("Record an equality and proportionality assessment that finds this legal action proportionate before starting it.");
        }
        d.Add(new LegalActionStarted(d.Now, c.LegalActionId, type));
    }

    private static void Convert(Decision d)
    {
        // The Ombudsman finds cases handled without a risk assessment: it comes before the case.
        if (!d.File.RiskAssessed)
        {
            throw new CommandRejected("Assess the risk before converting the enquiry to a case.");
        }
        var p = d.Policy;
        var initialReview = p.Calendar.OnOrBeforeWorkingDay(p.Calendar.AddCalendarMonths(d.Now, p.Profile.Reviews.InitialReviewAfterMonths));
        d.Add(new EnquiryConverted(d.Now, initialReview));
        d.MeetDeadline(DeadlineKind.EnquiryDecision);
        d.SetDeadline(DeadlineKind.CaseReview, initialReview);
    }

    private static void CloseEnquiry(Decision d, string reasonCode)
    {
        d.MeetDeadline(DeadlineKind.EnquiryDecision);
        var resolved = d.Policy.Profile.FindClosureReason(reasonCode)?.CountsAsResolved ?? false;
        EndObligations(d, "The enquiry closed.");
        d.Add(new EnquiryClosed(d.Now, reasonCode, resolved, d.File.Closures + 1));
        AfterClosure(d);
    }

    private static void Review(Decision d, ReviewCase c, CaseState.UnderInvestigation s)
    {
        if (c.ReviewNumber <= s.File.ReviewsHeld)
        {
            return;
        }
        if (c.ReviewNumber != s.File.ReviewsHeld + 1)
        {
            throw new CommandRejected($"The next review is number {s.File.ReviewsHeld + 1}.");
        }
        var p = d.Policy;
        var quietSince = d.Now.AddDays(-7 * p.Profile.Reviews.QuietWeeksBeforeClosureConsidered);
        var quiet = s.File.LastIncidentAt <= quietSince;
        var monitorUntil = c.Outcome == ReviewOutcome.Monitor
            ? p.Calendar.AddCalendarMonths(d.Now, p.Profile.Reviews.MonitoringMonths)
            : (DateTimeOffset?)null;
        d.Add(new CaseReviewed(d.Now, c.ReviewNumber, c.Outcome, monitorUntil, quiet));
        d.MeetDeadline(DeadlineKind.CaseReview);
        var next = monitorUntil ?? p.Calendar.AddCalendarMonths(d.Now, p.Profile.Reviews.ReviewEveryMonths);
        d.SetDeadline(DeadlineKind.CaseReview, p.Calendar.OnOrBeforeWorkingDay(next));
    }

    private static void ConcludeLegalAction(Decision d, ConcludeLegalAction c)
    {
        if (!d.File.OpenLegalActions.Contains(c.LegalActionId))
        {
            if (d.File.HasRecorded(c.LegalActionId))
            {
                return; // concluded before
            }
            throw new CommandRejected("There is no legal action with that id on this case.");
        }
        d.Add(new LegalActionConcluded(d.Now, c.LegalActionId, c.Outcome));
    }

    public const int MaxSignposts = 6;

    private static void RecordClosingReview(Decision d, RecordClosingReview c)
    {
        if (d.File.HasRecorded(c.ReviewId))
        {
            return;
        }
        if (d.File.Complainant.Anonymous)
        {
            throw new CommandRejected("The report is anonymous: there is no victim to review the case with.");
        }
        if (string.IsNullOrWhiteSpace(c.Learning))
        {
            throw new CommandRejected("Say what was learned from the case (LIVV 2.10).");
        }
        if (c.SignpostedTo.Count > MaxSignposts || c.SignpostedTo.Distinct().Count() != c.SignpostedTo.Count)
        {
            throw new CommandRejected("Name each support service once.");
        }
        var needs = string.IsNullOrWhiteSpace(c.OngoingNeeds) ? null : c.OngoingNeeds.Trim();
        d.Add(new ClosingReviewHeld(d.Now, c.ReviewId, c.VictimTookPart, c.SignpostedTo, needs, c.Learning.Trim()));
    }

    private static void RequestClosure(Decision d, RequestClosure c)
    {
        if (d.File.OpenLegalActions.Count > 0)
        {
            throw new CommandRejected("Legal action is still in progress: the case stays open until it concludes.");
        }
        if (d.Policy.Profile.Closure.ReviewWithVictim && !d.File.Complainant.Anonymous && !d.File.ClosingReviewHeld)
        {
            throw new CommandRejected("Hold the closing review with the victim first, and record it (also if they chose not to take part).");
        }
        var reason = d.Policy.ClosureReason(c.ReasonCode);
        var resolved = c.Resolved ?? reason.CountsAsResolved;
        if (d.Policy.Profile.Closure.NeedsApproval)
        {
            d.Add(new ClosureRequested(d.Now, reason.Code, resolved, c.RequestedBy));
        }
        else
        {
            Close(d, reason.Code, resolved);
        }
    }

    private static void Close(Decision d, string reasonCode, bool resolved)
    {
        EndObligations(d, "The case closed.");
        d.Add(new CaseClosed(d.Now, reasonCode, resolved, d.File.Closures + 1));
        AfterClosure(d);
    }

    // Closing ends the open promises; what was missed stays recorded as missed. A letter already
    // written still has to go.
    private static void EndObligations(Decision d, string reason)
    {
        foreach (var deadline in d.File.Deadlines.Concat(d.File.Overdue).Where(x => x.Kind != DeadlineKind.LetterPosted).ToList())
        {
            d.Add(new DeadlineCancelled(d.Now, deadline.Id, deadline.Kind, reason));
        }
    }

    private static void AfterClosure(Decision d)
    {
        var p = d.Policy;
        var file = d.File;
        var others = file.JoinedComplainants().Select(o => o.Complainant).ToList();
        if (p.Profile.Survey is { } survey && (file.Complainant.CanBeContacted || others.Any(o => o.CanBeContacted)))
        {
            var closesAt = p.Calendar.AddCalendarDays(d.Now, survey.WindowDays);
            DateTimeOffset? inviteAt = file.Complainant.CanBeEmailed || others.Any(o => o.CanBeEmailed)
                ? p.Calendar.AddCalendarDays(d.Now, survey.SendAfterDays) : null;
            DateTimeOffset? remindAt = inviteAt is { } invite ? p.Calendar.AddCalendarDays(invite, survey.ReminderAfterDays) : null;
            d.Add(new SurveyScheduled(d.Now, file.Closures, inviteAt, remindAt < closesAt ? remindAt : null, closesAt));
        }
        if (p.Profile.FollowUp is { } followUp && file.Complainant.CanBeContacted)
        {
            d.SetDeadline(DeadlineKind.FollowUpContact, p.Calendar.AddWorkingDays(d.Now, followUp.AfterClosureWorkingDays));
        }
    }

    private static void Reopen(Decision d, Reopen c)
    {
        EndObligations(d, "The case reopened.");
        d.Add(new CaseReopened(d.Now, c.Reason));
        var p = d.Policy;
        if (d.File.Complainant.CanBeContacted)
        {
            d.SetDeadline(DeadlineKind.FirstResponse, p.FirstResponseDue(d.Now, d.File.Risk));
        }
        foreach (var other in d.File.JoinedComplainants().Where(o => o.Complainant.CanBeContacted).ToList())
        {
            d.SetRegularContact(d.Now, other.Id);
        }
        if (d.State is CaseState.UnderInvestigation)
        {
            d.SetDeadline(DeadlineKind.CaseReview,
                p.Calendar.OnOrBeforeWorkingDay(p.Calendar.AddCalendarMonths(d.Now, p.Profile.Reviews.ReviewEveryMonths)));
        }
        else
        {
            d.SetDeadline(DeadlineKind.EnquiryDecision,
                p.Calendar.OnOrBeforeWorkingDay(p.Calendar.AddCalendarDays(d.Now, p.Profile.Enquiry.LimitDays)));
        }
    }

    private static void AnswerSurvey(Decision d, RecordSurveyAnswer c, CaseState.Closed s)
    {
        if (s.Survey is not { } survey)
        {
            throw new CommandRejected("No satisfaction survey was offered for this closure.");
        }
        if (c.Respondent is { } respondent && d.File.JoinedComplainant(respondent) is null)
        {
            throw new CommandRejected("This survey link is not for anyone on the case.");
        }
        if (!survey.WindowClosed && !survey.AcceptsAnswersFrom(c.Respondent))
        {
            throw new CommandRejected("The survey has already been answered. Thank you.");
        }
        if (survey.WindowClosed || d.Now >= survey.ClosesAt)
        {
            throw new CommandRejected("The survey has closed: it was open for 6 weeks after the case closed.");
        }
        if (c.SatisfactionWithHandling is < 1 or > 5 || c.SatisfactionWithOutcome is < 1 or > 5)
        {
            throw new CommandRejected("Satisfaction is answered on a scale from 1 (very dissatisfied) to 5 (very satisfied).");
        }
        d.Add(new SurveyAnswered(d.Now, survey.ClosureNumber, c.SatisfactionWithHandling, c.SatisfactionWithOutcome,
            c.WouldReportAgain, c.Comments, c.Respondent));
    }

    private static void FireTimer(Decision d, FireTimer c)
    {
        var timer = CaseTimers.Due(d.State).FirstOrDefault(t => t.Id == c.TimerId && t.DueAt == c.DueAt);
        if (timer is null || timer.DueAt > d.Now)
        {
            return; // the case has moved on, or it is not time yet
        }
        var file = d.File;
        switch (timer.Kind)
        {
            case TimerKind.DeadlineReminder:
                var toRemind = file.Deadlines.First(x => x.Id == timer.DeadlineId);
                d.Add(new ReminderSent(d.Now, toRemind.Id, toRemind.Kind, toRemind.DueAt));
                break;
            case TimerKind.DeadlineDue:
                var missed = file.Deadlines.First(x => x.Id == timer.DeadlineId);
                d.Add(new DeadlineMissed(d.Now, missed.Id, missed.Kind, missed.DueAt, d.Policy.Profile.Escalation.To));
                break;
            case TimerKind.LetterReplyWindowEnds:
                if (d.State is CaseState.InEnquiry && d.Policy.Profile.Enquiry.CloseWhenLetterUnanswered)
                {
                    d.Add(new LetterUnanswered(d.Now, file.Contact.LettersSent));
                    CloseEnquiry(d, NoReplyToLetterReason);
                }
                else
                {
                    d.Add(new LetterUnanswered(d.Now, file.Contact.LettersSent));
                }
                break;
            case TimerKind.SurveyInvitation:
                var survey = ((CaseState.Closed)d.State).Survey!;
                d.Add(new SurveyInvitationSent(d.Now, survey.ClosureNumber, survey.ClosesAt));
                break;
            case TimerKind.SurveyReminder:
                d.Add(new SurveyReminderSent(d.Now, ((CaseState.Closed)d.State).Survey!.ClosureNumber));
                break;
            case TimerKind.SurveyWindowCloses:
                d.Add(new SurveyWindowClosed(d.Now, ((CaseState.Closed)d.State).Survey!.ClosureNumber));
                break;
        }
    }

    private static void ValidateStrands(Policy p, IEnumerable<string> strands)
    {
        var unknown = strands.Where(s => p.Profile.FindHateStrand(s) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new CommandRejected(
                $"Unknown hate strand '{unknown[0]}'. This landlord records: {string.Join(", ", p.Profile.HateStrands.Select(s => s.Code))}.");
        }
    }

    private sealed record Policy(DateTimeOffset Now, ServiceProfile Profile, WorkingCalendar Calendar)
    {
        public DateTimeOffset FirstResponseDue(DateTimeOffset from, RiskLevel level) =>
            Calendar.AddWorkingDays(from, Profile.FirstResponseWorkingDays(level));

        public ClosureReason ClosureReason(string code) =>
            Profile.FindClosureReason(code)
            ?? throw new CommandRejected(
                $"Unknown closure reason '{code}'. Choose one of: {string.Join(", ", Profile.Closure.Reasons.Select(r => r.Code))}.");

        public string InterventionType(string code) => Known(code, Profile.InterventionTypes, "intervention");

        public string LegalActionType(string code) => Known(code, Profile.LegalActionTypes, "legal action");

        private static string Known(string code, IReadOnlyList<CodedText> known, string what) =>
            known.FirstOrDefault(k => string.Equals(k.Code, code, StringComparison.OrdinalIgnoreCase))?.Code
            ?? throw new CommandRejected(
                $"Unknown {what} type '{code}'. Choose one of: {string.Join(", ", known.Select(k => k.Code))}.");

        // Officers are reminded LeadWorkingDays before; a deadline too close for that gets a
        // reminder ShortDeadlineLeadHours before; one too close even for that gets none. Either
        // is moved into office hours, as every email to staff is.
        public DateTimeOffset? ReminderFor(DateTimeOffset setAt, DateTimeOffset dueAt)
        {
            var lead = Calendar.StaffEmailTime(Calendar.SubtractWorkingDays(dueAt, Profile.Reminders.LeadWorkingDays), dueAt);
            if (lead > setAt && lead < dueAt)
            {
                return lead;
            }
            var shortLead = Calendar.StaffEmailTime(dueAt.AddHours(-Profile.Reminders.ShortDeadlineLeadHours), dueAt);
            return shortLead > setAt && shortLead < dueAt ? shortLead : null;
        }
    }

    // The decision under way: each event is folded in as it is added, so later steps see it.
    private sealed class Decision(CaseState state, Policy policy)
    {
        public List<CaseEvent> Events { get; } = [];

        public CaseState State { get; private set; } = state;

        public Policy Policy { get; } = policy;

        public DateTimeOffset Now => Policy.Now;

        public CaseFile File => State.FileOrNull ?? throw new InvalidOperationException("The case has no file yet.");

        // The state after each event, in step with Events.
        public List<CaseState> StatesAfter { get; } = [];

        public void Add(CaseEvent @event)
        {
            Events.Add(@event);
            State = Case.Evolve(State, @event);
            StatesAfter.Add(State);
        }

        public void SetDeadline(DeadlineKind kind, DateTimeOffset dueAt, string? about = null)
        {
            var id = $"{Slug(kind)}-{File.DeadlinesSet + 1}";
            Add(new DeadlineSet(Now, new Deadline(id, kind, Now, dueAt, Policy.ReminderFor(Now, dueAt), Reminded: false, about)));
        }

        // Meets the case's promises of a kind; with `about`, only those about that one thing.
        public void MeetDeadline(DeadlineKind kind, string? about = null)
        {
            foreach (var deadline in File.Deadlines.Concat(File.Overdue).Where(x => x.Kind == kind && (about is null || x.About == about)).ToList())
            {
                Add(new DeadlineMet(Now, deadline.Id, deadline.Kind, deadline.DueAt));
            }
        }

        // RBC 9: contact with a person keeps the officer's tasks to tell them news, and only theirs
        // (person: the other complainant's id; null for the complainant).
        public void MeetTellTasksOf(string? person)
        {
            foreach (var deadline in File.Deadlines.Concat(File.Overdue)
                .Where(x => x.Kind == DeadlineKind.TellComplainant && File.OthersToTell.FirstOrDefault(t => t.TaskId == x.About)?.For == person).ToList())
            {
                Add(new DeadlineMet(Now, deadline.Id, deadline.Kind, deadline.DueAt));
            }
        }

        // Meets the deadlines of a kind about exactly this (null: those about nothing in particular).
        public void MeetDeadlineAbout(DeadlineKind kind, string? about)
        {
            foreach (var deadline in File.Deadlines.Concat(File.Overdue).Where(x => x.Kind == kind && x.About == about).ToList())
            {
                Add(new DeadlineMet(Now, deadline.Id, deadline.Kind, deadline.DueAt));
            }
        }

        // MK 9.2 / RBC: the next regular contact is due a cadence after the last contact. With:
        // the other complainant (RBC 9) whose contact it is; null for the complainant.
        public void SetRegularContact(DateTimeOffset from, string? with = null)
        {
            if (Policy.Profile.RegularContact is not { } cadence || !State.IsOpen)
            {
                return;
            }
            foreach (var pending in File.Deadlines.Where(x => x.Kind == DeadlineKind.RegularContact && x.About == with).ToList())
            {
                Add(new DeadlineCancelled(Now, pending.Id, pending.Kind, "Superseded by a later contact."));
            }
            var due = cadence.Unit == ContactCadenceUnit.WorkingDays
                ? Policy.Calendar.AddWorkingDays(from, cadence.Every)
                : Policy.Calendar.OnOrBeforeWorkingDay(Policy.Calendar.AddCalendarMonths(from, cadence.Every));
            SetDeadline(DeadlineKind.RegularContact, due, about: with);
        }

        private static string Slug(DeadlineKind kind) => kind switch
        {
            DeadlineKind.RiskAssessment => "risk-assessment",
            DeadlineKind.FirstResponse => "first-response",
            DeadlineKind.RegularContact => "regular-contact",
            DeadlineKind.EnquiryDecision => "enquiry-decision",
            DeadlineKind.CaseReview => "case-review",
            DeadlineKind.FollowUpContact => "follow-up-contact",
            DeadlineKind.ReferralFollowUp => "referral-follow-up",
            DeadlineKind.TellComplainant => "tell-complainant",
            DeadlineKind.AdaptedCopy => "adapted-copy",
            DeadlineKind.ActionPlan => "action-plan",
            DeadlineKind.LetterPosted => "letter-posted",
            DeadlineKind.ActionDue => "action-due",
            _ => kind.ToString(),
        };
    }

    private sealed class CommandRejected(string reason) : Exception(reason);
}
