using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace HateCase.LocalHost;

// What starts a function, as its trigger attribute declares it.
public abstract record FunctionTrigger
{
    private FunctionTrigger() { }

    // Route null means the function's name, as the Functions host does; Methods empty means any.
    public sealed record Http(IReadOnlyList<string> Methods, string? Route) : FunctionTrigger;

    public sealed record Timer(string Schedule, bool RunOnStartup) : FunctionTrigger;

    public sealed record Queue(string QueueName, string? Connection) : FunctionTrigger;

    public sealed record Orchestration : FunctionTrigger;

    public sealed record Activity : FunctionTrigger;
}

public sealed record FunctionEntry(string Name, MethodInfo Method, FunctionTrigger Trigger, ParameterInfo TriggerParameter)
{
    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";
}

// The functions of an assembly, read from the same [Function] and trigger attributes the
// Functions SDK turns into functions.metadata, so the local host cannot drift from Azure.
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionEntry> Read(Assembly assembly)
    {
        var entries = new List<FunctionEntry>();
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass))
        {
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);
            foreach (var method in methods)
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is { } function)
                {
                    entries.Add(Describe(function.Name, method));
                }
            }
        }
        var duplicate = entries.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two functions are named '{duplicate.Key}': {string.Join(", ", duplicate.Select(e => e.EntryPoint))}.");
        }
        return entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    private static FunctionEntry Describe(string name, MethodInfo method)
    {
        var triggers = method.GetParameters()
            .Select(p => (Parameter: p, Trigger: TriggerOf(p)))
            .Where(t => t.Trigger is not null)
            .ToList();
        return triggers switch
        {
            [var only] => new FunctionEntry(name, method, only.Trigger!, only.Parameter),
            [] => throw new InvalidOperationException($"Function '{name}' ({method.DeclaringType!.FullName}.{method.Name}) has no trigger parameter."),
            _ => throw new InvalidOperationException($"Function '{name}' has more than one trigger parameter."),
        };
    }

    private static FunctionTrigger? TriggerOf(ParameterInfo parameter)
    {
        foreach (var attribute in parameter.GetCustomAttributes())
        {
            switch (attribute)
            {
                case HttpTriggerAttribute http:
                    return new FunctionTrigger.Http(
                        (http.Methods ?? []).Select(m => m.ToUpperInvariant()).ToList(),
                        string.IsNullOrWhiteSpace(http.Route) ? null : http.Route);
                case TimerTriggerAttribute timer:
                    return new FunctionTrigger.Timer(timer.Schedule, timer.RunOnStartup);
                case QueueTriggerAttribute queue:
                    return new FunctionTrigger.Queue(queue.QueueName, queue.Connection);
                case OrchestrationTriggerAttribute:
                    return new FunctionTrigger.Orchestration();
                case ActivityTriggerAttribute:
                    return new FunctionTrigger.Activity();
            }
        }
        return null;
    }
}
