using System.ComponentModel.DataAnnotations;
using HateCase.App.Pages.GovUk;
using HateCase.App.Security;
using Microsoft.Extensions.Options;

namespace HateCase.App.Pages.Staff;

// Staff sign in here. In Development the page picks a person and a role; in Azure, App Service
// Authentication's own sign-in (Entra ID) is used and this only sends people there.
public sealed partial class SignInPage
{
    private const string AppServiceSignIn = "/.auth/login/aad";
    private const string AppServiceSignOut = "/.auth/logout";

    public static IResult Show(HttpContext http)
    {
        var returnUrl = StaffRoutes.LocalOrMyWork(http.Request.Query["returnUrl"].FirstOrDefault());
        return Options(http) switch
        {
            { AllowDevelopmentSignIn: true } => Render(http, new SignInForm(), new FormErrors(), returnUrl),
            { TrustAppServiceHeader: true } => Results.Redirect($"{AppServiceSignIn}?post_login_redirect_uri={Uri.EscapeDataString(returnUrl)}"),
            _ => NotSetUp(),
        };
    }

    public static async Task<IResult> SignIn(HttpContext http)
    {
        if (!Options(http).AllowDevelopmentSignIn)
        {
            return NotSetUp();
        }
        var (form, errors, refused) = await PostedForm.Read<SignInForm>(http);
        if (refused is not null)
        {
            return refused;
        }
        var returnUrl = StaffRoutes.LocalOrMyWork(http.Request.Form["returnUrl"].FirstOrDefault());
        if (!errors.IsEmpty)
        {
            return Render(http, form!, errors, returnUrl);
        }
        DevelopmentSignIn.Write(http, new DevelopmentSignIn.Person(form!.StaffId!.Trim(), form.Role!,
            string.IsNullOrWhiteSpace(form.Team) ? null : form.Team.Trim()));
        return Results.Redirect(returnUrl);
    }

    public static async Task<IResult> SignOut(HttpContext http)
    {
        var (_, _, refused) = await PostedForm.Read<NoFields>(http);
        if (refused is not null)
        {
            return refused;
        }
        DevelopmentSignIn.Clear(http);
        return Options(http).TrustAppServiceHeader
            ? Results.Redirect($"{AppServiceSignOut}?post_logout_redirect_uri={Uri.EscapeDataString(StaffRoutes.SignIn)}")
            : Results.Redirect(StaffRoutes.SignIn);
    }

    private static IResult Render(HttpContext http, SignInForm form, FormErrors errors, string returnUrl) =>
        ComponentPage.Render<SignInPage>(new()
        {
            [nameof(Form)] = form,
            [nameof(Errors)] = errors,
            [nameof(ReturnUrl)] = returnUrl,
            [nameof(AntiforgeryToken)] = PostedForm.IssueToken(http),
        }, errors.IsEmpty ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);

    private static IResult NotSetUp() => HateCase.App.Errors.HtmlMessage.Page("Staff sign-in is not set up here",
        "Staff sign in with App Service Authentication where the app runs in Azure. Ask the administrator to turn it on.",
        StatusCodes.Status404NotFound);

    private static SignInOptions Options(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptionsMonitor<SignInOptions>>().Get(SignInSetup.Scheme);
}

public sealed class SignInForm
{
    public static readonly IReadOnlyList<Choice> RoleChoices =
    [
        new(Roles.Officer, "Case officer"),
        new(Roles.TeamLeader, "Team leader"),
        new(Roles.Admin, "Admin"),
    ];

    [Display(Name = "Staff id", Description = "Letters, numbers, dots, dashes or @, like alex.smith")]
    [Required(ErrorMessage = "Enter your staff id")]
    [RegularExpression(@"^\s*[A-Za-z0-9._@-]{1,64}\s*$", ErrorMessage = "Staff id must be 64 letters, numbers, dots, dashes, underscores or @ at most")]
    public string? StaffId { get; set; }

    [Display(Name = "Role")]
    [Required(ErrorMessage = "Select your role")]
    [AllowedValues(Roles.Officer, Roles.TeamLeader, Roles.Admin, ErrorMessage = "Select your role")]
    public string? Role { get; set; }

    // RBC 15, MK 15.3: officers see their team's cases. Left empty, the person is in the one team
    // a landlord without teams has.
    [Display(Name = "Team (optional)", Description = "Leave it empty if your landlord has no teams. Like north or east-area")]
    [RegularExpression(@"^\s*[A-Za-z0-9._@-]{1,64}\s*$", ErrorMessage = "Team must be 64 letters, numbers, dots, dashes, underscores or @ at most")]
    public string? Team { get; set; }
}
