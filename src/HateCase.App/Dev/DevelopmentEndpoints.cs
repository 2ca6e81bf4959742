using System.Xml;
using HateCase.App.Functions;
using HateCase.App.Hosting;
using HateCase.Mail.Delivery;
using HateCase.App.Cases;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace HateCase.App.Dev;

// Development only: a clock a person can move forward, and the development mailbox (or, with
// another mail provider, where the mail goes instead). Outside the Development environment they
// are not found.
public sealed class DevelopmentFunctions(RequestGate gate, IHostEnvironment environment, IServiceProvider services)
{
    [Function("AdvanceClock")]
    public Task<IResult> AdvanceClock([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dev/clock/advance")] HttpRequest request,
        [DurableClient] DurableTaskClient caseClient) =>
        gate.Serve(request, async http =>
        {
            if (!environment.IsDevelopment())
            {
                return TypedResults.NotFound();
            }
            var (body, problem) = await JsonBody.Read<DevelopmentEndpoints.AdvanceRequest>(http);
            return problem ?? await DevelopmentEndpoints.AdvanceClock(body!, services.GetRequiredService<AdjustableClock>(),
                services.GetRequiredService<DevelopmentClockStore>(), services.GetRequiredService<CaseService>(), services.GetRequiredService<HateCase.Workflow.CasePolicy>().Calendar,
                services.GetRequiredService<TriggerHandlers>(), services.GetRequiredService<Retention.RetentionRun>(), http.RequestAborted);
        });

    [Function("ListDevelopmentMail")]
    public Task<IResult> ListDevelopmentMail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dev/mail")] HttpRequest request) =>
        gate.Serve(request, async http => !environment.IsDevelopment()
            ? TypedResults.NotFound()
            : await DevelopmentEndpoints.ListMail(services.GetRequiredService<WhereMailGoes>(),
                int.TryParse(http.Request.Query["max"], System.Globalization.CultureInfo.InvariantCulture, out var max) ? max : null, http.RequestAborted));
}

public static class DevelopmentEndpoints
{
    public sealed record AdvanceRequest(string? By);

    private const int MaxSteps = 5_000;

    public sealed record AdvanceResult(DateTimeOffset Now, TimeSpan Offset, IReadOnlyList<string> Work);

    // The mail the development mailbox holds, newest first; or, when mail goes out through SMTP or
    // ACS instead, a 404 saying so and naming the setting that would keep it here.
    public static async Task<Results<Ok<IReadOnlyList<MailboxMessage>>, ProblemHttpResult>> ListMail(
        WhereMailGoes whereMailGoes, int? max, CancellationToken ct) =>
        whereMailGoes.DevelopmentMailbox is { } mailbox
            ? TypedResults.Ok(await mailbox.List(Math.Clamp(max ?? 50, 1, 500), ct))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: WhereMailGoes.NotInUseTitle, detail: whereMailGoes.GoesOutThrough);

    // { "by": "P14D" } moves the clock forward by an ISO 8601 duration; every case is told, and the
    // answer comes once what fell due has been decided (or after a minute a step, saying so).
    public static async Task<Results<Ok<AdvanceResult>, ValidationProblem>> AdvanceClock(
        AdvanceRequest request, AdjustableClock clock, DevelopmentClockStore savedClock, CaseService cases, HateCase.Domain.WorkingCalendar calendar, TriggerHandlers digests,
        Retention.RetentionRun retention, CancellationToken ct)
    {
        TimeSpan by;
        try
        {
            by = XmlConvert.ToTimeSpan(request.By ?? "");
        }
        catch (FormatException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["Give an ISO 8601 duration, like P14D or PT6H."] });
        }
        if (by <= TimeSpan.Zero || by > TimeSpan.FromDays(400))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["The clock moves forward only, by at most 400 days."] });
        }
        // Step from one armed timer (or office opening) to the next, so that each timer fires at its
        // own time and emails held for office hours go when the office opens, as in real time.
        // The offset moves by exactly `by`, however long the steps take.
        var finalOffset = clock.Offset + by;
        var told = 0;
        var settled = true;
        var running = await cases.RunningCases(ct);
        for (var steps = 0; steps < MaxSteps; steps++)
        {
            var now = clock.GetUtcNow();
            var end = now + (finalOffset - clock.Offset);
            var nextTimer = await cases.NextTimerAfter(running, now, ct);
            // Office openings matter only to open cases and standing promises: years of closed
            // cases (waiting for their retention date) pass without a stop each working morning.
            var nextOpening = await cases.AnyOpenOrPromised(running, ct) ? calendar.NextOpening(now.AddTicks(1)) : end;
            var target = new[] { end, nextOpening, nextTimer ?? end }.Min();
            clock.Advance(target >= end ? finalOffset - clock.Offset : target - now);
            await savedClock.Save(ct);
            // Read again after the move, so that a case started meanwhile is told too.
            running = await cases.RunningCases(ct);
            await cases.TellCasesTheClock(running, ct);
            told = Math.Max(told, running.Count);
            settled &= await cases.WaitUntilTimersFired(running, TimeSpan.FromMinutes(1), ct);
            // Each working morning the clock passes through brings its daily digest, as the timer would.
            await digests.SendDailyDigest(ct);
            // And the night's retention run, as its timer would.
            await retention.Run(ct);
            if (target >= end)
            {
                break;
            }
        }
        var work = new List<string> { $"Told {told} case(s) the time." };
        if (!settled)
        {
            work.Add("Some cases are still firing what fell due.");
        }
        return TypedResults.Ok(new AdvanceResult(clock.GetUtcNow(), clock.Offset, work));
    }
}
