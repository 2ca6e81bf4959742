using HateCase.App.Security;
using HateCase.Domain.Cases;
using HateCase.Mail.Rendering;
using HateCase.Storage;
using HateCase.Workflow;

namespace HateCase.App.Pages.Staff;

// An officer's landing page: their promises overdue, due today and due by the end of the next
// working day, grouped and ordered as the daily digest groups them (the digest's links land here),
// then the cases waiting for an officer to take them.
public sealed partial class MyWorkPage
{
    // Bounds on what one visit reads: an officer's open cases, and the cases waiting for an officer.
    public const int MaxOwnCases = CaseReadModel.MaxPageSize;
    public const int MaxWaiting = 100;

    public static async Task<IResult> Show(HttpContext http, CaseReadModel cases, CasePolicy policy, TimeProvider clock)
    {
        var officer = http.User.UserId();
        var now = clock.GetUtcNow();
        var day = policy.Calendar.LocalDate(now);
        var mine = cases.States(new CaseFilter.ByOfficer(officer), MaxOwnCases, http.RequestAborted);
        var waiting = cases.States(new CaseFilter.Unassigned(), MaxWaiting, http.RequestAborted);
        var ((ownListed, moreOwn), (waitingListed, moreWaiting)) = (await mine, await waiting);
        // RBC 15, MK 15.3: a case restricted to others is not listed, even to its officer.
        var own = ownListed.Where(s => HateCase.App.Privacy.NeedToKnowGate.MaySee(http, s.State.FileOrNull!.AccessFacts)).ToList();
        var unassigned = waitingListed.Where(s => HateCase.App.Privacy.NeedToKnowGate.MaySee(http, s.State.FileOrNull!.AccessFacts)).ToList();

        var ownCases = own.ToDictionary(s => s.CaseId, StringComparer.Ordinal);
        var promises = DailyDigest.InListOrder(own.SelectMany(s => DailyDigest.EntriesFor(s.CaseId, s.State, day, policy.Calendar)))
            .GroupBy(entry => entry.Section)
            .Select(section => new Section(section.Key, section
                .Select(e => CaseListRow.Of(ownCases[e.CaseId].State, e.CaseId, e.Deadline, e.DueAt, e.Section == DigestSection.Overdue, policy))
                .ToList()))
            .ToList();
        var waitingRows = unassigned
            .Select(s => CaseListRow.AtStake(s.CaseId, s.State, policy))
            .OfType<CaseListRow>()
            .OrderByDescending(r => r.Missed)
            .ThenBy(r => r.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.Reference, StringComparer.Ordinal)
            .ToList();

        return ComponentPage.Render<MyWorkPage>(new()
        {
            [nameof(Day)] = day,
            [nameof(NextWorkingDay)] = policy.Calendar.NextWorkingDay(day),
            [nameof(Sections)] = promises,
            [nameof(OpenCases)] = own.Count,
            [nameof(MoreOwnCases)] = moreOwn,
            [nameof(Officer)] = officer,
            [nameof(Waiting)] = waitingRows,
            [nameof(MoreWaiting)] = moreWaiting,
        });
    }

    public sealed record Section(DigestSection Kind, IReadOnlyList<CaseListRow> Rows);
}

// One case as the staff lists show it: the reference, what is at stake and when, and what the case
// is about in the landlord's words; never the people in it.
public sealed record CaseListRow(
    string CaseId, string Reference, string? Promise, DateTimeOffset? DueAt, bool Missed, string Risk, bool IsHate, string Strands,
    string Stage, string? OfficerId)
{
    public static CaseListRow Of(CaseState state, string caseId, DeadlineKind promise, DateTimeOffset dueAt, bool missed, CasePolicy policy)
    {
        var file = state.FileOrNull!;
        return new CaseListRow(caseId, file.Reference, DeadlineNames.Heading(promise), dueAt, missed, StaffWords.Risk(file.Risk), file.IsHate,
            StaffWords.Strands(file.HateStrands, policy.Profile), StaffWords.Stage(state.StageName), file.OfficerId);
    }

    // The promise most at stake on the case: the longest missed, or else the next to fall due.
    public static CaseListRow? AtStake(string caseId, CaseState state, CasePolicy policy)
    {
        if (state.FileOrNull is not { } file)
        {
            return null;
        }
        var missed = file.Overdue.MinBy(d => d.DueAt);
        var next = missed ?? file.Deadlines.MinBy(d => d.DueAt);
        return next is null
            ? new CaseListRow(caseId, file.Reference, null, null, false, StaffWords.Risk(file.Risk), file.IsHate,
                StaffWords.Strands(file.HateStrands, policy.Profile), StaffWords.Stage(state.StageName), file.OfficerId)
            : Of(state, caseId, next.Kind, next.DueAt, missed is not null, policy);
    }

    public static CaseListRow Of(CaseSummary summary, CasePolicy policy) =>
        new(summary.CaseId, summary.Reference, summary.NextDueKind is { } kind ? DeadlineNames.Heading(kind) : null, summary.NextDueAt,
            summary.OverdueCount > 0, StaffWords.Risk(summary.Risk), summary.IsHate, StaffWords.Strands(summary.HateStrands, policy.Profile),
            StaffWords.Stage(summary.Stage), summary.OfficerId);
}
