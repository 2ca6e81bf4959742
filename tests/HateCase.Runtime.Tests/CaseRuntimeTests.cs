using HateCase.Domain.Cases;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Ports;
using HateCase.Testing;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Runtime.Tests.RuntimeHarness;

namespace HateCase.Runtime.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class CaseRuntimeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_report_is_committed_with_its_chronology_and_the_Victims_Code_is_delivered_once()
    {
        var harness = await OnAzurite(azurite);
        var caseId = NewCaseId();

        var result = await harness.Accept(caseId, NewReport());
        await harness.RunDue();
        await harness.RunDue();

        var view = await harness.View(caseId);
        Assert.Equal(result.Version, view.Version);
        Assert.Equal(result.Events.Select(e => e.Sequence), view.Chronology.Select(e => e.Sequence));
        Assert.IsType<ReportReceived>(view.Chronology[0].Event);
        var acknowledgement = Assert.Single(harness.Mail.Sent, m => m.Message.Template == MessageTemplate.Acknowledgement);
        Assert.Equal($"{caseId}.2.0", acknowledgement.Key);
        Assert.Equal("HC-2026-000001", acknowledgement.Reference);
        Assert.Contains(view.Messages, m => m.Key == acknowledgement.Key && m.Status == DeliveryStatus.Sent);
        Assert.NotEmpty(view.ArmedTimers);
    }

    [Fact]
    public async Task A_command_delivered_twice_is_answered_from_its_receipt_and_recorded_once()
    {
        var harness = await OnAzurite(azurite);
        var caseId = NewCaseId();
        await harness.Accept(caseId, NewReport());

        var first = await harness.Accept(caseId, new CaseCommand.RecordContact("contact-1", ContactMethod.Phone), "command-1");
        var second = await harness.Accept(caseId, new CaseCommand.RecordContact("contact-1", ContactMethod.Phone), "command-1");

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Events, second.Events);
        Assert.Single((await harness.View(caseId)).Chronology, e => e.Event is ContactMade);
    }

    [Fact]
    public async Task A_command_repeated_long_after_is_still_answered_from_its_receipt()
    {
        var harness = await OnAzurite(azurite);
        var caseId = NewCaseId();
        await harness.Accept(caseId, NewReport());
        var first = await harness.Accept(caseId, new CaseCommand.RecordContact("contact-1", ContactMethod.Phone), "command-first");
        for (var i = 0; i < 20; i++)
        {
            await harness.Accept(caseId, new CaseCommand.LogIncident($"incident-{i + 2}", Start, "Again.", false, "reporter-1", "party-1"));
        }

        var repeated = await harness.Accept(caseId, new CaseCommand.RecordContact("contact-1", ContactMethod.Phone), "command-first");

        Assert.True(repeated.Replayed);
        Assert.Equal(first.Events, repeated.Events);
    }

    [Fact]
    public async Task A_rejected_command_writes_nothing_and_says_why()
    {
        var harness = await OnAzurite(azurite);
        var caseId = NewCaseId();
        var reported = await harness.Accept(caseId, NewReport());

        var result = await harness.Do(caseId, new CaseCommand.ApproveClosure("leader-1"));

        Assert.Contains("No closure is waiting", Assert.IsType<CommandResult.Rejected>(result).Reason);
        Assert.Equal(reported.Version, (await harness.View(caseId)).Version);
    }

    [Fact]
    public async Task A_command_for_an_unknown_case_is_not_found()
    {
        var harness = await OnAzurite(azurite);

        Assert.IsType<CommandResult.CaseNotFound>(await harness.Do(NewCaseId(), new CaseCommand.AssignOfficer("officer-1")));
        Assert.Null(await harness.Runtime.Get(NewCaseId(), CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("case/with/slashes")]
    [InlineData("case#1")]
    public async Task An_id_that_cannot_be_a_storage_key_is_refused_clearly(string caseId)
    {
        var harness = await OnAzurite(azurite);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Do(caseId, NewReport()));
        Assert.Contains("letters, digits", error.Message);
    }

    [Fact]
    public async Task Concurrent_commands_on_one_case_all_land_in_one_unbroken_chronology()
    {
        var harness = await OnAzurite(azurite);
        var caseId = NewCaseId();
        await harness.Accept(caseId, NewReport());

        await Task.WhenAll(Enumerable.Range(1, 12).Select(i =>
            harness.Accept(caseId, new CaseCommand.LogIncident($"incident-{i + 1}", Start, "Again.", false, "reporter-1", "party-1"))));

        var view = await harness.View(caseId);
        Assert.Equal(Enumerable.Range(1, (int)view.Version).Select(i => (long)i), view.Chronology.Select(e => e.Sequence));
        Assert.Equal(12, view.Chronology.Count(e => e.Event is IncidentLogged));
        Assert.Equal(13, view.State.FileOrNull!.Incidents.Count);
    }

    [Fact]
    public async Task A_case_changed_by_another_instance_is_decided_from_storage_not_from_memory()
    {
        var first = await OnAzurite(azurite);
        var second = first.Restarted(first.Tables);
        var caseId = NewCaseId();
        await first.Accept(caseId, NewReport());
        await second.Accept(caseId, new CaseCommand.CloseEnquiry("not-asb"));

        var reopened = await first.Accept(caseId, new CaseCommand.Reopen("The neighbour started again."));
        var contacted = await first.Accept(caseId, new CaseCommand.RecordContact("contact-1", ContactMethod.Phone));

        Assert.Contains(reopened.Events, e => e.Event is CaseReopened);
        Assert.Contains(contacted.Events, e => e.Event is ContactMade);
        Assert.IsType<CaseState.InEnquiry>((await first.View(caseId)).State);
    }

    [Fact]
    public async Task A_report_in_the_night_reaches_the_complainant_at_once_and_the_team_when_the_office_opens()
    {
        var harness = await OnAzurite(azurite, new ManualClock(new DateTimeOffset(2026, 3, 4, 3, 58, 0, TimeSpan.Zero)));
        var caseId = NewCaseId();
        await harness.Accept(caseId, NewReport(hate: true));

        await harness.RunDue();
        var atNight = Templates();
        harness.Clock.Set(new DateTimeOffset(2026, 3, 4, 8, 59, 0, TimeSpan.Zero));
        await harness.RunDue();
        var beforeOpening = Templates();
        harness.Clock.Set(new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.Zero));
        await harness.RunDue();

        Assert.Equal([MessageTemplate.Acknowledgement], atNight);
        Assert.Equal([MessageTemplate.Acknowledgement], beforeOpening);
        // At opening the team is asked to assign it, and reminded of the risk assessment and
        // first response due at Thursday's opening.
        Assert.Equal(
            [MessageTemplate.Acknowledgement, MessageTemplate.NewReportToAssign, MessageTemplate.DeadlineReminder, MessageTemplate.DeadlineReminder],
            Templates().Order());
        var firstResponse = (await harness.View(caseId)).State.FileOrNull!.PendingDeadline(DeadlineKind.FirstResponse)!;
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero), firstResponse.DueAt);

        MessageTemplate[] Templates() => [.. harness.Mail.Sent.Where(m => m.CaseId == caseId).Select(m => m.Message.Template)];
    }

    [Fact]
    public async Task A_message_to_staff_that_cannot_be_delivered_before_closing_is_retried_the_next_morning()
    {
        var harness = await OnAzurite(azurite, new ManualClock(new DateTimeOffset(2026, 3, 4, 16, 59, 30, TimeSpan.Zero)));
        var caseId = NewCaseId();
        harness.Mail.FailNextTimes("case-officers", 1);
        await harness.Accept(caseId, NewReport());

        await harness.RunDue();
        harness.Clock.Set(new DateTimeOffset(2026, 3, 4, 17, 5, 0, TimeSpan.Zero));
        await harness.RunDue();
        var evening = harness.Mail.Sent.Count(m => m.CaseId == caseId && m.Message.Template == MessageTemplate.NewReportToAssign);
        harness.Clock.Set(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero));
        await harness.RunDue();

        Assert.Equal(0, evening);
        Assert.Single(harness.Mail.Sent, m => m.CaseId == caseId && m.Message.Template == MessageTemplate.NewReportToAssign);
    }

    [Fact]
    public async Task A_missed_first_response_reminds_then_escalates_when_the_clock_passes_it()
    {
        var harness = await OnAzurite(azurite);
        var caseId = NewCaseId();
        await harness.Accept(caseId, NewReport(hate: true));
        await harness.Accept(caseId, new CaseCommand.AssignOfficer("officer-7"));
        await harness.RunDue();

        await harness.AdvanceAndRun(TimeSpan.FromDays(2), TimeSpan.FromHours(1));

        var chronology = (await harness.View(caseId)).Chronology.Select(e => e.Event).ToList();
        Assert.Single(chronology.OfType<ReminderSent>(), r => r.Kind == DeadlineKind.FirstResponse);
        Assert.Single(chronology.OfType<DeadlineMissed>(), m => m.Kind == DeadlineKind.FirstResponse);
        Assert.Contains(harness.Mail.Sent, m => m.Message.Template == MessageTemplate.DeadlineReminder && m.Message.Recipient == new MessageRecipient.Officer("officer-7"));
        Assert.Contains(harness.Mail.Sent, m => m.Message.Template == MessageTemplate.DeadlineEscalation);
    }

    [Fact]
    public async Task Two_instances_sweeping_together_fire_each_timer_once_and_lose_no_event()
    {
        var first = await OnAzurite(azurite);
        var second = first.Restarted(first.Tables);
        var cases = Enumerable.Range(0, 20).Select(_ => NewCaseId()).ToList();
        foreach (var caseId in cases)
        {
            await first.Accept(caseId, NewReport(hate: true));
        }

        first.Clock.Advance(TimeSpan.FromDays(3));
        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(first.RunDue(), second.RunDue());
        }

        foreach (var caseId in cases)
        {
            var view = await first.View(caseId);
            var missed = view.Chronology.Select(e => e.Event).OfType<DeadlineMissed>().GroupBy(m => m.DeadlineId);
            Assert.All(missed, g => Assert.Single(g));
            Assert.Equal(Enumerable.Range(1, (int)view.Version).Select(i => (long)i), view.Chronology.Select(e => e.Sequence));
            Assert.DoesNotContain(view.ArmedTimers, t => t.DueAt <= first.Clock.GetUtcNow());
        }
        var keys = first.Mail.Sent.Select(m => m.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public async Task A_message_the_mail_service_is_too_busy_for_is_retried_with_backoff_then_sent()
    {
        var harness = await OnAzurite(azurite);
        harness.Mail.FailNextTimes("busy@example.org", 2);
        var caseId = NewCaseId();
        await harness.Accept(caseId, NewReport(email: "busy@example.org"));

        await harness.RunDue();
        Assert.DoesNotContain(harness.Mail.Sent, m => m.CaseId == caseId && m.Message.Template == MessageTemplate.Acknowledgement);
        await harness.AdvanceAndRun(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(20));

        var sent = Assert.Single(harness.Mail.Sent, m => m.CaseId == caseId && m.Message.Template == MessageTemplate.Acknowledgement);
        var stored = Assert.Single((await harness.View(caseId)).Messages, m => m.Key == sent.Key);
        Assert.Equal((DeliveryStatus.Sent, 3), (stored.Status, stored.Attempts));
    }

    [Fact]
    public async Task A_message_to_an_address_that_does_not_exist_is_recorded_on_the_case_not_retried_forever()
    {
        var harness = await OnAzurite(azurite);
        harness.Mail.Refused["nobody@example.org"] = "The recipient address does not exist.";
        var caseId = NewCaseId();
        await harness.Accept(caseId, NewReport(email: "nobody@example.org"));

        await harness.RunDue();
        await harness.RunDue();
        var calls = harness.Mail.Calls;
        await harness.AdvanceAndRun(TimeSpan.FromHours(2), TimeSpan.FromMinutes(10));

        var view = await harness.View(caseId);
        var undeliverable = Assert.Single(view.Chronology.Select(e => e.Event).OfType<MessageUndeliverable>());
        Assert.Equal("The recipient address does not exist.", undeliverable.Reason);
        Assert.Contains(view.Messages, m => m.Key == undeliverable.MessageKey && m.Status == DeliveryStatus.Failed);
        Assert.Equal(calls, harness.Mail.Calls);
    }

    [Fact]
    public async Task Cases_are_listed_by_officer_stage_and_due_date_a_page_at_a_time()
    {
        var harness = await OnAzurite(azurite);
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..6];
        var mine = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var caseId = NewCaseId();
            await harness.Accept(caseId, NewReport());
            if (i % 2 == 0)
            {
                await harness.Accept(caseId, new CaseCommand.AssignOfficer(officer));
                mine.Add(caseId);
            }
        }

        var listed = new List<CaseSummary>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await harness.Runtime.List(new CaseFilter.ByOfficer(officer), 4, continuation, CancellationToken.None);
            listed.AddRange(page.Cases);
            continuation = page.ContinuationToken;
            pages++;
        }
        while (continuation is not null);

        Assert.Equal(mine.Order(), listed.Select(c => c.CaseId).Order());
        Assert.True(pages >= 2);
        var enquiries = await harness.Runtime.List(new CaseFilter.ByStage("enquiry"), 50, null, CancellationToken.None);
        Assert.Equal(12, enquiries.Cases.Count);
        var dueSoon = await harness.Runtime.List(new CaseFilter.DueBefore(Start.AddDays(2)), 50, null, CancellationToken.None);
        Assert.Equal(12, dueSoon.Cases.Count);
        Assert.All(dueSoon.Cases, c => Assert.True(c.NextDueAt < Start.AddDays(2)));
    }

    [Fact]
    public async Task A_reassigned_case_leaves_the_first_officers_list()
    {
        var harness = await OnAzurite(azurite);
        var caseId = NewCaseId();
        await harness.Accept(caseId, NewReport());
        await harness.Accept(caseId, new CaseCommand.AssignOfficer("officer-a-" + caseId));

        await harness.Accept(caseId, new CaseCommand.AssignOfficer("officer-b-" + caseId));

        Assert.Empty((await harness.Runtime.List(new CaseFilter.ByOfficer("officer-a-" + caseId), 10, null, CancellationToken.None)).Cases);
        Assert.Single((await harness.Runtime.List(new CaseFilter.ByOfficer("officer-b-" + caseId), 10, null, CancellationToken.None)).Cases);
    }

    [Fact]
    public async Task Overdue_cases_are_listed_for_the_team_leader()
    {
        var harness = await OnAzurite(azurite);
        var caseId = NewCaseId();
        await harness.Accept(caseId, NewReport(hate: true));

        await harness.AdvanceAndRun(TimeSpan.FromDays(2));

        var overdue = await harness.Runtime.List(new CaseFilter.Overdue(), 50, null, CancellationToken.None);
        Assert.Contains(overdue.Cases, c => c.CaseId == caseId && c.OverdueCount > 0);
    }

    [Fact]
    public async Task A_closed_case_whose_follow_up_contact_was_missed_stays_on_the_overdue_list_until_the_contact_is_made()
    {
        var harness = await OnAzurite(azurite, profile: "livv");
        var caseId = NewCaseId();
        await harness.Accept(caseId, NewReport());
        await harness.Accept(caseId, new CaseCommand.RecordContact("contact-1", ContactMethod.Phone));
        await harness.Accept(caseId, new CaseCommand.CloseEnquiry("behaviour-stopped"));

        await harness.AdvanceAndRun(TimeSpan.FromDays(21));

        var overdue = await harness.Runtime.List(new CaseFilter.Overdue(), 50, null, CancellationToken.None);
        var listed = Assert.Single(overdue.Cases, c => c.CaseId == caseId);
        Assert.Equal("closed", listed.Stage);
        var needingAttention = await NeedingAttention(harness);
        Assert.Contains(needingAttention, c => c.CaseId == caseId && c.State.FileOrNull!.Overdue.Any(d => d.Kind == DeadlineKind.FollowUpContact));

        await harness.Accept(caseId, new CaseCommand.RecordContact("follow-up-1", ContactMethod.Phone));

        Assert.DoesNotContain((await harness.Runtime.List(new CaseFilter.Overdue(), 50, null, CancellationToken.None)).Cases, c => c.CaseId == caseId);
        Assert.DoesNotContain(await NeedingAttention(harness), c => c.CaseId == caseId);

        static async Task<List<(string CaseId, CaseState State)>> NeedingAttention(RuntimeHarness harness)
        {
            var found = new List<(string, CaseState)>();
            await foreach (var candidate in harness.Runtime.CasesNeedingAttentionBefore(harness.Clock.GetUtcNow().AddDays(1), CancellationToken.None))
            {
                found.Add(candidate);
            }
            return found;
        }
    }

    [Fact]
    public async Task A_very_long_account_of_an_incident_is_kept_whole()
    {
        var harness = await OnAzurite(azurite);
        var caseId = NewCaseId();
        var account = string.Concat(Enumerable.Repeat("He shouted at us again — نحن خائفون 😟. ", 16_000));

        await harness.Accept(caseId, NewReport(description: account));

        var report = Assert.IsType<ReportReceived>((await harness.View(caseId)).Chronology[0].Event);
        Assert.Equal(account, report.Report.Description);
        Assert.True(account.Length > harness.Tables.MaxBodyChars);
    }

    [Fact]
    public async Task A_malformed_stored_case_gives_a_clear_error_naming_the_row()
    {
        var harness = await OnAzurite(azurite);
        var caseId = NewCaseId();
        await harness.Tables.Commit(harness.Options.CasesTable,
            [new RowWrite(RowOperation.Insert, new TableRow(caseId, "state", "{\"version\": \"not a number\"}"))], CancellationToken.None);

        var error = await Assert.ThrowsAsync<StoredRowMalformedException>(() => harness.Do(caseId, new CaseCommand.AssignOfficer("officer-1")));

        Assert.Contains(caseId, error.Message);
        Assert.Contains("state", error.Message);
    }
}
