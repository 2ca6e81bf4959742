using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HateCase.Inbound.Graph;

// What the notification endpoint answers.
public sealed record WebhookReply(int StatusCode, string? ContentType, string? Body);

// The reply, the work to enqueue before replying, and how many notifications were refused
// (wrong clientState or tenant, or not a message creation).
public sealed record WebhookDecision(WebhookReply Reply, IReadOnlyList<InboundWork> Work, int Refused);

public sealed record WebhookSecrets(string ClientState, string? PreviousClientState = null, string? TenantId = null);

// A POST from Microsoft Graph to the notification (or lifecycle) URL, decided without I/O:
// - ?validationToken=…: echo the decoded token, 200 text/plain (Graph waits at most 10 seconds);
// - change notifications: one ProcessMessage per created message whose clientState matches;
// - lifecycle notifications: reauthorizationRequired → renew, subscriptionRemoved → re-create,
//   missed → catch up.
// Graph retries any non-2xx for hours, so notifications we refuse still get 202: they are simply
// not enqueued. Only a body that is not a notification payload at all gets 400.
public static class GraphWebhook
{
    public static readonly WebhookReply Accepted = new(202, null, null);

    private static readonly WebhookReply BadRequest = new(400, null, null);

    private const int MaxValidationTokenChars = 4_096;

    public static WebhookDecision Decide(string? queryString, string? body, WebhookSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (QueryValue(queryString, "validationToken") is { } token)
        {
            return token.Length is 0 or > MaxValidationTokenChars
                ? new WebhookDecision(BadRequest, [], 0)
                : new WebhookDecision(new WebhookReply(200, "text/plain", token), [], 0);
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return new WebhookDecision(BadRequest, [], 0);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return new WebhookDecision(BadRequest, [], 0);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
            {
                return new WebhookDecision(BadRequest, [], 0);
            }

            var work = new List<InboundWork>();
            var refused = 0;
            foreach (var notification in value.EnumerateArray())
            {
                if (Read(notification, secrets) is { } item)
                {
                    if (!work.Contains(item))
                    {
                        work.Add(item);
                    }
                }
                else
                {
                    refused++;
                }
            }

            return new WebhookDecision(Accepted, work, refused);
        }
    }

    private static InboundWork? Read(JsonElement notification, WebhookSecrets secrets)
    {
        if (notification.ValueKind != JsonValueKind.Object ||
            !ClientStateMatches(Text(notification, "clientState"), secrets) ||
            (secrets.TenantId is { Length: > 0 } tenant &&
             !string.Equals(Text(notification, "tenantId"), tenant, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var subscriptionId = Text(notification, "subscriptionId") ?? "";
        if (Text(notification, "lifecycleEvent") is { } lifecycle)
        {
            return lifecycle switch
            {
                "reauthorizationRequired" => new InboundWork.RenewSubscription(subscriptionId),
                "subscriptionRemoved" => new InboundWork.RecreateSubscription(subscriptionId),
                "missed" => new InboundWork.CatchUp("missed"),
                _ => null,
            };
        }

        var changeType = Text(notification, "changeType") ?? "";
        if (!changeType.Split(',').Any(c => c.Trim() == "created"))
        {
            return null;
        }

        var messageId = notification.TryGetProperty("resourceData", out var data) && data.ValueKind == JsonValueKind.Object
            ? Text(data, "id")
            : null;
        messageId ??= LastSegment(Text(notification, "resource"));
        return string.IsNullOrWhiteSpace(messageId) ? null : new InboundWork.ProcessMessage(messageId);
    }

    // Compared in constant time, so the secret cannot be guessed a character at a time.
    private static bool ClientStateMatches(string? received, WebhookSecrets secrets)
    {
        if (received is null)
        {
            return false;
        }

        return Same(received, secrets.ClientState) ||
               (secrets.PreviousClientState is { Length: > 0 } previous && Same(received, previous));

        static bool Same(string a, string b) =>
            b.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
    }

    private static string? LastSegment(string? resource)
    {
        if (string.IsNullOrEmpty(resource))
        {
            return null;
        }

        var marker = resource.LastIndexOf("/messages/", StringComparison.OrdinalIgnoreCase);
        if (marker >= 0)
        {
            return resource[(marker + "/messages/".Length)..].Trim('/');
        }

        var open = resource.LastIndexOf("Messages('", StringComparison.OrdinalIgnoreCase);
        return open >= 0 ? resource[(open + "Messages('".Length)..].TrimEnd(')', '\'') : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;

    // Form-style query decoding, as ASP.NET Core does it: '+' is a space, then %XX escapes.
    internal static string? QueryValue(string? queryString, string name)
    {
        if (string.IsNullOrEmpty(queryString))
        {
            return null;
        }

        foreach (var pair in queryString.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            }
        }

        return null;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
