using HateCase.LocalHost;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Hosting;

// Under the Functions host: a function that declares a [DurableClient] binding has that client
// for its whole invocation, for the services it calls (CaseService) to use, as the local host does.
public sealed class DurableClientMiddleware : IFunctionsWorkerMiddleware
{
    private const string DurableClientBinding = "durableClient";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var binding = context.FunctionDefinition.InputBindings.Values
            .FirstOrDefault(b => string.Equals(b.Type, DurableClientBinding, StringComparison.OrdinalIgnoreCase));
        if (binding is null)
        {
            await next(context);
            return;
        }
        var bound = await context.BindInputAsync<DurableTaskClient>(binding);
        var client = bound.Value ?? throw new InvalidOperationException($"Function '{context.FunctionDefinition.Name}' was given no Durable client.");
        await InvocationDurableClient.While(client, async () =>
        {
            await next(context);
            return true;
        });
    }
}
