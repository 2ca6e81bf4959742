using System.Text.Json.Serialization;
using HateCase.App.Cases;
using HateCase.App.Errors;
using HateCase.App.Functions;
using Microsoft.Azure.Functions.Worker;

namespace HateCase.App.Hosting;

public static class ApiConventions
{
    public static IServiceCollection AddApiConventions(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            // Escape <, > and & so that text someone typed can never be read as markup.
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default;
        });
        services.AddProblemDetails();
        services.AddSingleton<ProblemMapping>();
        services.AddHttpContextAccessor();
        services.AddScoped<RequestGate>();
        services.AddScoped<CommandSender>();
        services.AddSingleton<TriggerHandlers>();
        return services;
    }
}

// GET / answers a readiness probe; /api/health says whether storage is reachable.
public sealed class HealthFunctions(RequestGate gate, StorageHealth health)
{
    // The host would take an empty route for the function's name: this one matches only "/".
    [Function("Readiness")]
    public Task<IResult> Readiness([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{root:maxlength(0)?}")] HttpRequest request) =>
        gate.Serve(request, _ => TypedResults.Text("HateCaseFunctions is running. Report a hate incident or anti-social behaviour at /report."));

    [Function("Health")]
    public Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) =>
        gate.Serve(request, async http => await health.Check(http.RequestAborted) is (true, _)
            ? Results.Ok(new { status = "healthy", storage = "reachable" })
            : Results.Json(new { status = "degraded", storage = "unreachable", since = (await health.Check(http.RequestAborted)).OutageSince },
                statusCode: StatusCodes.Status503ServiceUnavailable));

    // An endpoint that does nothing: the baseline the intake benchmark compares against.
    [Function("Ping")]
    public Task<IResult> Ping([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/ping")] HttpRequest request) =>
        gate.Serve(request, _ => TypedResults.NoContent());
}
