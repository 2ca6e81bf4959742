using HateCase.Domain.Cases;
using HateCase.Workflow.InMemory;
using static HateCase.Workflow.Tests.Reports;

namespace HateCase.Workflow.Tests;

// The case orchestration on DurableTask.AzureStorage over Azurite, as it will run in the app.
public sealed class CaseOrchestrationTests(WorkflowHost host) : IClassFixture<WorkflowHost>
{
    private static string NewCaseId() => $"case-{Guid.NewGuid():N}";

    private static IEnumerable<CaseEvent> Events(RecordedCase recorded) => recorded.Chronology.Select(e => e.Event);

    private async Task<RecordedCase> OpenHateCase(string caseId)
    {
        await host.Open(caseId, HateReport());
        return await host.RecordedWhen(caseId, r => r.Version > 0, $"{caseId} is recorded");
    }

    [Fact]
    public async Task Started_for_a_hate_report_the_case_is_recorded_and_the_Victims_Code_is_sent()
    {
        var caseId = NewCaseId();

        var recorded = await OpenHateCase(caseId);

        Assert.IsType<CaseState.InEnquiry>(recorded.State);
        Assert.Contains(Events(recorded), e => e is CaseEvent.VictimsCodeSent);
        Assert.True(recorded.Outcomes["report-1"].Accepted);
        var victimsCode = await Eventually.Get(() => host.Sender.Sent.FirstOrDefault(m =>
            m.CaseId == caseId && m.Message.Template == MessageTemplate.Acknowledgement), "the Victims Code is sent");
        Assert.Equal(new MessageRecipient.ComplainantByEmail("victim@example.org"), victimsCode.Message.Recipient);
    }

    [Fact]
    public async Task An_officer_command_raised_to_the_case_is_decided_and_recorded_with_who_did_it()
    {
        var caseId = NewCaseId();
        var opened = await OpenHateCase(caseId);

        await host.Raise(caseId, Officer("assign-1", new CaseCommand.AssignOfficer("alex"), officer: "team-leader"));

        var recorded = await host.RecordedWhen(caseId, r => r.Outcomes.ContainsKey("assign-1"), "the assignment is recorded");
        Assert.Equal("alex", recorded.State.FileOrNull!.OfficerId);
        var entry = Assert.Single(recorded.Chronology, e => e.CommandId == "assign-1");
        Assert.Equal((opened.Version + 1, "team-leader"), (entry.Sequence, entry.Actor));
        await Eventually.True(() => host.Sender.Sent.Any(m => m.CaseId == caseId && m.Message.Template == MessageTemplate.CaseAssigned),
            "the officer is told");
    }

    [Fact]
    public async Task A_command_raised_again_with_the_same_id_changes_nothing()
    {
        var caseId = NewCaseId();
        await OpenHateCase(caseId);

        await host.Raise(caseId, Officer("assign-1", new CaseCommand.AssignOfficer("alex")));
        await host.Raise(caseId, Officer("assign-1", new CaseCommand.AssignOfficer("sam")));
        await host.Raise(caseId, Officer("contact-1", new CaseCommand.RecordContact("contact-1", ContactMethod.Phone)));

        // Inputs are taken in the order they were raised: once the contact is in, the repeat was seen.
        var recorded = await host.RecordedWhen(caseId, r => r.Outcomes.ContainsKey("contact-1"), "the contact is recorded");
        Assert.Equal("alex", recorded.State.FileOrNull!.OfficerId);
        Assert.Single(recorded.Chronology, e => e.CommandId == "assign-1");
        Assert.Single(host.Sender.Sent, m => m.CaseId == caseId && m.Message.Template == MessageTemplate.CaseAssigned);
    }

    [Fact]
    public async Task A_refused_command_is_recorded_with_its_reason_and_changes_nothing()
    {
        var caseId = NewCaseId();
        var opened = await OpenHateCase(caseId);

        await host.Raise(caseId, Officer("approve-1", new CaseCommand.ApproveClosure("team-leader")));

        var recorded = await host.RecordedWhen(caseId, r => r.Outcomes.ContainsKey("approve-1"), "the refusal is recorded");
        var outcome = recorded.Outcomes["approve-1"];
        Assert.False(outcome.Accepted);
        Assert.False(string.IsNullOrWhiteSpace(outcome.RejectedBecause));
        Assert.Equal(opened.Version, recorded.Version);
        Assert.Equal(opened.State, recorded.State);
        Assert.Equal(opened.Chronology, recorded.Chronology);
    }

