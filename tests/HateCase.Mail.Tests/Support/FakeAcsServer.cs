using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HateCase.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HateCase.Mail.Tests.Support;

// What the next send is answered with.
public abstract record AcsScript
{
    private AcsScript() { }

    public sealed record Accept : AcsScript;

    public sealed record TooManyRequests(string RetryAfter) : AcsScript;

    public sealed record ServiceUnavailable(string? RetryAfter) : AcsScript;

    public sealed record InvalidRecipient : AcsScript;

    // Accepted, then reported Failed on the status poll.
    public sealed record DeliveryFails : AcsScript;
}

public sealed record AcsSendSeen(string OperationId, string Subject, IReadOnlyList<string> To, string PlainText, string Html, JsonElement Body);

// Azure Communication Services Email, as far as the sender can tell, on a free loopback port.
// It checks what the service checks, worked out here independently of the code under test:
// the HMAC-SHA256 signature (recomputed from the known access key) or a bearer token, the
// freshness of x-ms-date, the body hash, the api-version, a UUID Operation-Id, and the
// EmailMessage schema of api-version 2023-03-31. Anything wrong is a 401 or 400, and is listed
// in Problems so a test can show what was refused.
public sealed class FakeAcsServer : IAsyncDisposable
{
    public const string ApiVersion = "2023-03-31";

    private static readonly TimeSpan DateTolerance = TimeSpan.FromMinutes(15);

    private static readonly HashSet<string> MessageFields = ["headers", "senderAddress", "content", "recipients", "attachments", "replyTo", "userEngagementTrackingDisabled"];
    private static readonly HashSet<string> ContentFields = ["subject", "plainText", "html"];
    private static readonly HashSet<string> RecipientFields = ["to", "cc", "bcc"];
    private static readonly HashSet<string> AddressFields = ["address", "displayName"];
    private static readonly HashSet<string> AttachmentFields = ["name", "contentType", "contentInBase64"];

    private readonly LoopbackHttpServer server;
    private readonly ConcurrentDictionary<string, Operation> operations = new(StringComparer.OrdinalIgnoreCase);

    private FakeAcsServer()
    {
        server = LoopbackHttpServer.Start(Handle);
    }

    public Uri Endpoint => server.Endpoint;

    public byte[] AccessKey { get; } = RandomNumberGenerator.GetBytes(32);

    public string ConnectionString => $"endpoint={Endpoint.AbsoluteUri};accesskey={Convert.ToBase64String(AccessKey)}";

    // When set, requests must carry this bearer token instead of an HMAC signature.
    public string? BearerToken { get; set; }

    // Status polls answered Running before the final status.
    public int RunningPolls { get; set; } = 1;

    // Where Operation-Location points; by default this server.
    public Uri? OperationLocationBase { get; set; }

    public ConcurrentQueue<AcsScript> Script { get; } = new();

    public ConcurrentQueue<AcsSendSeen> Sends { get; } = new();

    public ConcurrentQueue<string> Problems { get; } = new();

    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public int StatusRequests => statusRequests;

    private int statusRequests;

