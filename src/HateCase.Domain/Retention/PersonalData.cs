using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using static HateCase.Domain.Cases.CaseEvent;

namespace HateCase.Domain.Retention;

// What in a case is personal data, and how it is removed: stated once, here. Personal data is
// whatever identifies or describes a person (the complainants' names, contact details, language,
// interpreter and accessibility needs, the keys that link their reports and the party they are
// about) and every piece of free text anyone wrote (descriptions, locations, people and
// witnesses named, impact, crime references, updates, notes, reasons, survey comments), since
// free text can name anyone. What the measures count stays: dates, channel, risk and its score,
// hate and its strands, stages, deadlines met or missed, closure reasons and outcomes, survey
// scores, officer ids (staff, not the people the case is about) and the codes of interventions
// and legal actions. Removed text reads as Removed; removed optional values become null.
//
// Outside the case state and its chronology, the shell removes the copies it keeps: the messages
// sent (their rows and bodies), attachments, mailbox copies and the orchestration's history.
//
// Erasure on request (UK GDPR Art. 17) removes one person's data by the same rules, from what is
// theirs only: their details and their report (the complainant's, or one related report's
// reporter's), the Victims Code and case review letters sent to them, and for the complainant the
// updates, news and copies written to them, their replies, survey comments and needs after
// closure. What the measures count stays, and so does everyone else's data.
public static class PersonalData
{
    public const string Removed = "[removed]";

    public static Complainant Anonymise(Complainant complainant)
    {
        ArgumentNullException.ThrowIfNull(complainant);
        return complainant with
        {
            Name = null,
            Email = null,
            Phone = null,
            PostalAddress = null,
            PreferredContact = null,
            SafeTimesToContact = null,
            SafeToEmail = null,
            Language = null,
            InterpreterNeeded = false,
            AccessibilityNeeds = ValueList<string>.Empty,
        };
    }

    private static ValueList<MessageField> WithoutText(ValueList<MessageField> fields) =>
        fields.Select(f => f.Name == "text" ? f with { Value = Removed } : f).ToValueList();

    public static IncidentReport Anonymise(IncidentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report with
        {
            Location = null,
            Description = Removed,
            PeopleInvolved = null,
            Witnesses = null,
            ImpactOnYou = null,
            CrimeReference = null,
            PartyKey = null,
            PossibleHateWords = report.PossibleHateWords is null ? null : ValueList<string>.Empty,
        };
    }

    public static IncidentRecord Anonymise(IncidentRecord incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident with { ReporterKey = null, PartyKey = null };
    }

    // The case as it stands, without personal data, marked so that nothing more is decided on it.
    public static CaseState Anonymise(CaseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state switch
        {
            CaseState.InEnquiry s => s with { File = Anonymise(s.File) },
            CaseState.UnderInvestigation s => s with { File = Anonymise(s.File) },
            CaseState.AwaitingClosureApproval s => s with
            {
                File = Anonymise(s.File),
                Investigation = s.Investigation with { File = Anonymise(s.Investigation.File) },
            },
            CaseState.Closed s => s with { File = Anonymise(s.File) },
            _ => state,
        };
    }

    public static CaseFile Anonymise(CaseFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file with
        {
            Complainant = Anonymise(file.Complainant),
            ReporterKey = null,
            PartyKey = null,
            Incidents = file.Incidents.Select(Anonymise).ToValueList(),
            OtherComplainants = file.OtherComplainants.Select(o => o with { Complainant = Anonymise(o.Complainant), ReporterKey = null }).ToValueList(),
            Anonymised = true,
        };
    }

    // One chronology entry without personal data; an event with none is returned as it is.
    public static CaseEvent Anonymise(CaseEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return @event switch
        {
            ReportReceived e => e with
            {
                Complainant = Anonymise(e.Complainant),
                Report = Anonymise(e.Report),
                ReporterKey = null,
                // The triage's reasons quote the words of the report that flagged it.
                TriageReasons = ValueList<string>.Empty,
            },
            VictimsCodeSent e => e with { To = null },
            CaseReviewExplained e => e with { To = new ContactPoint(null, null) },
            RiskAssessed e => e with { Reasons = ValueList<string>.Empty },
            ContactMade e => e with { UpdateText = e.UpdateText is null ? null : Removed },
            ComplainantToBeTold e => e with { Fields = WithoutText(e.Fields) },
            // The language and formats asked for say something about the person.
            AdaptedCopyNeeded e => e with { Fields = WithoutText(e.Fields), Formats = ValueList<string>.Empty },
            IncidentLogged e => e with { Incident = Anonymise(e.Incident), Description = Removed },
            RelatedReportReceived e => e with
            {
                Complainant = Anonymise(e.Complainant),
                Report = Anonymise(e.Report),
                ReporterKey = null,
            },
            RelatedReportDeclined e => e with { Reason = Removed },
            ActionPlanAgreed e => e with { Summary = Removed, Actions = e.Actions?.Select(a => a with { What = Removed }).ToValueList() },
            ReferralMade e => e with
            {
                AgencyName = e.To == ReferralTo.OtherAgency && e.AgencyName is not null ? Removed : e.AgencyName,
                WithoutConsentBecause = e.WithoutConsentBecause is null ? null : Removed,
            },
            ReferralOutcomeRecorded e => e with { Outcome = Removed },
            ProportionalityAssessed e => e with { Assessment = e.Assessment with { Reasons = Removed } },
            LegalActionConcluded e => e with { Outcome = Removed },
            ClosureRejected e => e with { Reason = Removed },
            ClosingReviewHeld e => e with { OngoingNeeds = e.OngoingNeeds is null ? null : Removed, Learning = Removed },
            CaseReopened e => e with { Reason = Removed },
            SurveyAnswered e => e with { Comments = e.Comments is null ? null : Removed },
            CorrespondenceReceived e => e with { Summary = Removed },
            LegalHoldPlaced e => e with { Details = Removed },
            LegalHoldReleased e => e with { Details = Removed },
            CaseRestricted e => e with { Reason = Removed },
            RestrictionLifted e => e with { Reason = Removed },
            _ => @event,
        };
    }

