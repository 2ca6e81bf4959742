using HateCase.App.Cases;
using HateCase.App.Pages.GovUk;
using HateCase.App.Pages.Staff;
using HateCase.App.Security;
using HateCase.Storage;
using HateCase.Workflow;

namespace HateCase.App.Pages.Cases;

// One action on a case as a page: GET shows its form with a fresh command key; POST checks the
// form, sends the command and goes back to the case page (PRG), or shows the form again with what
// is wrong, the case's own reason when it refuses the command, and the officer's input kept.
public sealed partial class CaseActionPage
{
    public static async Task<IResult> Show(HttpContext http, string caseId, string slug, CaseService runtime, CasePolicy policy, TimeProvider clock)
    {
        if (CaseActions.Find(slug) is not { } action)
        {
            return CasePage.CaseNotFound();
        }
        if (await Read(http, caseId, runtime) is not { } view)
        {
            return CasePage.CaseNotFound();
        }
        return Render(http, view, action, action.NewForm(view, http.Request.Query), new FormErrors(), policy, clock);
    }

    public static async Task<IResult> Send(
        HttpContext http, string caseId, string slug, CaseService runtime, CommandSender send, CasePolicy policy, TimeProvider clock)
    {
        if (CaseActions.Find(slug) is not { } action)
        {
            return CasePage.CaseNotFound();
        }
        var (form, errors, refused) = await action.Read(http);
        if (refused is not null)
        {
            return refused;
        }
        if (await Read(http, caseId, runtime) is not { } view)
        {
            return CasePage.CaseNotFound();
        }
        if (!CaseActions.IsCommandKey(form!.CommandKey))
        {
            form.CommandKey = CaseActions.NewCommandKey();
        }
        var now = clock.GetUtcNow();
        var context = new CaseActionContext(view, policy.Profile, now, http.User.UserId(), CommandInput.ItemId(form.CommandKey!), http.User.Team());
        var command = errors.IsEmpty ? action.Command(form, context, errors) : null;
        if (command is null)
        {
            return Render(http, view, action, form, errors, policy, clock, StatusCodes.Status400BadRequest);
        }
        var result = await send.Send(caseId, $"page-{form.CommandKey}", command);
        switch (result)
        {
            case CommandResult.Accepted:
                return Results.Redirect($"{StaffRoutes.Case(caseId)}?done={action.Slug}");
            case CommandResult.Queued:
                return Results.Redirect($"{StaffRoutes.Case(caseId)}?queued={action.Slug}");
            case CommandResult.Rejected rejection:
                errors.Add("", rejection.Reason);
                // A refusal may be recorded against this key: sent again, the form is a new command.
                form.CommandKey = CaseActions.NewCommandKey();
                return Render(http, view, action, form, errors, policy, clock, StatusCodes.Status409Conflict);
            case CommandResult.NotAllowed:
                return StaffPages.CaseNotAllowed();
            default:
                return CasePage.CaseNotFound();
        }
    }

    private static async Task<CaseView?> Read(HttpContext http, string caseId, CaseService runtime) =>
        CommandSender.IsValidId(caseId) && await runtime.Get(caseId, http.RequestAborted) is { State.FileOrNull: not null } view ? view : null;

    private static IResult Render(HttpContext http, CaseView view, CaseAction action, CaseActionForm form, FormErrors errors,
        CasePolicy policy, TimeProvider clock, int status = StatusCodes.Status200OK) =>
        ComponentPage.Render<CaseActionPage>(new()
        {
            [nameof(Reading)] = new CaseReading(view, policy.Profile, clock.GetUtcNow()),
            [nameof(Action)] = action,
            [nameof(Form)] = form,
            [nameof(Errors)] = errors,
            [nameof(Profile)] = policy.Profile,
            [nameof(AntiforgeryToken)] = PostedForm.IssueToken(http),
        }, status);
}
