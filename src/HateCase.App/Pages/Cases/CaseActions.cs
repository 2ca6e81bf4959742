using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using HateCase.App.Cases;
using HateCase.App.Pages.GovUk;
using HateCase.App.Security;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;
using HateCase.Storage;

namespace HateCase.App.Pages.Cases;

// What an action's form needs to become a command: the case as last recorded, the landlord's
// lists, the time, who is signed in and the id for what the command creates.
// Team: the signed-in person's (null where the landlord has no teams); a case they assign becomes their team's.
public sealed record CaseActionContext(CaseView Case, ServiceProfile Profile, DateTimeOffset Now, string UserId, string ItemId, string? Team = null)
{
    public CaseFile File => Case.State.FileOrNull!;
}

// Every action form carries the key that makes a resubmission (a double click, a retry after a
// timeout) the same command: it is made when the form is shown and sent back hidden.
public abstract class CaseActionForm
{
    public string? CommandKey { get; set; }
}

// One action on the case page: its own page at /cases/{caseId}/{slug}, the role that may use it
// (checked on the server for the GET and the POST alike), the stages it is offered at (the decider
// still has the last word) and how its form becomes a decider command.
public abstract class CaseAction(string slug, string title, string button, string policy = Policies.Staff)
{
    public string Slug { get; } = slug;

    // The page's heading and the link's text: "Record the risk assessment".
    public string Title { get; } = title;

    public string Button { get; } = button;

    public string Policy { get; } = policy;

    public abstract bool IsOfferedFor(CaseState state, ClaimsPrincipal user);

    public abstract CaseActionForm NewForm(CaseView view, IQueryCollection query);

    public abstract Task<(CaseActionForm? Form, FormErrors Errors, IResult? Refused)> Read(HttpContext http);

    // The command, or null with the form's errors added.
    public abstract CaseCommand? Command(CaseActionForm form, CaseActionContext context, FormErrors errors);
}

public sealed class CaseAction<TForm>(
    string slug, string title, string button,
    Func<CaseState, bool> offered,
    Func<TForm, CaseActionContext, FormErrors, CaseCommand?> command,
    Action<TForm, CaseView, IQueryCollection>? prefill = null,
    string policy = Policies.Staff) : CaseAction(slug, title, button, policy)
    where TForm : CaseActionForm, new()
{
    public override bool IsOfferedFor(CaseState state, ClaimsPrincipal user) =>
        offered(state) && (Policy != Policies.TeamLeader || user.IsInRole(Roles.TeamLeader));

    public override CaseActionForm NewForm(CaseView view, IQueryCollection query)
    {
        var form = new TForm { CommandKey = CaseActions.NewCommandKey() };
        prefill?.Invoke(form, view, query);
        return form;
    }

    public override async Task<(CaseActionForm? Form, FormErrors Errors, IResult? Refused)> Read(HttpContext http)
    {
        var (form, errors, refused) = await PostedForm.Read<TForm>(http);
        return (form, errors, refused);
    }

    public override CaseCommand? Command(CaseActionForm form, CaseActionContext context, FormErrors errors) =>
        command((TForm)form, context, errors);
}

