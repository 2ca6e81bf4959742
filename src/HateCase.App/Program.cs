using HateCase.App.Hosting;
using HateCase.App.Intake;
using HateCase.App.Measures;
using HateCase.App.Privacy;
using HateCase.App.Security;
using HateCase.LocalHost;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;

// The app's function classes (Functions/, Cases/, Intake/, Inbound/, Dev/, Hosting/PagesSetup.cs
// and ApiConventions.cs) run in one of two hosts, with the same services:
// - under the Functions host (in Azure, or Core Tools' `func start`) as an isolated worker;
// - otherwise (./run.sh, the tests) in a web app that HateCase.LocalHost runs them in, with
//   local.settings.json's Values as settings.
if (FunctionsHosting.UnderFunctionsHost(args))
{
    Program.BuildForFunctionsHost(args).Run();
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddLocalSettings();
Program.AddAppServices(builder.Services, builder.Configuration, builder.Environment);
builder.Services.AddLocalFunctionHost(builder.Configuration);
builder.Services.AddLocalCaseOrchestrations(builder.Configuration);

var app = builder.Build();
app.MapLocalHttpFunctions();
app.Run();

public partial class Program
{
    public static IHost BuildForFunctionsHost(string[] args)
    {
        var functions = FunctionsApplication.CreateBuilder(args);
        functions.ConfigureFunctionsWebApplication();
        // Case data crosses the Durable boundary in one JSON shape, whichever host runs the cases.
        functions.Services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(HateCase.Workflow.CaseWorkflowJson.Options));
        functions.UseMiddleware<DurableClientMiddleware>();
        FunctionsHosting.CheckInboundQueueFor(functions.Configuration);
        AddAppServices(functions.Services, functions.Configuration, functions.Environment);
        return functions.Build();
    }

    public static void AddAppServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddCaseStorage(configuration, environment);
        services.AddCaseRuntime(configuration, environment);
        services.AddMailDelivery(configuration, environment);
        services.AddSignIn(configuration, environment);
        services.AddIntake(configuration, environment);
        services.AddInboundMail(configuration, environment);
        services.AddApiConventions();
        services.AddPublicPages();
        services.AddMeasures(configuration);
        services.AddPrivacy();
        services.AddSharedDataProtection(configuration);
    }
}
