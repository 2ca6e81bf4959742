using System.ComponentModel.DataAnnotations;
using HateCase.App.Cases;
using HateCase.App.Pages.GovUk;
using HateCase.App.Retention;
using HateCase.Domain.Cases;
using HateCase.Domain.Retention;
using HateCase.Storage;

namespace HateCase.App.Pages.Privacy;

// Erasure on request (UK GDPR Art. 17), for admins: the people in the case whose data can still
// be erased, the reason, and what became of it. ErasureService does the work, as for the API.
public sealed partial class ErasurePage
{
    public static string Route(string caseId) => $"/erasure/{Uri.EscapeDataString(caseId)}";

    public static async Task<IResult> Show(HttpContext http, string caseId, CaseService cases) =>
        await cases.Get(caseId, http.RequestAborted) is { State.FileOrNull: { } } view
            ? Render(http, view, new ErasureForm(), new FormErrors(), done: null)
            : Cases.CasePage.CaseNotFound();

    public static async Task<IResult> Erase(HttpContext http, string caseId, CaseService cases, ErasureService erasures)
    {
        var (form, errors, refused) = await PostedForm.Read<ErasureForm>(http);
        if (refused is not null)
        {
            return refused;
        }
        if (await cases.Get(caseId, http.RequestAborted) is not { State.FileOrNull: { } } view)
        {
            return Cases.CasePage.CaseNotFound();
        }
        if (errors.IsEmpty && !PeopleIn(view).Any(p => p.Value == form!.Person))
        {
            errors.Add(nameof(ErasureForm.Person), "Select whose data to erase");
        }
        if (errors.IsEmpty && PersonInCase.ReasonProblem(form!.Reason) is { } problem)
        {
            errors.Add(nameof(ErasureForm.Reason), problem);
        }
        if (!errors.IsEmpty)
        {
            return Render(http, view, form!, errors, done: null);
        }
        var person = form!.Person!;
        var who = PeopleIn(view).First(p => p.Value == person).Text;
        switch (await erasures.Erase(caseId, person, form.Reason!.Trim(), http))
        {
            case ErasureOutcome.Refused r:
                errors.Add(nameof(ErasureForm.Person), r.Reason);
                return Render(http, view, form, errors, done: null);
            case ErasureOutcome.NoSuchCase:
                return Cases.CasePage.CaseNotFound();
            case ErasureOutcome.Pending:
                return Render(http, await cases.Get(caseId, http.RequestAborted) ?? view, new ErasureForm(), errors,
                    done: $"The erasure of the data of {who} has begun; what is left is finished within a few minutes.");
            default:
                return Render(http, await cases.Get(caseId, http.RequestAborted) ?? view, new ErasureForm(), errors, done: $"The data of {who} is erased from this case");
        }
    }

    // The complainant and the reporters of related reports, each once, while their data is still there.
    private static List<Choice> PeopleIn(CaseView view)
    {
        var file = view.State.FileOrNull!;
        var people = new List<Choice>();
        if (!file.ErasedPeople.Contains(PersonInCase.ComplainantName) && !file.Complainant.Anonymous)
        {
            people.Add(new Choice(PersonInCase.ComplainantName, $"{file.Complainant.Name ?? "The complainant"} (the complainant)"));
        }
        foreach (var related in view.Chronology.Select(e => e.Event).OfType<CaseEvent.RelatedReportReceived>())
        {
            var name = PersonInCase.ReporterOf(related.ReportId).Name;
            if (!file.ErasedPeople.Contains(name) && !related.Complainant.Anonymous)
            {
                people.Add(new Choice(name, $"{related.Complainant.Name ?? "Someone"} (a related report, {Cases.CaseReading.When(related.At)})"));
            }
        }
        return people;
    }

    private static IResult Render(HttpContext http, CaseView view, ErasureForm form, FormErrors errors, string? done)
    {
        http.Response.Headers.CacheControl = "no-store";
        return ComponentPage.Render<ErasurePage>(new()
        {
            [nameof(CaseId)] = view.CaseId,
            [nameof(Reference)] = view.State.FileOrNull!.Reference,
            [nameof(People)] = PeopleIn(view),
            [nameof(Form)] = form,
            [nameof(Errors)] = errors,
            [nameof(Done)] = done,
            [nameof(AntiforgeryToken)] = PostedForm.IssueToken(http),
        }, errors.IsEmpty ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}

public sealed class ErasureForm
{
    [Display(Name = "Whose data is to be erased?")]
    [Required(ErrorMessage = "Select whose data to erase")]
    [StringLength(200)]
    public string? Person { get; set; }

    [Display(Name = "Why?", Description = "A short note for the record, such as the date of their request. Do not put personal details in it")]
    [Required(ErrorMessage = "Enter why their data is erased")]
    [StringLength(PersonInCase.MaxReasonLength, ErrorMessage = "The reason must be 200 characters or fewer")]
    public string? Reason { get; set; }
}