// The actions the officer API offers, as forms. Approving or rejecting a closure is a team
// leader's, as in the API; the rest any member of staff's.
public static class CaseActions
{
    public static readonly IReadOnlyList<CaseAction> All =
    [
        new CaseAction<NoFieldsForm>("take", "Take this case", "Take this case",
            s => s.IsOpen, (_, c, _) => new CaseCommand.AssignOfficer(c.UserId, c.Team)),
        new CaseAction<AssignForm>("assign", "Assign the case to an officer", "Assign the case",
            s => s.IsOpen, (f, c, _) => new CaseCommand.AssignOfficer(f.OfficerId!.Trim(), c.Team)),
        new CaseAction<RiskAssessmentForm>("risk-assessment", "Record the risk assessment", "Record the risk assessment",
            s => s.IsOpen, RiskAssessmentForm.Command),
        new CaseAction<ContactForm>("contact", "Record a contact", "Record the contact",
            s => s.FileOrNull is not null, (f, c, _) => new CaseCommand.RecordContact(c.ItemId, ContactForm.Parse(f.Method), Person.Chosen(f.With)),
            (f, _, q) => f.With = q["with"].FirstOrDefault() ?? Person.Complainant),
        // MK 11.2, PP 6.3: it goes the way the complainant asked: email, letter, or a task for the
        // officer to call, text or visit them.
        new CaseAction<UpdateForm>("update", "Send an update to the complainant", "Send the update",
            s => s.FileOrNull is { } file && (file.Complainant.NewsRoute != NewsRoute.None || file.JoinedComplainants().Any()),
            (f, c, _) => new CaseCommand.SendUpdate(c.ItemId, f.Text!.Trim(), Person.Chosen(f.To)),
            (f, _, q) => f.To = q["to"].FirstOrDefault() ?? Person.Complainant),
        new CaseAction<AdaptedCopyForm>("adapted-copy", "Record an adapted copy sent", "Record the copy sent",
            s => s.FileOrNull is { AdaptedCopiesDue.Count: > 0 },
            (f, _, _) => new CaseCommand.SendAdaptedCopy(f.TaskId!),
            (f, _, q) => f.TaskId = q["copy"].FirstOrDefault()),
        new CaseAction<LetterPostedForm>("letter-posted", "Record a letter posted", "Record it posted",
            s => s.FileOrNull is { LettersToPost.Count: > 0 },
            (f, _, _) => new CaseCommand.RecordLetterPosted(f.TaskId!),
            (f, _, q) => f.TaskId = q["letter"].FirstOrDefault()),
        new CaseAction<ContactForm>("failed-attempt", "Record a failed contact attempt", "Record the failed attempt",
            s => s.IsOpen, (f, c, _) => new CaseCommand.RecordFailedContactAttempt(c.ItemId, ContactForm.Parse(f.Method))),
        new CaseAction<NoFieldsForm>("letter", "Send the enquiry letter", "Send the letter",
            s => s is CaseState.InEnquiry, (_, c, _) => new CaseCommand.SendLetter(c.ItemId)),
        new CaseAction<IncidentForm>("incident", "Log an incident", "Log the incident",
            s => s.IsOpen, IncidentForm.Command),
        new CaseAction<ActionPlanForm>("action-plan", "Agree the action plan", "Record the action plan",
            s => s.IsOpen, ActionPlanForm.Command, (f, v, _) => ActionPlanForm.Fill(f, v)),
        new CaseAction<TypeForm>("intervention", "Record an intervention", "Record the intervention",
            s => s.IsOpen, (f, c, _) => new CaseCommand.RecordIntervention(c.ItemId, f.Type!)),
        new CaseAction<ActionDoneForm>("action-done", "Record an action of the plan done", "Record it done",
            s => s.FileOrNull is { OpenActions.Count: > 0 },
            (f, _, _) => new CaseCommand.CompleteAction(f.ActionId!),
            (f, _, q) => f.ActionId = q["action"].FirstOrDefault()),
        new CaseAction<ReferralForm>("referral", "Make a referral", "Record the referral",
            s => s.IsOpen, ReferralForm.Command),
        new CaseAction<ReferralOutcomeForm>("referral-outcome", "Record what came of a referral", "Record the outcome",
            s => s.IsOpen && s.FileOrNull!.OpenReferrals.Count > 0,
            (f, _, _) => new CaseCommand.RecordReferralOutcome(f.ReferralId!, f.Outcome!.Trim()),
            (f, _, q) => f.ReferralId = q["referral"].FirstOrDefault()),
        new CaseAction<ProportionalityForm>("proportionality", "Assess whether legal action is proportionate", "Record the assessment",
            s => s.IsOpen, ProportionalityForm.Command),
        // MK 11.5: offered once an assessment has found an action proportionate.
        new CaseAction<TypeForm>("legal-action", "Start legal action", "Record the legal action",
            s => s.IsOpen && s.FileOrNull!.AssessedProportionate.Count > 0, (f, c, _) => new CaseCommand.StartLegalAction(c.ItemId, f.Type!)),
        new CaseAction<ConcludeLegalActionForm>("legal-action-outcome", "Record how legal action ended", "Record the outcome",
            s => s.IsOpen && s.FileOrNull!.OpenLegalActions.Count > 0,
            (f, _, _) => new CaseCommand.ConcludeLegalAction(f.LegalActionId!, f.Outcome!.Trim()),
            (f, _, q) => f.LegalActionId = q["legalAction"].FirstOrDefault()),
        new CaseAction<NoFieldsForm>("convert", "Convert the enquiry to a case", "Convert to a case",
            s => s is CaseState.InEnquiry, (_, _, _) => new CaseCommand.ConvertToCase()),
        new CaseAction<ReasonCodeForm>("close-enquiry", "Close the enquiry", "Close the enquiry",
            s => s is CaseState.InEnquiry, (f, _, _) => new CaseCommand.CloseEnquiry(f.Reason!)),
        new CaseAction<ReviewForm>("review", "Record a case review", "Record the review",
            s => s is CaseState.UnderInvestigation, ReviewForm.Command,
            (f, v, _) => f.ReviewNumber = (v.State.FileOrNull!.ReviewsHeld + 1).ToString(CultureInfo.InvariantCulture)),
        // LIVV 2.10: before closure, a full review with the victim.
        new CaseAction<ClosingReviewForm>("closing-review", "Record the closing review with the victim", "Record the closing review",
            s => s is CaseState.UnderInvestigation { File.Complainant.Anonymous: false }, ClosingReviewForm.Command),
        new CaseAction<ClosureRequestForm>("closure-request", "Ask for the case to be closed", "Ask for closure",
            s => s is CaseState.UnderInvestigation, ClosureRequestForm.Command),
        new CaseAction<NoFieldsForm>("approve-closure", "Approve closure", "Approve closure",
            s => s is CaseState.AwaitingClosureApproval, (_, c, _) => new CaseCommand.ApproveClosure(c.UserId), policy: Policies.TeamLeader),
        new CaseAction<ReasonForm>("reject-closure", "Reject the closure request", "Reject closure",
            s => s is CaseState.AwaitingClosureApproval, (f, _, _) => new CaseCommand.RejectClosure(f.Reason!.Trim()), policy: Policies.TeamLeader),
        // A team leader keeps the case past its retention date while legal action or an ombudsman complaint needs it.
        new CaseAction<HoldForm>("hold", "Place a legal hold", "Hold the case",
            s => s.FileOrNull is { Hold: null, Anonymised: false }, HoldForm.Command, policy: Policies.TeamLeader),
        new CaseAction<ReleaseHoldForm>("release-hold", "Release the legal hold", "Release the hold",
            s => s.FileOrNull is { Hold: not null, Anonymised: false },
            (f, c, _) => new CaseCommand.ReleaseHold(f.Details!.Trim(), c.UserId), policy: Policies.TeamLeader),
        // RBC 15, MK 15.3: a case about a member of staff or their relative is seen only by the people named.
        new CaseAction<RestrictForm>("restrict", "Restrict the case to named people", "Restrict the case",
            s => s.FileOrNull is { Anonymised: false }, RestrictForm.Command, (f, v, _) => RestrictForm.Fill(f, v), policy: Policies.TeamLeader),
        new CaseAction<LiftRestrictionForm>("lift-restriction", "Lift the restriction", "Lift the restriction",
            s => s.FileOrNull is { Restriction: not null, Anonymised: false },
            (f, c, _) => new CaseCommand.LiftRestriction(f.Reason!.Trim(), c.UserId), policy: Policies.TeamLeader),
        new CaseAction<ReasonForm>("reopen", "Reopen the case", "Reopen the case",
            s => s is CaseState.Closed, (f, _, _) => new CaseCommand.Reopen(f.Reason!.Trim())),
        new CaseAction<RelatedReportForm>("accept-report", "Accept the related report", "Accept the report",
            AwaitsRelatedReport, (f, _, _) => new CaseCommand.AcceptRelatedReport(f.ReportId!),
            (f, _, q) => f.ReportId = q["report"].FirstOrDefault()),
        new CaseAction<DeclineReportForm>("decline-report", "Decline the related report", "Decline the report",
            AwaitsRelatedReport, (f, _, _) => new CaseCommand.DeclineRelatedReport(f.ReportId!, f.Reason!.Trim()),
            (f, _, q) => f.ReportId = q["report"].FirstOrDefault()),
    ];

