using System.Text.Json;
using System.Text.Json.Serialization;

namespace HateCase.Inbound;

// A unit of work on the inbound queue. The webhook only enqueues these (it must answer Graph
// within 3 seconds); the queue handler does the work.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ProcessMessage), "message")]
[JsonDerivedType(typeof(RenewSubscription), "renew")]
[JsonDerivedType(typeof(RecreateSubscription), "recreate")]
[JsonDerivedType(typeof(CatchUp), "catchUp")]
public abstract record InboundWork
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private InboundWork() { }

    // A message Graph announced (its mailbox id).
    public sealed record ProcessMessage(string MessageId) : InboundWork;

    // Lifecycle reauthorizationRequired.
    public sealed record RenewSubscription(string SubscriptionId) : InboundWork;

    // Lifecycle subscriptionRemoved: re-create, then catch up.
    public sealed record RecreateSubscription(string SubscriptionId) : InboundWork;

    // Lifecycle missed, or the timer: run the delta query on the inbox.
    public sealed record CatchUp(string Reason) : InboundWork;

    public string ToMessage() => JsonSerializer.Serialize(this, Json);

    public static InboundWork Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return JsonSerializer.Deserialize<InboundWork>(message, Json)
                   ?? throw new FormatException("The inbound work item is empty.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new FormatException("The inbound work item is not one this version understands.", e);
        }
    }
}
