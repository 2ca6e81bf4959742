namespace HateCase.Inbound;

// Settings for the ASB@ mailbox, bound from the "Inbound" section (Inbound__Mailbox and so on in
// local.settings.json Values). Secrets (ClientState) come from configuration, never from code.
public sealed class InboundMailOptions
{
    public const string Section = "Inbound";

    // The mailbox's user principal name or object id.
    public string Mailbox { get; set; } = "";

    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    public string[] GraphScopes { get; set; } = ["https://graph.microsoft.com/.default"];

    // The public HTTPS address of the notification endpoint; Graph validates it on create.
    public string NotificationUrl { get; set; } = "";

    // Can only be set when a subscription is created; changing it re-creates the subscription.
    public string? LifecycleNotificationUrl { get; set; }

    // Shared secret sent with every notification (at most 128 characters).
    public string ClientState { get; set; } = "";

    // Still accepted while subscriptions made with it live out their lifetime after a rotation.
    public string? PreviousClientState { get; set; }

    // When set, notifications from another tenant are refused.
    public string? TenantId { get; set; }

    // Message subscriptions may live at most 10,080 minutes.
    public TimeSpan SubscriptionLifetime { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan RenewWhenUnder { get; set; } = TimeSpan.FromHours(24);

    public string QueueName { get; set; } = "inbound-mail";

    public string TablePrefix { get; set; } = "";

    public string ProcessedFolderName { get; set; } = "Processed";

    public string RejectedFolderName { get; set; } = "Rejected";

    // The first catch-up (no delta link yet) looks back this far, not over the whole inbox history.
    public TimeSpan FirstCatchUpWindow { get; set; } = TimeSpan.FromDays(14);

    public int DeltaPageSize { get; set; } = 50;

    // Throttling (429) and unavailability (503, 504): retries honour Retry-After, up to these bounds.
    public int MaxRetries { get; set; } = 3;

    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromMinutes(2);

    public string ProcessedTable => TablePrefix + "InboundProcessed";

    public string StateTable => TablePrefix + "InboundMailbox";

    public string CopiesTable => TablePrefix + "InboundCopies";

    // Problems with the settings, each naming its full key; empty when all is well.
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Mailbox))
        {
            problems.Add($"{Section}:Mailbox is required (the ASB@ mailbox's address or object id).");
        }

        if (!Uri.TryCreate(NotificationUrl, UriKind.Absolute, out var notification) || notification.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"{Section}:NotificationUrl must be an absolute https address.");
        }

        if (LifecycleNotificationUrl is { Length: > 0 } lifecycle &&
            (!Uri.TryCreate(lifecycle, UriKind.Absolute, out var lifecycleUri) || lifecycleUri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{Section}:LifecycleNotificationUrl must be an absolute https address.");
        }

        if (ClientState.Length is < 16 or > 128)
        {
            problems.Add($"{Section}:ClientState must be a secret of 16 to 128 characters.");
        }

        if (SubscriptionLifetime <= RenewWhenUnder || SubscriptionLifetime > TimeSpan.FromMinutes(10_080))
        {
            problems.Add($"{Section}:SubscriptionLifetime must be longer than RenewWhenUnder and at most 10,080 minutes.");
        }

        if (MaxRetries is < 0 or > 10)
        {
            problems.Add($"{Section}:MaxRetries must be between 0 and 10.");
        }

        return problems;
    }
}