    public static CaseAction? Find(string slug) => All.FirstOrDefault(a => a.Slug == slug);

    // A command key is 32 hex digits; anything else posted is replaced.
    public static string NewCommandKey() => Guid.NewGuid().ToString("N");

    public static bool IsCommandKey(string? key) => key is { Length: 32 } && key.All(char.IsAsciiHexDigitLower);

    // Ids posted back in hidden fields are ids of things on the case: short, plain characters.
    public static bool IsItemId(string? id) => id is { Length: > 0 and <= 100 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    private static bool AwaitsRelatedReport(CaseState state) => state.IsOpen && state.FileOrNull!.Incidents.Any(i => i.AwaitingOfficerDecision);
}

public sealed class NoFieldsForm : CaseActionForm;

public sealed class AssignForm : CaseActionForm
{
    [Display(Name = "Officer's staff id", Description = "Letters, numbers, dots, dashes or @, like alex.smith")]
    [Required(ErrorMessage = "Enter the officer's staff id")]
    [RegularExpression(@"^\s*[A-Za-z0-9._@-]{1,64}\s*$", ErrorMessage = "Staff id must be 64 letters, numbers, dots, dashes, underscores or @ at most")]
    public string? OfficerId { get; set; }
}

public sealed class RiskAssessmentForm : CaseActionForm
{
    public static readonly IReadOnlyList<Choice> HarmChoices =
    [
        new(nameof(HarmAnswer.None), "None"),
        new(nameof(HarmAnswer.Distress), "Distress"),
        new(nameof(HarmAnswer.DamageOrThreats), "Damage to property or threats"),
        new(nameof(HarmAnswer.ViolenceOrInjury), "Violence or injury"),
    ];

    public static readonly IReadOnlyList<Choice> VulnerabilityChoices =
    [
        new(nameof(VulnerabilityAnswer.None), "None known"),
        new(nameof(VulnerabilityAnswer.Some), "Some"),
        new(nameof(VulnerabilityAnswer.Significant), "Significant"),
    ];

    public static readonly IReadOnlyList<Choice> RepeatChoices =
    [
        new(nameof(RepeatAnswer.First), "First incident"),
        new(nameof(RepeatAnswer.Repeated), "Repeated"),
        new(nameof(RepeatAnswer.Persistent), "Persistent"),
    ];

    public static readonly IReadOnlyList<Choice> ImpactChoices =
    [
        new(nameof(ImpactAnswer.Little), "Little"),
        new(nameof(ImpactAnswer.Moderate), "Moderate"),
        new(nameof(ImpactAnswer.Severe), "Severe, for example afraid to leave home"),
    ];

    public static readonly IReadOnlyList<Choice> YesNo = [new("yes", "Yes"), new("no", "No")];

    [Display(Name = "What harm has been done?")]
    [Required(ErrorMessage = "Select the harm done")]
    public string? Harm { get; set; }

    [Display(Name = "How vulnerable is the victim?", Description = "Disability, age, mental or physical health, learning needs")]
    [Required(ErrorMessage = "Select how vulnerable the victim is")]
    public string? Vulnerability { get; set; }

    [Display(Name = "Has it happened before?")]
    [Required(ErrorMessage = "Select whether it has happened before")]
    public string? Repeat { get; set; }

