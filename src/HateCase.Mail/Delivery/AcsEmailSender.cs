using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using HateCase.Mail.Rendering;
using HateCase.Runtime.Cases;

namespace HateCase.Mail.Delivery;

// Azure Communication Services Email over its REST API (2023-03-31) on the Azure SDK pipeline.
// The pipeline never retries: the runtime owns retries and needs to hear about every failure.
// The Operation-Id is derived from the message key, so a send repeated after a lost answer is
// the same operation to ACS; and before sending again we ask whether it already went.
public sealed partial class AcsEmailSender : IMailTransport
{
    public const string ApiVersion = "2023-03-31";
    public const string TokenScope = "https://communication.azure.com//.default";

    private readonly Uri endpoint;
    private readonly HttpPipeline pipeline;
    private readonly string senderAddress;
    private readonly LandlordDetails landlord;
    private readonly AcsMailOptions settings;
    private readonly TimeProvider clock;

    private AcsEmailSender(Uri endpoint, HttpPipelinePolicy authentication, string senderAddress, LandlordDetails landlord,
        AcsMailOptions settings, TimeProvider clock, HttpPipelineTransport? transport)
    {
        this.endpoint = endpoint;
        this.senderAddress = senderAddress;
        this.landlord = landlord;
        this.settings = settings;
        this.clock = clock;
        var options = new AcsPipelineOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = settings.RequestTimeout;
        options.Diagnostics.IsLoggingContentEnabled = false;
        if (transport is not null)
        {
            options.Transport = transport;
        }
        pipeline = HttpPipelineBuilder.Build(options, [], [authentication], new ResponseClassifier());
    }

    public static AcsEmailSender WithAccessKey(AcsConnectionString connection, string senderAddress, LandlordDetails landlord,
        AcsMailOptions? settings = null, TimeProvider? clock = null, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        clock ??= TimeProvider.System;
        return new AcsEmailSender(connection.Endpoint, new AcsHmacPolicy(connection.AccessKey, clock), senderAddress, landlord,
            settings ?? new AcsMailOptions(), clock, transport);
    }

