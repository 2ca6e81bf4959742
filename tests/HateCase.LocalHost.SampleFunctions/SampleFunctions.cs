using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HateCase.LocalHost.SampleFunctions;

// What the functions saw, for the tests to read back.
public sealed class Observed
{
    public ConcurrentQueue<string> Events { get; } = new();
}

public sealed class Greetings(Observed observed)
{
    [Function("Greet")]
    public IResult Greet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "greetings/{name}")] HttpRequest request, string name, FunctionContext context)
    {
        observed.Events.Enqueue($"greet:{context.FunctionDefinition.Name}");
        return TypedResults.Ok(new Greeting(name, request.Query["style"].ToString()));
    }

    [Function("Echo")]
    public static async Task<IResult> Echo([HttpTrigger(AuthorizationLevel.Anonymous, "post", "put")] HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return TypedResults.Text(await reader.ReadToEndAsync(), "text/plain");
    }

    [Function("StartGreeting")]
    public static async Task<IResult> StartGreeting(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "greetings/{name}/orchestrations")] HttpRequest request,
        string name, [DurableClient] DurableTaskClient client)
    {
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(nameof(GreetingOrchestration), name);
        return TypedResults.Accepted($"/api/orchestrations/{instanceId}", new { instanceId });
    }
}

public sealed record Greeting(string Name, string Style);

public sealed class Ticks(Observed observed)
{
    [Function("EverySecond")]
    public void EverySecond([TimerTrigger("* * * * * *")] TimerInfo timer) =>
        observed.Events.Enqueue($"tick:{timer.ScheduleStatus?.Next:O}");
}

public sealed class Inbox(Observed observed)
{
    [Function("ReadInbox")]
    public void ReadInbox([QueueTrigger("sample-inbox")] string message, string id, int dequeueCount)
    {
        if (message.StartsWith("fail", StringComparison.Ordinal))
        {
            observed.Events.Enqueue($"failed:{message}:{dequeueCount}");
            throw new InvalidOperationException("This message always fails.");
        }
        observed.Events.Enqueue($"inbox:{message}:{id.Length > 0}");
    }
}

public static class GreetingOrchestration
{
    [Function(nameof(GreetingOrchestration))]
    public static async Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var name = context.GetInput<string>()!;
        return await context.CallActivityAsync<string>(nameof(Compose), new Greeting(name, "warm"));
    }

    [Function(nameof(Compose))]
    public static string Compose([ActivityTrigger] Greeting greeting, FunctionContext context) =>
        $"{greeting.Style} hello, {greeting.Name}, from {context.FunctionDefinition.Name}";
}

public sealed record Salutation(string Style);

// An orchestrator function in a class made from the app's services, as the isolated worker allows.
public sealed class SalutationOrchestration(Salutation salutation)
{
    [Function(nameof(SalutationOrchestration))]
    public Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        context.CallActivityAsync<string>(nameof(GreetingOrchestration.Compose), context.GetInput<Greeting>()! with { Style = salutation.Style });
}
