using HateCase.App.Cases;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using HateCase.App.Pages.GovUk;
using HateCase.Domain.Cases;
using HateCase.Mail.Surveys;

namespace HateCase.App.Pages.Survey;

// MK 9.4: the satisfaction survey after closure, reached from the link in the invitation. The
// token says which case and closure; the case says whether the survey still takes answers.
// A link that no longer works gets a kind page, never an error.
public sealed partial class SurveyPage
{
    public const string Route = "/survey/{token}";
    public const string ThanksRoute = "/survey/thanks";
    public const int MaxComments = 2_000;

    public static readonly IReadOnlyList<Choice> Satisfaction =
    [
        new("5", "Very satisfied"),
        new("4", "Satisfied"),
        new("3", "Neither satisfied nor dissatisfied"),
        new("2", "Dissatisfied"),
        new("1", "Very dissatisfied"),
    ];

    public static readonly IReadOnlyList<Choice> ReportAgain = [new("yes", "Yes"), new("no", "No"), new("not-sure", "I’m not sure")];

    public static async Task<IResult> Show(HttpContext http, string token, SurveyTokens tokens, CaseService runtime, TimeProvider clock)
    {
        var look = await Look(token, tokens, runtime, clock, http.RequestAborted);
        return Render(http, look, new SurveyForm(), new FormErrors());
    }

    public static async Task<IResult> Answer(HttpContext http, string token, SurveyTokens tokens, CaseService runtime, TimeProvider clock)
    {
        var (form, errors, refused) = await PostedForm.Read<SurveyForm>(http);
        if (refused is not null)
        {
            return refused;
        }
        var look = await Look(token, tokens, runtime, clock, http.RequestAborted);
        if (look.Standing != SurveyStanding.Open || look.Valid is not { } valid || !errors.IsEmpty)
        {
            return Render(http, look, form!, errors);
        }
        var answer = new CaseCommand.RecordSurveyAnswer(
            int.Parse(form!.SatisfactionWithHandling!, CultureInfo.InvariantCulture),
            int.Parse(form.SatisfactionWithOutcome!, CultureInfo.InvariantCulture),
            form.WouldReportAgain switch { "yes" => true, "no" => false, _ => null },
            string.IsNullOrWhiteSpace(form.Comments) ? null : form.Comments.Trim(),
            valid.Respondent);
        var result = await runtime.Handle(valid.CaseId, answer,
            new CommandContext(valid.Respondent is null ? $"survey-{valid.ClosureNumber}" : $"survey-{valid.ClosureNumber}-{valid.Respondent}", "complainant"), http.RequestAborted);
        if (result is CommandResult.Accepted or CommandResult.Queued)
        {
            return Results.Redirect(ThanksRoute);
        }
        // Answered or closed in the meantime: the case says which.
        var now = await Look(token, tokens, runtime, clock, http.RequestAborted);
        return Render(http, now.Standing == SurveyStanding.Open ? now with { Standing = SurveyStanding.Closed } : now, form, errors);
    }

    public static IResult Thanks() => ComponentPage.Render<SurveyThanksPage>([]);

    private static IResult Render(HttpContext http, Lookup look, SurveyForm form, FormErrors errors) =>
        ComponentPage.Render<SurveyPage>(new()
        {
            [nameof(Status)] = look.Standing,
            [nameof(Reference)] = look.Reference,
            [nameof(Form)] = form,
            [nameof(Errors)] = errors,
            [nameof(AntiforgeryToken)] = look.Standing == SurveyStanding.Open ? PostedForm.IssueToken(http) : "",
        }, look.Standing == SurveyStanding.Closed ? StatusCodes.Status410Gone : StatusCodes.Status200OK);

    private sealed record Lookup(SurveyStanding Standing, SurveyTokenCheck.Valid? Valid, string? Reference);

    private static async Task<Lookup> Look(string token, SurveyTokens tokens, CaseService runtime, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (tokens.Verify(token, clock.GetUtcNow()) is not SurveyTokenCheck.Valid valid)
        {
            return new(SurveyStanding.Closed, null, null);
        }
        var view = await runtime.Get(valid.CaseId, cancellationToken);
        if (view?.State is not CaseState.Closed { Survey: { } survey } closed || survey.ClosureNumber != valid.ClosureNumber)
        {
            return new(SurveyStanding.Closed, null, null);
        }
        if (valid.Respondent is { } respondent && closed.File.JoinedComplainant(respondent) is null)
        {
            return new(SurveyStanding.Closed, null, null);
        }
        var standing = !survey.WindowClosed && !survey.AcceptsAnswersFrom(valid.Respondent) ? SurveyStanding.AlreadyAnswered
            : survey.WindowClosed || clock.GetUtcNow() >= survey.ClosesAt ? SurveyStanding.Closed
            : SurveyStanding.Open;
        return new(standing, valid, closed.File.Reference);
    }
}

public enum SurveyStanding
{
    Open,
    AlreadyAnswered,
    Closed,
}

public sealed class SurveyForm
{
    [Display(Name = "How satisfied are you with how we handled your case?")]
    [Required(ErrorMessage = "Select how satisfied you are with how we handled your case")]
    [RegularExpression("^[1-5]$", ErrorMessage = "Select how satisfied you are with how we handled your case")]
    public string? SatisfactionWithHandling { get; set; }

    [Display(Name = "How satisfied are you with the outcome of your case?")]
    [Required(ErrorMessage = "Select how satisfied you are with the outcome of your case")]
    [RegularExpression("^[1-5]$", ErrorMessage = "Select how satisfied you are with the outcome of your case")]
    public string? SatisfactionWithOutcome { get; set; }

    [Display(Name = "If something like this happened again, would you report it to us?")]
    [Required(ErrorMessage = "Select whether you would report it to us again")]
    [RegularExpression("^(yes|no|not-sure)$", ErrorMessage = "Select whether you would report it to us again")]
    public string? WouldReportAgain { get; set; }

    [Display(Name = "Is there anything else you want to tell us? (optional)", Description = "For example, what we did well, or what we could do better.")]
    [StringLength(SurveyPage.MaxComments, ErrorMessage = "Your comments must be 2,000 characters or fewer")]
    public string? Comments { get; set; }
}