    public static AcsEmailSender WithTokenCredential(Uri endpoint, TokenCredential credential, string senderAddress, LandlordDetails landlord,
        AcsMailOptions? settings = null, TimeProvider? clock = null, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!AcsConnectionString.TryReadEndpoint(endpoint?.AbsoluteUri, out var checkedEndpoint))
        {
            throw new ArgumentException("The ACS endpoint must be an https address such as https://<resource>.communication.azure.com.", nameof(endpoint));
        }
        clock ??= TimeProvider.System;
        return new AcsEmailSender(checkedEndpoint, new AcsBearerTokenPolicy(credential, TokenScope, clock), senderAddress, landlord,
            settings ?? new AcsMailOptions(), clock, transport);
    }

    public async Task<SendOutcome> Send(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var operationId = MessageIdentity.OperationId(mail.Key);
        try
        {
            // A previous attempt may have been accepted with its answer lost, or left running.
            if (mail.Attempts > 0 && await Status(StatusUri(operationId), cancellationToken) is { } earlier)
            {
                return earlier.Outcome ?? await Poll(StatusUri(operationId), earlier.PollAfter, cancellationToken);
            }
            return await Submit(mail, operationId, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 0)
        {
            return new SendOutcome.TryLater($"Could not reach the email service ({e.InnerException?.GetType().Name ?? "network"})");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return new SendOutcome.TryLater($"Could not reach the email service ({e.GetType().Name})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome.TryLater("The email service did not answer in time");
        }
    }

    private async Task<SendOutcome> Submit(OutgoingMail mail, Guid operationId, CancellationToken cancellationToken)
    {
        using var request = pipeline.CreateMessage();
        request.Request.Method = RequestMethod.Post;
        request.Request.Uri.Reset(new Uri($"{endpoint.GetLeftPart(UriPartial.Authority)}/emails:send?api-version={ApiVersion}"));
        request.Request.Headers.SetValue("Operation-Id", operationId.ToString("D"));
        request.Request.Headers.SetValue("Content-Type", "application/json");
        request.Request.Content = RequestContent.Create(AcsEmailBody.Write(mail, senderAddress, landlord));
        await pipeline.SendAsync(request, cancellationToken);
        var response = request.Response;

        if (response.Status == 202)
        {
            var pollAfter = RetryAfter.Parse(Header(response, "retry-after"), clock.GetUtcNow());
            return await Poll(PollUri(Header(response, "Operation-Location"), operationId), pollAfter, cancellationToken);
        }
        return Refused(response);
    }

    private async Task<SendOutcome> Poll(Uri statusUri, TimeSpan? firstWait, CancellationToken cancellationToken)
    {
        var wait = firstWait;
        for (var poll = 0; poll < settings.StatusPolls; poll++)
        {
            await Task.Delay(Bounded(wait), clock, cancellationToken);
            var status = await Status(statusUri, cancellationToken);
            if (status is null)
            {
                break;
            }
            if (status.Outcome is { } outcome)
            {
                return outcome;
            }
            wait = status.PollAfter;
        }
        // Accepted but not finished: the next attempt asks about the same operation, not resend.
        return new SendOutcome.TryLater("The email service accepted the message and is still sending it", wait);
    }

    private TimeSpan Bounded(TimeSpan? wait) =>
        wait is { } w && w < settings.LongestPollWait ? w : settings.LongestPollWait;

    private sealed record OperationStatus(SendOutcome? Outcome, TimeSpan? PollAfter);

    // Null when ACS does not know the operation (or cannot say): then it is safe to submit.
    private async Task<OperationStatus?> Status(Uri statusUri, CancellationToken cancellationToken)
    {
        using var request = pipeline.CreateMessage();
        request.Request.Method = RequestMethod.Get;
        request.Request.Uri.Reset(statusUri);
        await pipeline.SendAsync(request, cancellationToken);
        var response = request.Response;
        var pollAfter = RetryAfter.Parse(Header(response, "retry-after"), clock.GetUtcNow());
        if (response.Status == 429 || response.Status >= 500)
        {
            return new OperationStatus(new SendOutcome.TryLater($"The email service could not report on the message ({response.Status})", pollAfter), null);
        }
        if (response.Status != 200 || ReadJson(response) is not { } body)
        {
            return null;
        }
        using (body)
        {
            var status = body.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return status switch
            {
                "Succeeded" => new OperationStatus(new SendOutcome.Sent(), null),
                "Failed" or "Canceled" => new OperationStatus(new SendOutcome.Undeliverable(
                    $"The email service reports the message {status!.ToLowerInvariant()}: {Describe(ErrorOf(body.RootElement))}"), null),
                _ => new OperationStatus(null, pollAfter),
            };
        }
    }

    private SendOutcome Refused(Response response)
    {
        var retryAfter = RetryAfter.Parse(Header(response, "Retry-After"), clock.GetUtcNow());
        using var body = ReadJson(response);
        var error = body is null ? new ServiceError(Header(response, "x-ms-error-code"), null) : ErrorOf(body.RootElement);
        return response.Status switch
        {
            429 => new SendOutcome.TryLater("The email service is busy: too many messages (429)", retryAfter),
            >= 500 => new SendOutcome.TryLater($"The email service failed ({response.Status})", retryAfter),
            // Settings can be fixed; the message itself is fine and should wait for that.
            401 or 403 => new SendOutcome.TryLater($"The email service refused our credentials ({response.Status}); check the {MailOptions.Section}:Acs settings"),
            404 => new SendOutcome.TryLater($"The email service address was not found (404); check {MailOptions.Section}:Acs:Endpoint"),
            408 or 409 => new SendOutcome.TryLater($"The email service asked us to try again ({response.Status})", retryAfter),
            _ when IsInvalidRecipient(error) => new SendOutcome.Undeliverable($"The email service refused the recipient address ({Describe(error)})"),
            _ => new SendOutcome.Undeliverable($"The email service refused the message ({response.Status}: {Describe(error)})"),
        };
    }

    private sealed record ServiceError(string? Code, string? Message);

    private static ServiceError ErrorOf(JsonElement root)
    {
        if (!root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return new ServiceError(null, null);
        }
        return new ServiceError(Text(error, "code"), Text(error, "message"));

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static bool IsInvalidRecipient(ServiceError error) =>
        error.Code is { } code && (code.Contains("Recipient", StringComparison.OrdinalIgnoreCase) || code.Contains("EmailAddress", StringComparison.OrdinalIgnoreCase))
        || error.Message is { } message && InvalidRecipientWords().IsMatch(message);

    // Service messages may quote the address; reasons are stored and logged, so addresses are masked.
    private static string Describe(ServiceError error)
    {
        var message = error.Message is null ? null : EmailAddressLike().Replace(error.Message, "[address]");
        return (error.Code, message) switch
        {
            (null, null) => "no details given",
            ({ } code, null) => code,
            (null, { } text) => text,
            ({ } code, { } text) => $"{code}: {text}",
        };
    }

    private static JsonDocument? ReadJson(Response response)
    {
        try
        {
            return response.Content.ToMemory().Length == 0 ? null : JsonDocument.Parse(response.Content.ToMemory());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(Response response, string name) => response.Headers.TryGetValue(name, out var value) ? value : null;

    private Uri StatusUri(Guid operationId) =>
        new($"{endpoint.GetLeftPart(UriPartial.Authority)}/emails/operations/{operationId:D}?api-version={ApiVersion}");

    // Credentials go only to our own endpoint: an Operation-Location elsewhere is not followed.
    private Uri PollUri(string? operationLocation, Guid operationId)
    {
        if (Uri.TryCreate(operationLocation, UriKind.Absolute, out var location)
            && string.Equals(location.Scheme, endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(location.Authority, endpoint.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return location.Query.Contains("api-version=", StringComparison.Ordinal)
                ? location
                : new Uri($"{location.GetLeftPart(UriPartial.Path)}?api-version={ApiVersion}");
        }
        return StatusUri(operationId);
    }

    [GeneratedRegex(@"(invalid|not valid|isn't valid|malformed).{0,40}(recipient|address)|(recipient|address).{0,40}(invalid|not valid|isn't valid|malformed)", RegexOptions.IgnoreCase)]
    private static partial Regex InvalidRecipientWords();

    [GeneratedRegex(@"[^\s'""<>(),;:]+@[^\s'""<>(),;:]+")]
    private static partial Regex EmailAddressLike();

    private sealed class AcsPipelineOptions : ClientOptions;
}
