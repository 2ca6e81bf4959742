using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace HateCase.Inbound.Graph;

// The change-notification subscription on the mailbox's inbox: created when missing, renewed well
// before it expires, re-created when Graph removes it or our notification addresses change
// (the lifecycle address can only be set at creation).
public sealed class MailboxSubscriptions(
    GraphServiceClient graph,
    InboundMailOptions options,
    ISubscriptionRecordStore records,
    TimeProvider clock,
    ILogger<MailboxSubscriptions>? logger = null)
{
    // Graph's limit for Outlook message subscriptions, less a margin for clock skew.
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10_080) - TimeSpan.FromMinutes(30);

    private readonly ILogger logger = logger ?? NullLogger<MailboxSubscriptions>.Instance;

    public string Resource => $"users/{options.Mailbox}/mailFolders('inbox')/messages";

    // For the timer: make sure a live subscription exists with enough time left.
    public async Task<SubscriptionRecord> Ensure(CancellationToken cancellationToken)
    {
        var record = await records.Get(options.Mailbox, cancellationToken);
        var now = clock.GetUtcNow();
        if (record is null || record.ExpiresAt <= now)
        {
            return await Create(cancellationToken);
        }

        if (!MatchesSettings(record))
        {
            await DeleteQuietly(record.Id, cancellationToken);
            return await Create(cancellationToken);
        }

        return record.ExpiresAt - now < options.RenewWhenUnder ? await Renew(record, cancellationToken) : record;
    }

    // reauthorizationRequired: a PATCH of the expiry both reauthorizes and renews.
    public async Task<SubscriptionRecord> Reauthorize(string subscriptionId, CancellationToken cancellationToken)
    {
        var record = await records.Get(options.Mailbox, cancellationToken);
        if (record is null || record.Id != subscriptionId)
        {
            // Not the subscription we hold (an old one living out its time): just make sure ours is fine.
            return await Ensure(cancellationToken);
        }

        return await Renew(record, cancellationToken);
    }

    // subscriptionRemoved: Graph dropped it; make a new one (the caller then catches up).
    public async Task<SubscriptionRecord> Recreate(string subscriptionId, CancellationToken cancellationToken)
    {
        var record = await records.Get(options.Mailbox, cancellationToken);
        if (record is not null && record.Id != subscriptionId)
        {
            return await Ensure(cancellationToken);
        }

        return await Create(cancellationToken);
    }

    private async Task<SubscriptionRecord> Renew(SubscriptionRecord record, CancellationToken cancellationToken)
    {
        var expires = Expiry();
        try
        {
            var renewed = await graph.Subscriptions[record.Id].PatchAsync(
                new Subscription { ExpirationDateTime = expires }, cancellationToken: cancellationToken);
            var saved = record with { ExpiresAt = renewed?.ExpirationDateTime ?? expires };
            await records.Save(options.Mailbox, saved, cancellationToken);
            logger.LogInformation("Mailbox subscription renewed until {ExpiresAt:u}.", saved.ExpiresAt);
            return saved;
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            logger.LogWarning("Mailbox subscription was gone when renewed; creating a new one.");
            return await Create(cancellationToken);
        }
    }

    private async Task<SubscriptionRecord> Create(CancellationToken cancellationToken)
    {
        var created = await graph.Subscriptions.PostAsync(new Subscription
        {
            ChangeType = "created",
            NotificationUrl = options.NotificationUrl,
            LifecycleNotificationUrl = string.IsNullOrEmpty(options.LifecycleNotificationUrl) ? null : options.LifecycleNotificationUrl,
            Resource = Resource,
            ExpirationDateTime = Expiry(),
            ClientState = options.ClientState,
            LatestSupportedTlsVersion = "v1_2",
        }, cancellationToken: cancellationToken);
        if (created?.Id is not { Length: > 0 } id)
        {
            throw new InvalidOperationException("Microsoft Graph created a subscription but returned no id.");
        }

        var record = new SubscriptionRecord(
            id, created.ExpirationDateTime ?? Expiry(), Resource, options.NotificationUrl, options.LifecycleNotificationUrl);
        await records.Save(options.Mailbox, record, cancellationToken);
        logger.LogInformation("Mailbox subscription created, expiring {ExpiresAt:u}.", record.ExpiresAt);
        return record;
    }

    private async Task DeleteQuietly(string subscriptionId, CancellationToken cancellationToken)
    {
        try
        {
            await graph.Subscriptions[subscriptionId].DeleteAsync(cancellationToken: cancellationToken);
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
        }
    }

    private bool MatchesSettings(SubscriptionRecord record) =>
        record.Resource == Resource &&
        record.NotificationUrl == options.NotificationUrl &&
        (record.LifecycleNotificationUrl ?? "") == (options.LifecycleNotificationUrl ?? "");

    private DateTimeOffset Expiry()
    {
        var lifetime = options.SubscriptionLifetime > MaxLifetime ? MaxLifetime : options.SubscriptionLifetime;
        var expiry = clock.GetUtcNow() + lifetime;
        return new DateTimeOffset(expiry.UtcTicks - expiry.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
