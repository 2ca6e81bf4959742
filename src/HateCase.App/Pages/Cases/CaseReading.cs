using System.Globalization;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Measures;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;
using HateCase.Mail.Rendering;
using HateCase.Storage;
using static HateCase.Domain.Cases.CaseEvent;

namespace HateCase.App.Pages.Cases;

// One deadline as the case page shows it, from its chronology: when it was set and due, whether
// the officer was reminded, and whether it was met (on time or late), missed or cancelled.
public sealed record DeadlineRow(
    DeadlineKind Kind, DateTimeOffset SetAt, DateTimeOffset DueAt, DateTimeOffset? RemindAt, DateTimeOffset? RemindedAt,
    string Outcome, DateTimeOffset? OutcomeAt, bool StillDue)
{
    // What the deadline is about, where a case has several of its kind (an action of the plan).
    public string? About { get; init; }
}

public sealed record RiskRow(RiskLevel Level, bool Assessed, int? Score, IReadOnlyList<string> Reasons, DateTimeOffset At, string Actor);

public sealed record ActionPlanRow(int Version, DateTimeOffset AgreedAt, string Summary, IReadOnlyList<PlannedActionRow> Actions);

public sealed record PlannedActionRow(string Id, string What, string Who, DateTimeOffset DueBy, string Status, bool Open);

public sealed record IncidentRow(string Id, DateTimeOffset LoggedAt, DateTimeOffset OccurredAt, string Description, bool IsHate, string Actor);

public sealed record RelatedReportRow(string ReportId, DateTimeOffset At, ReportChannel Channel, Complainant Complainant, IncidentReport Report, string Status, bool AwaitingDecision);

public sealed record ChronologyRow(DateTimeOffset At, string Actor, string What);

// What the case page reads from a recorded case. Everything comes from the case's own record: the
// file for what stands now, the chronology for what happened and when.
public sealed class CaseReading(CaseView view, ServiceProfile profile, DateTimeOffset now)
{
    public CaseView View => view;

    public CaseFile File { get; } = view.State.FileOrNull ?? throw new ArgumentException("The case has no file.", nameof(view));

    public ReportReceived Report => view.Chronology.Select(e => e.Event).OfType<ReportReceived>().First();

    public string StageText => view.State switch
    {
        CaseState.InEnquiry => "Enquiry",
        CaseState.UnderInvestigation => "Under investigation",
        CaseState.AwaitingClosureApproval => "Waiting for closure approval",
        CaseState.Closed => "Closed",
        _ => view.State.StageName,
    };

    public ClosureRequest? ClosureRequest => view.State is CaseState.AwaitingClosureApproval s ? s.Request : null;

    public ClosureOutcome? Closure => view.State is CaseState.Closed s ? s.Outcome : null;

    public SurveyProgress? Survey => view.State is CaseState.Closed s ? s.Survey : null;

    public string ClosureReasonText(string code) => profile.FindClosureReason(code)?.Text ?? code;

    public string StrandName(string code) => profile.FindHateStrand(code)?.Name ?? code;

    public string InterventionText(string code) => profile.InterventionTypes.FirstOrDefault(t => t.Code == code)?.Text ?? code;

    public string LegalActionText(string code) => profile.LegalActionTypes.FirstOrDefault(t => t.Code == code)?.Text ?? code;

    // The latest risk assessment with its reasons, or the triage of the report until there is one.
    public RiskRow Risk
    {
        get
        {
            var assessed = view.Chronology.LastOrDefault(e => e.Event is RiskAssessed);
            if (assessed is { Event: RiskAssessed r })
            {
                return new RiskRow(r.Level, true, r.Score, r.Reasons, r.At, assessed.Actor);
            }
            var report = view.Chronology.First(e => e.Event is ReportReceived);
            var received = (ReportReceived)report.Event;
            return new RiskRow(received.TriageRisk, false, null, received.TriageReasons, received.At, report.Actor);
        }
    }

