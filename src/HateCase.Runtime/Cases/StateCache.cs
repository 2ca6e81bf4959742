using System.Collections.Concurrent;

namespace HateCase.Runtime.Cases;

// The last state (and its ETag) this instance read or wrote for recently used cases. Bounded:
// past the capacity, a tenth of the entries are dropped. Never trusted on its own: a commit
// made from it is checked by the ETag, and rejections are confirmed against storage.
internal sealed class StateCache(int capacity)
{
    private readonly ConcurrentDictionary<string, (StoredState State, string? ETag)> entries = new(StringComparer.Ordinal);

    public (StoredState? State, string? ETag)? Get(string caseId) =>
        capacity > 0 && entries.TryGetValue(caseId, out var entry) ? entry : null;

    public void Set(string caseId, (StoredState State, string? ETag) entry)
    {
        if (capacity <= 0 || entry.ETag is null)
        {
            return;
        }
        if (entries.Count >= capacity)
        {
            foreach (var key in entries.Keys.Take(Math.Max(1, capacity / 10)))
            {
                entries.TryRemove(key, out _);
            }
        }
        entries[caseId] = entry;
    }

    public void Remove(string caseId) => entries.TryRemove(caseId, out _);
}
