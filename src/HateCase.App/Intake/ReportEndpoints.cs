using System.Text.Json;
using System.Threading.RateLimiting;
using HateCase.App.Functions;
using HateCase.App.Errors;
using HateCase.App.Security;
using HateCase.Domain.Cases;
using HateCase.Workflow;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Intake;

public static class ReportEndpoints
{
    public static IServiceCollection AddIntake(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = new IntakeOptions();
        configuration.GetSection("Intake").Bind(options);
        if (string.IsNullOrEmpty(options.KeySecret) && environment.IsDevelopment())
        {
            options.KeySecret = "development-only-intake-key-secret";
        }
        // A short secret would let anyone who reads the linking keys guess whose details they hash.
        if (options.KeySecret.Length < IntakeOptions.MinimumKeySecretLength)
        {
            throw new InvalidOperationException(
                $"The app cannot start until these settings are put right:\n- Intake:KeySecret is required: at least {IntakeOptions.MinimumKeySecretLength} random characters");
        }
        services.AddSingleton(options);
        services.AddSingleton<ReferenceAllocator>();
        services.AddSingleton<IntakeService>();
        services.AddSingleton(new ClientAddress(Hosting.FunctionsHosting.UnderFunctionsHost(Environment.GetCommandLineArgs())));
        services.AddSingleton<IntakeRateLimit>();
        return services;
    }

    public static async Task<Results<Accepted<IntakeReceipt>, ValidationProblem, ProblemHttpResult>> SubmitReport(
        HttpContext http, IntakeService intake, IntakeOptions options, CasePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var (request, channel, problem) = await Read(http.Request, options.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }
        var staff = http.User.Identity?.IsAuthenticated == true && Roles.All.Any(http.User.IsInRole);
        var (report, errors) = ReportValidation.Validate(request!, policy.Profile, clock.GetUtcNow(), channel, staff);
        if (report is null)
        {
            return TypedResults.ValidationProblem(errors, title: "There is a problem with the report.");
        }
        var idempotencyKey = http.Request.Headers["Idempotency-Key"] is [{ } key] ? key : null;
        if (idempotencyKey is { Length: 0 or > 200 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["Use 1 to 200 characters."] });
        }
        var outcome = await intake.Submit(report, idempotencyKey, staff ? http.User.UserId() : "public", ct);
        return OutcomeResults.ForReport(outcome);
    }

    // JSON or a form post, within the size limit; anything else is a clear 4xx.
    private static async Task<(ReportRequest? Request, ReportChannel Channel, ProblemHttpResult? Problem)> Read(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, default, TooLarge(maxBytes));
        }
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("application/json" or "application/x-www-form-urlencoded"))
        {
            return (null, default, TypedResults.Problem(title: "Send the report as application/json or a form post (application/x-www-form-urlencoded).",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }
        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > maxBytes)
            {
                return (null, default, TooLarge(maxBytes));
            }
        }
        body.Position = 0;
        if (mediaType == "application/json")
        {
            try
            {
                var parsed = await JsonSerializer.DeserializeAsync<ReportRequest>(body, JsonOptions, ct);
                return parsed is null
                    ? (null, default, BadBody("The body is empty: send a JSON object."))
                    : (parsed, ReportChannel.Api, null);
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } path ? path[2..] : null;
                return (null, default, field is null
                    ? BadBody($"The body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).")
                    : BadBody($"The field '{field}' has the wrong type of value."));
            }
        }
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body.ToArray()));
        return (FormReport.From(form), ReportChannel.WebForm, null);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = false };

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(title: $"The report is too large: send at most {maxBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    private static ProblemHttpResult BadBody(string title) => TypedResults.Problem(title: title, statusCode: StatusCodes.Status400BadRequest);
}

// Reports on the web API: JSON or a form post, from anyone, within the intake rate limit.
public sealed class ReportFunctions(RequestGate gate, IntakeService intake, IntakeOptions options, CasePolicy policy, TimeProvider clock)
{
    [Function("SubmitReport")]
    public Task<IResult> SubmitReport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reports")] HttpRequest request,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, async http => await ReportEndpoints.SubmitReport(http, intake, options, policy, clock, http.RequestAborted), rateLimited: true);
}

// Reports sent from one address, counted in a fixed one-minute window (Intake:PermitsPerMinute):
// only sending counts, never reading the form.
public sealed class IntakeRateLimit(IntakeOptions options, ClientAddress clientAddress) : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> limiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        RateLimitPartition.GetFixedWindowLimiter(
            clientAddress.Of(http.Connection.RemoteIpAddress, http.Request.Headers["X-Forwarded-For"]),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public bool Admits(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            return true;
        }
        using var lease = limiter.AttemptAcquire(http);
        return lease.IsAcquired;
    }

    // A problem on the API, a page on the form; either way, when to try again.
    public static IResult Refusal(HttpContext http)
    {
        const string message = "Too many reports from this address. Please wait a minute and try again. If you are in danger, call 999.";
        http.Response.Headers.RetryAfter = "60";
        return http.Request.Path.StartsWithSegments("/api")
            ? TypedResults.Problem(title: message, statusCode: StatusCodes.Status429TooManyRequests)
            : HtmlMessage.Page("Please wait a minute", message, StatusCodes.Status429TooManyRequests);
    }

    public void Dispose() => limiter.Dispose();
}

// A form post carries the same fields as strings; checkboxes send "true" or "on".
internal static class FormReport
{
    public static ReportRequest From(IDictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        string? S(string name) => form.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;
        bool? B(string name) => S(name) is { } v ? v is "true" or "on" or "yes" : null;
        List<string>? L(string name) => form.TryGetValue(name, out var v) ? v.OfType<string>().ToList() : null;
        return new ReportRequest
        {
            Channel = S("channel"),
            Anonymous = B("anonymous"),
            IsVictim = B("isVictim"),
            Name = S("name"),
            Email = S("email"),
            Phone = S("phone"),
            PostalAddress = S("postalAddress"),
            PreferredContact = S("preferredContact"),
            SafeTimesToContact = S("safeTimesToContact"),
            Language = S("language"),
            InterpreterNeeded = B("interpreterNeeded"),
            AccessibilityNeeds = L("accessibilityNeeds"),
            ConsentToShare = B("consentToShare"),
            OccurredAt = DateTimeOffset.TryParse(S("occurredAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            Location = S("location"),
            Description = S("description"),
            PeopleInvolved = S("peopleInvolved"),
            AboutAddress = S("aboutAddress"),
            Witnesses = S("witnesses"),
            Impact = S("impact"),
            Injuries = B("injuries"),
            PoliceInvolved = B("policeInvolved"),
            CrimeReference = S("crimeReference"),
            HatePerceived = B("hatePerceived"),
            HateStrands = L("hateStrands"),
            ViolenceOrThreats = B("violenceOrThreats"),
            VictimVulnerable = B("victimVulnerable"),
            IncidentsInLastMonth = int.TryParse(S("incidentsInLastMonth"), out var n) ? n : null,
        };
    }
}