    [Display(Name = "Does the victim or anyone else see it as motivated by hostility or prejudice?", Description = "No proof is needed")]
    [Required(ErrorMessage = "Select yes if anyone sees it as hate")]
    public string? HateMotivationPerceived { get; set; }

    [Display(Name = "Which hate strands does it involve?", Description = "Select all that apply")]
    public List<string> HateStrands { get; set; } = [];

    [Display(Name = "What is the impact on the victim's daily life?")]
    [Required(ErrorMessage = "Select the impact on the victim's daily life")]
    public string? Impact { get; set; }

    [Display(Name = "Are there children in the household?")]
    [Required(ErrorMessage = "Select yes if there are children in the household")]
    public string? ChildrenInHousehold { get; set; }

    [Display(Name = "Does the victim fear retaliation?")]
    [Required(ErrorMessage = "Select yes if the victim fears retaliation")]
    public string? RetaliationFeared { get; set; }

    public static CaseCommand? Command(RiskAssessmentForm f, CaseActionContext context, FormErrors errors)
    {
        if (CommandInput.StrandsProblem(f.HateStrands) is { } problem)
        {
            errors.Add($"{PostedForm.Prefix}.{nameof(HateStrands)}", problem);
        }
        if (!Enum.TryParse<HarmAnswer>(f.Harm, out var harm) | !Enum.TryParse<VulnerabilityAnswer>(f.Vulnerability, out var vulnerability)
            | !Enum.TryParse<RepeatAnswer>(f.Repeat, out var repeat) | !Enum.TryParse<ImpactAnswer>(f.Impact, out var impact) || !errors.IsEmpty)
        {
            if (errors.IsEmpty)
            {
                errors.Add("", "Select one of the answers offered for each question");
            }
            return null;
        }
        var hate = f.HateMotivationPerceived == "yes";
        return new CaseCommand.AssessRisk(context.ItemId,
            new RiskAnswers(harm, vulnerability, repeat, hate, impact, f.ChildrenInHousehold == "yes", f.RetaliationFeared == "yes"),
            hate && f.HateStrands.Count > 0 ? f.HateStrands.ToValueList() : null);
    }
}

public sealed class ContactForm : CaseActionForm
{
    public static readonly IReadOnlyList<Choice> MethodChoices =
    [
        new(nameof(ContactMethod.Phone), "Phone"),
        new(nameof(ContactMethod.Email), "Email"),
        new(nameof(ContactMethod.Letter), "Letter"),
        new(nameof(ContactMethod.Visit), "Visit"),
        new(nameof(ContactMethod.Text), "Text message"),
        new(nameof(ContactMethod.Other), "Another way"),
    ];

    [Display(Name = "Who was the contact with?")]
    [StringLength(100)]
    public string? With { get; set; }

    [Display(Name = "How?")]
    [Required(ErrorMessage = "Select how you contacted them")]
    [AllowedValues(nameof(ContactMethod.Phone), nameof(ContactMethod.Email), nameof(ContactMethod.Letter), nameof(ContactMethod.Visit),
        nameof(ContactMethod.Text), nameof(ContactMethod.Other), ErrorMessage = "Select how you contacted them")]
    public string? Method { get; set; }

    public static ContactMethod Parse(string? method) => Enum.Parse<ContactMethod>(method!);
}

// RBC 9: which person who reported the case a contact or an update is with; the complainant unless another is chosen.
public static class Person
{
    public const string Complainant = "complainant";

    public static string? Chosen(string? value) => string.IsNullOrEmpty(value) || value == Complainant ? null : value;
}

public sealed class UpdateForm : CaseActionForm
{
    [Display(Name = "Who is the update for?", Description = "Each person who reported the case has their own updates; none is told who else reported")]
    [StringLength(100)]
    public string? To { get; set; }

    [Display(Name = "Your update", Description = "It goes to the complainant as you write it, the way they asked: by email or by letter. If they asked for a call, a text or a visit, it becomes a task for you to tell them")]
    [Required(ErrorMessage = "Enter the update")]
    [StringLength(CommandInput.UpdateText, ErrorMessage = "The update must be 4,000 characters or fewer")]
    public string? Text { get; set; }
}

public sealed class IncidentForm : CaseActionForm
{
    public static readonly IReadOnlyList<Choice> YesNo = RiskAssessmentForm.YesNo;

    [Display(Name = "When did it happen?", Description = "For example, 27 11 2026. Leave it blank for today")]
    public DateParts OccurredOn { get; set; } = new();

    [Display(Name = "What happened?")]
    [Required(ErrorMessage = "Enter what happened")]
    [StringLength(CommandInput.IncidentDescription, ErrorMessage = "What happened must be 8,000 characters or fewer")]
    public string? Description { get; set; }

    [Display(Name = "Is it seen as motivated by hostility or prejudice?")]
    [Required(ErrorMessage = "Select yes if it is seen as hate")]
    public string? IsHate { get; set; }

