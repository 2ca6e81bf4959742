using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace HateCase.LocalHost;

// Registers the [OrchestrationTrigger] and [ActivityTrigger] functions with a Durable Task worker
// under their function names, so orchestrations call activities by the same names as in Azure.
// As in the isolated worker, an orchestrator function's class is made from the app's services
// (which it should use only for what cannot change between replays, such as settings), and
// context.GetInput<T>() reads its input with the worker's data converter.
public static class DurableFunctions
{
    private static readonly IReadOnlyDictionary<string, object?> NoBindingData = new Dictionary<string, object?>();

    public static DurableTaskRegistry AddFunctions(this DurableTaskRegistry registry, IEnumerable<FunctionEntry> functions,
        IServiceProvider? services = null, DataConverter? converter = null)
    {
        foreach (var entry in functions)
        {
            switch (entry.Trigger)
            {
                case FunctionTrigger.Orchestration:
                    if (entry.TriggerParameter.ParameterType != typeof(TaskOrchestrationContext))
                    {
                        throw new InvalidOperationException(
                            $"Orchestrator function '{entry.Name}' must take a TaskOrchestrationContext as its [OrchestrationTrigger].");
                    }
                    var orchestrator = new FunctionOrchestrator(new FunctionInvoker(entry, new HashSet<string>()),
                        services ?? NoServices, converter ?? JsonDataConverter.Default);
                    registry.AddOrchestrator(entry.Name, () => orchestrator);
                    break;
                case FunctionTrigger.Activity:
                    var invoker = new FunctionInvoker(entry, new HashSet<string>());
                    registry.AddActivity(entry.Name, services => new FunctionActivity(invoker, services));
                    break;
            }
        }
        return registry;
    }

    private static readonly IServiceProvider NoServices = new EmptyServices();

    private sealed class FunctionOrchestrator(FunctionInvoker invoker, IServiceProvider services, DataConverter converter) : ITaskOrchestrator
    {
        // The function reads its input itself with context.GetInput<T>(), for its own T.
        public Type InputType => typeof(JsonElement?);

        public Type OutputType => typeof(object);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            invoker.Invoke(new Invocation(services, new FunctionOrchestrationContext(context, (JsonElement?)input, converter), NoBindingData, CancellationToken.None));
    }

    private sealed class FunctionActivity(FunctionInvoker invoker, IServiceProvider services) : ITaskActivity
    {
        public Type InputType => invoker.Entry.TriggerParameter.ParameterType;

        public Type OutputType => typeof(object);

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            invoker.Invoke(new Invocation(services, input, NoBindingData, CancellationToken.None));
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
