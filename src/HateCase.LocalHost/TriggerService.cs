using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NCrontab;

namespace HateCase.LocalHost;

// Runs the timer- and queue-triggered functions: each timer on its schedule, each queue polled
// with the queue extension's rules (base64 messages, retried until the dequeue limit, then moved
// to {queue}-poison). One local instance, so timers need no lease.
internal sealed partial class TriggerService(
    IReadOnlyList<FunctionEntry> functions,
    IServiceProvider services,
    IOptions<LocalFunctionsOptions> options,
    ILogger<TriggerService> logger) : BackgroundService
{
    private static readonly IReadOnlyDictionary<string, object?> NoBindingData = new Dictionary<string, object?>();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        CheckLocalOverrides();
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runs = new List<Task>();
        foreach (var entry in functions)
        {
            switch (entry.Trigger)
            {
                case FunctionTrigger.Timer timer:
                    var schedule = options.Value.Schedules.TryGetValue(entry.Name, out var local) ? local : timer.Schedule;
                    runs.Add(RunTimer(new FunctionInvoker(entry, new HashSet<string>()), Schedule(entry, schedule), timer.RunOnStartup, stoppingToken));
                    break;
                case FunctionTrigger.Queue queue:
                    var queueName = options.Value.QueueNames.TryGetValue(entry.Name, out var localQueue) ? localQueue : queue.QueueName;
                    runs.Add(RunQueue(new FunctionInvoker(entry, new HashSet<string>(["id", "dequeueCount"])), queue with { QueueName = queueName }, stoppingToken));
                    break;
            }
        }
        return Task.WhenAll(runs);
    }

    // A local schedule or queue for a function that is not a timer or queue function is a mistake
    // that would otherwise pass unseen: it stops start-up naming the function.
    private void CheckLocalOverrides()
    {
        foreach (var name in options.Value.Schedules.Keys.Where(n => !functions.Any(f => f.Trigger is FunctionTrigger.Timer && f.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
        {
            throw new InvalidOperationException($"A local schedule is given for '{name}', which is not a timer function.");
        }
        foreach (var name in options.Value.QueueNames.Keys.Where(n => !functions.Any(f => f.Trigger is FunctionTrigger.Queue && f.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
        {
            throw new InvalidOperationException($"A local queue name is given for '{name}', which is not a queue function.");
        }
    }

    // Six fields (with seconds) as the Functions host reads them; five are accepted too.
    internal static CrontabSchedule Schedule(FunctionEntry entry, string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 })
            ?? throw new InvalidOperationException($"Timer function '{entry.Name}': '{expression}' is not a cron schedule the local host can run.");
    }

    private async Task RunTimer(FunctionInvoker invoker, CrontabSchedule schedule, bool runOnStartup, CancellationToken stop)
    {
        var clock = options.Value.ScheduleClock;
        var last = DateTime.MinValue;
        if (runOnStartup)
        {
            await Fire(invoker, last, clock, schedule, stop);
        }
        while (!stop.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, clock, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await Fire(invoker, last, clock, schedule, stop);
            last = next;
        }
    }

    private async Task Fire(FunctionInvoker invoker, DateTime last, TimeProvider clock, CrontabSchedule schedule, CancellationToken stop)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var info = new TimerInfo
        {
            ScheduleStatus = new ScheduleStatus { Last = last, Next = schedule.GetNextOccurrence(now), LastUpdated = now },
            IsPastDue = false,
        };
        await InvokeLogged(invoker, info, NoBindingData, stop);
    }

    private async Task RunQueue(FunctionInvoker invoker, FunctionTrigger.Queue trigger, CancellationToken stop)
    {
        var settings = options.Value;
        var connection = string.IsNullOrEmpty(trigger.Connection) ? "AzureWebJobsStorage" : trigger.Connection;
        var service = (settings.QueueService ?? throw new InvalidOperationException("LocalFunctionsOptions.QueueService is not set."))(services, connection);
        var queue = service.GetQueueClient(trigger.QueueName);
        var poison = service.GetQueueClient(trigger.QueueName + "-poison");
        var wait = TimeSpan.FromMilliseconds(100);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stop);
                QueueMessage[] messages = await queue.ReceiveMessagesAsync(settings.BatchSize, TimeSpan.FromMinutes(10), stop);
                foreach (var message in messages)
                {
                    await Deliver(invoker, queue, poison, message, stop);
                }
                wait = messages.Length > 0 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, settings.MaxPollingInterval.Ticks));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException e)
            {
                LogQueueUnavailable(trigger.QueueName, e.Status);
                wait = settings.MaxPollingInterval;
            }
            try
            {
                await Task.Delay(wait, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task Deliver(FunctionInvoker invoker, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stop)
    {
        var settings = options.Value;
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            await poison.CreateIfNotExistsAsync(cancellationToken: stop);
            await poison.SendMessageAsync(message.Body, cancellationToken: stop);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stop);
            LogPoisoned(invoker.Entry.Name, message.MessageId, message.DequeueCount);
            return;
        }
        var bindingData = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = message.MessageId,
            ["dequeueCount"] = message.DequeueCount,
        };
        var value = ConvertMessage(invoker.Entry.TriggerParameter.ParameterType, message);
        if (await InvokeLogged(invoker, value, bindingData, stop))
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stop);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: stop);
        }
    }

    private static object ConvertMessage(Type type, QueueMessage message) =>
        type == typeof(string) ? message.Body.ToString()
        : type == typeof(BinaryData) ? message.Body
        : type == typeof(QueueMessage) ? message
        : System.Text.Json.JsonSerializer.Deserialize(message.Body.ToMemory().Span, type)!;

    private async Task<bool> InvokeLogged(FunctionInvoker invoker, object? triggerValue, IReadOnlyDictionary<string, object?> bindingData, CancellationToken stop)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            await invoker.Invoke(new Invocation(scope.ServiceProvider, triggerValue, bindingData, stop));
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            // The function's own logging says what it was doing; this names only the failure.
            LogFunctionFailed(invoker.Entry.Name, e.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function} failed with {Error}.")]
    private partial void LogFunctionFailed(string function, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} could not be read (status {Status}); trying again.")]
    private partial void LogQueueUnavailable(string queue, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function} failed message {MessageId} {DequeueCount} times: moved to the poison queue.")]
    private partial void LogPoisoned(string function, string messageId, long dequeueCount);
}
