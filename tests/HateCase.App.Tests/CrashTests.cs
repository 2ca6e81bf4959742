using System.Diagnostics;
using System.Net;
using System.Text.Json;
using HateCase.App.Tests.Support;
using HateCase.Azure.Storage;
using HateCase.Domain.Cases;
using HateCase.Mail.Delivery;
using HateCase.Mail.Rendering;
using HateCase.Testing;
using HateCase.Workflow;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// The app killed (SIGKILL) and started again on the same storage and task hub, and two app
// processes dispatching the same cases at once: no case is lost or listed twice, and every message
// a case's record implies is sent, in the development mailbox exactly once and recorded once on
// its case. Each test has its own tables and task hub (its run id) and its own staff addresses;
// the collection has an Azurite of its own, so the development mailbox (one blob container, which
// every app process on the storage account writes to and lists) holds only these tests' mail.
[Collection(CrashCollection.Name)]
public sealed class CrashTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    private const int CaseCount = 4;
    private const int BurstSize = 8;
    private const int MaxBursts = 3;
    private static readonly TimeSpan JustAfter = TimeSpan.FromMinutes(1);

    // Generous for a loaded 2-core machine: a message a killed worker held stays hidden for 30 s
    // before the restarted one takes it.
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(150);

    private readonly List<TestApp> moreApps = [];

    [Fact]
    public async Task Killed_while_cases_wait_on_their_timers_and_restarted_each_case_is_reminded_and_escalated_once()
    {
        var app = await StartOwnAppProcess(azurite.ConnectionString);
        var cases = await Task.WhenAll(Enumerable.Range(0, CaseCount).Select(_ => ReportHate(app)));
        await Task.WhenAll(cases.Select(c => Assign(app, c.CaseId)));
        var assigned = await WhenSettled(app, cases, ShowsSent("case-assigned"), "each officer told the case is theirs");
        var (remindBy, dueBy) = FirstResponseTimes(assigned);

        // Every case now waits on its first-response timers alone.
        await app.Kill();
        app = await StartOnSameStorage(app);

        await app.MoveClockTo(remindBy);
        await WhenSettled(app, cases, Shows("reminder-sent.v1", "first-response"), "the first-response reminders");
        await app.MoveClockTo(dueBy);
        var settled = await WhenSettled(app, cases, Shows("deadline-missed.v1", "first-response"), "the missed first responses");

        var mail = await QuietMailbox(app, settled);
        foreach (var recorded in settled)
        {
            AssertRecordedOnceAndMailedOnce(recorded, mail);
            AssertRemindedAndEscalatedOnce(recorded, mail, app);
        }
        await AssertListedOnce(app, $"officer={TestApp.OfficerId}", cases);
    }

    [Fact]
    public async Task Killed_right_after_a_burst_of_reports_and_restarted_every_acknowledgement_is_sent_and_recorded_once()
    {
        var app = await StartOwnAppProcess(azurite.ConnectionString);
        var cases = new List<Reported>();
        var unsentAtTheCrash = 0;
        // Reports come in one after another, each answered once its case is recorded (or once the
        // app's wait runs out), while the earlier ones' acknowledgements go out; the app is killed as soon as the last is answered.
        // On a fast machine every acknowledgement may be out by then: then another burst, so that
        // the crash is known to have caught some still to send.
        for (var burst = 1; burst <= MaxBursts && unsentAtTheCrash == 0; burst++)
        {
            var reported = new List<Reported>();
            for (var i = 0; i < BurstSize; i++)
            {
                reported.Add(await ReportHate(app));
            }
            await app.Kill();
            cases.AddRange(reported);
            var unsent = BurstSize - Acknowledged(reported, await MailboxInStorage());
            Output.WriteLine($"Burst {burst}: the app was killed with {unsent} of {BurstSize} acknowledgements not yet in the mailbox.");
            unsentAtTheCrash += unsent;
            app = await StartOnSameStorage(app);
        }
        Assert.True(unsentAtTheCrash > 0, $"In {MaxBursts} bursts the app was never killed before all their acknowledgements were sent.");

        var settled = await WhenSettled(app, cases, ShowsSent("acknowledgement"), "every acknowledgement");
        var mail = await QuietMailbox(app, settled);
        foreach (var recorded in settled)
        {
            AssertRecordedOnceAndMailedOnce(recorded, mail);
            var acknowledgement = Assert.Single(recorded.Messages, m => m.Template == "acknowledgement");
            Assert.Equal("sent", acknowledgement.Status);
            var sent = Assert.Single(mail, m => OutboxKey(m) == acknowledgement.Key);
            Assert.True(sent.IsTo(recorded.Case.Victim), $"The acknowledgement of {recorded.Case.Reference} went to {string.Join(", ", sent.To)}.");
            Assert.Contains(recorded.Case.Reference, sent.Subject, StringComparison.Ordinal);
        }
        await AssertListedOnce(app, "stage=enquiry", cases);
    }

    // A client whose answer a crash cut off sends its report again with the same Idempotency-Key,
    // and the first may still be under way (its case started, not yet recorded): here both copies
    // are sent at once, which meets that moment almost every time (every run of it seen so far).
    // Each answer names the one case and the reference it was recorded with; the victim is
    // acknowledged once.
    [Fact]
    public async Task A_report_sent_again_with_its_key_while_the_first_is_under_way_is_answered_with_its_case_reference()
    {
        var app = await StartOwnAppProcess(azurite.ConnectionString);
        var victim = Reports.NewEmail();
        var report = Reports.Hate(victim, Reports.NewAddress());
        var key = Guid.NewGuid().ToString("N");

        var receipts = await Task.WhenAll(app.Report(report, key), app.Report(report, key));

        Assert.Equal(receipts[0].CaseId, receipts[1].CaseId);
        var reported = new Reported(receipts[0].CaseId, receipts[0].Reference, victim);
        var settled = Assert.Single(await WhenSettled(app, [reported], ShowsSent("acknowledgement"), "the acknowledgement"));
        var recordedReference = settled.Details.GetProperty("summary").GetProperty("reference").GetString();
        Assert.All(receipts, r => Assert.Equal(recordedReference, r.Reference));
        var mail = await QuietMailbox(app, [settled]);
        AssertRecordedOnceAndMailedOnce(settled, mail);
        var acknowledgement = Assert.Single(mail, m => m.IsTo(victim));
        Assert.Contains(recordedReference!, acknowledgement.Subject, StringComparison.Ordinal);
        await AssertListedOnce(app, "stage=enquiry", [reported]);
    }

    // Production has no development clock: each case's reminders wait on Durable timers in real
    // time, and any instance's worker fires them. The development clock is each process's own,
    // and a move tells every case its new offset: so the second instance starts at the first's
    // offset, the clock is then moved through the first only, and every case, wherever it was
    // reported and whichever worker runs it, wakes on the first's time. The second's clock stays
    // behind, which only its own commands (none after the move here) would see. Run twice: with a
    // Durable worker id each (Durable:WorkerId), as instances should have, so they share the
    // task hub's partitions; and both with this machine's name, so each holds every partition as
    // its own and both listen on every control queue, which is harsher.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_instances_dispatching_the_same_cases_remind_and_record_each_case_once(bool workerIdEach)
    {
        var first = await StartOwnAppProcess(azurite.ConnectionString, settings => NameWorker(settings, workerIdEach, "first"));
        var second = await StartOnSameStorage(first, settings => NameWorker(settings, workerIdEach, "second"));
        await first.AdvanceClock(TimeSpan.FromSeconds(1));
        Assert.Equal(first.ClockOffset, second.ClockOffset);
        var instances = Enumerable.Range(0, CaseCount).Select(i => i % 2 == 0 ? first : second).ToList();
        var cases = await Task.WhenAll(instances.Select(ReportHate));
        await Task.WhenAll(cases.Select((c, i) => Assign(instances[i], c.CaseId)));
        var assigned = await WhenSettled(second, cases, ShowsSent("case-assigned"), "each officer told the case is theirs");
        var (remindBy, dueBy) = FirstResponseTimes(assigned);

        await first.MoveClockTo(remindBy);
        await WhenSettled(first, cases, Shows("reminder-sent.v1", "first-response"), "the first-response reminders");
        await first.MoveClockTo(dueBy);
        var settled = await WhenSettled(first, cases, Shows("deadline-missed.v1", "first-response"), "the missed first responses");
        var mail = await QuietMailbox(first, settled);
        var seenBySecond = Ours(await second.Mailbox(500), settled);
        Assert.Equal(Ours(mail, settled).Select(m => m.Id).Order(), seenBySecond.Select(m => m.Id).Order());
        foreach (var recorded in settled)
        {
            AssertRecordedOnceAndMailedOnce(recorded, mail);
            AssertRemindedAndEscalatedOnce(recorded, mail, first);
        }
        await AssertListedOnce(first, $"officer={TestApp.OfficerId}", cases);
        await AssertListedOnce(second, $"officer={TestApp.OfficerId}", cases);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var app in moreApps)
        {
            await app.DisposeAsync();
        }
    }

    private sealed record Reported(string CaseId, string Reference, string Victim);

    private sealed record RecordedMessage(string Key, string Template, string Status);

    // A case as read back once it showed what the test waited for.
    private sealed record Recorded(Reported Case, JsonElement Details, IReadOnlyList<RecordedMessage> Messages, IReadOnlyList<string> ImpliedKeys);

    // Another app process on the same storage, tables and task hub (the same run id, so the same
    // settings), dispatching as any instance does. Its development clock starts from the other's,
    // which is kept in storage (the other may have been killed); it is moved on by a second, so
    // that the test knows where it stands.
    private async Task<TestApp> StartOnSameStorage(TestApp other, Action<Dictionary<string, string>>? adjust = null)
    {
        var settings = TestApp.DevelopmentSettings(azurite.ConnectionString, other.RunId);
        adjust?.Invoke(settings);
        var app = await TestApp.StartProcess(settings, other.RunId);
        moreApps.Add(Watch(app));
        await app.AdvanceClock(TimeSpan.FromSeconds(1));
        return app;
    }

    private static void NameWorker(Dictionary<string, string> settings, bool workerIdEach, string name)
    {
        if (workerIdEach)
        {
            settings["Durable__WorkerId"] = $"{Environment.MachineName}-{name}";
        }
    }

    private static async Task<Reported> ReportHate(TestApp app)
    {
        var victim = Reports.NewEmail();
        var receipt = await app.Report(Reports.Hate(victim, Reports.NewAddress()));
        return new Reported(receipt.CaseId, receipt.Reference, victim);
    }

    // As an officer would: once the case is on record (a report is answered 202 before its case is
    // recorded when the machine is slow). The assignment is answered 200 when recorded within the
    // app's wait, 202 when handed to the case and recorded a little later; the case shows it in the end.
    private static async Task Assign(TestApp app, string caseId)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var read = await app.Send(HttpMethod.Get, $"/api/cases/{caseId}");
            if (read.StatusCode != HttpStatusCode.NotFound)
            {
                await Expect.Status(HttpStatusCode.OK, read);
                break;
            }
            if (waited.Elapsed > SettleWait)
            {
                throw new Xunit.Sdk.XunitException($"The reported case {caseId} was not recorded within {SettleWait.TotalSeconds:0} s.");
            }
            await Task.Delay(200);
        }
        using var response = await app.Send(HttpMethod.Post, $"/api/cases/{caseId}/assignment", new { officerId = TestApp.OfficerId });
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await Expect.Status(HttpStatusCode.OK, response);
        }
    }

    private static Func<JsonElement, bool> ShowsSent(string template) =>
        details => details.Messages().Contains((template, "sent"));

    private static Func<JsonElement, bool> Shows(string eventType, string kind) =>
        details => details.Chronology().Any(e => e.Type == eventType && e.Kind == kind);

    // When to move the clock to for every case's first-response reminder, and then past the deadline.
    private static (DateTimeOffset RemindBy, DateTimeOffset DueBy) FirstResponseTimes(IReadOnlyList<Recorded> cases)
    {
        var deadlines = cases.Select(c => c.Details.Deadline("first-response")).ToList();
        Assert.All(deadlines, d => Assert.NotNull(d.RemindAt));
        var remindBy = deadlines.Max(d => d.RemindAt!.Value) + JustAfter;
        var dueBy = deadlines.Max(d => d.DueAt) + JustAfter;
        Assert.True(remindBy < deadlines.Min(d => d.DueAt), "Every case's reminder falls due before any of their deadlines.");
        return (remindBy, dueBy);
    }

    // Polls until every case shows what the test waits for, and every message its chronology
    // implies is recorded as sent and is in the development mailbox.
    private static async Task<IReadOnlyList<Recorded>> WhenSettled(TestApp app, IReadOnlyList<Reported> cases, Func<JsonElement, bool> shows, string what)
    {
        var waited = Stopwatch.StartNew();
        var behind = new List<string>();
        while (true)
        {
            var mailedKeys = (await app.Mailbox(500)).Select(OutboxKey).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var read = new List<Recorded>();
            behind.Clear();
            foreach (var reported in cases)
            {
                if (await TryRead(app, reported) is not { } recorded)
                {
                    behind.Add($"{reported.Reference}: not recorded");
                    continue;
                }
                var sentKeys = recorded.Messages.Where(m => m.Status == "sent").Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
                var unsent = recorded.ImpliedKeys.Where(k => !sentKeys.Contains(k) || !mailedKeys.Contains(k)).ToList();
                if (!shows(recorded.Details) || unsent.Count > 0)
                {
                    behind.Add($"{reported.Reference}: {string.Join(", ", recorded.Details.Chronology().Select(e => e.Type))}; not yet sent: {string.Join(", ", unsent)}");
                }
                read.Add(recorded);
            }
            if (behind.Count == 0)
            {
                return read;
            }
            if (waited.Elapsed > SettleWait)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Waiting for {what}, {behind.Count} case(s) had not got there within {SettleWait.TotalSeconds:0} s:{Environment.NewLine}{string.Join(Environment.NewLine, behind)}");
            }
            await Task.Delay(500);
        }
    }

    private static async Task<Recorded?> TryRead(TestApp app, Reported reported)
    {
        using var response = await app.Send(HttpMethod.Get, $"/api/cases/{reported.CaseId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await Expect.Status(HttpStatusCode.OK, response);
        var details = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        var messages = details.GetProperty("messages").EnumerateArray()
            .Select(m => new RecordedMessage(m.GetProperty("key").GetString()!, m.GetProperty("template").GetString()!, m.GetProperty("status").GetString()!))
            .ToList();
        return new Recorded(reported, details, messages, ImpliedMessageKeys(reported.CaseId, details).ToList());
    }

    // The keys of every message the recorded chronology implies, as the orchestration makes them.
    private static IEnumerable<string> ImpliedMessageKeys(string caseId, JsonElement details)
    {
        var state = CaseState.Initial;
        foreach (var entry in details.GetProperty("chronology").EnumerateArray())
        {
            var recorded = entry.GetProperty("event").Deserialize<CaseEvent>(CaseWorkflowJson.Options)
                ?? throw new Xunit.Sdk.XunitException($"A chronology entry of {caseId} is empty.");
            state = Case.Evolve(state, recorded);
            var sequence = entry.GetProperty("sequence").GetInt64();
            for (var i = 0; i < CaseMessages.For(state, recorded).Count; i++)
            {
                yield return CaseMessage.KeyFor(caseId, sequence, i);
            }
        }
    }

    // The mailbox once no more of these cases' mail has come in for a few seconds: a message sent
    // twice would have had time to show.
    private static async Task<IReadOnlyList<Support.Mail>> QuietMailbox(TestApp app, IReadOnlyList<Recorded> cases)
    {
        var quietFor = TimeSpan.FromSeconds(5);
        var waited = Stopwatch.StartNew();
        var mail = await app.Mailbox(500);
        var unchanged = Stopwatch.StartNew();
        while (unchanged.Elapsed < quietFor && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500);
            var now = await app.Mailbox(500);
            if (Ours(now, cases).Count != Ours(mail, cases).Count)
            {
                unchanged.Restart();
            }
            mail = now;
        }
        return mail;
    }

    // Mail the orchestration of one of these cases sent (its key starts with the case id), and
    // anything else sent to their complainants.
    private static List<Support.Mail> Ours(IReadOnlyList<Support.Mail> mail, IReadOnlyList<Recorded> cases) =>
        mail.Where(m => cases.Any(c => OutboxKey(m)?.StartsWith(c.Case.CaseId + ".", StringComparison.Ordinal) == true || m.IsTo(c.Case.Victim))).ToList();

    private static string? OutboxKey(Support.Mail mail) =>
        mail.Headers.FirstOrDefault(h => h.Key.Equals("X-Outbox-Key", StringComparison.OrdinalIgnoreCase)).Value;

    // Each turn recorded once (chronology sequences 1, 2, 3 … with none twice); every message the
    // chronology implies recorded once and sent; each in the mailbox exactly once; and no mail of
    // the case that its record does not account for.
    private static void AssertRecordedOnceAndMailedOnce(Recorded recorded, IReadOnlyList<Support.Mail> mail)
    {
        var reference = recorded.Case.Reference;
        var sequences = recorded.Details.Chronology().Select(e => e.Sequence).ToList();
        Assert.True(Enumerable.Range(1, sequences.Count).Select(i => (long)i).SequenceEqual(sequences),
            $"The chronology of {reference} is numbered {string.Join(", ", sequences)}.");
        Assert.True(recorded.Messages.Select(m => m.Key).Order().SequenceEqual(recorded.ImpliedKeys.Order()),
            $"{reference} records the messages {string.Join(", ", recorded.Messages.Select(m => m.Key))}; its chronology implies {string.Join(", ", recorded.ImpliedKeys)}.");
        Assert.All(recorded.Messages, m => Assert.Equal("sent", m.Status));
        var mailed = mail.Where(m => OutboxKey(m)?.StartsWith(recorded.Case.CaseId + ".", StringComparison.Ordinal) == true).Select(m => OutboxKey(m)!).ToList();
        Assert.True(mailed.Order().SequenceEqual(recorded.ImpliedKeys.Order()),
            $"The mailbox holds {reference}'s messages {string.Join(", ", mailed.Order())}; its record implies each once: {string.Join(", ", recorded.ImpliedKeys.Order())}.");
        Assert.All(mail.Where(m => m.IsTo(recorded.Case.Victim)), m => Assert.StartsWith(recorded.Case.CaseId + ".", OutboxKey(m)));
    }

    private static void AssertRemindedAndEscalatedOnce(Recorded recorded, IReadOnlyList<Support.Mail> mail, TestApp app)
    {
        var reference = recorded.Case.Reference;
        var chronology = recorded.Details.Chronology();
        Assert.Single(chronology, e => e.Type == "reminder-sent.v1" && e.Kind == "first-response");
        Assert.Single(chronology, e => e.Type == "deadline-missed.v1" && e.Kind == "first-response");
        Assert.Single(mail, m => m.IsTo(app.OfficerAddress) && m.Subject.Contains(reference, StringComparison.Ordinal)
            && m.Subject.Contains("first response due", StringComparison.Ordinal));
        Assert.Single(mail, m => m.IsTo(app.TeamLeaderAddress) && m.Subject.Contains(reference, StringComparison.Ordinal)
            && m.Subject.Contains("first response deadline missed", StringComparison.Ordinal));
    }

    // The list shows each case once, and only these cases (the tables are this test's own).
    private static async Task AssertListedOnce(TestApp app, string query, IReadOnlyList<Reported> cases)
    {
        var listed = new List<string>();
        string? continuation = null;
        do
        {
            var path = $"/api/cases?{query}&pageSize=200" + (continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}");
            using var response = await app.Send(HttpMethod.Get, path);
            await Expect.Status(HttpStatusCode.OK, response);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            listed.AddRange(page.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("caseId").GetString()!));
            continuation = page.RootElement.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (continuation is not null);
        Assert.Equal(cases.Select(c => c.CaseId).Order(), listed.Order());
    }

    private static int Acknowledged(IReadOnlyList<Reported> reported, IReadOnlyList<MailboxMessage> mailbox) =>
        reported.Count(r => mailbox.Any(m => m.To.Contains(r.Victim, StringComparer.OrdinalIgnoreCase)));

    // The development mailbox read straight from storage, as the app lists it: for when no app runs.
    private async Task<IReadOnlyList<MailboxMessage>> MailboxInStorage()
    {
        var storage = AzureStorage.FromConnectionString(azurite.ConnectionString);
        var mailbox = new DevelopmentMailbox(storage.Blobs, new LandlordDetails("", "", "", "", ""), "reader@example.org", TimeProvider.System);
        return await mailbox.List(500);
    }
}

// The crash tests' own Azurite, so that the development mailbox holds only their mail.
[CollectionDefinition(Name)]
public sealed class CrashCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Crash tests";
}
