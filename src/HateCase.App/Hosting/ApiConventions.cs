using System.Text.Json.Serialization;
using HateCase.App.Cases;
using HateCase.App.Errors;
using HateCase.App.Functions;


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
        services.AddExceptionHandler<ProblemMapping>();
        services.AddHttpContextAccessor();
        services.AddScoped<CommandSender>();
        return services;
    }

    public static IServiceCollection AddTriggers(this IServiceCollection services, bool standalone)
    {
        services.AddSingleton<TriggerHandlers>();
        if (standalone)
        {
            services.AddSingleton<StandaloneTriggers>();
            services.AddHostedService(sp => sp.GetRequiredService<StandaloneTriggers>());
        }
        return services;
    }

    // GET / answers the Functions host's readiness probe; /api/health says whether storage is reachable.
    public static IEndpointRouteBuilder MapReadinessAndHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Text("HateCaseFunctions is running. Report a hate incident or anti-social behaviour at /report.")).AllowAnonymous();
        app.MapGet("/api/health", async (StorageHealth health, CancellationToken ct) => await health.Check(ct) is (true, _)
            ? Results.Ok(new { status = "healthy", storage = "reachable" })
            : Results.Json(new { status = "degraded", storage = "unreachable", since = (await health.Check(ct)).OutageSince }, statusCode: StatusCodes.Status503ServiceUnavailable)).AllowAnonymous();
        // An endpoint that does nothing: the baseline the intake benchmark compares against.
        app.MapPost("/api/ping", () => TypedResults.NoContent()).AllowAnonymous();
        return app;
    }
}