    public IReadOnlyList<DeadlineRow> Deadlines
    {
        get
        {
            var events = view.Chronology.Select(e => e.Event).ToList();
            var rows = new List<DeadlineRow>();
            foreach (var set in events.OfType<DeadlineSet>())
            {
                var id = set.Deadline.Id;
                var reminded = events.OfType<ReminderSent>().FirstOrDefault(r => r.DeadlineId == id);
                var met = events.OfType<DeadlineMet>().FirstOrDefault(m => m.DeadlineId == id);
                var missed = events.OfType<DeadlineMissed>().FirstOrDefault(m => m.DeadlineId == id);
                var cancelled = events.OfType<DeadlineCancelled>().FirstOrDefault(c => c.DeadlineId == id);
                var (outcome, at, stillDue) = (met, missed, cancelled) switch
                {
                    ({ } m, { } x, _) => ($"Missed, then met late", (DateTimeOffset?)m.At, false),
                    ({ } m, null, _) => (m.OnTime ? "Met on time" : "Met late", m.At, false),
                    (null, { } x, _) => ("Missed: the team leader was told", x.At, true),
                    (null, null, { } c) => ("No longer needed", c.At, false),
                    _ => (set.Deadline.DueAt < now ? "Due now" : "Due", (DateTimeOffset?)null, true),
                };
                var about = set.Deadline switch
                {
                    { Kind: DeadlineKind.ActionDue, About: { } actionId } =>
                        events.OfType<ActionPlanAgreed>().SelectMany(p => p.Actions ?? []).LastOrDefault(a => a.Id == actionId)?.What,
                    { Kind: DeadlineKind.RegularContact, About: { } reportId } =>
                        File.OtherComplainants.FirstOrDefault(o => o.Id == reportId) is { } other ? $"With {other.Complainant.Name ?? "someone else who reported it"}" : null,
                    // RBC 9: the officer's tasks owed to another complainant name them.
                    { Kind: DeadlineKind.TellComplainant or DeadlineKind.AdaptedCopy, About: { } taskId } =>
                        (events.OfType<ComplainantToBeTold>().FirstOrDefault(t => t.TaskId == taskId)?.For
                            ?? events.OfType<AdaptedCopyNeeded>().FirstOrDefault(t => t.TaskId == taskId)?.For) is { } person ? $"For {Whom(person)}" : null,
                    _ => null,
                };
                rows.Add(new DeadlineRow(set.Deadline.Kind, set.Deadline.SetAt, set.Deadline.DueAt, set.Deadline.RemindAt, reminded?.At, outcome, at, stillDue)
                {
                    About = about,
                });
            }
            return rows;
        }
    }

    // The latest version of the agreed plan, each action with whether it is done, or null before one.
    public ActionPlanRow? ActionPlan
    {
        get
        {
            var events = view.Chronology.Select(e => e.Event).ToList();
            if (events.OfType<ActionPlanAgreed>().LastOrDefault() is not { } plan)
            {
                return null;
            }
            var actions = (plan.Actions ?? []).Select(a =>
            {
                var done = events.OfType<ActionCompleted>().LastOrDefault(c => c.ActionId == a.Id);
                var status = done is not null ? $"Done {When(done.At)}" : a.DueBy < now ? "Overdue" : "To do";
                return new PlannedActionRow(a.Id, a.What, OwnerName(a), a.DueBy, status, File.OpenActions.Contains(a.Id));
            }).ToList();
            return new ActionPlanRow(plan.Version, plan.At, plan.Summary, actions);
        }
    }

    public IReadOnlyList<IncidentRow> Incidents =>
        view.Chronology.Where(e => e.Event is IncidentLogged)
            .Select(e => (IncidentLogged)e.Event)
            .Select(i => new IncidentRow(i.Incident.Id, i.At, i.Incident.OccurredAt, i.Description, i.Incident.IsHate,
                view.Chronology.First(e => e.Event == i).Actor))
            .ToList();

    public IReadOnlyList<RelatedReportRow> RelatedReports
    {
        get
        {
            var events = view.Chronology.Select(e => e.Event).ToList();
            return events.OfType<RelatedReportReceived>().Select(r =>
            {
                var declined = events.OfType<RelatedReportDeclined>().LastOrDefault(d => d.ReportId == r.ReportId);
                var accepted = events.OfType<RelatedReportAccepted>().Any(a => a.ReportId == r.ReportId);
                var awaiting = File.Incidents.Any(i => i.Id == r.ReportId && i.AwaitingOfficerDecision);
                var status = awaiting ? "Waiting for your decision"
                    : accepted && File.JoinedComplainant(r.ReportId) is not null ? "Accepted as an incident on this case; the person who reported it is a complainant on it, contacted and surveyed in their own right"
                    : accepted ? "Accepted as an incident on this case" : declined is not null ? $"Declined: {declined.Reason}" : "Decided";
                return new RelatedReportRow(r.ReportId, r.At, r.Channel, r.Complainant, r.Report, status, awaiting);
            }).ToList();
        }
    }

