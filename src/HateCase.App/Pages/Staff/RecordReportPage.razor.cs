using System.ComponentModel.DataAnnotations;
using HateCase.App.Cases;
using HateCase.App.Intake;
using HateCase.App.Pages.GovUk;
using HateCase.App.Security;
using HateCase.Domain.Cases;
using HateCase.Runtime.Ports;
using HateCase.Workflow;

namespace HateCase.App.Pages.Staff;

// A report a member of staff takes by phone, in person, by post or from a partner (MK 5.3): the
// public form's questions, checked by the same intake validation, plus how it came in and whether
// the Victims Code was given in person. On success it redirects (PRG) to the new case's reference.
public sealed partial class RecordReportPage
{
    public const string RecordedRoute = StaffRoutes.RecordReport + "/recorded";

    public static IResult Show(HttpContext http, CasePolicy policy) =>
        Render(http, policy, new StaffReportForm { SubmissionKey = ReportPage.NewSubmissionKey() }, new FormErrors());

    public static async Task<IResult> Send(HttpContext http, IntakeService intake, CasePolicy policy, TimeProvider clock, ILogger<RecordReportPage> logger)
    {
        var (form, errors, refused) = await PostedForm.Read<StaffReportForm>(http);
        if (refused is not null)
        {
            return refused;
        }
        if (!ReportPage.SubmissionKeyPattern().IsMatch(form!.SubmissionKey ?? ""))
        {
            form.SubmissionKey = ReportPage.NewSubmissionKey();
        }
        var channel = Enum.TryParse<ReportChannel>(form.Channel, out var taken) ? taken : ReportChannel.Phone;
        var report = ReportPage.Check(form, errors, policy, clock.GetUtcNow(), channel, signedInStaff: true, request =>
        {
            request.Channel = form.Channel;
            request.VictimsCodeGivenByStaff = form.VictimsCodeGivenInPerson.Contains("yes");
        });
        if (report is null)
        {
            return Render(http, policy, form, errors);
        }
        IntakeOutcome outcome;
        try
        {
            outcome = await intake.Submit(report, "staff-form-" + form.SubmissionKey, http.User.UserId(), http.RequestAborted);
        }
        catch (StoreException e)
        {
            LogNotStored(logger, e.GetType().Name);
            errors.Add("", "The report could not be recorded just now. What you typed is still here: please try again in a minute.");
            return Render(http, policy, form, errors);
        }
        if (outcome is IntakeOutcome.Refused refusal)
        {
            errors.Add("", refusal.Reason);
            return Render(http, policy, form, errors);
        }
        var receipt = ((IntakeOutcome.Accepted)outcome).Receipt;
        return Results.Redirect($"{RecordedRoute}?caseId={Uri.EscapeDataString(receipt.CaseId)}{(receipt.AddedToOpenCase ? "&added=yes" : "")}");
    }

    // The R of PRG: the case's reference, read from the projection (the URL holds the case id only).
    public static async Task<IResult> Recorded(HttpContext http, CaseService runtime)
    {
        var caseId = http.Request.Query["caseId"] is [{ } id] && CommandSender.IsValidId(id) ? id : null;
        var reference = caseId is null ? null : await runtime.ReferenceOf(caseId, http.RequestAborted);
        return ComponentPage.Render<ReportRecordedPage>(new()
        {
            [nameof(ReportRecordedPage.CaseId)] = reference is null ? null : caseId,
            [nameof(ReportRecordedPage.Reference)] = reference,
            [nameof(ReportRecordedPage.AddedToOpenCase)] = http.Request.Query["added"] == "yes",
        }, reference is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    private static IResult Render(HttpContext http, CasePolicy policy, StaffReportForm form, FormErrors errors) =>
        ComponentPage.Render<RecordReportPage>(new()
        {
            [nameof(Form)] = form,
            [nameof(Errors)] = errors,
            [nameof(HateStrands)] = policy.Profile.HateStrands.Select(s => new Choice(s.Code, s.Name)).ToList(),
            [nameof(AntiforgeryToken)] = PostedForm.IssueToken(http),
        }, errors.IsEmpty ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A staff-keyed report could not be stored ({Error}); the member of staff was asked to try again.")]
    private static partial void LogNotStored(ILogger logger, string error);
}

// The public form's questions and how the report came in.
public sealed class StaffReportForm : ReportForm
{
    public static readonly IReadOnlyList<Choice> Channels =
    [
        new(nameof(ReportChannel.Phone), "By phone"),
        new(nameof(ReportChannel.InPerson), "In person"),
        new(nameof(ReportChannel.Post), "By post"),
        new(nameof(ReportChannel.PartnerReferral), "From a partner, like the police or a support service"),
    ];

    public static readonly IReadOnlyList<Choice> VictimsCodeChoices =
    [
        new("yes", "The Victims Code was given in person", "You told them their rights and gave or read them the Victims Code. If they have no email address, it is then not posted to them."),
    ];

    [Display(Name = "How did the report come in?")]
    [Required(ErrorMessage = "Select how the report came in")]
    [AllowedValues(nameof(ReportChannel.Phone), nameof(ReportChannel.InPerson), nameof(ReportChannel.Post), nameof(ReportChannel.PartnerReferral),
        ErrorMessage = "Select how the report came in")]
    public string? Channel { get; set; }

    [Display(Name = "The Victims Code (optional)")]
    public List<string> VictimsCodeGivenInPerson { get; set; } = [];
}