    public static FakeAcsServer Start() => new();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private async Task Handle(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
            if (Unauthorised(request, rawTarget, body) is { } authProblem)
            {
                Problems.Enqueue(authProblem);
                await Error(response, 401, "Unauthorized", authProblem);
                return;
            }
            if ((string?)request.Query["api-version"] != ApiVersion)
            {
                Problems.Enqueue("api-version missing or not " + ApiVersion);
                await Error(response, 400, "InvalidApiVersion", "The api-version is missing or not supported.");
                return;
            }
            var path = request.Path.Value ?? "";
            if (request.Method == "POST" && path == "/emails:send")
            {
                await SendEmail(request, response, body);
            }
            else if (request.Method == "GET" && path.StartsWith("/emails/operations/", StringComparison.Ordinal))
            {
                await Status(response, path["/emails/operations/".Length..]);
            }
            else
            {
                await Error(response, 404, "NotFound", "No such resource.");
            }
        }
        catch (Exception e)
        {
            Problems.Enqueue("fake server failed: " + e.Message);
            if (!response.HasStarted)
            {
                response.StatusCode = 500;
            }
        }
    }

    private string? Unauthorised(HttpRequest request, string rawTarget, byte[] body)
    {
        var authorization = (string?)request.Headers.Authorization;
        AuthorizationHeaders.Enqueue(authorization ?? "");
        if (BearerToken is { } token)
        {
            return authorization == "Bearer " + token ? null : "bearer token missing or wrong";
        }
        var date = (string?)request.Headers["x-ms-date"];
        if (date is null || !DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return "x-ms-date missing or not an RFC 1123 date";
        }
        if ((DateTimeOffset.UtcNow - signedAt).Duration() > DateTolerance)
        {
            return "x-ms-date is not fresh";
        }
        var contentHash = (string?)request.Headers["x-ms-content-sha256"];
        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 does not match the body";
        }
        const string prefix = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "Authorization is not an HMAC-SHA256 signature over x-ms-date;host;x-ms-content-sha256";
        }
        var host = (string?)request.Headers.Host;
        var stringToSign = $"{request.Method}\n{rawTarget}\n{date};{host};{contentHash}";
        var expected = HMACSHA256.HashData(AccessKey, Encoding.ASCII.GetBytes(stringToSign));
        byte[] given;
        try
        {
            given = Convert.FromBase64String(authorization[prefix.Length..]);
        }
        catch (FormatException)
        {
            return "signature is not base64";
        }
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : "signature does not match";
    }

    private async Task SendEmail(HttpRequest request, HttpResponse response, byte[] body)
    {
        var operationId = (string?)request.Headers["Operation-Id"];
        if (operationId is null || !Guid.TryParseExact(operationId, "D", out _))
        {
            Problems.Enqueue("Operation-Id missing or not a UUID");
            await Error(response, 400, "InvalidOperationId", "Operation-Id must be a UUID.");
            return;
        }
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            Problems.Enqueue("Content-Type is not application/json");
            await Error(response, 415, "UnsupportedMediaType", "The body must be JSON.");
            return;
        }
        JsonElement message;
        try
        {
            message = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            Problems.Enqueue("body is not JSON");
            await Error(response, 400, "BadRequest", "The body is not JSON.");
            return;
        }
        var schemaProblems = SchemaProblems(message);
        if (schemaProblems.Count > 0)
        {
            foreach (var problem in schemaProblems)
            {
                Problems.Enqueue(problem);
            }
            await Error(response, 400, "BadRequest", string.Join("; ", schemaProblems));
            return;
        }
        var content = message.GetProperty("content");
        Sends.Enqueue(new AcsSendSeen(
            operationId,
            content.GetProperty("subject").GetString()!,
            message.GetProperty("recipients").GetProperty("to").EnumerateArray().Select(a => a.GetProperty("address").GetString()!).ToList(),
            content.TryGetProperty("plainText", out var text) ? text.GetString()! : "",
            content.TryGetProperty("html", out var html) ? html.GetString()! : "",
            message));

        var script = Script.TryDequeue(out var next) ? next : new AcsScript.Accept();
        switch (script)
        {
            case AcsScript.TooManyRequests throttled:
                response.Headers["Retry-After"] = throttled.RetryAfter;
                await Error(response, 429, "TooManyRequests", "Too many requests.");
                return;
            case AcsScript.ServiceUnavailable unavailable:
                if (unavailable.RetryAfter is { } retryAfter)
                {
                    response.Headers["Retry-After"] = retryAfter;
                }
                await Error(response, 503, "ServiceUnavailable", "The service is unavailable.");
                return;
            case AcsScript.InvalidRecipient:
                var address = message.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString();
                await Error(response, 400, "InvalidEmailAddress", $"The email address '{address}' is not valid.");
                return;
        }
        operations.GetOrAdd(operationId, _ => new Operation(script is AcsScript.DeliveryFails));
        response.StatusCode = 202;
        response.Headers["Operation-Location"] = $"{(OperationLocationBase ?? Endpoint).AbsoluteUri}emails/operations/{operationId}?api-version={ApiVersion}";
        response.Headers["retry-after"] = "1";
        await Json(response, new { id = operationId, status = "Running" });
    }

    private async Task Status(HttpResponse response, string operationId)
    {
        Interlocked.Increment(ref statusRequests);
        if (!operations.TryGetValue(operationId, out var operation))
        {
            await Error(response, 404, "NotFound", "No such operation.");
            return;
        }
        var polls = Interlocked.Increment(ref operation.Polls);
        if (polls <= RunningPolls)
        {
            response.Headers["retry-after"] = "1";
            await Json(response, new { id = operationId, status = "Running" });
        }
        else if (operation.Fails)
        {
            await Json(response, new
            {
                id = operationId,
                status = "Failed",
                error = new { code = "EmailDropped", message = "Email was dropped after several attempts to deliver." },
            });
        }
        else
        {
            await Json(response, new { id = operationId, status = "Succeeded" });
        }
    }

    // EmailMessage as the 2023-03-31 specification defines it: required fields, their types,
    // and nothing it does not define.
    private static List<string> SchemaProblems(JsonElement message)
    {
        var problems = new List<string>();
        if (message.ValueKind != JsonValueKind.Object)
        {
            problems.Add("body is not a JSON object");
            return problems;
        }
        Only(message, MessageFields, "$");
        RequiredString(message, "senderAddress", "$");
        if (Required(message, "content", "$", JsonValueKind.Object) is { } content)
        {
            Only(content, ContentFields, "content");
            RequiredString(content, "subject", "content");
            OptionalKind(content, "plainText", "content", JsonValueKind.String);
            OptionalKind(content, "html", "content", JsonValueKind.String);
        }
        if (Required(message, "recipients", "$", JsonValueKind.Object) is { } recipients)
        {
            Only(recipients, RecipientFields, "recipients");
            if (Required(recipients, "to", "recipients", JsonValueKind.Array) is { } to)
            {
                if (to.GetArrayLength() == 0)
                {
                    problems.Add("recipients.to is empty");
                }
                Addresses(to, "recipients.to");
            }
            foreach (var list in new[] { "cc", "bcc" })
            {
                if (OptionalKind(recipients, list, "recipients", JsonValueKind.Array) is { } extra)
                {
                    Addresses(extra, $"recipients.{list}");
                }
            }
        }
        if (OptionalKind(message, "headers", "$", JsonValueKind.Object) is { } headers)
        {
            foreach (var header in headers.EnumerateObject().Where(h => h.Value.ValueKind != JsonValueKind.String))
            {
                problems.Add($"headers.{header.Name} is not a string");
            }
        }
        if (OptionalKind(message, "replyTo", "$", JsonValueKind.Array) is { } replyTo)
        {
            Addresses(replyTo, "replyTo");
        }
        if (OptionalKind(message, "attachments", "$", JsonValueKind.Array) is { } attachments)
        {
            foreach (var attachment in attachments.EnumerateArray())
            {
                Only(attachment, AttachmentFields, "attachments[]");
                RequiredString(attachment, "name", "attachments[]");
                RequiredString(attachment, "contentType", "attachments[]");
                RequiredString(attachment, "contentInBase64", "attachments[]");
            }
        }
        if (message.TryGetProperty("userEngagementTrackingDisabled", out var tracking) && tracking.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add("userEngagementTrackingDisabled is not a boolean");
        }
        return problems;

        void Only(JsonElement element, HashSet<string> known, string path)
        {
            foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
            {
                problems.Add($"{path}.{property.Name} is not part of the schema");
            }
        }

        JsonElement? Required(JsonElement element, string name, string path, JsonValueKind kind)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                problems.Add($"{path}.{name} is required");
                return null;
            }
            if (value.ValueKind != kind)
            {
                problems.Add($"{path}.{name} must be {kind}");
                return null;
            }
            return value;
        }

        JsonElement? OptionalKind(JsonElement element, string name, string path, JsonValueKind kind)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return null;
            }
            if (value.ValueKind != kind)
            {
                problems.Add($"{path}.{name} must be {kind}");
                return null;
            }
            return value;
        }

        void RequiredString(JsonElement element, string name, string path)
        {
            if (Required(element, name, path, JsonValueKind.String) is { } value && string.IsNullOrEmpty(value.GetString()))
            {
                problems.Add($"{path}.{name} is empty");
            }
        }

        void Addresses(JsonElement list, string path)
        {
            foreach (var address in list.EnumerateArray())
            {
                if (address.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{path}[] is not an object");
                    continue;
                }
                Only(address, AddressFields, path + "[]");
                RequiredString(address, "address", path + "[]");
                OptionalKind(address, "displayName", path + "[]", JsonValueKind.String);
            }
        }
    }

    private static Task Error(HttpResponse response, int status, string code, string message)
    {
        response.StatusCode = status;
        response.Headers["x-ms-error-code"] = code;
        return Json(response, new { error = new { code, message } });
    }

    private static async Task Json(HttpResponse response, object value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value);
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }

    private sealed class Operation(bool fails)
    {
        public int Polls;

        public bool Fails { get; } = fails;
    }
}
