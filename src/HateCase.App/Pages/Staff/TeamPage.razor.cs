using HateCase.App.Cases;
using HateCase.Domain.Cases;
using HateCase.Mail.Rendering;
using HateCase.Storage;
using HateCase.Workflow;

namespace HateCase.App.Pages.Staff;

// The team leader's page: closures waiting for approval (approved or rejected on the case page),
// the deadlines missed across the team, and each officer's caseload with what is overdue. Each
// list is read a bounded page at a time: at most MaxListed closures and missed-deadline cases, and
// one page of each of at most MaxOfficers officers' open cases.
public sealed partial class TeamPage
{
    public const int MaxListed = CaseReadModel.MaxPageSize;
    public const int MaxOfficers = 50;

    public static async Task<IResult> Show(HttpContext http, CaseService runtime, CaseReadModel cases, CasePolicy policy, TimeProvider clock,
        IConfiguration configuration)
    {
        var day = policy.Calendar.LocalDate(clock.GetUtcNow());
        var closures = cases.States(new CaseFilter.ByStage("awaiting-closure-approval"), MaxListed, http.RequestAborted);
        var overdue = cases.States(new CaseFilter.Overdue(), MaxListed, http.RequestAborted);
        var ((awaitingListed, moreAwaiting), (missedListed, moreMissed)) = (await closures, await overdue);
        // RBC 15, MK 15.3: the team leader's team's cases, and none restricted to others.
        var awaiting = awaitingListed.Where(s => HateCase.App.Privacy.NeedToKnowGate.MaySee(http, s.State.FileOrNull!.AccessFacts)).ToList();
        var missed = missedListed.Where(s => HateCase.App.Privacy.NeedToKnowGate.MaySee(http, s.State.FileOrNull!.AccessFacts)).ToList();

        var missedCases = missed.ToDictionary(s => s.CaseId, StringComparer.Ordinal);
        var missedRows = DailyDigest.InListOrder(missed.SelectMany(s => DailyDigest.EntriesFor(s.CaseId, s.State, day, policy.Calendar)))
            .Where(e => e.Section == DigestSection.Overdue)
            .Select(e => CaseListRow.Of(missedCases[e.CaseId].State, e.CaseId, e.Deadline, e.DueAt, missed: true, policy))
            .ToList();

        // The officers the landlord has set up for email, and any other with a missed deadline.
        var officers = (configuration.GetSection($"{StaffDirectory.Section}:Officers").GetChildren().Select(c => c.Key))
            .Concat(missed.Select(s => s.State.FileOrNull?.OfficerId).OfType<string>())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .Take(MaxOfficers)
            .ToList();
        var loads = await Task.WhenAll(officers.Select(async officer =>
        {
            var page = await runtime.List(new CaseFilter.ByOfficer(officer), CaseReadModel.MaxPageSize, null, http.RequestAborted);
            var seen = page.Cases.Where(c => HateCase.App.Privacy.NeedToKnowGate.MaySee(http, c.AccessFacts)).ToList();
            return new Caseload(officer, seen.Count, page.ContinuationToken is not null,
                seen.Count(c => c.OverdueCount > 0), seen.Count(c => c.Risk == Domain.Risk.RiskLevel.High));
        }));

        return ComponentPage.Render<TeamPage>(new()
        {
            [nameof(Closures)] = awaiting
                .Select(s => (s.CaseId, State: s.State as CaseState.AwaitingClosureApproval))
                .Where(s => s.State is not null)
                .Select(s => new ClosureWaiting(s.CaseId, s.State!.File.Reference, s.State.File.OfficerId, s.State.Request.RequestedBy,
                    s.State.Request.At, s.State.Request.ReasonCode, s.State.Request.Resolved, StaffWords.Risk(s.State.File.Risk)))
                .OrderBy(c => c.RequestedAt)
                .ToList(),
            [nameof(MoreClosures)] = moreAwaiting,
            [nameof(Missed)] = missedRows,
            [nameof(MoreMissed)] = moreMissed,
            [nameof(Caseloads)] = loads,
        });
    }

    public sealed record ClosureWaiting(
        string CaseId, string Reference, string? OfficerId, string RequestedBy, DateTimeOffset RequestedAt, string ReasonCode, bool Resolved, string Risk);

    // An officer's open cases (More: there are more than one page of them), how many have a missed
    // deadline, and how many are high risk.
    public sealed record Caseload(string OfficerId, int Open, bool More, int Overdue, int HighRisk);
}
