using HateCase.App.Intake;
using HateCase.App.Pages;
using HateCase.App.Pages.Dev;
using HateCase.App.Pages.Survey;

namespace HateCase.App.Hosting;

public static class PagesSetup
{
    public static IServiceCollection AddPublicPages(this IServiceCollection services)
    {
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "hatecase-antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    // Every page and the handlers that serve it: GET renders the page's component; POST checks
    // the form and redirects on success (PRG) or renders the page again with its errors.
    public static IEndpointRouteBuilder MapPublicPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet(ReportPage.Route, ReportPage.Show);
        pages.MapPost(ReportPage.Route, ReportPage.Send).RequireRateLimiting(ReportEndpoints.RateLimitPolicy);
        pages.MapGet(ReportSentPage.Route, ReportSentPage.Show);
        pages.MapGet(VictimsCodePage.Route, VictimsCodePage.Show);
        pages.MapGet(SurveyPage.Route, SurveyPage.Show);
        pages.MapPost(SurveyPage.Route, SurveyPage.Answer);
        pages.MapGet(SurveyPage.ThanksRoute, SurveyPage.Thanks);
        // Development only: each answers 404 elsewhere.
        pages.MapGet(MailboxPage.Route, MailboxPage.Show);
        pages.MapGet(SendMailPage.Route, SendMailPage.Show);
        pages.MapPost(SendMailPage.Route, SendMailPage.Send);
        pages.MapGet(MailMessagePage.Route, MailMessagePage.Show);
        return app;
    }

    // Pages carry no inline script or style, so the policy can forbid them.
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
            "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        await next();
    });
}
