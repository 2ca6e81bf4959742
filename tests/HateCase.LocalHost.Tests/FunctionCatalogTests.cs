using System.Text.Json;
using HateCase.LocalHost.SampleFunctions;

namespace HateCase.LocalHost.Tests;

public sealed class FunctionCatalogTests
{
    private static readonly IReadOnlyList<FunctionEntry> Catalog = FunctionCatalog.Read(typeof(Observed).Assembly);

    [Fact]
    public void The_local_host_finds_the_same_functions_the_Functions_SDK_publishes()
    {
        var published = Published();
        Assert.Equal(published.Keys.Order(), Catalog.Select(f => f.Name).Order());
        foreach (var entry in Catalog)
        {
            Assert.Equal(published[entry.Name].GetProperty("entryPoint").GetString(), entry.EntryPoint);
        }
    }

    [Fact]
    public void Routes_methods_schedules_and_queues_match_the_published_metadata()
    {
        var published = Published();
        foreach (var entry in Catalog)
        {
            var trigger = published[entry.Name].GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            switch (entry.Trigger)
            {
                case FunctionTrigger.Http http:
                    Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal(trigger.TryGetProperty("route", out var route) ? route.GetString() : null, http.Route);
                    Assert.Equal(trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order(), http.Methods.Order());
                    break;
                case FunctionTrigger.Timer timer:
                    Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal(trigger.GetProperty("schedule").GetString(), timer.Schedule);
                    break;
                case FunctionTrigger.Queue queue:
                    Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal(trigger.GetProperty("queueName").GetString(), queue.QueueName);
                    break;
                case FunctionTrigger.Orchestration:
                    Assert.Equal("orchestrationTrigger", trigger.GetProperty("type").GetString());
                    break;
                case FunctionTrigger.Activity:
                    Assert.Equal("activityTrigger", trigger.GetProperty("type").GetString());
                    break;
            }
        }
    }

    [Fact]
    public void Every_trigger_kind_the_product_uses_is_in_the_sample()
    {
        var kinds = Catalog.Select(f => f.Trigger.GetType().Name).Distinct().Order();
        Assert.Equal(["Activity", "Http", "Orchestration", "Queue", "Timer"], kinds);
    }

    private static Dictionary<string, JsonElement> Published()
    {
        var path = Path.Combine(SampleHost.SampleOutput, "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
    }
}
