using Azure.Data.Tables;
using Azure.Storage.Blobs;
using HateCase.Domain.Cases;
using HateCase.Domain.Privacy;
using HateCase.Testing;
using HateCase.Workflow;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// One person's erasure on request in the projection: everything of theirs goes, even across a
// crash after any step, and the case's orchestration is purged and started again once.
[Collection(AzuriteFixture.Collection)]
public sealed class CaseEraserTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly string[] ComplainantsData = ["A Resident", "victim@example.org", "07700 900123", "Racist abuse shouted at me", "Stairwell", "reporter-1"];

    private sealed class Restarts(CaseTurn ended) : ICaseRestarts
    {
        public int Purges { get; private set; }
        public List<CaseTurn> Started { get; } = [];
        public List<string> MailForgotten { get; } = [];
        private bool running;

        public Task<CaseTurn?> EndedWith(string caseId, CancellationToken cancellationToken) => Task.FromResult<CaseTurn?>(ended);

        public Task PurgeEnded(string caseId, CancellationToken cancellationToken)
        {
            if (!running)
            {
                Purges = 1;
            }
            return Task.CompletedTask;
        }

        public Task StartFrom(CaseTurn turn, CancellationToken cancellationToken)
        {
            if (!running)
            {
                Started.Add(turn);
                running = true;
            }
            return Task.CompletedTask;
        }

        public Task ForgetMail(IReadOnlyList<string> messageKeys, CancellationToken cancellationToken)
        {
            MailForgotten.AddRange(messageKeys);
            return Task.CompletedTask;
        }

        public Task ForgetFiles(IReadOnlyList<CaseEvent> recorded, IReadOnlyList<CaseEvent> erased, CancellationToken cancellationToken) => Task.CompletedTask;

        public HashSet<string> MailboxCopiesForgotten { get; } = [];

        public Task ForgetMailboxCopies(string caseId, IReadOnlyCollection<string> messageKeys, CancellationToken cancellationToken)
        {
            MailboxCopiesForgotten.UnionWith(messageKeys);
            return Task.CompletedTask;
        }
    }

    private sealed class SentAtOnce : ICaseMessageSender
    {
        public Task<MessageDelivery> Send(CaseMessage message, CancellationToken cancellationToken) => Task.FromResult(MessageDelivery.Sent);
    }

    private sealed class Crash : Exception;

    private static CaseHistory ErasedByAnAdmin(string caseId) =>
        HateReported(caseId, "HC-2026-0001" + caseId[^2..])
            .Officer("update", new CaseCommand.SendUpdate("contact-1", "We spoke to the Stairwell neighbours about the Racist abuse shouted at me."), MondayMorning.AddHours(1))
            .Officer(Domain.Retention.PersonInCase.ComplainantName, new CaseCommand.ErasePersonalData("complainant", "Asked by letter.", "admin-1"),
                MondayMorning.AddHours(2), officer: "admin-1");

    private async Task<(Projection Projection, PersonIndex Index, CaseHistory History)> Recorded(string caseId)
    {
        var projection = await Projection.Fresh(azurite);
        var index = new PersonIndex(new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString), projection.Store.Options);
        await index.EnsureCreated(None);
        var history = ErasedByAnAdmin(caseId);
        // As intake does: the case is claimed a moment before its orchestration decides the report.
        await projection.Claims.Claim(caseId, "HC-2026-0001" + caseId[^2..], "party-1", "reporter-1", MondayMorning.AddSeconds(-1), None);
        var recorder = new PersonIndexingRecorder(projection.Recorder, index);
        foreach (var record in history.Records)
        {
            await recorder.Record(record, None);
        }
        var sender = new RecordingMessageSender(new SentAtOnce(), projection.Store, TimeProvider.System, new CaseWorkflowOptions());
        foreach (var message in history.Messages)
        {
            await sender.Send(message, None);
        }
        return (projection, index, history);
    }

    [Fact]
    public async Task Readers_see_the_complainant_erased_as_soon_as_the_erasing_turn_is_recorded()
    {
        var (projection, _, history) = await Recorded("case-e1");

        var view = await projection.Read.Get("case-e1", None);

        var seen = CaseWorkflowJson.Serialize(view!.State) + CaseWorkflowJson.Serialize(view.Chronology);
        Assert.All(ComplainantsData, word => Assert.DoesNotContain(word, seen, StringComparison.Ordinal));
        Assert.Contains(view.Chronology, e => e.Event is CaseEvent.PersonalDataErased { Person: "complainant", RequestedBy: "admin-1" });
        Assert.Contains("victim@example.org", await projection.EverythingStoredAbout(history.CaseId), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ErasureStep.TurnKept)]
    [InlineData(ErasureStep.OrchestrationRestarted)]
    [InlineData(ErasureStep.IndexForgotten)]
    [InlineData(ErasureStep.MessagesRemoved)]
    [InlineData(ErasureStep.ChronologyRewritten)]
    public async Task A_crash_after_any_step_is_finished_by_the_next_run_and_nothing_of_the_person_is_left(ErasureStep? crashAfter)
    {
        var caseId = "case-e" + (crashAfter is null ? 9 : (int)crashAfter);
        var (projection, index, history) = await Recorded(caseId);
        var eraser = new CaseEraser(projection.Store, index);
        var restarts = new Restarts(CaseTurn.Open(caseId, "default", new CaseInput.Command("x", "y", new CaseCommand.ConvertToCase())));
        // An email the complainant sent to the ASB@ mailbox, and one from someone else, recorded on the case.
        await index.AddMessage(caseId, "complainants-email-key", [PersonIdentifiers.Email("victim@example.org")!], None);
        await index.AddMessage(caseId, "a-neighbours-email-key", [PersonIdentifiers.Email("neighbour@example.org")!], None);
        await eraser.Begin(caseId, new CaseCommand.ErasePersonalData("complainant", "Asked by letter.", "admin-1"), DateTimeOffset.UtcNow, None);
        Assert.True(await eraser.InProgress(caseId, None));
        Assert.NotEmpty((await index.Find([PersonIdentifiers.Email("victim@example.org")!], None)).Cases);

        if (crashAfter is { } step)
        {
            eraser.AfterStep = (_, at) => at == step ? throw new Crash() : Task.CompletedTask;
            await Assert.ThrowsAsync<Crash>(() => eraser.Finish(caseId, "complainant", restarts, None));
            eraser.AfterStep = null;
            var unfinished = Assert.Single(await eraser.Unfinished(10, None));
            Assert.Equal((caseId, "complainant", "Asked by letter.", "admin-1"),
                (unfinished.CaseId, unfinished.Person, unfinished.Command?.Reason, unfinished.Command?.RequestedBy));
        }
        Assert.True(await eraser.Finish(caseId, "complainant", restarts, None));

        var stored = await projection.EverythingStoredAbout(caseId);
        Assert.All(ComplainantsData, word => Assert.DoesNotContain(word, stored, StringComparison.Ordinal));
        Assert.Empty((await index.Find([PersonIdentifiers.Email("victim@example.org")!], None)).Cases);
        // Their next report is not counted as a repeat of this one: no row keyed to them is left.
        Assert.Empty(await projection.Read.ReportsBy("reporter-1", MondayMorning.AddDays(-1), None));
        Assert.Equal((1, 1), (restarts.Purges, restarts.Started.Count));
        Assert.NotEmpty(restarts.MailForgotten);
        Assert.Equal(["complainants-email-key"], restarts.MailboxCopiesForgotten);
        Assert.NotEmpty((await index.Find([PersonIdentifiers.Email("neighbour@example.org")!], None)).Cases);
        Assert.False(await eraser.InProgress(caseId, None));
        Assert.Empty(await eraser.Unfinished(10, None));
        var view = await projection.Read.Get(caseId, None);
        Assert.DoesNotContain(view!.Messages, m => m.Template is MessageTemplate.Acknowledgement or MessageTemplate.Update);
        Assert.Contains(view.Messages, m => m.Template is MessageTemplate.NewReportToAssign);
        Assert.Equal(history.Latest.Version, view.Version);
    }

    [Fact]
    public async Task Nothing_is_finished_before_the_case_has_recorded_the_erasure()
    {
        var projection = await Projection.Fresh(azurite);
        var index = new PersonIndex(new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString), projection.Store.Options);
        await index.EnsureCreated(None);
        await projection.RecordAll(HateReported("case-f1", "HC-2026-000201"));
        var restarts = new Restarts(CaseTurn.Open("case-f1", "default", new CaseInput.Command("x", "y", new CaseCommand.ConvertToCase())));

        Assert.False(await new CaseEraser(projection.Store, index).Finish("case-f1", "complainant", restarts, None));
        Assert.Equal((0, 0), (restarts.Purges, restarts.Started.Count));
    }
}
