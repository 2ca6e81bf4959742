using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HateCase.Testing;
using Microsoft.AspNetCore.Http;

namespace HateCase.Inbound.Tests.Graph;

// The slice of Microsoft Graph v1.0 the mailbox uses, on a free loopback port, answering with the
// documented JSON shapes: subscriptions (create 201, renew 200, delete 204), a message with
// internetMessageHeaders and body, its attachments (#microsoft.graph.fileAttachment with
// contentBytes), move (201 with the moved message and its new id), immutable ids when asked for
// (Prefer: IdType="ImmutableId"; they find the message in any folder), permanentDelete (204), mail folders, and the inbox
// delta query in pages (@odata.nextLink, then @odata.deltaLink). It records every request so tests
// can check what the real service would receive, and can answer 429 with Retry-After.
internal sealed class FakeGraphServer : IAsyncDisposable
{
    public const string InboxId = "AAMkInboxFolderId";

    private readonly LoopbackHttpServer server;
    private readonly object gate = new();
    private readonly Func<DateTimeOffset> now;
    private readonly ConcurrentQueue<string> throttles = new();
    private readonly Dictionary<string, (List<string> Items, long EndSequence, bool CreatedOnly)> rounds = [];
    private long sequence;
    private int nextId;

    public FakeGraphServer(Func<DateTimeOffset>? now = null)
    {
        this.now = now ?? (() => DateTimeOffset.UtcNow);
        server = LoopbackHttpServer.Start(Handle);
        Folders[InboxId] = "Inbox";
    }

    public int Port => server.Port;

    public string BaseUrl => $"http://127.0.0.1:{Port}/v1.0";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ConcurrentDictionary<string, JsonObject> Subscriptions { get; } = new();

    public ConcurrentDictionary<string, string> Folders { get; } = new();

    public ConcurrentDictionary<string, FakeMessage> Messages { get; } = new();

    // Messages deleted for good.
    public ConcurrentBag<FakeMessage> Purged { get; } = [];

    // Graph answers a stored delta link it no longer knows with an error; this makes it so.
    public bool DeltaTokensExpired { get; set; }

    // Real Graph leaves removals out when the round asked for changeType=created only; a test
    // proving removals are skipped can have them anyway.
    public bool ReportRemovals { get; set; }

    public IEnumerable<RecordedRequest> RequestsTo(string method, string pathEnd) =>
        Requests.Where(r => r.Method == method && r.Path.EndsWith(pathEnd, StringComparison.Ordinal));

    public void ThrottleNext(int times, string retryAfterSeconds = "0")
    {
        for (var i = 0; i < times; i++)
        {
            throttles.Enqueue(retryAfterSeconds);
        }
    }

    public FakeMessage Deliver(FakeMessage message)
    {
        lock (gate)
        {
            message.FolderId = InboxId;
            message.ArrivedAt = ++sequence;
            Messages[message.Id] = message;
        }

        return message;
    }