    // A day in UK time; the incident is taken to have happened at midday that day, or now when that is later.
    public static CaseCommand? Command(IncidentForm f, CaseActionContext context, FormErrors errors)
    {
        var occurredAt = context.Now;
        if (!f.OccurredOn.IsEmpty)
        {
            if (f.OccurredOn.Date is not { } date)
            {
                errors.Add($"{PostedForm.Prefix}.{nameof(OccurredOn)}", "The date must be a real date, like 27 11 2026");
                return null;
            }
            var at = UkTimeOfDay(date, new TimeOnly(12, 0));
            if (date > DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Now, WorkingCalendar.EnglandAndWales.TimeZone).DateTime))
            {
                errors.Add($"{PostedForm.Prefix}.{nameof(OccurredOn)}", "The date must be today or in the past");
                return null;
            }
            occurredAt = at < context.Now ? at : context.Now;
        }
        return CommandInput.LogIncident(context.ItemId, occurredAt, f.Description!, f.IsHate == "yes");
    }

    public static DateTimeOffset UkTimeOfDay(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, WorkingCalendar.EnglandAndWales.TimeZone.GetUtcOffset(local));
    }
}

// RBC 9, LIVV 2.11, PP 7.1.2, MK 6.1: a referral for safeguarding or support, or a management
// transfer request, followed up by a date the officer sets.
public sealed class ReferralForm : CaseActionForm
{
    public static readonly IReadOnlyList<Choice> Agencies =
    [
        new(nameof(ReferralTo.AdultSocialCare), "Adult social care (safeguarding)"),
        new(nameof(ReferralTo.ChildrensServices), "Children's services (safeguarding)"),
        new(nameof(ReferralTo.Mash), "The Multi-Agency Safeguarding Hub (MASH)"),
        new(nameof(ReferralTo.VictimSupport), "Victim support"),
        new(nameof(ReferralTo.Police), "The police"),
        new(nameof(ReferralTo.MentalHealth), "Mental health services"),
        new(nameof(ReferralTo.ManagementTransfer), "A management transfer (a move for the complainant's safety)"),
        new(nameof(ReferralTo.OtherAgency), "Another agency"),
    ];

    [Display(Name = "Who is the referral to?")]
    [Required(ErrorMessage = "Select who the referral is to")]
    [RegularExpression("^(AdultSocialCare|ChildrensServices|Mash|VictimSupport|Police|MentalHealth|ManagementTransfer|OtherAgency)$", ErrorMessage = "Select who the referral is to")]
    public string? To { get; set; }

    [Display(Name = "The agency's name (if another agency)")]
    [StringLength(CommandInput.Code, ErrorMessage = "The agency's name must be 200 characters or fewer")]
    public string? AgencyName { get; set; }

    [Display(Name = "Did the person agree to the referral?")]
    [Required(ErrorMessage = "Select whether the person agreed to the referral")]
    [RegularExpression("^(yes|no)$", ErrorMessage = "Select whether the person agreed to the referral")]
    public string? Consent { get; set; }

    [Display(Name = "If they did not agree, why refer anyway?", Description = "The safeguarding reason, such as a risk of harm to a child or an adult at risk")]
    [StringLength(CommandInput.Reason, ErrorMessage = "The reason must be 2,000 characters or fewer")]
    public string? WithoutConsentBecause { get; set; }

    [Display(Name = "Follow it up by", Description = "You will be reminded before this date. For example, 14 12 2026")]
    public DateParts FollowUpBy { get; set; } = new();

    // The follow-up falls due at the office's closing on the day chosen.
    public static CaseCommand? Command(ReferralForm f, CaseActionContext context, FormErrors errors)
    {
        if (f.FollowUpBy.Date is not { } date)
        {
            errors.Add($"{PostedForm.Prefix}.{nameof(FollowUpBy)}", "Enter a real date to follow it up by, like 14 12 2026");
            return null;
        }
        return new CaseCommand.MakeReferral(context.ItemId, Enum.Parse<ReferralTo>(f.To!), f.AgencyName, f.Consent == "yes",
            f.WithoutConsentBecause, IncidentForm.UkTimeOfDay(date, context.Profile.OfficeHours.Closes));
    }
}

public sealed class ActionDoneForm : CaseActionForm
{
    [Display(Name = "Which action has been done?")]
    [Required(ErrorMessage = "Select the action that has been done")]
    [StringLength(100)]
    public string? ActionId { get; set; }
}

public sealed class LetterPostedForm : CaseActionForm
{
    [Display(Name = "Which letter has been posted?")]
    [Required(ErrorMessage = "Select the letter that has been posted")]
    [StringLength(100)]
    public string? TaskId { get; set; }
}

public sealed class AdaptedCopyForm : CaseActionForm
{
    [Display(Name = "Which copy has been sent?")]
    [Required(ErrorMessage = "Select the copy that has been sent")]
    [StringLength(100)]
    public string? TaskId { get; set; }
}

public sealed class ReferralOutcomeForm : CaseActionForm
{
    [Display(Name = "Which referral?")]
    [Required(ErrorMessage = "Select the referral")]
    [StringLength(100)]
    public string? ReferralId { get; set; }

    [Display(Name = "What came of it?")]
    [Required(ErrorMessage = "Enter what came of the referral")]
    [StringLength(CommandInput.LegalOutcome, ErrorMessage = "What came of it must be 1,000 characters or fewer")]
    public string? Outcome { get; set; }
}

public sealed class ActionPlanForm : CaseActionForm
{
    public static readonly IReadOnlyList<Choice> Owners =
    [
        new(nameof(ActionOwner.Officer), "The case officer"),
        new(nameof(ActionOwner.Complainant), "The complainant"),
        new(nameof(ActionOwner.Partner), "A partner agency"),
    ];