    [Fact]
    public async Task A_message_that_cannot_be_delivered_is_recorded_on_the_case_for_the_officer()
    {
        var caseId = NewCaseId();

        await host.Open(caseId, HateReport(email: TestMessageSender.BouncingAddress));

        var recorded = await host.RecordedWhen(caseId, r => Events(r).OfType<CaseEvent.MessageUndeliverable>().Any(), "the bounce is recorded");
        var acknowledgement = Assert.Single(recorded.Chronology, e => e.Event is CaseEvent.VictimsCodeSent);
        var bounce = Assert.Single(Events(recorded).OfType<CaseEvent.MessageUndeliverable>());
        Assert.Equal(CaseMessage.KeyFor(caseId, acknowledgement.Sequence, 0), bounce.MessageKey);
        await Eventually.True(() => host.Sender.Sent.Any(m => m.CaseId == caseId && m.Message.Template == MessageTemplate.MessageUndeliverable),
            "the officers are told");
    }

    [Fact]
    public async Task A_due_timer_fires_on_time_and_its_reminder_is_sent_once()
    {
        var caseId = NewCaseId();
        var opened = await OpenHateCase(caseId);
        var earliest = CaseTimers.Due(opened.State).MinBy(t => t.DueAt)!;
        Assert.Equal(TimerKind.DeadlineReminder, earliest.Kind);
        var fireAt = DateTimeOffset.UtcNow.AddSeconds(3);

        await host.Raise(caseId, new CaseInput.DevelopmentClockSet(earliest.DueAt - fireAt));

        await host.RecordedWhen(caseId, r => Events(r).OfType<CaseEvent.ReminderSent>().Any(), "the reminder is recorded");
        Assert.True(DateTimeOffset.UtcNow >= fireAt, "The timer fired before it was due.");
        var reminderSequences = await Eventually.Get(() =>
        {
            var sequences = host.Recorder.Find(caseId)!.Chronology.Where(e => e.Event is CaseEvent.ReminderSent).Select(e => e.Sequence).ToList();
            return sequences.All(s => host.Sender.Sent.Any(m => m.CaseId == caseId && m.Sequence == s)) ? sequences : null;
        }, "every reminder is sent");

        await Task.Delay(TimeSpan.FromSeconds(2)); // time enough for a second firing, if there were one
        var recorded = host.Recorder.Find(caseId)!;
        var reminders = Events(recorded).OfType<CaseEvent.ReminderSent>().ToList();
        Assert.Single(reminders, r => r.DeadlineId == earliest.DeadlineId);
        Assert.Equal(reminders.Count, reminders.Select(r => r.DeadlineId).Distinct().Count());
        var sentReminders = host.Sender.Sent.Where(m => m.CaseId == caseId && m.Message.Template == MessageTemplate.DeadlineReminder).ToList();
        Assert.Equal(reminderSequences.Order(), sentReminders.Select(m => m.Sequence).Order());
    }

    [Fact]
    public async Task A_command_raised_while_a_timer_turn_is_still_sending_is_taken_next()
    {
        var caseId = NewCaseId();
        var opened = await OpenHateCase(caseId);
        var earliest = CaseTimers.Due(opened.State).MinBy(t => t.DueAt)!;
        var reminderSending = new TaskCompletionSource();
        var letReminderGo = new TaskCompletionSource();
        host.Sender.BeforeSend = async message =>
        {
            if (message.CaseId == caseId && message.Message.Template == MessageTemplate.DeadlineReminder)
            {
                reminderSending.TrySetResult();
                await letReminderGo.Task;
            }
        };
        try
        {
            await host.Raise(caseId, new CaseInput.DevelopmentClockSet(earliest.DueAt - DateTimeOffset.UtcNow.AddSeconds(1)));
            await reminderSending.Task.WaitAsync(Eventually.DefaultTimeout);

            await host.Raise(caseId, Officer("assign-1", new CaseCommand.AssignOfficer("alex")));
            await Task.Delay(TimeSpan.FromSeconds(1));
            letReminderGo.SetResult();

            var recorded = await host.RecordedWhen(caseId, r => r.Outcomes.ContainsKey("assign-1"), "the assignment is recorded");
            Assert.Equal("alex", recorded.State.FileOrNull!.OfficerId);
        }
        finally
        {
            letReminderGo.TrySetResult();
            host.Sender.BeforeSend = null;
        }
    }
}
