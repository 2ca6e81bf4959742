using HateCase.Inbound.Email;
using HateCase.Inbound.Graph;
using HateCase.Inbound.Tests.Support;
using HateCase.Runtime.InMemory;
using HateCase.Testing;
using Microsoft.Graph;

namespace HateCase.Inbound.Tests.Graph;

// One fake Graph, one clock and in-memory storage per test, wired as the app would wire them.
internal sealed class GraphTestContext : IAsyncDisposable
{
    public const string Mailbox = "asb@landlord.example";

    public GraphTestContext(Action<InboundMailOptions>? configure = null)
    {
        Queue = new InMemoryQueueStore(Clock);
        Server = new FakeGraphServer(() => Clock.GetUtcNow());
        Options = new InboundMailOptions
        {
            Mailbox = Mailbox,
            GraphBaseUrl = Server.BaseUrl,
            NotificationUrl = "https://hatecase.landlord.example/api/inbound-mail/notifications",
            LifecycleNotificationUrl = "https://hatecase.landlord.example/api/inbound-mail/lifecycle",
            ClientState = "a-secret-of-enough-length-1234",
            DeltaPageSize = 50,
        };
        configure?.Invoke(Options);
        Graph = MailboxGraphClient.Create(Options, Credential);
        State = new TableMailboxState(Tables, Options.StateTable);
        InboundMailSetup.EnsureStorage(Tables, Options, CancellationToken.None).GetAwaiter().GetResult();
    }

    public ManualClock Clock { get; } = new();

    public FakeGraphServer Server { get; }

    public InboundMailOptions Options { get; }

    public TestTokenCredential Credential { get; } = new("fake-graph-token");

    public GraphServiceClient Graph { get; }

    public InMemoryTableStore Tables { get; } = new();

    public InMemoryBlobStore Blobs { get; } = new();

    public InMemoryQueueStore Queue { get; }

    public RecordingCaseSink Sink { get; } = new();

    public TableMailboxState State { get; }

    public MailboxReader Reader(TriagePolicy? policy = null) =>
        new(Graph, Options, State, policy ?? TriagePolicy.Default, Clock);

    public MailboxSubscriptions Subscriptions() => new(Graph, Options, State, Clock);

    public InboundMail Inbound() =>
        InboundMailSetup.ForGraph(Options, TriagePolicy.Default, Credential, Tables, Blobs, Queue, Sink, Clock);

    // Runs every work item on the queue (and any they enqueue) as the queue trigger would.
    public async Task<int> DrainQueue(InboundMail inbound)
    {
        var handled = 0;
        while (true)
        {
            var messages = await Queue.Receive(Options.QueueName, 32, TimeSpan.FromMinutes(5), CancellationToken.None);
            if (messages.Count == 0)
            {
                return handled;
            }

            foreach (var message in messages)
            {
                await inbound.HandleWork(message.Text, CancellationToken.None);
                await Queue.Delete(Options.QueueName, message, CancellationToken.None);
                handled++;
            }
        }
    }

    public async Task<List<InboundWork>> QueuedWork()
    {
        var messages = await Queue.Receive(Options.QueueName, 32, TimeSpan.FromSeconds(1), CancellationToken.None);
        Clock.Advance(TimeSpan.FromSeconds(2));
        return messages.Select(m => InboundWork.Parse(m.Text)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Graph.Dispose();
        await Server.DisposeAsync();
    }
}
