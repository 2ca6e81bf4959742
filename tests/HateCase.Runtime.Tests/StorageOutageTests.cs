using HateCase.Azure.Storage;
using HateCase.Domain.Cases;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Ports;
using HateCase.Testing;
using static HateCase.Runtime.Tests.RuntimeHarness;

namespace HateCase.Runtime.Tests;

public sealed class StorageOutageTests
{
    [Fact]
    public async Task Storage_stopped_mid_run_is_reported_retried_and_caught_up_when_it_returns()
    {
        await using var azurite = await AzuriteInstance.Start(AzuritePersistence.TemporaryFolder);
        var storage = AzureStorage.FromConnectionString(azurite.ConnectionString);
        var harness = await Create(storage.Tables, storage.Blobs);
        var cases = Enumerable.Range(0, 5).Select(_ => NewCaseId()).ToList();
        foreach (var caseId in cases)
        {
            await harness.Accept(caseId, NewReport(hate: true));
        }

        await azurite.Stop();
        harness.Clock.Advance(TimeSpan.FromDays(2));
        var during = await harness.Work.FireDueTimers(CancellationToken.None);
        var mailDuring = await harness.Work.DeliverOutbox(CancellationToken.None);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => harness.Do(cases[0], new CaseCommand.AssignOfficer("officer-1")));

        Assert.False(harness.Health.StorageReachable);
        Assert.Equal((0, 0), (during.Completed, mailDuring.Completed));
        Assert.Empty(harness.Mail.Sent);

        await azurite.Restart();
        await harness.RunDue();

        Assert.True(harness.Health.StorageReachable);
        foreach (var caseId in cases)
        {
            var view = await harness.View(caseId);
            Assert.DoesNotContain(view.ArmedTimers, t => t.DueAt <= harness.Clock.GetUtcNow());
            Assert.Contains(view.Chronology, e => e.Event is CaseEvent.DeadlineMissed { Kind: DeadlineKind.FirstResponse });
            Assert.All(view.Messages, m => Assert.Equal(DeliveryStatus.Sent, m.Status));
        }
        Assert.Equal(5, harness.Mail.Sent.Count(m => m.Message.Template == MessageTemplate.Acknowledgement));
    }
}
