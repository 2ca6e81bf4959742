using HateCase.App.Functions;
using HateCase.Inbound;
using HateCase.Runtime.Ports;

namespace HateCase.App.Inbound;

public enum InboundMailMode
{
    // No mailbox configured outside Development: emails to ASB@ are not read by the app.
    Off,

    // The ASB@ mailbox in Exchange Online, through Microsoft Graph.
    Graph,

    // Development: a mailbox kept in blob storage, filled through /api/dev/inbound-mail.
    DevelopmentMailbox,
}

public sealed record InboundMailSwitch(InboundMailMode Mode);

public sealed partial class InboundMailOffNotice(ILogger<InboundMailOffNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogOff();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound mail is off: no Inbound:Mailbox is configured, so emails to the ASB@ mailbox are not read by the app.")]
    private partial void LogOff();
}

public sealed class InboundStorageInitializer(ITableStore tables, InboundMailOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => InboundMailSetup.EnsureStorage(tables, options, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

// Standalone, nothing triggers the inbound functions: each pass takes work off the inbound queue
// as the queue trigger would (set aside after five attempts), and keeps the Graph subscription
// alive every 15 minutes as the timer would.
public sealed partial class InboundMailPass(
    InboundMail mail, InboundMailOptions options, InboundMailSwitch inbound, IQueueStore queues, TimeProvider clock,
    ILogger<InboundMailPass> logger) : IStandalonePass
{
    public const int MaxDequeues = 5;

    public static readonly TimeSpan MaintainEvery = TimeSpan.FromMinutes(15);

    private DateTimeOffset nextMaintain = DateTimeOffset.MinValue;

    public string PoisonQueue => options.QueueName + "-poison";

    public async Task Run(CancellationToken cancellationToken)
    {
        if (inbound.Mode == InboundMailMode.Graph && clock.GetUtcNow() >= nextMaintain)
        {
            nextMaintain = clock.GetUtcNow() + MaintainEvery;
            try
            {
                await mail.Maintain(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogMaintainFailed(e.GetType().Name);
            }
        }

        foreach (var message in await queues.Receive(options.QueueName, 16, TimeSpan.FromMinutes(5), cancellationToken))
        {
            try
            {
                await mail.HandleWork(message.Text, cancellationToken);
                await queues.Delete(options.QueueName, message, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (message.DequeueCount >= MaxDequeues)
                {
                    LogPoisoned(message.Id, e.GetType().Name);
                    await queues.Enqueue(PoisonQueue, message.Text, null, cancellationToken);
                    await queues.Delete(options.QueueName, message, cancellationToken);
                }
                else
                {
                    LogWillRetry(message.Id, e.GetType().Name);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping the mailbox subscription and catching up failed ({Error}); trying again in 15 minutes.")]
    private partial void LogMaintainFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound mail work {MessageId} failed ({Error}); it will be tried again.")]
    private partial void LogWillRetry(string messageId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbound mail work {MessageId} failed five times ({Error}); moved to the poison queue.")]
    private partial void LogPoisoned(string messageId, string error);
}