    // The case file without the person's details: nothing more can be sent to an erased
    // complainant (no address, no language or formats), and their report no longer links to others.
    public static CaseFile Erase(CaseFile file, string person)
    {
        ArgumentNullException.ThrowIfNull(file);
        return PersonInCase.Parse(person) switch
        {
            { IsComplainant: true } => file with
            {
                Complainant = Anonymise(file.Complainant),
                ReporterKey = null,
                Incidents = file.Incidents.Select((incident, index) => index == 0 ? incident with { ReporterKey = null } : incident).ToValueList(),
            },
            { RelatedReportId: { } reportId } => file with
            {
                Incidents = file.Incidents.Select(i => i.Id == reportId ? i with { ReporterKey = null } : i).ToValueList(),
                // RBC 9: a reporter who became a complainant on the case is written to no more.
                OtherComplainants = file.OtherComplainants
                    .Select(o => o.Id == reportId ? o with { Complainant = Anonymise(o.Complainant), ReporterKey = null } : o).ToValueList(),
            },
            _ => file,
        };
    }

    // The chronology, oldest first, without the person's data: each event that is theirs goes as
    // the whole-case rule removes it (Anonymise), except that their report keeps the party it is
    // about, which is not theirs.
    public static IReadOnlyList<CaseEvent> Erase(IReadOnlyList<CaseEvent> chronology, string person)
    {
        ArgumentNullException.ThrowIfNull(chronology);
        var owners = Owners(chronology);
        return chronology.Select((e, i) => owners[i] == person ? EraseOwn(e) : e).ToList();
    }

    // Whose data each event of the chronology holds (a PersonInCase name), or null for none.
    // A report's Victims Code and case review letter belong to its reporter: the decider records
    // them straight after the report. Contact, news, replies and survey answers are the
    // complainant's, the one person the case writes to.
    public static IReadOnlyList<string?> Owners(IReadOnlyList<CaseEvent> chronology)
    {
        ArgumentNullException.ThrowIfNull(chronology);
        var owners = new List<string?>(chronology.Count);
        var reporter = PersonInCase.ComplainantName;
        foreach (var e in chronology)
        {
            reporter = e switch
            {
                ReportReceived => PersonInCase.ComplainantName,
                RelatedReportReceived r => PersonInCase.ReporterOf(r.ReportId).Name,
                _ => reporter,
            };
            owners.Add(e switch
            {
                ReportReceived or RelatedReportReceived or VictimsCodeSent or CaseReviewExplained => reporter,
                RelatedReportDeclined d => PersonInCase.ReporterOf(d.ReportId).Name,
                // RBC 9: contact with, and a survey answered by, another person who reported the case.
                ContactMade { With: { } with } => PersonInCase.ReporterOf(with).Name,
                ComplainantToBeTold { For: { } other } => PersonInCase.ReporterOf(other).Name,
                AdaptedCopyNeeded { For: { } other } => PersonInCase.ReporterOf(other).Name,
                SurveyAnswered { Respondent: { } respondent } => PersonInCase.ReporterOf(respondent).Name,
                ContactMade or ComplainantToBeTold or AdaptedCopyNeeded or CorrespondenceReceived or SurveyAnswered or ClosingReviewHeld
                    => PersonInCase.ComplainantName,
                _ => null,
            });
        }
        return owners;
    }

    // Whether a message made at an event the person owns goes with them: what was written to them,
    // and the officer's tasks that carry it (news to tell them, a copy to adapt for them).
    public static bool IsMessageTo(MessageTemplate template) => template is
        MessageTemplate.Acknowledgement or MessageTemplate.CaseReviewExplained or MessageTemplate.Update or
        MessageTemplate.ContactLetter or MessageTemplate.EnquiryClosed or MessageTemplate.InvestigationStarted or
        MessageTemplate.ClosureConsidered or MessageTemplate.CaseClosed or MessageTemplate.ActionPlanCopy or
        MessageTemplate.SurveyInvitation or MessageTemplate.SurveyReminder or
        MessageTemplate.TellComplainant or MessageTemplate.AdaptedCopyToSend;

    // Messages to the complainant are made at events nobody owns too (news of the case closing, the
    // survey): the complainant's are every message written to them except at another reporter's events.
    public static bool MessageGoesWith(string person, string? ownerOfEvent, MessageTemplate template) =>
        IsMessageTo(template) && (ownerOfEvent == person || (person == PersonInCase.ComplainantName && ownerOfEvent is null));

    private static CaseEvent EraseOwn(CaseEvent e) => (e, Anonymise(e)) switch
    {
        (ReportReceived before, ReportReceived after) => after with { Report = after.Report with { PartyKey = before.Report.PartyKey } },
        (RelatedReportReceived before, RelatedReportReceived after) => after with { Report = after.Report with { PartyKey = before.Report.PartyKey } },
        // What was learned at the closing review is the officer's; the needs that go on are the victim's.
        (ClosingReviewHeld before, ClosingReviewHeld after) => before with { OngoingNeeds = after.OngoingNeeds },
        (_, var after) => after,
    };
}
