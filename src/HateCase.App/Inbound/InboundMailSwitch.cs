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
