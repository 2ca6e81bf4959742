using System.Text.Json;

namespace HateCase.App.Tests.Support;

public sealed record ChronologyEntry(long Sequence, DateTimeOffset At, string Actor, string Type, JsonElement Event)
{
    public string? Kind => Event.TryGetProperty("kind", out var kind) ? kind.GetString() : null;

    public DateTimeOffset? DueAt => Event.TryGetProperty("dueAt", out var due) && due.ValueKind == JsonValueKind.String ? due.GetDateTimeOffset() : null;
}

// Reading GET /api/cases/{caseId}: { summary, state, armedTimers, chronology, messages }.
public static class CaseReading
{
    public static IReadOnlyList<ChronologyEntry> Chronology(this JsonElement details) =>
        details.GetProperty("chronology").EnumerateArray()
            .Select(e => new ChronologyEntry(
                e.GetProperty("sequence").GetInt64(),
                e.GetProperty("at").GetDateTimeOffset(),
                e.GetProperty("actor").GetString()!,
                e.GetProperty("event").GetProperty("type").GetString()!,
                e.GetProperty("event")))
            .ToList();

    public static JsonElement Event(this JsonElement details, string type) =>
        details.Chronology().FirstOrDefault(e => e.Type == type)?.Event
        ?? throw new Xunit.Sdk.XunitException($"The chronology has no '{type}' event: {string.Join(", ", details.Chronology().Select(e => e.Type))}");

    public static string Stage(this JsonElement details) => details.GetProperty("summary").GetProperty("stage").GetString()!;

    // The deadline of a kind set on the case (the latest one set), from its deadline-set event.
    public static (string Id, DateTimeOffset SetAt, DateTimeOffset DueAt, DateTimeOffset? RemindAt) Deadline(this JsonElement details, string kind)
    {
        var set = details.Chronology().LastOrDefault(e => e.Type == "deadline-set.v1"
            && e.Event.GetProperty("deadline").GetProperty("kind").GetString() == kind)
            ?? throw new Xunit.Sdk.XunitException($"No '{kind}' deadline was set on the case.");
        var deadline = set.Event.GetProperty("deadline");
        var remindAt = deadline.GetProperty("remindAt");
        return (deadline.GetProperty("id").GetString()!, deadline.GetProperty("setAt").GetDateTimeOffset(), deadline.GetProperty("dueAt").GetDateTimeOffset(),
            remindAt.ValueKind == JsonValueKind.String ? remindAt.GetDateTimeOffset() : null);
    }

    public static IReadOnlyList<(string Template, string Status)> Messages(this JsonElement details) =>
        details.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("template").GetString()!, m.GetProperty("status").GetString()!))
            .ToList();
}
