using HateCase.App.Errors;
using HateCase.App.Intake;
using HateCase.App.Pages.Staff;
using HateCase.App.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace HateCase.App.Functions;

// What ASP.NET Core middleware did before the move to the isolated worker, on each HTTP function's
// own path: the Functions host runs no middleware pipeline in the worker, so every HTTP function
// goes through Serve, and the local host and Azure run the same code. In order: security headers,
// sign-in, the function's authorisation policy, the intake rate limit, then the function, with any
// failure (in the function or while its result is written) turned into a problem or an error page.
public sealed class RequestGate(
    IHttpContextAccessor accessor, IAuthorizationService authorization, IntakeRateLimit rateLimit, ProblemMapping problems)
{
    public Task<IResult> Serve(HttpRequest request, Func<HttpContext, Task<IResult>> function, string? policy = null, bool rateLimited = false,
        Func<HttpContext, Task>? whenRefused = null) =>
        Serve(request, function, policy, rateLimited, staffPage: false, whenRefused);

    // A staff page: a person not signed in is sent to sign in and brought back; a person without
    // the role is told so on a page, not in a problem.
    // whenRefused runs when a signed-in person's role is refused (a 403), before the refusal is sent:
    // the access record keeps refusals as well as views.
    public Task<IResult> ServeStaffPage(HttpRequest request, Func<HttpContext, Task<IResult>> function, string policy = Policies.Staff,
        Func<HttpContext, Task>? whenRefused = null) =>
        Serve(request, function, policy, rateLimited: false, staffPage: true, whenRefused);

    private async Task<IResult> Serve(HttpRequest request, Func<HttpContext, Task<IResult>> function, string? policy, bool rateLimited, bool staffPage,
        Func<HttpContext, Task>? whenRefused)
    {
        var http = request.HttpContext;
        // In the worker the function runs outside the request's own async flow, so services that
        // read the request through IHttpContextAccessor (CommandSender) are given it here.
        accessor.HttpContext = http;
        SecurityHeaders.Apply(http.Response);
        try
        {
            if (IsCrossSiteWrite(http.Request))
            {
                return TypedResults.Problem(title: "This request came from another site.", statusCode: StatusCodes.Status403Forbidden);
            }
            var signIn = await http.AuthenticateAsync(SignInSetup.Scheme);
            if (signIn.Succeeded)
            {
                http.User = signIn.Principal;
            }
            if (policy is not null && !(await authorization.AuthorizeAsync(http.User, policy)).Succeeded)
            {
                if (whenRefused is not null && http.User.Identity?.IsAuthenticated == true)
                {
                    await whenRefused(http);
                }
                if (staffPage)
                {
                    return http.User.Identity?.IsAuthenticated == true ? StaffPages.NotAllowed() : StaffPages.SignInFirst(http);
                }
                // The sign-in handler answers both with a problem: 401 to sign in, 403 for the wrong role.
                return http.User.Identity?.IsAuthenticated == true
                    ? TypedResults.Forbid(authenticationSchemes: [SignInSetup.Scheme])
                    : TypedResults.Challenge(authenticationSchemes: [SignInSetup.Scheme]);
            }
            if (rateLimited && !rateLimit.Admits(http))
            {
                return IntakeRateLimit.Refusal(http);
            }
            return new Guarded(await function(http), problems);
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            return new Failed(e, problems);
        }
    }

    // A browser says where a request comes from. A staff member's sign-in cookie must not let another
    // site's page send a command (a form posted to a command with no body) in their name.
    private static bool IsCrossSiteWrite(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) &&
        request.Headers["Sec-Fetch-Site"] is [{ } site] && string.Equals(site, "cross-site", StringComparison.OrdinalIgnoreCase);

    public Task<IResult> Serve(HttpRequest request, Func<HttpContext, IResult> function, string? policy = null) =>
        Serve(request, http => Task.FromResult(function(http)), policy);

    // A result whose writing fails (a page that cannot be rendered) still becomes the error page.
    private sealed class Guarded(IResult inner, ProblemMapping problems) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            try
            {
                await inner.ExecuteAsync(http);
            }
            catch (Exception e) when (!http.Response.HasStarted)
            {
                await problems.TryHandleAsync(http, e, http.RequestAborted);
            }
        }
    }

    private sealed class Failed(Exception exception, ProblemMapping problems) : IResult
    {
        public async Task ExecuteAsync(HttpContext http) => await problems.TryHandleAsync(http, exception, http.RequestAborted);
    }
}

// Pages carry no inline script or style, so the policy can forbid them.
public static class SecurityHeaders
{
    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
            "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
    }
}
