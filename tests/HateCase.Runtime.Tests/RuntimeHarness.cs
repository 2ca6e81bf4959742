using System.Collections.Concurrent;
using HateCase.Azure.Storage;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using HateCase.Runtime.Cases;
using HateCase.Runtime.InMemory;
using HateCase.Runtime.Ports;
using HateCase.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HateCase.Runtime.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

// A runtime as the app runs it, over a given store, with a clock the test moves and a mail
// sender that records what it was asked to send.
public sealed class RuntimeHarness
{
    // Monday 2 March 2026, 10:00 in London (GMT).
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private RuntimeHarness(ITableStore tables, IBlobStore blobs, ManualClock clock, RuntimeOptions options, RecordingSender mail, string profile = "default")
    {
        Tables = tables;
        Blobs = blobs;
        Clock = clock;
        Options = options;
        Mail = mail;
        Health = new RuntimeHealth();
        Runtime = new CaseRuntime(tables, blobs, CasePolicy.For(ProfileLoader.BuiltIn(profile)), clock, options, NullLogger<CaseRuntime>.Instance);
        Work = new CaseWork(Runtime, tables, mail, clock, Health, NullLogger<CaseWork>.Instance);
    }

    public ITableStore Tables { get; }

    public IBlobStore Blobs { get; }

    public ManualClock Clock { get; }

    public RuntimeOptions Options { get; }

    public RecordingSender Mail { get; }

    public RuntimeHealth Health { get; }

    public CaseRuntime Runtime { get; }

    public CaseWork Work { get; }

    public static async Task<RuntimeHarness> Create(ITableStore tables, IBlobStore blobs, ManualClock? clock = null, string profile = "default")
    {
        var options = new RuntimeOptions { TablePrefix = "t" + Guid.NewGuid().ToString("N")[..10] };
        var harness = new RuntimeHarness(tables, blobs, clock ?? new ManualClock(Start), options, new RecordingSender(), profile);
        await harness.Runtime.EnsureStorage(CancellationToken.None);
        return harness;
    }

    public static Task<RuntimeHarness> InMemory(ManualClock? clock = null) => Create(new InMemoryTableStore(), new InMemoryBlobStore(), clock);

    public static Task<RuntimeHarness> OnAzurite(AzuriteFixture azurite, ManualClock? clock = null, string profile = "default")
    {
        var storage = AzureStorage.FromConnectionString(azurite.ConnectionString);
        return Create(storage.Tables, storage.Blobs, clock, profile);
    }

    // The same process restarted: a new runtime over what the store holds, sharing the mail log.
    public RuntimeHarness Restarted(ITableStore tables) => new(tables, Blobs, Clock, Options, Mail);

    public Task<CommandResult> Do(string caseId, CaseCommand command, string? commandId = null) =>
        Runtime.Handle(caseId, command, new CommandContext(commandId ?? Guid.NewGuid().ToString("N"), "officer-1"), CancellationToken.None);

    public async Task<CommandResult.Accepted> Accept(string caseId, CaseCommand command, string? commandId = null)
    {
        var result = await Do(caseId, command, commandId);
        return result as CommandResult.Accepted ?? throw new Xunit.Sdk.XunitException($"{command.GetType().Name} was not accepted: {result}");
    }

    // Runs the timer sweep and the outbox until nothing more is due now.
    public async Task RunDue()
    {
        for (var round = 0; round < 50; round++)
        {
            var timers = await Work.FireDueTimers(CancellationToken.None);
            var mail = await Work.DeliverOutbox(CancellationToken.None);
            if (timers.Claimed == 0 && mail.Claimed == 0)
            {
                return;
            }
        }
        throw new Xunit.Sdk.XunitException("Due work did not settle.");
    }

    public async Task AdvanceAndRun(TimeSpan by, TimeSpan? step = null)
    {
        var end = Clock.GetUtcNow() + by;
        var stride = step ?? TimeSpan.FromHours(6);
        while (Clock.GetUtcNow() < end)
        {
            var next = Clock.GetUtcNow() + stride;
            Clock.Advance((next > end ? end : next) - Clock.GetUtcNow());
            await RunDue();
        }
    }

    public async Task<CaseView> View(string caseId) =>
        await Runtime.Get(caseId, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException($"No case {caseId}.");

    public static CaseCommand.ReportCase NewReport(string reference = "HC-2026-000001", bool hate = false, string? email = "victim@example.org", string description = "Loud music and shouting at night.") =>
        new(reference, ReportChannel.WebForm,
            new Complainant(false, true, "A Resident", email, "07700 900123", null, ContactMethod.Email, null, null, false, ValueList<string>.Empty, true),
            new IncidentReport(null, "Stairwell", description, null, null, null, false, false, null, hate,
                hate ? ValueList.Of("race") : ValueList<string>.Empty, false, false, 1, "party-1"),
            "incident-1", "reporter-1", ValueList<DateTimeOffset>.Empty, false);

    public static string NewCaseId() => "case-" + Guid.NewGuid().ToString("N")[..12];
}

public sealed class RecordingSender : IMessageSender
{
    private readonly ConcurrentQueue<OutboxItem> sent = new();
    private readonly ConcurrentDictionary<string, int> failuresLeft = new();

    public IReadOnlyList<OutboxItem> Sent => sent.ToList();

    // Recipients whose mail is refused outright.
    public ConcurrentDictionary<string, string> Refused { get; } = new();

    public int Calls;

    // By a complainant's email address, a team's role or an officer's id.
    public void FailNextTimes(string recipient, int times) => failuresLeft[recipient] = times;

    public Task<SendOutcome> Send(OutboxItem item, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        var email = item.Message.Recipient switch
        {
            MessageRecipient.ComplainantByEmail complainant => complainant.Email,
            MessageRecipient.Team team => team.Role,
            MessageRecipient.Officer officer => officer.OfficerId,
            _ => "",
        };
        if (Refused.TryGetValue(email, out var reason))
        {
            return Task.FromResult<SendOutcome>(new SendOutcome.Undeliverable(reason));
        }
        if (failuresLeft.TryGetValue(email, out var left) && left > 0)
        {
            failuresLeft[email] = left - 1;
            return Task.FromResult<SendOutcome>(new SendOutcome.TryLater("Service busy"));
        }
        sent.Enqueue(item);
        return Task.FromResult<SendOutcome>(new SendOutcome.Sent());
    }
}