    public IReadOnlyList<FakeMessage> InFolder(string displayName) =>
        Messages.Values.Where(m => Folders.TryGetValue(m.FolderId, out var name) && name == displayName).ToList();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private async Task Handle(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            string body;
            using (var reader = new StreamReader(request.Body, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var recorded = new RecordedRequest(
                request.Method, request.Path.Value ?? "", ParseQuery(request.QueryString.Value ?? ""),
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body);
            Requests.Enqueue(recorded);

            if (throttles.TryDequeue(out var retryAfter))
            {
                response.Headers["Retry-After"] = retryAfter;
                await Reply(response, 429, Error("TooManyRequests", "Application is over its MailboxConcurrency limit."));
                return;
            }

            var (status, json) = Route(recorded);
            await Reply(response, status, json);
        }
        catch (Exception e)
        {
            await Reply(response, 500, Error("InternalServerError", e.ToString()));
        }
    }

    private (int Status, JsonNode? Json) Route(RecordedRequest request)
    {
        if (!request.Path.StartsWith("/v1.0/", StringComparison.Ordinal))
        {
            return (404, Error("BadRequest", "Unknown version."));
        }

        // Graph writes keys both as segments (mailFolders/inbox) and in parentheses (mailFolders('inbox')).
        var segments = request.Path["/v1.0/".Length..].Replace("('", "/", StringComparison.Ordinal)
            .Replace("')", "", StringComparison.Ordinal).Replace("delta()", "delta", StringComparison.Ordinal).Split('/');
        lock (gate)
        {
            return (request.Method, segments) switch
            {
                ("POST", ["subscriptions"]) => CreateSubscription(request),
                ("PATCH", ["subscriptions", var id]) => RenewSubscription(id, request),
                ("DELETE", ["subscriptions", var id]) => Subscriptions.TryRemove(id, out _) ? (204, null) : NotFound(),
                ("GET", ["users", _, "messages", var id]) => Find(id) is { } m ? (200, MessageJson(m, full: true, ImmutableIdsWanted(request))) : NotFound(),
                ("GET", ["users", _, "messages", var id, "attachments"]) => ListAttachments(Find(id)?.Id ?? id),
                ("GET", ["users", _, "messages", var id, "attachments", var attachmentId]) => GetAttachment(Find(id)?.Id ?? id, attachmentId),
                ("POST", ["users", _, "messages", var id, "move"]) => Move(Find(id)?.Id ?? id, request),
                ("POST", ["users", _, "messages", var id, "permanentDelete"]) => PermanentDelete(id, request),
                ("GET", ["users", _, "mailFolders"]) => ListFolders(request),
                ("POST", ["users", _, "mailFolders"]) => CreateFolder(request),
                ("GET", ["users", var mailbox, "mailFolders", "inbox", "messages", "delta"]) => Delta(mailbox, request),
                ("GET", ["users", var mailbox, "mailFolders", var folderId, "messages"]) => ListMessages(mailbox, folderId, request),
                _ => (404, Error("BadRequest", "Unsupported request.")),
            };
        }
    }

    private (int, JsonNode?) CreateSubscription(RecordedRequest request)
    {
        var body = JsonNode.Parse(request.Body)!.AsObject();
        var expires = DateTimeOffset.Parse(body["expirationDateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        if (expires > now().AddMinutes(10_080))
        {
            return (400, Error("InvalidRequest", "Subscription expiration can only be 10080 minutes in the future."));
        }

        var id = Guid.NewGuid().ToString();
        var subscription = new JsonObject
        {
            ["@odata.context"] = $"{BaseUrl}/$metadata#subscriptions/$entity",
            ["id"] = id,
            ["resource"] = body["resource"]?.GetValue<string>(),
            ["applicationId"] = "24d3b144-21ae-4080-943f-7067b395b913",
            ["changeType"] = body["changeType"]?.GetValue<string>(),
            ["clientState"] = body["clientState"]?.GetValue<string>(),
            ["notificationUrl"] = body["notificationUrl"]?.GetValue<string>(),
            ["lifecycleNotificationUrl"] = body["lifecycleNotificationUrl"]?.GetValue<string>(),
            ["expirationDateTime"] = expires.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["creatorId"] = "8ee44408-0679-472c-bc2a-692812af3437",
            ["latestSupportedTlsVersion"] = body["latestSupportedTlsVersion"]?.GetValue<string>(),
            ["includeResourceData"] = false,
        };
        Subscriptions[id] = subscription;
        return (201, subscription.DeepClone());
    }

    private (int, JsonNode?) RenewSubscription(string id, RecordedRequest request)
    {
        if (!Subscriptions.TryGetValue(id, out var subscription))
        {
            return NotFound();
        }

        var expires = JsonNode.Parse(request.Body)!["expirationDateTime"]!.GetValue<string>();
        subscription["expirationDateTime"] = expires;
        return (200, subscription.DeepClone());
    }

    private (int, JsonNode?) ListAttachments(string messageId)
    {
        if (!Messages.TryGetValue(messageId, out var message))
        {
            return NotFound();
        }

        var value = new JsonArray(message.Attachments.Select(a => (JsonNode)AttachmentJson(a, withContent: false)).ToArray());
        return (200, new JsonObject
        {
            ["@odata.context"] = $"{BaseUrl}/$metadata#users('x')/messages('{messageId}')/attachments",
            ["value"] = value,
        });
    }

    private (int, JsonNode?) GetAttachment(string messageId, string attachmentId) =>
        Messages.TryGetValue(messageId, out var message) && message.Attachments.FirstOrDefault(a => a.Id == attachmentId) is { } attachment
            ? (200, AttachmentJson(attachment, withContent: true))
            : NotFound();

    // A message by the id it has in its folder now, or by its immutable id.
    private FakeMessage? Find(string id) =>
        Messages.TryGetValue(id, out var message) ? message : Messages.Values.FirstOrDefault(m => m.ImmutableId == id);

    private static bool ImmutableIdsWanted(RecordedRequest request) =>
        request.Headers.GetValueOrDefault("Prefer")?.Contains("IdType=\"ImmutableId\"", StringComparison.Ordinal) == true;

    // Gone for good (to the dumpster's Purges folder, where no mail client shows it); 204, no body.
    private (int, JsonNode?) PermanentDelete(string id, RecordedRequest request)
    {
        if (request.Body.Length > 0)
        {
            return (400, Error("BadRequest", "This action takes no request body."));
        }
        if (Find(id) is not { } message)
        {
            return NotFound();
        }
        Messages.TryRemove(message.Id, out _);
        Purged.Add(message);
        return (204, null);
    }

    private (int, JsonNode?) Move(string messageId, RecordedRequest request)
    {
        if (!Messages.TryRemove(messageId, out var message))
        {
            return NotFound();
        }

        // Graph reads property names case-insensitively; the SDK writes this one as "DestinationId".
        var destination = request.Property("destinationId")!;
        if (!Folders.ContainsKey(destination))
        {
            Messages[messageId] = message;
            return (404, Error("ErrorInvalidIdMalformed", "The destination folder does not exist."));
        }

        // A moved message gets a new id in its new folder.
        message.Id = $"{messageId}-moved{++nextId}";
        message.FolderId = destination;
        message.LeftInboxAt = ++sequence;
        Messages[message.Id] = message;
        return (201, MessageJson(message, full: true, ImmutableIdsWanted(request)));
    }

    // A folder's messages, oldest first, $top a page (10 when not asked), then @odata.nextLink.
    private (int, JsonNode?) ListMessages(string mailbox, string folderId, RecordedRequest request)
    {
        if (!Folders.ContainsKey(folderId))
        {
            return NotFound();
        }
        var top = request.Query.TryGetValue("$top", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : 10;
        var skip = request.Query.TryGetValue("$skip", out var k) ? int.Parse(k, CultureInfo.InvariantCulture) : 0;
        var inFolder = Messages.Values.Where(m => m.FolderId == folderId).OrderBy(m => m.ArrivedAt).ToList();
        var immutable = ImmutableIdsWanted(request);
        var result = new JsonObject
        {
            ["@odata.context"] = $"{BaseUrl}/$metadata#users('x')/mailFolders('{folderId}')/messages(id,internetMessageId)",
            ["value"] = new JsonArray(inFolder.Skip(skip).Take(top).Select(m => (JsonNode)new JsonObject
            {
                ["@odata.etag"] = "W/\"CQAAABYAAAB\"",
                ["id"] = immutable ? m.ImmutableId : m.Id,
                ["internetMessageId"] = m.InternetMessageId,
            }).ToArray()),
        };
        if (skip + top < inFolder.Count)
        {
            result["@odata.nextLink"] = $"{BaseUrl}/users/{Uri.EscapeDataString(mailbox)}/mailFolders/{folderId}/messages?%24select=id%2cinternetMessageId&%24top={top}&%24skip={skip + top}";
        }
        return (200, result);
    }

    private (int, JsonNode?) ListFolders(RecordedRequest request)
    {
        var filter = request.Query.GetValueOrDefault("$filter") ?? "";
        var wanted = filter.StartsWith("displayName eq '", StringComparison.Ordinal)
            ? filter["displayName eq '".Length..^1].Replace("''", "'", StringComparison.Ordinal)
            : null;
        var folders = Folders.Where(f => wanted is null || string.Equals(f.Value, wanted, StringComparison.OrdinalIgnoreCase))
            .Select(f => (JsonNode)FolderJson(f.Key, f.Value)).ToArray();
        return (200, new JsonObject { ["@odata.context"] = $"{BaseUrl}/$metadata#users('x')/mailFolders", ["value"] = new JsonArray(folders) });
    }

    private (int, JsonNode?) CreateFolder(RecordedRequest request)
    {
        var name = JsonNode.Parse(request.Body)!["displayName"]!.GetValue<string>();
        if (Folders.Values.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return (409, Error("ErrorFolderExists", "A folder with the specified name already exists."));
        }

        var id = $"AAMkFolder{++nextId}";
        Folders[id] = name;
        return (201, FolderJson(id, name));
    }

    // Rounds of the inbox delta: the first call (or a delta link) takes a snapshot of the changes
    // since its token and pages through it; the last page carries the delta link of the round.
    private (int, JsonNode?) Delta(string mailbox, RecordedRequest request)
    {
        var pageSize = PageSize(request.Headers.GetValueOrDefault("Prefer"));
        string roundId;
        int offset;
        if (request.Query.TryGetValue("$skiptoken", out var skipToken))
        {
            var parts = skipToken.Split(':');
            (roundId, offset) = (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture));
            if (!rounds.ContainsKey(roundId))
            {
                return (410, Error("SyncStateNotFound", "The sync state was not found."));
            }
        }
        else
        {
            long since = 0;
            var createdOnly = request.Query.GetValueOrDefault("changeType") == "created";
            if (request.Query.TryGetValue("$deltatoken", out var deltaToken))
            {
                if (DeltaTokensExpired)
                {
                    return (410, Error("SyncStateNotFound", "The sync state generation is not found."));
                }

                var parts = deltaToken.Split('.');
                since = long.Parse(parts[0], CultureInfo.InvariantCulture);
                createdOnly = parts[1] == "c";
            }

            var receivedSince = FilterDate(request.Query.GetValueOrDefault("$filter"));
            var arrived = Messages.Values
                .Where(m => m.FolderId == InboxId && m.ArrivedAt > since && (receivedSince is null || m.ReceivedAt >= receivedSince))
                .OrderBy(m => m.ArrivedAt).Select(m => m.Id);
            var removed = createdOnly && !ReportRemovals
                ? []
                : Messages.Values.Where(m => m.LeftInboxAt > since && m.ArrivedAt <= since).Select(m => "removed:" + m.Id);
            roundId = $"r{++nextId}";
            rounds[roundId] = ([.. arrived, .. removed], sequence, createdOnly);
            offset = 0;
        }

        var round = rounds[roundId];
        var page = round.Items.Skip(offset).Take(pageSize).Select(item => (JsonNode)(item.StartsWith("removed:", StringComparison.Ordinal)
            ? new JsonObject { ["@odata.type"] = "#microsoft.graph.message", ["id"] = item["removed:".Length..], ["@removed"] = new JsonObject { ["reason"] = "deleted" } }
            : DeltaItemJson(Messages.Values.First(m => m.Id == item)))).ToArray();
        var result = new JsonObject
        {
            ["@odata.context"] = $"{BaseUrl}/$metadata#Collection(message)",
            ["value"] = new JsonArray(page),
        };
        var link = $"{BaseUrl}/users/{Uri.EscapeDataString(mailbox)}/mailFolders('inbox')/messages/delta";
        if (offset + pageSize < round.Items.Count)
        {
            result["@odata.nextLink"] = $"{link}?$skiptoken={roundId}:{offset + pageSize}";
        }
        else
        {
            result["@odata.deltaLink"] = $"{link}?$deltatoken={round.EndSequence}.{(round.CreatedOnly ? "c" : "a")}";
        }

        return (200, result);
    }

    private static int PageSize(string? prefer)
    {
        const string key = "odata.maxpagesize=";
        var at = prefer?.IndexOf(key, StringComparison.Ordinal) ?? -1;
        return at < 0 ? 10 : int.Parse(prefer![(at + key.Length)..].Split(',', ';')[0], CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset? FilterDate(string? filter)
    {
        const string prefix = "receivedDateTime ge ";
        return filter is not null && filter.StartsWith(prefix, StringComparison.Ordinal)
            ? DateTimeOffset.Parse(filter[prefix.Length..], CultureInfo.InvariantCulture)
            : null;
    }

    private JsonObject MessageJson(FakeMessage m, bool full, bool immutableId)
    {
        var json = new JsonObject
        {
            ["@odata.context"] = $"{BaseUrl}/$metadata#users('x')/messages/$entity",
            ["@odata.etag"] = "W/\"CQAAABYAAAB\"",
            ["id"] = immutableId ? m.ImmutableId : m.Id,
            ["receivedDateTime"] = m.ReceivedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["subject"] = m.Subject,
            ["internetMessageId"] = m.InternetMessageId,
            ["parentFolderId"] = m.FolderId,
        };
        if (full)
        {
            json["body"] = new JsonObject { ["contentType"] = m.BodyType, ["content"] = m.Body };
            json["sender"] = Recipient(m.FromName, m.FromAddress);
            json["from"] = Recipient(m.FromName, m.FromAddress);
            json["toRecipients"] = new JsonArray(Recipient("ASB team", "asb@landlord.example"));
            json["internetMessageHeaders"] = new JsonArray(m.Headers.Select(h => (JsonNode)new JsonObject { ["name"] = h.Name, ["value"] = h.Value }).ToArray());
        }

        return json;
    }

    private static JsonObject DeltaItemJson(FakeMessage m) => new()
    {
        ["@odata.type"] = "#microsoft.graph.message",
        ["@odata.etag"] = "W/\"CQAAABYAAAB\"",
        ["id"] = m.Id,
        ["internetMessageId"] = m.InternetMessageId,
        ["receivedDateTime"] = m.ReceivedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    private static JsonObject AttachmentJson(FakeAttachment a, bool withContent)
    {
        var json = new JsonObject
        {
            ["@odata.type"] = a.OdataType,
            ["@odata.mediaContentType"] = a.ContentType,
            ["id"] = a.Id,
            ["lastModifiedDateTime"] = "2026-01-05T09:00:00Z",
            ["name"] = a.Name,
            ["contentType"] = a.ContentType,
            ["size"] = a.Size,
            ["isInline"] = false,
        };
        if (withContent && a.OdataType == "#microsoft.graph.fileAttachment")
        {
            json["contentId"] = null;
            json["contentLocation"] = null;
            json["contentBytes"] = Convert.ToBase64String(a.Content);
        }

        return json;
    }

    private static JsonObject FolderJson(string id, string name) => new()
    {
        ["id"] = id,
        ["displayName"] = name,
        ["parentFolderId"] = "AAMkRootFolderId",
        ["childFolderCount"] = 0,
        ["unreadItemCount"] = 0,
        ["totalItemCount"] = 0,
        ["isHidden"] = false,
    };

    private static JsonObject Recipient(string? name, string address) =>
        new() { ["emailAddress"] = new JsonObject { ["name"] = name, ["address"] = address } };

    private static (int, JsonNode?) NotFound() =>
        (404, Error("ErrorItemNotFound", "The specified object was not found in the store."));

    private static JsonObject Error(string code, string message) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["innerError"] = new JsonObject { ["date"] = "2026-01-05T09:00:00", ["request-id"] = Guid.NewGuid().ToString() },
        },
    };

    private static async Task Reply(HttpResponse response, int status, JsonNode? json)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes);
        }
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            result[key] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }

        return result;
    }
}

