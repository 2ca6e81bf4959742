using System.Text.Json;
using System.Text.Json.Serialization;
using HateCase.Domain.Cases;

namespace HateCase.Runtime.Cases;

// How a case is laid out in its table partition (PartitionKey = case id):
//   "state"              the folded state, its version (the last event number) and profile id
//   "events|{first:D10}" the events of one commit, in order: the chronology and audit trail
//   "outbox|{key}"       one outgoing message and its delivery status
//   "command|{id}"       the receipt of a command, so a command delivered twice is answered once
// Timers are not stored: they are a function of the state (CaseTimers.Due). The timer index holds
// one wake-up entry per case at (or before) its earliest timer.
internal static class RowKeys
{
    public const string State = "state";
    public const string EventsPrefix = "events|";
    public const string OutboxPrefix = "outbox|";
    public const string CommandPrefix = "command|";

    public static string Events(long firstSequence) => $"{EventsPrefix}{firstSequence:D10}";

    public static string Outbox(string messageKey) => $"{OutboxPrefix}{messageKey}";

    public static string Command(string commandId) => $"{CommandPrefix}{commandId}";

    // The key that ends a prefix range (the character after '|').
    public static string EndOf(string prefix) => prefix[..^1] + "}";
}

public static class CaseJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("The stored value is empty.");
}

// WakeAt: the time of a wake-up entry in the timer index that this case relies on: an entry
// exists at or before the case's earliest timer. RecentCommands answer a repeated command
// without a second read; older ones are found through their receipt rows.
internal sealed record StoredState(long Version, string ProfileId, CaseState State, DateTimeOffset? WakeAt, IReadOnlyList<CommandReceipt> RecentCommands)
{
    public const int RecentCommandsKept = 16;
}

// Who did what and when: kept with each event, outside the domain event itself.
public sealed record RecordedEvent(long Sequence, DateTimeOffset RecordedAt, string CommandId, string Actor, CaseEvent Event);

// An events row whose JSON is too large for one row is kept in a blob and the row points to it.
internal sealed record StoredEvents(IReadOnlyList<RecordedEvent>? Events, string? Blob);

public enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,
}

// One message waiting to go, or gone. The key is stable across retries: it is the idempotency key
// the mail adapters pass on (the ACS Operation-Id, the SMTP Message-ID).
public sealed record OutboxItem(
    string Key,
    string CaseId,
    string Reference,
    long EventSequence,
    OutgoingMessage Message,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    string? FailureReason);

internal sealed record CommandReceipt(string CommandId, long FirstSequence, int EventCount, DateTimeOffset At);
