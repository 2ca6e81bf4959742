using Azure.Data.Tables;
using HateCase.Domain.Cases;
using HateCase.Domain.Risk;
using HateCase.Testing;
using HateCase.Workflow;
using static HateCase.Storage.Tests.CaseHistory;

namespace HateCase.Storage.Tests;

// The daily retention run's part in the projection: which cases are due, and their personal data
// removed whole, even across a crash at any step.
[Collection(AzuriteFixture.Collection)]
public sealed class CaseAnonymiserTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly RiskAnswers LowRisk = new(
        HarmAnswer.Distress, VulnerabilityAnswer.None, RepeatAnswer.First, HateMotivationPerceived: false,
        ImpactAnswer.Little, ChildrenInHousehold: false, RetaliationFeared: false);

    // Closed on Monday 13 April 2026 (summer time): kept to the end of 13 April 2032, anonymised
    // from midnight UK time, 23:00 UTC on 13 April 2032.
    private static readonly DateTimeOffset ClosedAt = new(2026, 4, 13, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AnonymiseFrom = new(2032, 4, 13, 23, 0, 0, TimeSpan.Zero);

    private static readonly string[] PersonalData =
        ["A Resident", "victim@example.org", "07700 900123", "Racist abuse shouted at me", "Stairwell", "party-1", "reporter-1", "after 6pm"];

    private static CaseHistory ClosedCase(string caseId) =>
        HateReported(caseId, "HC-2026-0000" + caseId[^2..], safeTimesToContact: "after 6pm")
            .Officer("assess", new CaseCommand.AssessRisk("assessment-1", LowRisk), MondayMorning.AddHours(1))
            .Officer("convert", new CaseCommand.ConvertToCase(), MondayMorning.AddHours(2))
            .Officer("request", new CaseCommand.RequestClosure("behaviour-stopped", null, "alex"), ClosedAt.AddHours(-1))
            .Officer("approve", new CaseCommand.ApproveClosure("lead"), ClosedAt, officer: "lead");

    private sealed class Copies : ICaseCopies
    {
        public List<string> Purged { get; } = [];

        public List<string> MessageKeys { get; } = [];

        public List<CaseEvent> EventsSeen { get; } = [];

        public Task EndAndPurgeHistory(string caseId, CancellationToken cancellationToken)
        {
            Purged.Add(caseId);
            return Task.CompletedTask;
        }

        public Task RemoveCopies(string caseId, IReadOnlyList<string> messageKeys, IReadOnlyList<CaseEvent> recordedEvents, CancellationToken cancellationToken)
        {
            MessageKeys.AddRange(messageKeys);
            EventsSeen.AddRange(recordedEvents);
            return Task.CompletedTask;
        }
    }

    private sealed class SentAtOnce : ICaseMessageSender
    {
        public Task<MessageDelivery> Send(CaseMessage message, CancellationToken cancellationToken) => Task.FromResult(MessageDelivery.Sent);
    }

    private sealed class Crash : Exception;

    private static async Task<Projection> Recorded(Projection projection, CaseHistory history)
    {
        await projection.RecordAll(history);
        var sender = new RecordingMessageSender(new SentAtOnce(), projection.Store, TimeProvider.System, new CaseWorkflowOptions());
        foreach (var message in history.Messages)
        {
            await sender.Send(message, None);
        }
        return projection;
    }

    private static async Task<string> WhatReadersSee(Projection projection, string caseId)
    {
        var view = await projection.Read.Get(caseId, None);
        Assert.NotNull(view);
        return CaseWorkflowJson.Serialize(view.State) + CaseWorkflowJson.Serialize(view.Chronology) + CaseWorkflowJson.Serialize(view.Messages);
    }

    [Fact]
    public async Task A_closed_case_is_due_from_the_UK_midnight_after_its_retention_years_and_not_before()
    {
        var projection = await Recorded(await Projection.Fresh(azurite), ClosedCase("case-01"));
        var anonymiser = new CaseAnonymiser(projection.Store);

        Assert.Empty(await anonymiser.Due(AnonymiseFrom.AddTicks(-1), 10, None));
        Assert.Equal(["case-01"], await anonymiser.Due(AnonymiseFrom, 10, None));
        Assert.False(await anonymiser.Anonymise("case-01", AnonymiseFrom.AddTicks(-1), new Copies(), None));
    }

    // A closed case recorded before retention dates were kept: no date on its row, no list row.
    private static async Task ForgetRetentionDate(Projection projection, string caseId)
    {
        var row = (await projection.Store.Records.GetEntityAsync<CaseRow>(caseId, CaseProjectionStore.CaseRowKey)).Value;
        await projection.Store.Lists.DeleteEntityAsync(CaseLists.RetentionPartition, CaseLists.TimedRowKey(row.AnonymiseFrom!.Value, caseId));
        row.AnonymiseFrom = null;
        await projection.Store.Records.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
    }

    [Fact]
    public async Task A_closed_case_recorded_before_retention_dates_is_given_its_date_once_and_is_then_due()
    {
        var projection = await Projection.Fresh(azurite);
        await projection.RecordAll(ClosedCase("case-01"));
        await ForgetRetentionDate(projection, "case-01");
        var anonymiser = new CaseAnonymiser(projection.Store);
        Assert.Empty(await anonymiser.Due(AnonymiseFrom, 10, None));

        Assert.Equal(1, await anonymiser.GiveRetentionDates(CasePolicies.BuiltIn(), None));

        Assert.Empty(await anonymiser.Due(AnonymiseFrom.AddTicks(-1), 10, None));
        Assert.Equal(["case-01"], await anonymiser.Due(AnonymiseFrom, 10, None));
        Assert.True(await anonymiser.RetentionDatesGiven(None));
        Assert.Equal(0, await anonymiser.GiveRetentionDates(CasePolicies.BuiltIn(), None));
    }

    [Fact]
    public async Task An_open_case_is_never_due()
    {
        var projection = await Recorded(await Projection.Fresh(azurite), HateReported("case-02", "HC-2026-000002"));

        Assert.Empty(await new CaseAnonymiser(projection.Store).Due(DateTimeOffset.MaxValue.AddDays(-1), 10, None));
    }

    [Fact]
    public async Task The_reporter_row_intake_wrote_before_the_case_was_recorded_goes_with_the_others()
    {
        var projection = await Projection.Fresh(azurite);
        await projection.Claims.Claim("case-07", "HC-2026-000007", "party-1", "reporter-1", MondayMorning.AddSeconds(-1), None);
        await Recorded(projection, ClosedCase("case-07"));
        Assert.Single(await projection.Read.ReportsBy("reporter-1", MondayMorning.AddDays(-1), None));

        Assert.True(await new CaseAnonymiser(projection.Store).Anonymise("case-07", AnonymiseFrom, new Copies(), None));

        Assert.Empty(await projection.Read.ReportsBy("reporter-1", MondayMorning.AddDays(-1), None));
    }

    [Fact]
    public async Task An_anonymised_case_keeps_nothing_personal_anywhere_and_keeps_what_the_measures_count()
    {
        var history = ClosedCase("case-03");
        var projection = await Recorded(await Projection.Fresh(azurite), history);
        var before = await projection.Read.Get("case-03", None);
        var storedBefore = await projection.EverythingStoredAbout("case-03");
        Assert.All(PersonalData, word => Assert.Contains(word, storedBefore, StringComparison.Ordinal));
        var copies = new Copies();

        Assert.True(await new CaseAnonymiser(projection.Store).Anonymise("case-03", AnonymiseFrom, copies, None));

        var stored = await projection.EverythingStoredAbout("case-03");
        Assert.All(PersonalData, word => Assert.DoesNotContain(word, stored, StringComparison.Ordinal));
        var after = await projection.Read.Get("case-03", None);
        Assert.NotNull(after);
        Assert.Empty(after.Messages);
        Assert.Equal(before!.Chronology.Select(e => (e.Sequence, e.RecordedAt, e.Actor, e.Event.GetType(), e.Event.At)),
            after.Chronology.Select(e => (e.Sequence, e.RecordedAt, e.Actor, e.Event.GetType(), e.Event.At)));
        var closed = Assert.IsType<CaseState.Closed>(after.State);
        Assert.Equal(((CaseState.Closed)before.State).Outcome, closed.Outcome);
        Assert.Equal((true, true, before.State.FileOrNull!.Risk, before.State.FileOrNull.HateStrands),
            (closed.File.Anonymised, closed.File.IsHate, closed.File.Risk, closed.File.HateStrands));
        Assert.Equal(["case-03"], copies.Purged);
        Assert.Equal(history.Messages.Select(m => m.Key).Order(), copies.MessageKeys.Order());
        Assert.Empty(await new CaseAnonymiser(projection.Store).Due(AnonymiseFrom.AddYears(1), 10, None));
        Assert.Equal("HC-2026-000003", after.Summary.Reference);
    }

    [Fact]
    public async Task A_held_case_is_not_due_and_is_due_again_once_released()
    {
        var history = ClosedCase("case-04")
            .Officer("hold", new CaseCommand.HoldCase(LegalHoldReason.OmbudsmanComplaint, "Complaint 2031/77.", "lead"), ClosedAt.AddYears(5), officer: "lead");
        var projection = await Recorded(await Projection.Fresh(azurite), history);
        var anonymiser = new CaseAnonymiser(projection.Store);

        Assert.Empty(await anonymiser.Due(AnonymiseFrom.AddYears(2), 10, None));
        Assert.False(await anonymiser.Anonymise("case-04", AnonymiseFrom.AddYears(2), new Copies(), None));

        history.Officer("release", new CaseCommand.ReleaseHold("Ombudsman closed the complaint.", "lead"), AnonymiseFrom.AddYears(1), officer: "lead");
        await projection.Recorder.Record(history.Latest, None);

        Assert.Equal(["case-04"], await anonymiser.Due(AnonymiseFrom.AddYears(2), 10, None));
    }

    public static TheoryData<AnonymisationStep> Steps => [.. Enum.GetValues<AnonymisationStep>()];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_crash_after_any_step_shows_no_personal_data_and_the_next_run_finishes_the_anonymisation(AnonymisationStep crashAfter)
    {
        var projection = await Recorded(await Projection.Fresh(azurite), ClosedCase("case-05"));
        var crashing = new CaseAnonymiser(projection.Store)
        {
            AfterStep = (_, step) => step == crashAfter ? throw new Crash() : Task.CompletedTask,
        };

        await Assert.ThrowsAsync<Crash>(() => crashing.Anonymise("case-05", AnonymiseFrom, new Copies(), None));

        var seen = await WhatReadersSee(projection, "case-05");
        Assert.All(PersonalData, word => Assert.DoesNotContain(word, seen, StringComparison.Ordinal));
        var nextRun = new CaseAnonymiser(projection.Store);
        var due = await nextRun.Due(AnonymiseFrom.AddDays(1), 10, None);
        Assert.Equal(crashAfter == AnonymisationStep.Finished ? [] : ["case-05"], due);
        foreach (var caseId in due)
        {
            Assert.True(await nextRun.Anonymise(caseId, AnonymiseFrom.AddDays(1), new Copies(), None));
        }
        var stored = await projection.EverythingStoredAbout("case-05");
        Assert.All(PersonalData, word => Assert.DoesNotContain(word, stored, StringComparison.Ordinal));
        Assert.Empty(await nextRun.Due(AnonymiseFrom.AddDays(2), 10, None));
    }

    [Fact]
    public async Task A_turn_recorded_after_the_case_is_marked_writes_nothing_back()
    {
        var history = ClosedCase("case-06");
        var projection = await Recorded(await Projection.Fresh(azurite), history);
        var crashing = new CaseAnonymiser(projection.Store)
        {
            AfterStep = (_, step) => step == AnonymisationStep.Marked ? throw new Crash() : Task.CompletedTask,
        };
        await Assert.ThrowsAsync<Crash>(() => crashing.Anonymise("case-06", AnonymiseFrom, new Copies(), None));

        history.Officer("late", new CaseCommand.Reopen("A late command."), AnonymiseFrom.AddMinutes(1));

        Assert.False(await projection.Recorder.Record(history.Latest, None));
        var seen = await WhatReadersSee(projection, "case-06");
        Assert.All(PersonalData, word => Assert.DoesNotContain(word, seen, StringComparison.Ordinal));
        Assert.IsType<CaseState.Closed>((await projection.Read.Get("case-06", None))!.State);
    }
}