    // The version this plan will be, fixed when the form is shown: sent twice, it is agreed once.
    public string? Version { get; set; }

    [Display(Name = "What was agreed with the victim?")]
    [Required(ErrorMessage = "Enter what was agreed")]
    [StringLength(CommandInput.Summary, ErrorMessage = "What was agreed must be 4,000 characters or fewer")]
    public string? Summary { get; set; }

    [Display(Name = "Add an action (optional)", Description = "What is to be done. The plan keeps its other actions; add one at a time")]
    [StringLength(CaseDecider.MaxActionText, ErrorMessage = "The action must be 500 characters or fewer")]
    public string? ActionWhat { get; set; }

    [Display(Name = "Who is to do it?")]
    [RegularExpression("^(Officer|Complainant|Partner)$", ErrorMessage = "Select who is to do the action")]
    public string? ActionWho { get; set; }

    [Display(Name = "The partner agency's name (if a partner)")]
    [StringLength(CommandInput.Code, ErrorMessage = "The agency's name must be 200 characters or fewer")]
    public string? ActionPartner { get; set; }

    [Display(Name = "Do it by", Description = "You will be reminded before this date. For example, 14 12 2026")]
    public DateParts ActionDueBy { get; set; } = new();

    // The form shows the plan as it stands, to be changed or kept.
    public static void Fill(ActionPlanForm f, CaseView view)
    {
        f.Version = (view.State.FileOrNull!.ActionPlanVersion + 1).ToString(CultureInfo.InvariantCulture);
        f.Summary = view.Chronology.Select(e => e.Event).OfType<CaseEvent.ActionPlanAgreed>().LastOrDefault()?.Summary;
    }

    // A new action falls due at the office's closing on the day chosen.
    public static CaseCommand? Command(ActionPlanForm f, CaseActionContext context, FormErrors errors)
    {
        var version = int.TryParse(f.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var shown) ? shown : context.File.ActionPlanVersion + 1;
        var actions = context.File.PlanActions;
        if (!string.IsNullOrWhiteSpace(f.ActionWhat))
        {
            if (f.ActionWho is null)
            {
                errors.Add($"{PostedForm.Prefix}.{nameof(ActionWho)}", "Select who is to do the action");
            }
            else if (f.ActionWho == nameof(ActionOwner.Partner) && string.IsNullOrWhiteSpace(f.ActionPartner))
            {
                errors.Add($"{PostedForm.Prefix}.{nameof(ActionPartner)}", "Enter the partner agency's name");
            }
            if (f.ActionDueBy.Date is not { } date)
            {
                errors.Add($"{PostedForm.Prefix}.{nameof(ActionDueBy)}", "Enter a real date to do the action by, like 14 12 2026");
                return null;
            }
            if (!errors.IsEmpty)
            {
                return null;
            }
            var owner = Enum.Parse<ActionOwner>(f.ActionWho!);
            actions = actions.Add(new PlannedAction(context.ItemId, f.ActionWhat.Trim(), owner,
                owner == ActionOwner.Partner ? f.ActionPartner!.Trim() : null,
                IncidentForm.UkTimeOfDay(date, context.Profile.OfficeHours.Closes)));
        }
        return new CaseCommand.AgreeActionPlan(version, f.Summary!.Trim(), actions);
    }
}

public sealed class TypeForm : CaseActionForm
{
    [Display(Name = "What kind?")]
    [Required(ErrorMessage = "Select what kind")]
    [StringLength(CommandInput.Code)]
    public string? Type { get; set; }
}

// RBC 16, MK 11.5, PP 5.6.3: the Equality Act and proportionality assessment before legal action.
public sealed class ProportionalityForm : CaseActionForm
{
    [Display(Name = "Which legal action is proposed?")]
    [Required(ErrorMessage = "Select the legal action proposed")]
    [StringLength(CommandInput.Code)]
    public string? Type { get; set; }

    [Display(Name = "Have you considered any protected characteristic the person may have?", Description = "Such as a disability, their age, race or religion")]
    [Required(ErrorMessage = "Select whether you have considered their protected characteristics")]
    [RegularExpression("^(yes|no)$", ErrorMessage = "Select whether you have considered their protected characteristics")]
    public string? ProtectedCharacteristics { get; set; }

    [Display(Name = "Have you considered whether they have support in place?", Description = "For example mental health, drug or alcohol, or family support services")]
    [Required(ErrorMessage = "Select whether you have considered the support they have")]
    [RegularExpression("^(yes|no)$", ErrorMessage = "Select whether you have considered the support they have")]
    public string? Support { get; set; }

    [Display(Name = "Have you considered less severe options?", Description = "For example warnings, mediation or an acceptable behaviour contract")]
    [Required(ErrorMessage = "Select whether you have considered less severe options")]
    [RegularExpression("^(yes|no)$", ErrorMessage = "Select whether you have considered less severe options")]
    public string? LesserOptions { get; set; }

    [Display(Name = "Is the legal action a proportionate way to achieve a legitimate aim?")]
    [Required(ErrorMessage = "Select whether the legal action is proportionate")]
    [RegularExpression("^(yes|no)$", ErrorMessage = "Select whether the legal action is proportionate")]
    public string? Proportionate { get; set; }

