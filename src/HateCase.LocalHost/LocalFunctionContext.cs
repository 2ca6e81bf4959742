using System.Collections;
using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;

namespace HateCase.LocalHost;

// The FunctionContext a function receives when the local host runs it: its name, an invocation
// id, the invocation's services and cancellation. Binding data holds what the trigger supplied
// (route values, a queue message's metadata).
internal sealed class LocalFunctionContext(
    FunctionEntry entry,
    IServiceProvider services,
    IReadOnlyDictionary<string, object?> bindingData,
    CancellationToken cancellationToken) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => entry.Name;

    public override TraceContext TraceContext { get; } = new EmptyTraceContext();

    public override BindingContext BindingContext { get; } = new LocalBindingContext(bindingData);

    public override RetryContext RetryContext { get; } = new NoRetries();

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition { get; } = new LocalFunctionDefinition(entry);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new LocalFeatures();

    public override CancellationToken CancellationToken => cancellationToken;

    private sealed class EmptyTraceContext : TraceContext
    {
        public override string TraceParent => "";

        public override string TraceState => "";
    }

    private sealed class NoRetries : RetryContext
    {
        public override int RetryCount => 0;

        public override int MaxRetryCount => 0;
    }

    private sealed class LocalBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => data;
    }

    private sealed class LocalFunctionDefinition(FunctionEntry entry) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters =>
            [.. entry.Method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];

        public override string PathToAssembly => entry.Method.DeclaringType!.Assembly.Location;

        public override string EntryPoint => entry.EntryPoint;

        public override string Id => entry.Name;

        public override string Name => entry.Name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class LocalFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> features = [];

        public T? Get<T>() => features.TryGetValue(typeof(T), out var value) ? (T)value : default;

        public void Set<T>(T instance) => features[typeof(T)] = instance!;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