    // Files kept with the case: the mailbox notes them in the report and in replies it records.
    public IReadOnlyList<string> Evidence =>
        view.Chronology.Select(e => e.Event switch
            {
                ReportReceived r => r.Report.Description,
                RelatedReportReceived r => r.Report.Description,
                CorrespondenceReceived c => c.Summary,
                _ => "",
            })
            .SelectMany(text => text.Split('\n'))
            .Select(line => line.Trim())
            .SelectMany(line => EvidenceNotes(line))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<string> EvidenceNotes(string text)
    {
        foreach (var marker in new[] { "Files kept with the case:", "Attachments not accepted:" })
        {
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var end = text.IndexOf(". ", at, StringComparison.Ordinal);
                yield return end < 0 ? text[at..] : text[at..(end + 1)];
            }
        }
    }

    public IReadOnlyList<(string Key, string Template, string Status)> Messages =>
        view.Messages.OrderBy(m => m.Sequence).ThenBy(m => m.QueuedAt).Select(m => (m.Key, TemplateName(m.Template), m.Progress switch
        {
            MessageProgress.Sent => $"Delivered to the mail service {When(m.SentAt!.Value)}",
            MessageProgress.Undeliverable => $"Could not be delivered ({m.LastFailure ?? "refused"})",
            _ => m.Attempts == 0 ? $"Waiting to be sent (queued {When(m.QueuedAt)})" : $"Not sent yet: {(m.Attempts == 1 ? "1 attempt" : $"{m.Attempts} attempts")} so far ({m.LastFailure ?? "retrying"})",
        })).ToList();

    public IReadOnlyList<ChronologyRow> Chronology =>
        view.Chronology.Select(e => new ChronologyRow(e.Event.At, e.Actor, Describe(e.Event))).ToList();

    // RBC 10 and the 2014 Act s.104: the statutory ASB Case Review, counted over this case's
    // incidents for each complainant on it (other cases about the same party are not counted here).
    public CaseReviewEvaluation? CaseReviewThresholdMet =>
        CaseMeasures.CaseReviewThresholds([new CaseRecord(view.CaseId, view.Chronology.Select(e => e.Event).ToList())], now, profile.CaseReview)
            .Values.FirstOrDefault(e => e.ThresholdMet);

    // "2 December 2026 at 3:30pm", in UK time.
    public static string When(DateTimeOffset at) =>
        $"{TimeZoneInfo.ConvertTime(at, WorkingCalendar.EnglandAndWales.TimeZone).DateTime.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))} at {UkTime.Time(at)}";

    // RBC 9: the other person who reported the case an entry is about; nothing for the complainant.
    private string WithWhom(string? reportId) => reportId is null ? "" : $", with {Whom(reportId)}";

    // RBC 9: who a task is owed to: the complainant (null), or another person who reported the case.
    public string Whom(string? reportId) => reportId is null ? "the complainant"
        : File.OtherComplainants.FirstOrDefault(o => o.Id == reportId)?.Complainant.Name ?? "another person who reported it";

    public static string OwnerName(PlannedAction action) => action.Owner switch
    {
        ActionOwner.Officer => "The case officer",
        ActionOwner.Complainant => "The complainant",
        _ => action.Partner ?? "A partner agency",
    };

    public static string ServiceName(SupportService service) =>
        service == SupportService.OtherService ? "another service"
            : ClosingReviewForm.Services.FirstOrDefault(s => s.Value == service.ToString())?.Text ?? service.ToString();

    public static string NewsName(MessageTemplate news) => news switch
    {
        MessageTemplate.Update => "the officer's update",
        MessageTemplate.InvestigationStarted => "the enquiry is now a full investigation",
        MessageTemplate.ClosureConsidered => "closure is being considered",
        MessageTemplate.CaseClosed => "the case is closed",
        MessageTemplate.EnquiryClosed => "the enquiry is closed",
        _ => "news about the case",
    };

    public static string ReferralName(ReferralMade referral) => referral.To switch
    {
        ReferralTo.AdultSocialCare => "adult social care",
        ReferralTo.ChildrensServices => "children's services",
        ReferralTo.Mash => "the MASH",
        ReferralTo.VictimSupport => "victim support",
        ReferralTo.Police => "the police",
        ReferralTo.MentalHealth => "mental health services",
        ReferralTo.ManagementTransfer => "management transfer request",
        _ => referral.AgencyName ?? "another agency",
    };

    public static string ContactMethodName(ContactMethod? method) => method switch
    {
        ContactMethod.Phone => "Phone",
        ContactMethod.Email => "Email",
        ContactMethod.Letter => "Letter",
        ContactMethod.Visit => "Visit",
        ContactMethod.Text => "Text message",
        ContactMethod.Other => "Another way",
        _ => "Not given",
    };

    public static string ChannelName(ReportChannel channel) => channel switch
    {
        ReportChannel.WebForm => "Web form",
        ReportChannel.Api => "Partner system",
        ReportChannel.Email => "Email to the ASB mailbox",
        ReportChannel.Phone => "Phone call",
        ReportChannel.InPerson => "In person",
        ReportChannel.Post => "Post",
        ReportChannel.PartnerReferral => "Partner referral",
        _ => channel.ToString(),
    };

    public static string RiskName(RiskLevel level) => level switch
    {
        RiskLevel.High => "High",
        RiskLevel.Medium => "Medium",
        _ => "Low",
    };

    private static string TemplateName(MessageTemplate template) => template switch
    {
        MessageTemplate.Acknowledgement => "Acknowledgement and Victims Code, to the complainant",
        MessageTemplate.CaseReviewExplained => "The ASB Case Review explained, to the complainant",
        MessageTemplate.Update => "Update, to the complainant",
        MessageTemplate.ContactLetter => "Contact letter, to the complainant",
        MessageTemplate.EnquiryClosed => "Enquiry closed, to the complainant",
        MessageTemplate.InvestigationStarted => "Full investigation started, to the complainant",
        MessageTemplate.ClosureConsidered => "Closure being considered, to the complainant",
        MessageTemplate.CaseClosed => "Case closed, to the complainant",
        MessageTemplate.ActionPlanCopy => "Action plan, to the complainant",
        MessageTemplate.SurveyInvitation => "Satisfaction survey invitation, to the complainant",
        MessageTemplate.SurveyReminder => "Satisfaction survey reminder, to the complainant",
        MessageTemplate.NewReportToAssign => "New report to assign, to the case officers",
        MessageTemplate.CaseAssigned => "Case assigned, to the officer",
        MessageTemplate.DeadlineReminder => "Deadline reminder, to the officer",
        MessageTemplate.DeadlineEscalation => "Missed deadline, to the team leader",
        MessageTemplate.RelatedReportOffered => "Related report offered, to the officer",
        MessageTemplate.ClosureApprovalRequested => "Closure approval requested, to the team leader",
        MessageTemplate.ClosureRejected => "Closure rejected, to the officer",
        MessageTemplate.CorrespondenceReceived => "Reply received, to the officer",
        MessageTemplate.LetterUnanswered => "Letter unanswered, to the officer",
        MessageTemplate.MessageUndeliverable => "Message undeliverable, to the officer",
        MessageTemplate.TellComplainant => "News to give the complainant by phone, text or visit, to the officer",
        MessageTemplate.AdaptedCopyToSend => "Adapted copy to send, to the officer",
        _ => template.ToString(),
    };

    // A message by its name alone, in quotes: "Update".
    public static string MessageName(MessageTemplate template)
    {
        var name = TemplateName(template);
        var to = name.IndexOf(", to ", StringComparison.Ordinal);
        return $"“{(to < 0 ? name : name[..to])}”";
    }

    private string Describe(CaseEvent e) => e switch
    {
        ReportReceived r => $"Report received ({ChannelName(r.Channel)}), reference {r.Reference}",
        VictimsCodeSent v => v.Delivery switch
        {
            VictimsCodeDelivery.Email => "Victims Code sent by email",
            VictimsCodeDelivery.Post => "Victims Code sent by post",
            _ => "Victims Code given by staff",
        },
        CaseReviewExplained => "The ASB Case Review explained to the complainant (second report within 6 months)",
        DeadlineSet d => $"Deadline set: {DeadlineNames.Heading(d.Deadline.Kind)}, due {When(d.Deadline.DueAt)}",
        DeadlineMet d => $"Deadline met{(d.OnTime ? "" : " late")}: {DeadlineNames.Heading(d.Kind)}",
        DeadlineMissed d => $"Deadline missed: {DeadlineNames.Heading(d.Kind)}, due {When(d.DueAt)}; the team leader was told",
        DeadlineCancelled d => $"Deadline no longer needed: {DeadlineNames.Heading(d.Kind)}",
        ReminderSent r => $"Officer reminded: {DeadlineNames.Heading(r.Kind)} due {When(r.DueAt)}",
        RiskAssessed r => $"Risk assessed: {RiskName(r.Level)} (score {r.Score.ToString(CultureInfo.InvariantCulture)})",
        HateRecorded h => h.Strands.Count == 0 ? "Recorded as hate" : $"Recorded as hate: {string.Join(", ", h.Strands.Select(StrandName))}",
        PossibleHateNotConfirmed => "The risk assessment found no hate motivation",
        OfficerAssigned o => $"Assigned to {o.OfficerId}",
        ContactMade c => (c.UpdateText is null ? $"Contact made: {ContactMethodName(c.Method)}"
            : c.Method == ContactMethod.Letter ? "Update sent by letter" : "Update sent by email") + WithWhom(c.With),
        AdaptedCopyNeeded t => $"Task: send {Whom(t.For)} an adapted copy ({string.Join("; ", t.Formats)}) of {MessageName(t.Message)} by {When(t.SendBy)}",
        AdaptedCopySent => "Adapted copy sent to the complainant",
        LetterToPost t => $"Task: the post room to post {MessageName(t.Message)} by {When(t.PostBy)}",
        LetterPosted => "Letter posted",
        ClosingReviewHeld r => r.VictimTookPart
            ? $"Closing review held with the victim{(r.SignpostedTo.Count == 0 ? "" : $"; told about {string.Join(", ", r.SignpostedTo.Select(ServiceName))}")}"
            : "Closing review offered; the victim chose not to take part",
        ComplainantToBeTold t => $"Task: tell {Whom(t.For)} ({ContactMethodName(t.Method).ToLowerInvariant()}) by {When(t.TellBy)}: {NewsName(t.News)}",
        ContactAttemptFailed c => $"Contact attempt failed: {ContactMethodName(c.Method)}",
        LetterSent l => $"{(l.SentAutomatically ? "Letter sent automatically" : "Letter sent")} (letter {l.LetterNumber.ToString(CultureInfo.InvariantCulture)}), reply due {When(l.ReplyDueAt)}",
        LetterUnanswered => "The letter was not answered",
        IncidentLogged i => $"Incident logged{(i.Incident.IsHate ? " (hate)" : "")}",
        RelatedReportReceived r => $"Related report received ({ChannelName(r.Channel)})",
        RelatedReportAccepted => "Related report accepted",
        RelatedReportDeclined => "Related report declined",
        ActionPlanAgreed a => $"Action plan agreed (version {a.Version.ToString(CultureInfo.InvariantCulture)}){(a.Actions is { Count: > 0 } actions ? $", {actions.Count.ToString(CultureInfo.InvariantCulture)} action{(actions.Count == 1 ? "" : "s")}" : "")}",
        ActionCompleted => "An action of the plan was done",
        EnquiryConverted => "Enquiry converted to a case",
        EnquiryClosed c => $"Enquiry closed: {ClosureReasonText(c.ReasonCode)}",
        CaseReviewed r => $"Case review {r.ReviewNumber.ToString(CultureInfo.InvariantCulture)}: {r.Outcome switch { ReviewOutcome.Monitor => "monitor", ReviewOutcome.ConsiderClosure => "consider closure", _ => "carry on" }}",
        InterventionRecorded i => $"Intervention: {InterventionText(i.TypeCode)}",
        ReferralMade r => $"Referral made: {ReferralName(r)}, {(r.ConsentGiven ? "with consent" : "without consent, for safeguarding")}; follow up by {When(r.FollowUpBy)}",
        ReferralOutcomeRecorded => "Referral outcome recorded",
        ProportionalityAssessed a => $"Equality and proportionality assessed: {LegalActionText(a.ActionTypeCode)} {(a.Assessment.Proportionate ? "is" : "is not")} proportionate",
        LegalActionStarted l => $"Legal action started: {LegalActionText(l.TypeCode)}",
        LegalActionConcluded => "Legal action concluded",
        ClosureRequested c => $"Closure requested by {c.RequestedBy}: {ClosureReasonText(c.ReasonCode)}",
        ClosureRejected => "Closure request rejected",
        CaseClosed c => $"Case closed: {ClosureReasonText(c.ReasonCode)}",
        CaseReopened => "Case reopened",
        SurveyScheduled s => s.InviteAt is { } invite ? $"Satisfaction survey to be sent {When(invite)}" : "Satisfaction survey open (no email address to send it to)",
        SurveyInvitationSent => "Satisfaction survey invitation sent",
        SurveyReminderSent => "Satisfaction survey reminder sent",
        SurveyAnswered s => "Satisfaction survey answered" + WithWhom(s.Respondent).Replace(", with ", ", by ", StringComparison.Ordinal),
        SurveyWindowClosed => "Satisfaction survey closed",
        CorrespondenceReceived c => $"Reply received ({ChannelName(c.Channel)})",
        MessageUndeliverable => "A message could not be delivered",
        CaseTeamSet t => $"The case is now team {t.Team}'s",
        CaseRestricted r => $"Restricted by {r.RestrictedBy} to {string.Join(", ", r.StaffIds)}",
        RestrictionLifted l => $"Restriction lifted by {l.LiftedBy}",
        _ => e.GetType().Name,
    };
}
