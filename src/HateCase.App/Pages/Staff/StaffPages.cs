namespace HateCase.App.Pages.Staff;

// What a staff page answers a person it cannot serve.
public static class StaffPages
{
    // Not signed in: sign in, then come back to the page asked for (a form sent while signed out
    // comes back to the page it was sent from, to be sent again).
    public static IResult SignInFirst(HttpContext http)
    {
        var request = http.Request;
        var back = HttpMethods.IsGet(request.Method) ? request.Path + request.QueryString : request.Path.ToString();
        return Results.Redirect($"{StaffRoutes.SignIn}?returnUrl={Uri.EscapeDataString(StaffRoutes.LocalOrMyWork(back))}");
    }

    public static IResult NotAllowed() =>
        ComponentPage.Render<NotAllowedPage>([], StatusCodes.Status403Forbidden);

    // RBC 15, MK 15.3: a case that is not the person's team's, or is restricted to others.
    public static IResult CaseNotAllowed() =>
        ComponentPage.Render<CaseNotAllowedPage>([], StatusCodes.Status403Forbidden);
}

// A form whose only field is its antiforgery token, like "Sign out".
public sealed class NoFields;
