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
}
