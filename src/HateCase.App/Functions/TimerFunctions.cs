using System.Globalization;
using HateCase.Runtime.Digests;
using Microsoft.Azure.Functions.Worker;

namespace HateCase.App.Functions;

// The app's own timers: each case's timers and mail are its Durable orchestration's.
public sealed class TimerFunctions(TriggerHandlers handlers, Retention.RetentionRun retention)
{
    public const string SendDailyDigestSchedule = "0 */5 * * * *";

    // 02:30 UTC every day (03:30 in UK summer time): outside office hours.
    public const string AnonymiseClosedCasesSchedule = "0 30 2 * * *";

    public const string FinishErasuresSchedule = "0 */5 * * * *";

    // Every few minutes: the day's digests go on the first run after the send time.
    [Function("SendDailyDigest")]
    public Task SendDailyDigest([TimerTrigger(SendDailyDigestSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        handlers.SendDailyDigest(cancellationToken);

    // Daily: closed cases past their retention date, not held, have their personal data removed
    // and their orchestration ended and purged (hence the Durable client).
    [Function("AnonymiseClosedCases")]
    public Task AnonymiseClosedCases([TimerTrigger(AnonymiseClosedCasesSchedule)] TimerInfo timer,
        [DurableClient] Microsoft.DurableTask.Client.DurableTaskClient caseClient, CancellationToken cancellationToken) =>
        retention.Run(cancellationToken);

    // Every few minutes: an erasure on request a stop left part-way is finished, so its case takes
    // commands again (hence the Durable client: the case's orchestration is ended and restarted).
    [Function("FinishErasures")]
    public Task FinishErasures([TimerTrigger(FinishErasuresSchedule)] TimerInfo timer,
        [DurableClient] Microsoft.DurableTask.Client.DurableTaskClient caseClient, CancellationToken cancellationToken) =>
        retention.FinishErasures(cancellationToken);
}

// The timer functions' bodies. They log counts
// only, never what a case is about.
public sealed partial class TriggerHandlers(DigestWork digests, ILogger<TriggerHandlers> logger)
{
    // Plans the day's digests on the first call after the send time, then sends what is waiting.
    // On other calls it costs one read.
    public async Task<IReadOnlyList<string>> SendDailyDigest(CancellationToken cancellationToken)
    {
        var pass = await digests.Run(cancellationToken);
        return pass is { Day: { } day } && pass.Planned + pass.Sent + pass.Failed > 0
            ? [Log($"Daily digest for {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {pass.Planned} planned, {pass.Sent} sent, {pass.Failed} to retry or failed.")]
            : [];
    }

    private string Log(string line)
    {
        LogWork(line);
        return line;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Work}")]
    private partial void LogWork(string work);
}
