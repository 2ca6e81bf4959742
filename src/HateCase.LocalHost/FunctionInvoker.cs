using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HateCase.LocalHost;

// What one invocation supplies: the trigger's value, its named binding data, services, cancellation.
internal sealed record Invocation(
    IServiceProvider Services,
    object? TriggerValue,
    IReadOnlyDictionary<string, object?> BindingData,
    CancellationToken CancellationToken);

// Calls one function the way the worker would: a new instance of its class from the container
// (constructor injection) unless the method is static, each parameter bound, the result awaited.
// Parameters are planned when the host starts, so a function the local host cannot bind stops
// start-up with its name instead of failing on its first call.
internal sealed class FunctionInvoker
{
    private readonly FunctionEntry entry;
    private readonly Func<Invocation, FunctionContext, object?>[] binders;
    private readonly bool bindsDurableClient;

    public FunctionInvoker(FunctionEntry entry, ISet<string> namedBindingData)
    {
        this.entry = entry;
        binders = entry.Method.GetParameters().Select(p => Plan(p, namedBindingData)).ToArray();
        bindsDurableClient = entry.Method.GetParameters().Any(p => p.GetCustomAttribute<DurableClientAttribute>() is not null);
    }

    public FunctionEntry Entry => entry;

    // A function with a [DurableClient] binding has that client for its whole invocation, as the
    // app's worker middleware gives it under the Functions host; one without has none.
    public Task<object?> Invoke(Invocation invocation) =>
        bindsDurableClient
            ? InvocationDurableClient.While(invocation.Services.GetRequiredService<DurableTaskClient>(), () => InvokeBound(invocation))
            : InvokeBound(invocation);

    private async Task<object?> InvokeBound(Invocation invocation)
    {
        var context = new LocalFunctionContext(entry, invocation.Services, invocation.BindingData, invocation.CancellationToken);
        var target = entry.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(invocation.Services, entry.Method.DeclaringType!);
        try
        {
            var arguments = binders.Select(bind => bind(invocation, context)).ToArray();
            var result = entry.Method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, arguments, CultureInfo.InvariantCulture);
            return await Awaited(result);
        }
        finally
        {
            switch (target)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private Func<Invocation, FunctionContext, object?> Plan(ParameterInfo parameter, ISet<string> namedBindingData)
    {
        if (parameter.Position == entry.TriggerParameter.Position)
        {
            return (invocation, _) => invocation.TriggerValue;
        }
        if (parameter.ParameterType == typeof(FunctionContext))
        {
            return (_, context) => context;
        }
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return (invocation, _) => invocation.CancellationToken;
        }
        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return (invocation, _) => invocation.Services.GetRequiredService<DurableTaskClient>();
        }
        if (parameter.Name is { } name && namedBindingData.Contains(name))
        {
            return (invocation, _) => invocation.BindingData.TryGetValue(name, out var value) ? Converted(value, parameter.ParameterType) : null;
        }
        throw new InvalidOperationException(
            $"Function '{entry.Name}': the local host cannot bind parameter '{parameter.Name}' ({parameter.ParameterType.Name}). " +
            "It binds the trigger, FunctionContext, CancellationToken, [DurableClient] and route values; take services through the constructor.");
    }

    // Route values arrive as text and trigger metadata as numbers; a parameter may ask for either.
    private static object? Converted(object? value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return value switch
        {
            null => null,
            _ when target.IsInstanceOfType(value) => value,
            string text => TypeDescriptor.GetConverter(target).ConvertFromInvariantString(text),
            IConvertible when target.IsPrimitive => Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
            _ => TypeDescriptor.GetConverter(target).ConvertFrom(null, CultureInfo.InvariantCulture, value),
        };
    }

    private static async Task<object?> Awaited(object? result)
    {
        switch (result)
        {
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType && type.GetGenericArguments()[0].Name != "VoidTaskResult"
                    ? type.GetProperty(nameof(Task<object>.Result))!.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                if (result?.GetType() is { IsGenericType: true } valueType && valueType.GetGenericTypeDefinition() == typeof(ValueTask<>))
                {
                    var asTask = (Task)valueType.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(result, null)!;
                    return await Awaited(asTask);
                }
                return result;
        }
    }
}
