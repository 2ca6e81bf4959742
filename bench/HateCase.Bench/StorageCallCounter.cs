using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

// Counts and times the local Durable backend's storage calls by kind (a table query, a point read,
// a batch, a queue poll, ...), so a run can say how many calls a case costs and whether each call
// gets slower as the task hub grows: the evidence for where the reminders' time goes.
internal sealed partial class StorageCallCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, Tally> tallies = new(StringComparer.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Note(message, started);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        finally
        {
            Note(message, started);
        }
    }

    public IReadOnlyDictionary<string, (long Calls, double Milliseconds)> Snapshot() =>
        tallies.ToDictionary(pair => pair.Key, pair => (Interlocked.Read(ref pair.Value.Calls), Interlocked.Read(ref pair.Value.Ticks) * 1000.0 / Stopwatch.Frequency));

    // The calls made between two snapshots, per case, with their mean time, largest counts first.
    public static void Print(IReadOnlyDictionary<string, (long Calls, double Milliseconds)> before,
        IReadOnlyDictionary<string, (long Calls, double Milliseconds)> after, int cases, TextWriter output)
    {
        var rows = after.Select(pair =>
        {
            var (calls, ms) = before.TryGetValue(pair.Key, out var was) ? (pair.Value.Calls - was.Calls, pair.Value.Milliseconds - was.Milliseconds) : pair.Value;
            return (Kind: pair.Key, Calls: calls, Ms: ms);
        }).Where(row => row.Calls > 0).OrderByDescending(row => row.Ms).ToList();
        output.WriteLine($"    storage calls of the backend while measured: {rows.Sum(r => r.Calls)} ({rows.Sum(r => r.Calls) / (double)cases:0.0} a case), " +
            $"{rows.Sum(r => r.Ms) / 1000:0.0} s in all");
        foreach (var (kind, calls, ms) in rows)
        {
            output.WriteLine($"    {kind,-44} {calls,8} {calls / (double)cases,7:0.0} a case {ms / calls,8:0.0} ms each {ms / 1000,7:0.0} s");
        }
    }

    private void Note(HttpMessage message, long started)
    {
        var tally = tallies.GetOrAdd(Kind(message.Request), _ => new Tally());
        Interlocked.Increment(ref tally.Calls);
        Interlocked.Add(ref tally.Ticks, Stopwatch.GetTimestamp() - started);
    }

    // e.g. "GET table History query", "POST queue control-## messages", "PUT blob leases lease".
    private static string Kind(Request request)
    {
        var segments = request.Uri.Path.Trim('/').Split('/');
        var method = request.Method.ToString();
        var query = request.Uri.Query;
        if (segments.Length >= 2 && TableResource().Match(segments[1]) is { Success: true } table)
        {
            var shape = table.Groups["keys"].Value.Contains("PartitionKey", StringComparison.Ordinal) ? "entity"
                : query.Contains("$filter", StringComparison.Ordinal) ? "query" : "scan";
            return $"{method} table {HubSuffix(table.Groups["name"].Value)} {(segments[1] == "$batch" ? "batch" : shape)}";
        }
        var comp = query.Contains("comp=", StringComparison.Ordinal) ? " " + Comp().Match(query).Value : "";
        if (segments.Length >= 3 && segments[2] == "messages")
        {
            return $"{method} queue {Digits().Replace(HubSuffix(segments[1]), "##")} messages{(segments.Length > 3 ? "/{id}" : "")}{comp}";
        }
        return $"{method} blob {(segments.Length >= 2 ? HubSuffix(segments[1]) : "")}{comp}";
    }

    private static string HubSuffix(string name) => name.StartsWith("benchreminders", StringComparison.OrdinalIgnoreCase) ? name["benchreminders".Length..] : name;

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9$]+)(?<keys>\(.*\))?$")]
    private static partial Regex TableResource();

    [GeneratedRegex(@"comp=[a-z]+")]
    private static partial Regex Comp();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    private sealed class Tally
    {
        public long Calls;
        public long Ticks;
    }
}
