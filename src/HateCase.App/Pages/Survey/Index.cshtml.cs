using System.ComponentModel.DataAnnotations;
using HateCase.App.Pages.GovUk;
using HateCase.Domain.Cases;
using HateCase.Mail.Surveys;
using HateCase.Runtime.Cases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HateCase.App.Pages.Survey;

// MK 9.4: the satisfaction survey after closure, reached from the link in the invitation. The
// token says which case and closure; the case says whether the survey still takes answers.
// A link that no longer works gets a kind page, never an error.
public sealed class IndexModel(SurveyTokens tokens, CaseRuntime runtime, TimeProvider clock) : PageModel
{
    public const int MaxComments = 2_000;

    public enum Standing
    {
        Open,
        AlreadyAnswered,
        Closed,
    }

    [BindProperty]
    public SurveyForm Form { get; set; } = new();

    public Standing Status { get; private set; }

    public string? Reference { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        var (standing, _) = await Look(token, cancellationToken);
        return Show(standing);
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var (standing, valid) = await Look(token, cancellationToken);
        if (standing != Standing.Open || valid is null)
        {
            return Show(standing);
        }
        if (!ModelState.IsValid)
        {
            return Show(standing);
        }
        var answer = new CaseCommand.RecordSurveyAnswer(
            int.Parse(Form.SatisfactionWithHandling!, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Form.SatisfactionWithOutcome!, System.Globalization.CultureInfo.InvariantCulture),
            Form.WouldReportAgain switch { "yes" => true, "no" => false, _ => null },
            string.IsNullOrWhiteSpace(Form.Comments) ? null : Form.Comments.Trim());
        var result = await runtime.Handle(valid.CaseId, answer, new CommandContext($"survey-{valid.ClosureNumber}", "complainant"), cancellationToken);
        if (result is CommandResult.Accepted)
        {
            return RedirectToPage("/Survey/Thanks");
        }
        // Answered or closed in the meantime: the case says which.
        var (now, _) = await Look(token, cancellationToken);
        return Show(now == Standing.Open ? Standing.Closed : now);
    }

    private IActionResult Show(Standing standing)
    {
        Status = standing;
        if (standing == Standing.Closed)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
        }
        return Page();
    }

    private async Task<(Standing, SurveyTokenCheck.Valid?)> Look(string token, CancellationToken cancellationToken)
    {
        if (tokens.Verify(token, clock.GetUtcNow()) is not SurveyTokenCheck.Valid valid)
        {
            return (Standing.Closed, null);
        }
        var view = await runtime.Get(valid.CaseId, cancellationToken);
        if (view?.State is not CaseState.Closed { Survey: { } survey } closed || survey.ClosureNumber != valid.ClosureNumber)
        {
            return (Standing.Closed, null);
        }
        Reference = closed.File.Reference;
        return survey.Answered ? (Standing.AlreadyAnswered, valid)
            : survey.WindowClosed || clock.GetUtcNow() >= survey.ClosesAt ? (Standing.Closed, valid)
            : (Standing.Open, valid);
    }

    public static readonly IReadOnlyList<Choice> Satisfaction =
    [
        new("5", "Very satisfied"),
        new("4", "Satisfied"),
        new("3", "Neither satisfied nor dissatisfied"),
        new("2", "Dissatisfied"),
        new("1", "Very dissatisfied"),
    ];

    public static readonly IReadOnlyList<Choice> ReportAgain = [new("yes", "Yes"), new("no", "No"), new("not-sure", "I’m not sure")];
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
    [StringLength(IndexModel.MaxComments, ErrorMessage = "Your comments must be 2,000 characters or fewer")]
    public string? Comments { get; set; }
}
