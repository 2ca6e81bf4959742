using System.Collections.Concurrent;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Digests;
using HateCase.Testing;

namespace HateCase.Runtime.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class DigestWorkTests(AzuriteFixture azurite)
{
    // Hate reports on Thursday and Friday afternoon: by Monday morning one first response is
    // missed, one is due today, and one case has no officer yet.
    private static readonly DateTimeOffset ThursdayAfternoon = new(2026, 2, 26, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayBeforeOpening = new(2026, 3, 2, 8, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_officer_gets_one_digest_on_a_working_morning_and_no_more()
    {
        var harness = await DigestHarness.OnAzurite(azurite, new ManualClock(ThursdayAfternoon));
        ReportTheWeeksCases(harness);
        var mail = new RecordingDigestSender();
        var digests = harness.Work(mail);

        harness.Clock.Set(MondayBeforeOpening);
        Assert.Null((await digests.Run(CancellationToken.None)).Day);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var monday = await digests.Run(CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(30));
        var again = await digests.Run(CancellationToken.None);

        Assert.Equal(new DateOnly(2026, 3, 2), monday.Day);
        Assert.Equal(
            ["officer|officer-7", "officer|officer-9", "team|case-officers", "team|team-leader"],
            mail.Sent.Select(s => DigestWork.RecipientKey(s.Digest.Recipient)).Order());
        Assert.Equal(4, monday.Sent);
        Assert.Equal(new DigestPass(new DateOnly(2026, 3, 2), 0, 0, 0), again);
        var officer7 = mail.Sent.Single(s => s.Digest.Recipient == new MessageRecipient.Officer("officer-7")).Digest;
        Assert.Contains(officer7.Entries, e => e is { Reference: "HC-2026-000001", Section: DigestSection.Overdue, Deadline: DeadlineKind.FirstResponse });
        var officer9 = mail.Sent.Single(s => s.Digest.Recipient == new MessageRecipient.Officer("officer-9")).Digest;
        Assert.Contains(officer9.Entries, e => e is { Reference: "HC-2026-000002", Section: DigestSection.DueToday, Deadline: DeadlineKind.FirstResponse });
        var leader = mail.Sent.Single(s => s.Digest.Recipient == new MessageRecipient.Team("team-leader")).Digest;
        Assert.All(leader.Entries, e => Assert.Equal(DigestSection.Overdue, e.Section));
        Assert.All(await digests.List(new DateOnly(2026, 3, 2), CancellationToken.None), d => Assert.Equal(DeliveryStatus.Sent, d.Status));

        // Tuesday brings Tuesday's list.
        harness.Clock.Set(MondayBeforeOpening.AddDays(1).AddMinutes(1));
        var tuesday = await digests.Run(CancellationToken.None);
        Assert.Equal(new DateOnly(2026, 3, 3), tuesday.Day);
        Assert.True(tuesday.Sent > 0);
        Assert.Equal(monday.Sent + tuesday.Sent, mail.Sent.Count);
    }

    [Fact]
    public async Task Two_instances_working_at_once_send_each_digest_once()
    {
        var harness = await DigestHarness.OnAzurite(azurite, new ManualClock(ThursdayAfternoon));
        ReportTheWeeksCases(harness);
        var mail = new RecordingDigestSender();
        var first = harness.Work(mail);
        var second = harness.Work(mail);
        harness.Clock.Set(MondayBeforeOpening.AddMinutes(1));

        for (var pass = 0; pass < 3; pass++)
        {
            await Task.WhenAll(first.Run(CancellationToken.None), second.Run(CancellationToken.None));
        }

        Assert.Equal(4, mail.Sent.Count);
        Assert.Equal(4, mail.Sent.Select(s => s.Key).Distinct().Count());
    }

    [Fact]
    public async Task Two_deployments_sharing_a_mail_service_never_give_two_digests_one_message_key()
    {
        // Message keys are the mail service's idempotency keys: a shared one would drop a digest.
        var mail = new RecordingDigestSender();
        foreach (var deployment in new[] { "north", "south" })
        {
            var harness = await DigestHarness.InMemory(new ManualClock(ThursdayAfternoon));
            ReportTheWeeksCases(harness);
            harness.Clock.Set(MondayBeforeOpening.AddMinutes(1));
            await harness.Work(mail).Run(CancellationToken.None);
        }

        Assert.Equal(8, mail.Sent.Count);
        Assert.Equal(8, mail.Sent.Select(s => s.Key).Distinct().Count());
    }

    [Fact]
    public async Task A_digest_the_mail_service_cannot_take_yet_is_sent_on_a_later_pass()
    {
        var harness = await DigestHarness.InMemory(new ManualClock(ThursdayAfternoon));
        ReportTheWeeksCases(harness);
        var mail = new RecordingDigestSender { Busy = 1, BusyFor = TimeSpan.FromMinutes(10) };
        var digests = harness.Work(mail);
        harness.Clock.Set(MondayBeforeOpening.AddMinutes(1));

        var first = await digests.Run(CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var tooSoon = await digests.Run(CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(6));
        var later = await digests.Run(CancellationToken.None);

        Assert.Equal((3, 1), (first.Sent, first.Failed));
        Assert.Equal((0, 0), (tooSoon.Sent, tooSoon.Failed));
        Assert.Equal((1, 0), (later.Sent, later.Failed));
        var retried = (await digests.List(new DateOnly(2026, 3, 2), CancellationToken.None)).Single(d => d.Attempts == 2);
        Assert.Equal(DeliveryStatus.Sent, retried.Status);
    }

    [Fact]
    public async Task Once_the_days_digests_are_all_out_later_passes_that_day_cost_no_storage_calls()
    {
        var harness = await DigestHarness.InMemory(new ManualClock(ThursdayAfternoon));
        ReportTheWeeksCases(harness);
        var store = new FaultInjectingTableStore(harness.Tables);
        var mail = new RecordingDigestSender { Busy = 1, BusyFor = TimeSpan.FromMinutes(1) };
        var digests = harness.Work(mail, tables: store);
        harness.Clock.Set(MondayBeforeOpening.AddMinutes(1));

        await digests.Run(CancellationToken.None);
        var whileOneWaits = store.Queries;
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        var retried = await digests.Run(CancellationToken.None);
        var calls = (store.Gets, store.Queries, store.Commits);
        harness.Clock.Advance(TimeSpan.FromMinutes(30));
        var idle = await digests.Run(CancellationToken.None);

        Assert.True(store.Queries > whileOneWaits, "A digest still waiting is looked for again.");
        Assert.Equal(1, retried.Sent);
        Assert.Equal(new DigestPass(new DateOnly(2026, 3, 2), 0, 0, 0), idle);
        Assert.Equal(calls, (store.Gets, store.Queries, store.Commits));
        Assert.Equal(4, mail.Sent.Count);
    }

    [Fact]
    public async Task A_refused_digest_is_recorded_as_failed_and_not_tried_again()
    {
        var harness = await DigestHarness.InMemory(new ManualClock(ThursdayAfternoon));
        ReportTheWeeksCases(harness);
        var mail = new RecordingDigestSender { Refuse = new MessageRecipient.Officer("officer-9") };
        var digests = harness.Work(mail);
        harness.Clock.Set(MondayBeforeOpening.AddMinutes(1));

        await digests.Run(CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromHours(2));
        await digests.Run(CancellationToken.None);

        var refused = (await digests.List(new DateOnly(2026, 3, 2), CancellationToken.None)).Single(d => d.Digest.Recipient == mail.Refuse);
        Assert.Equal(DeliveryStatus.Failed, refused.Status);
        Assert.Equal(1, refused.Attempts);
        Assert.Contains("refused", refused.FailureReason, StringComparison.Ordinal);
        Assert.Equal(3, mail.Sent.Count);
    }

    [Fact]
    public async Task A_digest_set_for_eight_waits_for_the_office_to_open_at_nine()
    {
        var harness = await DigestHarness.InMemory(new ManualClock(ThursdayAfternoon));
        ReportTheWeeksCases(harness);
        var mail = new RecordingDigestSender();
        var digests = harness.Work(mail, new DigestOptions { SendFrom = new TimeOnly(8, 0) });

        harness.Clock.Set(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var atEight = await digests.Run(CancellationToken.None);
        harness.Clock.Set(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var atNine = await digests.Run(CancellationToken.None);

        Assert.Null(atEight.Day);
        Assert.Equal(new DateOnly(2026, 3, 2), atNine.Day);
        Assert.Equal(4, atNine.Sent);
    }

    [Fact]
    public async Task No_digest_goes_out_after_the_office_closes()
    {
        var harness = await DigestHarness.InMemory(new ManualClock(ThursdayAfternoon));
        ReportTheWeeksCases(harness);
        var mail = new RecordingDigestSender();
        var digests = harness.Work(mail);

        harness.Clock.Set(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero));
        var pass = await digests.Run(CancellationToken.None);

        Assert.Null(pass.Day);
        Assert.Empty(mail.Sent);
        Assert.Empty(await digests.List(new DateOnly(2026, 3, 2), CancellationToken.None));
    }

    [Fact]
    public async Task Yesterdays_unsent_digest_is_not_sent_today()
    {
        var harness = await DigestHarness.InMemory(new ManualClock(ThursdayAfternoon));
        ReportTheWeeksCases(harness);
        var mail = new RecordingDigestSender { Busy = int.MaxValue, BusyFor = TimeSpan.FromHours(20) };
        var digests = harness.Work(mail);
        harness.Clock.Set(MondayBeforeOpening.AddMinutes(1));
        await digests.Run(CancellationToken.None);

        mail.Busy = 0;
        harness.Clock.Set(MondayBeforeOpening.AddDays(1).AddMinutes(1));
        await digests.Run(CancellationToken.None);

        Assert.NotEmpty(mail.Sent);
        Assert.All(mail.Sent, s => Assert.Equal(new DateOnly(2026, 3, 3), s.Digest.Day));
    }

    [Fact]
    public async Task A_days_digests_are_kept_for_the_set_number_of_days_and_then_removed()
    {
        var harness = await DigestHarness.OnAzurite(azurite, new ManualClock(ThursdayAfternoon));
        ReportTheWeeksCases(harness);
        var mail = new RecordingDigestSender();
        var digests = harness.Work(mail, new DigestOptions { KeepDays = 7 });
        var monday = new DateOnly(2026, 3, 2);
        var tuesday = new DateOnly(2026, 3, 3);
        harness.Clock.Set(MondayBeforeOpening.AddMinutes(1));
        await digests.Run(CancellationToken.None);
        harness.Clock.Set(MondayBeforeOpening.AddDays(1).AddMinutes(1));
        await digests.Run(CancellationToken.None);

        // A week on from Tuesday: Monday's lists are more than seven days old, Tuesday's are not.
        harness.Clock.Set(MondayBeforeOpening.AddDays(8).AddMinutes(1));
        var pass = await digests.Run(CancellationToken.None);

        Assert.Equal(new DateOnly(2026, 3, 10), pass.Day);
        Assert.Empty(await digests.List(monday, CancellationToken.None));
        Assert.Null(await harness.Tables.Get(harness.Table, DigestWork.DayPartition(monday), DigestWork.PlannedMarker, CancellationToken.None));
        Assert.NotEmpty(await digests.List(tuesday, CancellationToken.None));
        Assert.NotNull(await harness.Tables.Get(harness.Table, DigestWork.DayPartition(tuesday), DigestWork.PlannedMarker, CancellationToken.None));
        Assert.NotEmpty(await digests.List(pass.Day!.Value, CancellationToken.None));
    }

    [Fact]
    public async Task Nothing_goes_out_at_the_weekend_or_when_the_digest_is_switched_off()
    {
        var harness = await DigestHarness.InMemory(new ManualClock(ThursdayAfternoon));
        ReportTheWeeksCases(harness);
        var mail = new RecordingDigestSender();
        var switchedOff = harness.Work(mail, new DigestOptions { Enabled = false });
        var weekend = harness.Work(mail);

        harness.Clock.Set(new DateTimeOffset(2026, 2, 28, 9, 0, 0, TimeSpan.Zero));
        Assert.Null((await weekend.Run(CancellationToken.None)).Day);
        harness.Clock.Set(MondayBeforeOpening.AddHours(2));
        Assert.Null((await switchedOff.Run(CancellationToken.None)).Day);

        Assert.Empty(mail.Sent);
    }

    [Fact]
    public async Task A_crash_at_any_write_still_sends_every_digest_in_the_end()
    {
        var expected = 0;
        var crashes = 0;
        for (var call = 1; call < 40; call++)
        {
            foreach (var point in new[] { FaultPoint.BeforeCommit, FaultPoint.AfterCommit })
            {
                var harness = await DigestHarness.InMemory(new ManualClock(ThursdayAfternoon));
                ReportTheWeeksCases(harness);
                harness.Clock.Set(MondayBeforeOpening.AddMinutes(1));
                var mail = new RecordingDigestSender();
                var store = new FaultInjectingTableStore(harness.Tables).CrashAt(point, call);
                try
                {
                    await harness.Work(mail, tables: store).Run(CancellationToken.None);
                }
                catch (SimulatedCrashException)
                {
                    crashes++;
                }
                // Restarted, with time for any lease the crash left to run out.
                harness.Clock.Advance(new DigestOptions().Lease + TimeSpan.FromSeconds(1));
                await harness.Work(mail).Run(CancellationToken.None);

                Assert.Equal(4, mail.Sent.Select(s => s.Key).Distinct().Count());
                Assert.All(await harness.Work(mail).List(new DateOnly(2026, 3, 2), CancellationToken.None),
                    d => Assert.Equal(DeliveryStatus.Sent, d.Status));
                expected = Math.Max(expected, store.Commits);
            }
        }
        // Every write of a clean run had its crash before and after it.
        Assert.Equal(2 * expected, crashes);
    }

    private static void ReportTheWeeksCases(DigestHarness harness)
    {
        var missed = NewCaseId();
        harness.Cases.Accept(missed, HateReport("HC-2026-000001"));
        harness.Cases.Accept(missed, new CaseCommand.AssignOfficer("officer-7"));
        harness.Clock.Advance(TimeSpan.FromDays(1));
        var dueToday = NewCaseId();
        harness.Cases.Accept(dueToday, HateReport("HC-2026-000002"));
        harness.Cases.Accept(dueToday, new CaseCommand.AssignOfficer("officer-9"));
        harness.Cases.Accept(NewCaseId(), HateReport("HC-2026-000003"));
        harness.Clock.Set(MondayBeforeOpening);
    }

    private static CaseCommand.ReportCase HateReport(string reference) =>
        new(reference, ReportChannel.WebForm,
            new Complainant(false, true, "A Resident", "victim@example.org", "07700 900123", null, ContactMethod.Email, null, null, false, ValueList<string>.Empty, true),
            new IncidentReport(null, "Stairwell", "Racist abuse shouted at me by a neighbour.", null, null, null, false, false, null, true,
                ValueList.Of("race"), false, false, 1, "party-1"),
            "incident-1", "reporter-1", ValueList<DateTimeOffset>.Empty, false);

    private static string NewCaseId() => "case-" + Guid.NewGuid().ToString("N")[..12];
}

public sealed class RecordingDigestSender : IDigestSender
{
    private readonly ConcurrentQueue<DigestItem> sent = new();

    public IReadOnlyList<DigestItem> Sent => sent.ToList();

    private int busy;

    // The next this many sends are turned away for BusyFor.
    public int Busy
    {
        get => Volatile.Read(ref busy);
        set => Volatile.Write(ref busy, value);
    }

    public TimeSpan BusyFor { get; set; } = TimeSpan.FromMinutes(1);

    public MessageRecipient? Refuse { get; set; }

    public Task<SendOutcome> Send(DigestItem item, CancellationToken cancellationToken)
    {
        if (item.Digest.Recipient == Refuse)
        {
            return Task.FromResult<SendOutcome>(new SendOutcome.Undeliverable("The mail service refused the recipient address"));
        }
        if (Interlocked.Decrement(ref busy) >= 0)
        {
            return Task.FromResult<SendOutcome>(new SendOutcome.TryLater("Service busy", BusyFor));
        }
        Interlocked.Increment(ref busy);
        sent.Enqueue(item);
        return Task.FromResult<SendOutcome>(new SendOutcome.Sent());
    }
}
