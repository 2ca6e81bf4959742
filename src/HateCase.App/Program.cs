using HateCase.App.Cases;
using HateCase.App.Dev;
using HateCase.App.Errors;
using HateCase.App.Functions;
using HateCase.App.Hosting;
using HateCase.App.Intake;
using HateCase.App.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsHosting();

builder.Services.AddCaseStorage(builder.Configuration, builder.Environment);
builder.Services.AddCaseRuntime(builder.Configuration, builder.Environment);
builder.Services.AddMailDelivery(builder.Configuration, builder.Environment);
builder.Services.AddSignIn(builder.Configuration, builder.Environment);
builder.Services.AddIntake(builder.Configuration, builder.Environment);
builder.Services.AddInboundMail(builder.Configuration, builder.Environment);
builder.Services.AddApiConventions();
builder.Services.AddTriggers(standalone: !FunctionsHosting.UnderFunctionsHost);
builder.Services.AddPublicPages();
builder.Services.AddSharedDataProtection(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapReadinessAndHealth();
app.MapReports();
app.MapCases();
app.MapFunctionTriggers();
app.MapInboundMail();
app.MapPublicPages();
if (app.Environment.IsDevelopment())
{
    app.MapDevelopmentTools();
}

app.Run();

public partial class Program;
