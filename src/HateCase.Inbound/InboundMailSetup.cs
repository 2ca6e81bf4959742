using Azure.Core;
using HateCase.Inbound.Email;
using HateCase.Inbound.Graph;
using HateCase.Runtime.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HateCase.Inbound;

// Putting the pieces together for the app.
public static class InboundMailSetup
{
    // The Graph-backed mailbox. graphTransport replaces the network (tests point it nowhere else:
    // a fake Graph is reached through GraphBaseUrl).
    public static InboundMail ForGraph(
        InboundMailOptions options,
        TriagePolicy policy,
        TokenCredential credential,
        ITableStore tables,
        IBlobStore blobs,
        IQueueStore queue,
        IInboundCaseSink sink,
        TimeProvider clock,
        ILoggerFactory? loggers = null,
        HttpMessageHandler? graphTransport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggers ??= NullLoggerFactory.Instance;
        var graph = MailboxGraphClient.Create(options, credential, graphTransport);
        var state = new TableMailboxState(tables, options.StateTable);
        var mailbox = new MailboxReader(graph, options, state, policy, clock, loggers.CreateLogger<MailboxReader>());
        var subscriptions = new MailboxSubscriptions(graph, options, state, clock, loggers.CreateLogger<MailboxSubscriptions>());
        return ForMailbox(options, policy, mailbox, subscriptions, tables, blobs, queue, sink, clock, loggers);
    }

    // Any mailbox (a development mailbox locally); subscriptions only where Graph is behind it.
    public static InboundMail ForMailbox(
        InboundMailOptions options,
        TriagePolicy policy,
        IMailbox mailbox,
        MailboxSubscriptions? subscriptions,
        ITableStore tables,
        IBlobStore blobs,
        IQueueStore queue,
        IInboundCaseSink sink,
        TimeProvider clock,
        ILoggerFactory? loggers = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var processed = new ProcessedMessages(tables, options.ProcessedTable);
        var copies = new MailboxCopies(tables, options.CopiesTable, mailbox);
        var processor = new InboundMailProcessor(mailbox, processed, copies, blobs, sink, policy, clock, loggers.CreateLogger<InboundMailProcessor>());
        return new InboundMail(options, queue, mailbox, processor, subscriptions, copies, loggers.CreateLogger<InboundMail>());
    }

    // The tables inbound mail writes to; call once at start-up.
    public static async Task EnsureStorage(ITableStore tables, InboundMailOptions options, CancellationToken cancellationToken)
    {
        await tables.EnsureTable(options.ProcessedTable, cancellationToken);
        await tables.EnsureTable(options.StateTable, cancellationToken);
        await tables.EnsureTable(options.CopiesTable, cancellationToken);
    }
}
