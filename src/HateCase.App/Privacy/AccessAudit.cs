using HateCase.App.Cases;
using HateCase.App.Security;
using HateCase.Storage;

namespace HateCase.App.Privacy;

// Records each look at a case, each export and each subject access search in the access record
// (RBC 15, MK 15.3), with the signed-in person and their role. A look is recorded before the case
// is read, so nothing is shown that the record does not hold; if the record cannot be written the
// request fails rather than show the case unrecorded.
public sealed class AccessAudit(AccessRecord record, TimeProvider clock)
{
    // The function, run once the look at the case is recorded. An id no case could have is not
    // recorded (the function answers "no such case").
    public Func<HttpContext, Task<IResult>> Viewing(string caseId, string kind, Func<HttpContext, Task<IResult>> function) => async http =>
    {
        if (CommandSender.IsValidId(caseId))
        {
            await Add(http, kind, refused: false, caseId, detail: null);
        }
        return await function(http);
    };

    // For the gate: a signed-in person whose role may not look at the case.
    public Func<HttpContext, Task> Refusing(string caseId, string kind) => http =>
        CommandSender.IsValidId(caseId) ? Add(http, kind, refused: true, caseId, detail: null) : Task.CompletedTask;

    // An export: which one and for what (the period asked for; nothing personal is in it).
    public Func<HttpContext, Task<IResult>> Exporting(string kind, Func<HttpContext, Task<IResult>> function) => async http =>
    {
        await Add(http, kind, refused: false, caseId: null, detail: PeriodAskedFor(http.Request.Query));
        return await function(http);
    };

    public Func<HttpContext, Task> RefusingExport(string kind) => http => Add(http, kind, refused: true, caseId: null, PeriodAskedFor(http.Request.Query));

    public Task Add(HttpContext http, string kind, bool refused, string? caseId, string? detail) =>
        record.Add(new AccessEntry(clock.GetUtcNow(), http.User.UserId(), http.User.StaffRole(), kind, refused, caseId, detail), http.RequestAborted);

    // Only the period's own parameters, each short: what a person typed elsewhere is not kept.
    private static string PeriodAskedFor(IQueryCollection query) =>
        string.Join("&", new[] { "period", "year", "quarter", "month", "from", "to", "format" }
            .Where(name => query[name] is [{ Length: > 0 and <= 20 }])
            .Select(name => $"{name}={Uri.EscapeDataString(query[name].ToString())}"));
}