internal sealed record RecordedRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Authorization => Headers.GetValueOrDefault("Authorization");

    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public string? Property(string name) =>
        Json?.AsObject().FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();
}

internal sealed class FakeAttachment(string name, string contentType, byte[] content, string odataType = "#microsoft.graph.fileAttachment")
{
    public string Id { get; } = "AAMkAtt" + Guid.NewGuid().ToString("N")[..12];
    public string Name { get; } = name;
    public string ContentType { get; } = contentType;
    public byte[] Content { get; } = content;
    public string OdataType { get; } = odataType;
    public long Size { get; init; } = content.Length;
}

internal sealed class FakeMessage
{
    public string Id { get; set; } = "AAMkMsg" + Guid.NewGuid().ToString("N");

    // What Graph answers as the id when asked for immutable ids: the same in every folder.
    public string ImmutableId { get; } = "AAkALgImm" + Guid.NewGuid().ToString("N") + "-_AAA=";
    public string InternetMessageId { get; init; } = $"<{Guid.NewGuid():N}@mail.example.org>";
    public string Subject { get; init; } = "Noise from next door";
    public string? FromName { get; init; } = "Sam Resident";
    public string FromAddress { get; init; } = "sam.resident@example.org";
    public string BodyType { get; init; } = "html";
    public string Body { get; init; } = "<html><body><p>They shout every night.</p></body></html>";
    public List<(string Name, string Value)> Headers { get; init; } = [("Message-ID", "<x@mail.example.org>"), ("Content-Type", "multipart/alternative")];
    public List<FakeAttachment> Attachments { get; init; } = [];
    public DateTimeOffset ReceivedAt { get; init; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    public string FolderId { get; set; } = "";
    public long ArrivedAt { get; set; }
    public long LeftInboxAt { get; set; }
}
