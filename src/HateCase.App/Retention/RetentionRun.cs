using HateCase.Domain.Cases;
using HateCase.Inbound;
using HateCase.Inbound.Email;
using HateCase.LocalHost;
using HateCase.Mail.Delivery;
using HateCase.Runtime.Ports;
using HateCase.Storage;
using HateCase.Workflow;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Retention;

// The daily retention run: every closed case past its retention date and not held has its
// personal data removed (CaseAnonymiser; what goes is the core's PersonalData). It logs counts
// and case ids only, never what a case is about.
public sealed partial class RetentionRun(
    CaseAnonymiser anonymiser, CaseCopies copies, CaseEraser eraser, ErasureService erasures, CasePolicies policies, TimeProvider clock,
    ILogger<RetentionRun> logger, InboundMail? inbound = null)
{
    // Erasures on request that a stop left part-way (CaseEraser's steps), or before their command
    // reached the case, are finished: while listed, a case takes no other command, so this runs
    // every few minutes, not only with the daily run.
    public Task<IReadOnlyList<string>> FinishErasures(CancellationToken cancellationToken) =>
        OneAtATime(oneSweep, FinishEach, cancellationToken);

    private readonly SemaphoreSlim oneSweep = new(1, 1);

    private async Task<IReadOnlyList<string>> FinishEach(CancellationToken cancellationToken)
    {
        var finished = 0;
        foreach (var erasure in await eraser.Unfinished(CaseAnonymiser.MaxPerRun, cancellationToken))
        {
            try
            {
                finished += await erasures.Resume(erasure, cancellationToken) ? 1 : 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogErasureFailed(erasure.CaseId, e.GetType().Name);
            }
        }
        if (finished == 0)
        {
            return [];
        }
        var line = $"Erasure: {finished} erasure(s) a stop had left part-way finished.";
        LogWork(line);
        return [line];
    }

    public Task<IReadOnlyList<string>> Run(CancellationToken cancellationToken) => OneAtATime(oneRun, RunOnce, cancellationToken);

    private readonly SemaphoreSlim oneRun = new(1, 1);

    // One at a time in this process: locally a timer and each step of the development clock both
    // run the work, and one waits for the other rather than take the same steps at once. (The
    // Functions host runs a timer on one instance at a time.)
    private static async Task<IReadOnlyList<string>> OneAtATime(
        SemaphoreSlim gate, Func<CancellationToken, Task<IReadOnlyList<string>>> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IReadOnlyList<string>> RunOnce(CancellationToken cancellationToken)
    {
        // Once: the ASB@ mailbox's copies of emails processed before copies were noted are found.
        if (inbound is not null && await inbound.NoteEarlierCopies(cancellationToken))
        {
            LogWork("Retention: the mailbox's copies of emails processed earlier are now noted against their cases.");
        }
        // Once: closed cases recorded before retention dates were kept get theirs.
        if (await anonymiser.GiveRetentionDates(policies, cancellationToken) is > 0 and var dated)
        {
            LogWork($"Retention: {dated} closed case(s) recorded before retention dates were kept now have one.");
        }
        var now = clock.GetUtcNow();
        var due = await anonymiser.Due(now, CaseAnonymiser.MaxPerRun, cancellationToken);
        var anonymised = 0;
        var failed = 0;
        foreach (var caseId in due)
        {
            try
            {
                if (await anonymiser.Anonymise(caseId, now, copies, cancellationToken))
                {
                    anonymised++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The case stays on the list, marked or not: the next run finishes it.
                failed++;
                LogFailed(caseId, e.GetType().Name);
            }
        }
        if (due.Count == 0)
        {
            return [];
        }
        var line = $"Retention: {anonymised} case(s) anonymised, {failed} to finish on the next run.";
        LogWork(line);
        return [line];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Work}")]
    private partial void LogWork(string work);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId} was not fully anonymised ({Failure}); the next run finishes it.")]
    private partial void LogFailed(string caseId, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An erasure in case {CaseId} was not finished ({Failure}); the next run tries again.")]
    private partial void LogErasureFailed(string caseId, string failure);
}

// What the app keeps about a case outside the projection. How a closed case's orchestration
// ends: it waits for input after closure (so the case can still be reopened) until this run,
// which terminates it (nothing more can happen to an anonymised case) and then purges its
// history, which Durable allows only for an orchestration in a terminal state.
public sealed class CaseCopies(IBlobStore blobs, Dev.WhereMailGoes whereMailGoes, PersonIndex people, InboundMail? inbound = null) : ICaseCopies
{
    public static readonly TimeSpan EndWait = TimeSpan.FromMinutes(1);

    private DurableTaskClient Durable => InvocationDurableClient.Client;

    public async Task EndAndPurgeHistory(string caseId, CancellationToken cancellationToken)
    {
        var instance = await Durable.GetInstanceAsync(caseId, cancellationToken);
        if (instance is null)
        {
            return;
        }
        if (!instance.IsCompleted)
        {
            await Durable.TerminateInstanceAsync(caseId, "The case's retention period has ended.", cancellationToken);
            // Polled rather than awaited: another run may purge the instance meanwhile, and a
            // purged instance never reports its completion.
            var until = DateTime.UtcNow + EndWait;
            while ((instance = await Durable.GetInstanceAsync(caseId, cancellationToken)) is { IsCompleted: false })
            {
                if (DateTime.UtcNow > until)
                {
                    throw new TimeoutException($"The orchestration of case {caseId} did not end within {EndWait}; the next run tries again.");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
        await Durable.PurgeInstanceAsync(caseId, cancellationToken);
    }

    // The person index's entries for the case, the files an emailed report or reply brought (named
    // in the recorded text), the ASB@ mailbox's own copies of those emails, and in Development the
    // development mailbox's copies of the mail sent. Mail sent through ACS or SMTP is not kept by the app.
    public async Task RemoveCopies(string caseId, IReadOnlyList<string> messageKeys, IReadOnlyList<CaseEvent> recordedEvents, CancellationToken cancellationToken)
    {
        // The keyed hashes that let subject access find the people in the case.
        await people.Forget(caseId, cancellationToken);
        await ForgetFiles(FilesNamedIn(recordedEvents), cancellationToken);
        await ForgetMailboxCopies(caseId, null, cancellationToken);
        if (whereMailGoes.DevelopmentMailbox is { } mailbox)
        {
            foreach (var key in messageKeys)
            {
                await mailbox.Forget(key, cancellationToken);
            }
        }
    }

    // The ASB@ mailbox's copies of the case's emails (all, or those of the message keys), deleted
    // for good. Nothing when no mailbox is read (inbound mail off).
    public Task ForgetMailboxCopies(string caseId, IReadOnlyCollection<string>? messageKeys, CancellationToken cancellationToken) =>
        inbound is null ? Task.CompletedTask : inbound.Copies.Remove(caseId, messageKeys, cancellationToken);

    public async Task ForgetFiles(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            await blobs.Delete(InboundMailProcessor.EvidenceContainer, name, cancellationToken);
        }
    }

    // The evidence files the recorded texts name, each once.
    public static IReadOnlyList<string> FilesNamedIn(IEnumerable<CaseEvent> recorded) =>
        recorded.SelectMany(TextsNamingFiles).SelectMany(Inbound.ReportDescription.EvidenceNamedIn).Distinct(StringComparer.Ordinal).ToList();

    private static IEnumerable<string> TextsNamingFiles(CaseEvent recorded) => recorded switch
    {
        CaseEvent.ReportReceived e => [e.Report.Description],
        CaseEvent.RelatedReportReceived e => [e.Report.Description],
        CaseEvent.CorrespondenceReceived e => [e.Summary],
        _ => [],
    };
}
