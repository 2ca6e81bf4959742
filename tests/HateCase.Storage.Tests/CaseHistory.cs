using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Testing;
using HateCase.Workflow;

namespace HateCase.Storage.Tests;

// A case taken through real turns (the decider decides), keeping what each turn records.
public sealed class CaseHistory
{
    private static readonly CasePolicies Policies = CasePolicies.BuiltIn();
    private static readonly CaseWorkflowOptions Production = new();

    // Monday 2 March 2026, 10:00 in London (GMT).
    public static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly List<CaseRecord> records = [];
    private readonly List<CaseMessage> messages = [];
    private CaseTurn turn;

    private CaseHistory(CaseTurn turn) => this.turn = turn;

    public string CaseId => turn.CaseId;

    public IReadOnlyList<CaseRecord> Records => records;

    public IReadOnlyList<CaseMessage> Messages => messages;

    public CaseRecord Latest => records[^1];

    public static CaseHistory HateReported(
        string caseId, string reference, DateTimeOffset? at = null, string party = "party-1", string reporter = "reporter-1",
        string description = "Racist abuse shouted at me by a neighbour.", string? safeTimesToContact = null, string profile = "default")
    {
        var report = new CaseInput.Command($"report-{caseId}", "intake", new CaseCommand.ReportCase(
            reference, ReportChannel.WebForm, Victim(safeTimesToContact), Hate(party, description), IncidentId: $"incident-{caseId}", ReporterKey: reporter,
            PriorReportsByReporter: ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: false));
        return new CaseHistory(CaseTurn.Open(caseId, profile, report)).Take(report, at ?? MondayMorning);
    }

    public CaseHistory Officer(string commandId, CaseCommand command, DateTimeOffset at, string officer = "alex") =>
        Take(new CaseInput.Command(commandId, officer, command), at);

    // The case woken for its due timers at a time.
    public CaseHistory TimersFallDue(DateTimeOffset at) => Take(null, at);

    private CaseHistory Take(CaseInput? input, DateTimeOffset at)
    {
        var result = CaseTurns.Take(turn, input, at, Policies.For(turn.ProfileId), Production);
        turn = result.Next;
        if (result.Record is { } record)
        {
            records.Add(record);
        }
        messages.AddRange(result.Messages);
        return this;
    }

    private static Complainant Victim(string? safeTimesToContact) =>
        new(Anonymous: false, IsVictim: true, Name: "A Resident", Email: "victim@example.org", Phone: "07700 900123", PostalAddress: null,
            PreferredContact: ContactMethod.Email, SafeTimesToContact: safeTimesToContact, Language: null, InterpreterNeeded: false,
            AccessibilityNeeds: ValueList<string>.Empty, ConsentToShareWithPartners: true);

    private static IncidentReport Hate(string party, string description) =>
        new(OccurredAt: null, Location: "Stairwell", Description: description,
            PeopleInvolved: null, Witnesses: null, ImpactOnYou: null, Injuries: false, PoliceInvolved: false,
            CrimeReference: null, HatePerceived: true, HateStrands: ValueList.Of("race"), ViolenceOrThreats: false,
            VictimVulnerable: false, IncidentsInLastMonth: 1, PartyKey: party);
}

// A projection of its own (fresh table and container names) on the shared Azurite, so tests can
// run side by side and count what is in a list.
internal sealed class Projection
{
    private Projection(CaseProjectionStore store)
    {
        Store = store;
        Recorder = new TableCaseRecorder(store);
        Read = new CaseReadModel(store);
        Claims = new CaseClaims(store);
    }

    public CaseProjectionStore Store { get; }

    public TableCaseRecorder Recorder { get; }

    public CaseReadModel Read { get; }

    public CaseClaims Claims { get; }

    // Everything stored about the case as text: its rows, the list rows naming it, and its blobs.
    public async Task<string> EverythingStoredAbout(string caseId)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var row in Store.Records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {caseId}")))
        {
            text.Append(System.Text.Json.JsonSerializer.Serialize(row));
        }
        await foreach (var row in Store.Lists.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"CaseId eq {caseId}")))
        {
            text.Append(System.Text.Json.JsonSerializer.Serialize(row));
        }
        await foreach (var blob in Store.Blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, caseId + "/", CancellationToken.None))
        {
            text.Append((await Store.Blobs.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content);
        }
        return text.ToString();
    }

    public static async Task<Projection> Fresh(AzuriteFixture azurite, string? prefix = null, int? measuresPackBytes = null)
    {
        var store = Connect(azurite, new CaseProjectionOptions
        {
            Prefix = prefix ?? NewPrefix(), MeasuresPackBytes = measuresPackBytes ?? new CaseProjectionOptions().MeasuresPackBytes,
        }, new TableClientOptions());
        await store.EnsureCreated(CancellationToken.None);
        return new Projection(store);
    }

    // Another instance of the app on the same storage: its own clients, the same tables.
    public Projection AnotherInstance(AzuriteFixture azurite) => new(Connect(azurite, Store.Options, new TableClientOptions()));

    // Another instance whose table requests pass through a policy (one that stops the process).
    public Projection AnotherInstance(AzuriteFixture azurite, HttpPipelinePolicy policy)
    {
        var options = new TableClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return new Projection(Connect(azurite, Store.Options, options));
    }

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public async Task RecordAll(CaseHistory history)
    {
        foreach (var record in history.Records)
        {
            Assert.True(await Recorder.Record(record, CancellationToken.None));
        }
    }

    public async Task<IReadOnlyList<CaseSummary>> WholeList(CaseFilter filter, int pageSize = 50)
    {
        var cases = new List<CaseSummary>();
        string? token = null;
        do
        {
            var page = await Read.List(filter, pageSize, token, CancellationToken.None);
            cases.AddRange(page.Cases);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return cases;
    }

    public async Task<IReadOnlyList<string>> CaseIdsIn(CaseFilter filter) => (await WholeList(filter)).Select(c => c.CaseId).ToList();

    // The rows of one list partition as stored, stale ones included.
    public async Task<IReadOnlyList<ListRow>> RawRows(string partition)
    {
        var rows = new List<ListRow>();
        await foreach (var row in Store.Lists.QueryAsync<ListRow>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row);
        }
        return rows;
    }

    private static CaseProjectionStore Connect(AzuriteFixture azurite, CaseProjectionOptions projection, TableClientOptions options) =>
        new(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString), projection);
}
