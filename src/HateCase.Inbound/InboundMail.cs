using HateCase.Inbound.Email;
using HateCase.Inbound.Graph;
using HateCase.Runtime.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HateCase.Inbound;

// The ASB@ mailbox path as the app sees it: three entry points, one per trigger.
//   HTTP POST to the notification URL (and the lifecycle URL) → ReceiveNotification
//   queue message on Options.QueueName                        → HandleWork
//   timer (every 15 minutes, say)                             → Maintain
public sealed class InboundMail(
    InboundMailOptions options,
    IQueueStore queue,
    IMailbox mailbox,
    InboundMailProcessor processor,
    MailboxSubscriptions? subscriptions,
    MailboxCopies copies,
    ILogger<InboundMail>? logger = null)
{
    // The mailbox's copies of each case's emails, for the retention run and erasure to delete.
    public MailboxCopies Copies => copies;

    // Once: notes the copies of the emails processed before copies were noted.
    public Task<bool> NoteEarlierCopies(CancellationToken cancellationToken) => copies.NoteEarlierCopies(processor.Processed, cancellationToken);

    private readonly ILogger logger = logger ?? NullLogger<InboundMail>.Instance;

    private WebhookSecrets Secrets => new(options.ClientState, options.PreviousClientState, options.TenantId);

    // Enqueues and answers at once (Graph allows 3 seconds). If the queue cannot be reached the
    // answer is 503, so Graph delivers the notification again later.
    public async Task<WebhookReply> ReceiveNotification(string? queryString, string? body, CancellationToken cancellationToken)
    {
        var decision = GraphWebhook.Decide(queryString, body, Secrets);
        if (decision.Refused > 0)
        {
            logger.LogWarning("Refused {Count} mailbox notifications (clientState, tenant or change type did not match).", decision.Refused);
        }

        try
        {
            foreach (var work in decision.Work)
            {
                await queue.Enqueue(options.QueueName, work.ToMessage(), null, cancellationToken);
            }
        }
        catch (StoreUnavailableException)
        {
            logger.LogWarning("Inbound queue unavailable; asking Graph to deliver the notification again.");
            return new WebhookReply(503, null, null);
        }

        return decision.Reply;
    }

    // One work item. Throws on transient failures so the queue delivers the item again.
    public async Task HandleWork(string queueMessage, CancellationToken cancellationToken)
    {
        InboundWork work;
        try
        {
            work = InboundWork.Parse(queueMessage);
        }
        catch (FormatException)
        {
            // Retrying cannot make it readable; drop it (and say so) rather than poison the queue.
            logger.LogError("Dropped an inbound work item that could not be read.");
            return;
        }

        switch (work)
        {
            case InboundWork.ProcessMessage message:
                await processor.Process(message.MessageId, cancellationToken);
                break;
            case InboundWork.RenewSubscription renew:
                await RequireSubscriptions().Reauthorize(renew.SubscriptionId, cancellationToken);
                break;
            case InboundWork.RecreateSubscription recreate:
                // Changes while it was gone were never announced: the catch-up finds them.
                await RequireSubscriptions().Recreate(recreate.SubscriptionId, cancellationToken);
                await CatchUp(cancellationToken);
                break;
            case InboundWork.CatchUp:
                await CatchUp(cancellationToken);
                break;
        }
    }

    // The timer: keep the subscription alive and catch up on anything a notification missed.
    public async Task Maintain(CancellationToken cancellationToken)
    {
        if (subscriptions is not null)
        {
            await subscriptions.Ensure(cancellationToken);
        }

        await CatchUp(cancellationToken);
    }

    // Each message found is enqueued like a notification; the processor skips any already done.
    public Task<CatchUpResult> CatchUp(CancellationToken cancellationToken) =>
        mailbox.CatchUp(
            (item, token) => queue.Enqueue(options.QueueName, new InboundWork.ProcessMessage(item.MessageId).ToMessage(), null, token),
            cancellationToken);

    private MailboxSubscriptions RequireSubscriptions() =>
        subscriptions ?? throw new InvalidOperationException("Mailbox subscriptions are not configured (development mailbox).");
}
