using System.Globalization;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Digests;
using Microsoft.Azure.Functions.Worker;

namespace HateCase.App.Functions;

// The case runtime's timers. FireDueTimers and DeliverOutbox go when one Durable orchestration
// per case keeps each case's timers and mail.
public sealed class TimerFunctions(TriggerHandlers handlers)
{
    public const string FireDueTimersSchedule = "0 */1 * * * *";
    public const string DeliverOutboxSchedule = "*/20 * * * * *";
    public const string SendDailyDigestSchedule = "0 */5 * * * *";

    [Function("FireDueTimers")]
    public Task FireDueTimers([TimerTrigger(FireDueTimersSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        handlers.FireDueTimers(cancellationToken);

    [Function("DeliverOutbox")]
    public Task DeliverOutbox([TimerTrigger(DeliverOutboxSchedule, UseMonitor = false)] TimerInfo timer, CancellationToken cancellationToken) =>
        handlers.DeliverOutbox(cancellationToken);

    // Every few minutes: the day's digests go on the first run after the send time.
    [Function("SendDailyDigest")]
    public Task SendDailyDigest([TimerTrigger(SendDailyDigestSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        handlers.SendDailyDigest(cancellationToken);
}

// The timer functions' bodies, also run by the development clock when it moves. They log counts
// only, never what a case is about.
public sealed partial class TriggerHandlers(CaseWork work, DigestWork digests, ILogger<TriggerHandlers> logger)
{
    public async Task<IReadOnlyList<string>> FireDueTimers(CancellationToken cancellationToken)
    {
        var logs = new List<string>();
        for (var round = 0; round < 20; round++)
        {
            var result = await work.FireDueTimers(cancellationToken);
            if (result.Claimed == 0)
            {
                break;
            }
            logs.Add(Log($"Woke {result.Completed} case(s), fired {result.Fired} timer(s), {result.Failed} failed."));
        }
        return logs;
    }

    public async Task<IReadOnlyList<string>> DeliverOutbox(CancellationToken cancellationToken)
    {
        var logs = new List<string>();
        for (var round = 0; round < 20; round++)
        {
            var result = await work.DeliverOutbox(cancellationToken);
            if (result.Claimed == 0)
            {
                break;
            }
            logs.Add(Log($"Delivered {result.Completed} message(s), {result.Failed} to retry or undeliverable."));
        }
        return logs;
    }

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
