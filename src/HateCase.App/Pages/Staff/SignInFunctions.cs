using HateCase.App.Functions;
using Microsoft.Azure.Functions.Worker;

namespace HateCase.App.Pages.Staff;

// Signing in and out of the staff pages.
public sealed class SignInFunctions(RequestGate gate)
{
    [Function("SignInForm")]
    public Task<IResult> SignInForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sign-in")] HttpRequest request) =>
        gate.Serve(request, SignInPage.Show);

    [Function("SignIn")]
    public Task<IResult> SignIn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sign-in")] HttpRequest request) =>
        gate.Serve(request, SignInPage.SignIn);

    [Function("SignOut")]
    public Task<IResult> SignOut([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sign-out")] HttpRequest request) =>
        gate.Serve(request, SignInPage.SignOut);
}
