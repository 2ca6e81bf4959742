using HateCase.App.Functions;
using HateCase.App.Intake;
using HateCase.App.Pages;
using HateCase.App.Pages.Dev;
using HateCase.App.Pages.Survey;
using HateCase.Domain.Cases;
using HateCase.App.Dev;
using HateCase.Mail.Delivery;
using HateCase.Mail.Surveys;
using HateCase.App.Cases;
using HateCase.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

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
}

// Every page and the handlers that serve it: GET renders the page's component; POST checks the
// form and redirects on success (PRG) or renders the page again with its errors. Anyone may use
// them; sending the report form counts against the intake rate limit.
public sealed class PageFunctions(
    RequestGate gate, CasePolicy policy, IntakeService intake, TimeProvider clock, ILogger<ReportPage> logger,
    SurveyTokens tokens, CaseService runtime, IWebHostEnvironment environment, WhereMailGoes whereMailGoes)
{
    [Function("ReportForm")]
    public Task<IResult> ReportForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "report")] HttpRequest request) =>
        gate.Serve(request, http => ReportPage.Show(http, policy));

    [Function("SendReportForm")]
    public Task<IResult> SendReportForm([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "report")] HttpRequest request,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, http => ReportPage.Send(http, intake, policy, clock, logger), rateLimited: true);

    [Function("ReportSent")]
    public Task<IResult> ReportSent([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "report/sent")] HttpRequest request) =>
        gate.Serve(request, http => ReportSentPage.Show(http, policy));

    [Function("VictimsCode")]
    public Task<IResult> VictimsCode([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "victims-code")] HttpRequest request) =>
        gate.Serve(request, _ => VictimsCodePage.Show(policy));

    [Function("Survey")]
    public Task<IResult> Survey([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "survey/{token}")] HttpRequest request, string token,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, http => SurveyPage.Show(http, token, tokens, runtime, clock));

    [Function("AnswerSurvey")]
    public Task<IResult> AnswerSurvey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "survey/{token}")] HttpRequest request, string token,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, http => SurveyPage.Answer(http, token, tokens, runtime, clock));

    [Function("SurveyThanks")]
    public Task<IResult> SurveyThanks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "survey/thanks")] HttpRequest request) =>
        gate.Serve(request, _ => SurveyPage.Thanks());

    // Development only: each answers 404 elsewhere.
    [Function("DevelopmentMailbox")]
    public Task<IResult> DevelopmentMailbox([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/mail")] HttpRequest request) =>
        gate.Serve(request, http => MailboxPage.Show(http, environment, whereMailGoes));

    [Function("DevelopmentSendMailForm")]
    public Task<IResult> DevelopmentSendMailForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/mail/send")] HttpRequest request) =>
        gate.Serve(request, http => SendMailPage.Show(http, http.Request.Query["sent"] is [{ } sent] ? sent : null, environment));

    [Function("DevelopmentSendMail")]
    public Task<IResult> DevelopmentSendMail([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/mail/send")] HttpRequest request) =>
        gate.Serve(request, http => SendMailPage.Send(http, environment));

    [Function("DevelopmentMailMessage")]
    public Task<IResult> DevelopmentMailMessage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/mail/{id}")] HttpRequest request, string id) =>
        gate.Serve(request, http => MailMessagePage.Show(http, id, environment, whereMailGoes));
}