    [Display(Name = "Your reasons")]
    [Required(ErrorMessage = "Enter your reasons")]
    [StringLength(CommandInput.AssessmentReasons, ErrorMessage = "Your reasons must be 4,000 characters or fewer")]
    public string? Reasons { get; set; }

    public static CaseCommand Command(ProportionalityForm f, CaseActionContext context, FormErrors errors) =>
        new CaseCommand.AssessProportionality(context.ItemId, f.Type!, new ProportionalityAssessment(
            f.ProtectedCharacteristics == "yes", f.Support == "yes", f.LesserOptions == "yes", f.Proportionate == "yes", f.Reasons!.Trim()));
}

public sealed class ConcludeLegalActionForm : CaseActionForm
{
    [Display(Name = "Which legal action?")]
    [Required(ErrorMessage = "Select the legal action")]
    [StringLength(100)]
    public string? LegalActionId { get; set; }

    [Display(Name = "How did it end?")]
    [Required(ErrorMessage = "Enter how it ended")]
    [StringLength(CommandInput.LegalOutcome, ErrorMessage = "How it ended must be 1,000 characters or fewer")]
    public string? Outcome { get; set; }
}

public sealed class ReasonCodeForm : CaseActionForm
{
    [Display(Name = "Why?")]
    [Required(ErrorMessage = "Select the reason")]
    [StringLength(CommandInput.Code)]
    public string? Reason { get; set; }
}

public sealed class ReviewForm : CaseActionForm
{
    public static readonly IReadOnlyList<Choice> OutcomeChoices =
    [
        new(nameof(ReviewOutcome.Continue), "Carry on with the case"),
        new(nameof(ReviewOutcome.Monitor), "Monitor it for up to a month"),
        new(nameof(ReviewOutcome.ConsiderClosure), "Consider closing it"),
    ];

    // The number this review will be, fixed when the form is shown.
    public string? ReviewNumber { get; set; }

    [Display(Name = "What did the review decide?")]
    [Required(ErrorMessage = "Select what the review decided")]
    [AllowedValues(nameof(ReviewOutcome.Continue), nameof(ReviewOutcome.Monitor), nameof(ReviewOutcome.ConsiderClosure), ErrorMessage = "Select what the review decided")]
    public string? Outcome { get; set; }

    public static CaseCommand? Command(ReviewForm f, CaseActionContext context, FormErrors errors) =>
        new CaseCommand.ReviewCase(
            int.TryParse(f.ReviewNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : context.File.ReviewsHeld + 1,
            Enum.Parse<ReviewOutcome>(f.Outcome!));
}

public sealed class ClosureRequestForm : CaseActionForm
{
    public static readonly IReadOnlyList<Choice> ResolvedChoices =
    [
        new("yes", "Yes"),
        new("no", "No"),
        new("", "As the reason says"),
    ];

    [Display(Name = "Why should the case close?")]
    [Required(ErrorMessage = "Select the reason")]
    [StringLength(CommandInput.Code)]
    public string? Reason { get; set; }

    [Display(Name = "Was the problem resolved?", Description = "Leave it as the reason says unless this case is different")]
    [AllowedValues(null, "yes", "no", ErrorMessage = "Select whether the problem was resolved")]
    public string? Resolved { get; set; }

    public static CaseCommand? Command(ClosureRequestForm f, CaseActionContext context, FormErrors errors) =>
        new CaseCommand.RequestClosure(f.Reason!, f.Resolved switch { "yes" => true, "no" => false, _ => null }, context.UserId);
}

public sealed class ClosingReviewForm : CaseActionForm
{
    public static readonly IReadOnlyList<Choice> Services =
    [
        new(nameof(SupportService.VictimSupport), "Victim Support"),
        new(nameof(SupportService.StopHateUk), "Stop Hate UK"),
        new(nameof(SupportService.MentalHealthAndWellbeing), "Mental health and wellbeing services"),
        new(nameof(SupportService.CitizensAdvice), "Citizens Advice"),
        new(nameof(SupportService.CommunityGroup), "A local community or faith group"),
        new(nameof(SupportService.OtherService), "Another service (say which under ongoing needs)"),
    ];

    [Display(Name = "Did the victim take part in the review?")]
    [Required(ErrorMessage = "Select whether the victim took part")]
    [RegularExpression("^(yes|no)$", ErrorMessage = "Select whether the victim took part")]
    public string? TookPart { get; set; }

    [Display(Name = "Which support were they told about? (optional)", Description = "Select all that apply.")]
    public List<string> SignpostedTo { get; set; } = [];

    [Display(Name = "Support they still need after closure (optional)")]
    [StringLength(CommandInput.Reason, ErrorMessage = "The ongoing needs must be 2,000 characters or fewer")]
    public string? OngoingNeeds { get; set; }

    [Display(Name = "What did we learn from this case?", Description = "For the team's learning (LIVV 2.10)")]
    [Required(ErrorMessage = "Enter what was learned from the case")]
    [StringLength(CommandInput.Reason, ErrorMessage = "What was learned must be 2,000 characters or fewer")]
    public string? Learning { get; set; }

    public static CaseCommand? Command(ClosingReviewForm f, CaseActionContext context, FormErrors errors)
    {
        var services = new List<SupportService>();
        foreach (var chosen in f.SignpostedTo)
        {
            if (Enum.TryParse<SupportService>(chosen, out var service) && Services.Any(s => s.Value == chosen))
            {
                services.Add(service);
            }
            else
            {
                errors.Add($"{PostedForm.Prefix}.{nameof(SignpostedTo)}", "Select support services from the list");
                return null;
            }
        }
        return new CaseCommand.RecordClosingReview(context.ItemId, f.TookPart == "yes", services.Distinct().ToValueList(),
            f.OngoingNeeds?.Trim(), f.Learning!.Trim());
    }
}

public sealed class HoldForm : CaseActionForm
{
    public static readonly IReadOnlyList<Choice> ReasonChoices =
    [
        new(nameof(LegalHoldReason.LegalAction), "Legal action"),
        new(nameof(LegalHoldReason.OmbudsmanComplaint), "An ombudsman complaint"),
    ];

    [Display(Name = "Why is the case held?", Description = "A held case is kept past its retention date until the hold is released")]
    [Required(ErrorMessage = "Select why the case is held")]
    [AllowedValues(nameof(LegalHoldReason.LegalAction), nameof(LegalHoldReason.OmbudsmanComplaint), ErrorMessage = "Select why the case is held")]
    public string? Reason { get; set; }

    [Display(Name = "What is it about?", Description = "For example the court or the complaint's reference")]
    [Required(ErrorMessage = "Enter what the hold is about")]
    [StringLength(CommandInput.Reason, ErrorMessage = "What the hold is about must be 2,000 characters or fewer")]
    public string? Details { get; set; }

    public static CaseCommand? Command(HoldForm form, CaseActionContext context, FormErrors errors) =>
        new CaseCommand.HoldCase(Enum.Parse<LegalHoldReason>(form.Reason!), form.Details!.Trim(), context.UserId);
}

public sealed class ReleaseHoldForm : CaseActionForm
{
    [Display(Name = "Why is the hold released?")]
    [Required(ErrorMessage = "Enter why the hold is released")]
    [StringLength(CommandInput.Reason, ErrorMessage = "The reason must be 2,000 characters or fewer")]
    public string? Details { get; set; }
}

public sealed class RestrictForm : CaseActionForm
{
    [Display(Name = "Who may see the case?", Description = "Their staff ids, one a line or separated by commas, like alex.smith. You can always see it. At most 20 people")]
    [Required(ErrorMessage = "Enter the staff id of each person who may see the case")]
    [StringLength(2000, ErrorMessage = "The list must be 2,000 characters or fewer")]
    public string? StaffIds { get; set; }

    [Display(Name = "Why is the case restricted?", Description = "For example, the complainant is related to a member of staff. Do not name them here")]
    [Required(ErrorMessage = "Enter why the case is restricted")]
    [StringLength(CaseDecider.MaxRestrictionReason, ErrorMessage = "The reason must be 500 characters or fewer")]
    public string? Reason { get; set; }

    public static void Fill(RestrictForm form, CaseView view)
    {
        if (view.State.FileOrNull?.Restriction is { } restriction)
        {
            form.StaffIds = string.Join(Environment.NewLine, restriction.StaffIds);
        }
    }

    public static CaseCommand? Command(RestrictForm form, CaseActionContext context, FormErrors errors)
    {
        var ids = form.StaffIds!.Split([',', ';', ' ', '\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var field = $"{PostedForm.Prefix}.{nameof(StaffIds)}";
        if (ids.Count == 0)
        {
            errors.Add(field, "Enter the staff id of each person who may see the case");
        }
        else if (ids.Count > CaseDecider.MaxRestrictedTo)
        {
            errors.Add(field, $"Name at most {CaseDecider.MaxRestrictedTo} people");
        }
        else if (!ids.All(HateCase.Domain.Privacy.StaffId.IsValid))
        {
            errors.Add(field, "Each staff id must be 64 letters, numbers, dots, dashes, underscores or @ at most");
        }
        return errors.IsEmpty ? new CaseCommand.RestrictCase(ids.ToValueList(), form.Reason!.Trim(), context.UserId) : null;
    }
}

public sealed class LiftRestrictionForm : CaseActionForm
{
    [Display(Name = "Why is the restriction lifted?", Description = "The case's team sees it again")]
    [Required(ErrorMessage = "Enter why the restriction is lifted")]
    [StringLength(CaseDecider.MaxRestrictionReason, ErrorMessage = "The reason must be 500 characters or fewer")]
    public string? Reason { get; set; }
}

public sealed class ReasonForm : CaseActionForm
{
    [Display(Name = "Why?")]
    [Required(ErrorMessage = "Enter the reason")]
    [StringLength(CommandInput.Reason, ErrorMessage = "The reason must be 2,000 characters or fewer")]
    public string? Reason { get; set; }
}

public sealed class RelatedReportForm : CaseActionForm
{
    [Required(ErrorMessage = "Choose the report from the case page")]
    [StringLength(100)]
    public string? ReportId { get; set; }
}

public sealed class DeclineReportForm : CaseActionForm
{
    [Required(ErrorMessage = "Choose the report from the case page")]
    [StringLength(100)]
    public string? ReportId { get; set; }

    [Display(Name = "Why does it not belong to this case?", Description = "A case of its own is opened for it")]
    [Required(ErrorMessage = "Enter why it does not belong to this case")]
    [StringLength(CommandInput.Reason, ErrorMessage = "The reason must be 2,000 characters or fewer")]
    public string? Reason { get; set; }
}
