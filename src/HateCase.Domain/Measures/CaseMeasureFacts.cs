using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Risk;
using static HateCase.Domain.Cases.CaseEvent;

namespace HateCase.Domain.Measures;

// One case as the measures count it: the dated facts every figure comes from, folded from its
// chronology one turn at a time, so the measures read one small row per case instead of whole
// chronologies. No personal data and no free text: no names, contact details, descriptions,
// reasons or survey comments; the reference is the landlord's own case number.
public sealed record CaseMeasureFacts(
    string Reference,
    DateTimeOffset ReportedAt,
    ReportChannel Channel,
    // The risk as last assessed (triage until the officer's assessment).
    RiskLevel Risk,
    bool IsHate,
    // Every strand named on the case: in the report, a related report or the risk assessment.
    ValueList<string> Strands,
    string Stage,
    // MK 9.2: the Victims Code is owed to a complainant who can be contacted, at once.
    bool VictimsCodeOwed,
    bool VictimsCodeSentAtReport,
    // The report that opened the case and each related report received on it.
    ValueList<DateTimeOffset> ReportsReceived,
    ValueList<DeadlineOutcomeFact> DeadlineOutcomes,
    ValueList<ClosureFact> Closures,
    ValueList<DateTimeOffset> Reopenings,
    ValueList<SurveyFact> Surveys,
    // The 2025 statutory guidance: a complainant reporting again within 6 months is told of the
    // ASB Case Review.
    ValueList<DateTimeOffset> CaseReviewsPrompted,
    // Promises set and not yet kept or cancelled: the risk when each was set (MKAR 3 counts the
    // response by the seriousness it was promised at) and whether it was already missed.
    ValueList<PromiseInHand> Promises)
{
    // Null while time passing alone can still add a fact (the case is open, a promise stands, a
    // survey can still be sent or answered); otherwise the time of the case's latest fact. A case
    // settled before a period starts has nothing to count in it.
    public DateTimeOffset? SettledAt =>
        Stage == "closed" && Promises.Count == 0 && Surveys.All(s => s.Settled)
            ? new[] { ReportedAt }.Concat(ReportsReceived).Concat(DeadlineOutcomes.Select(d => d.DecidedAt))
                .Concat(Closures.Select(c => c.At)).Concat(Reopenings).Concat(CaseReviewsPrompted)
                .Concat(Surveys.Select(s => s.SettledAt ?? s.ClosedAt)).Max()
            : null;

    // The facts of a case after a turn: the facts before it (null for a new case), the turn's
    // events in order, and the state they left. Reference, stage and hate come from the state.
    public static CaseMeasureFacts? Next(CaseMeasureFacts? before, IEnumerable<CaseEvent> events, CaseState now)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(now);
        var facts = before;
        foreach (var e in events)
        {
            facts = facts is null ? Open(e) : Evolve(facts, e);
        }
        return facts is null || now.FileOrNull is not { } file
            ? facts
            : facts with { Reference = file.Reference, IsHate = file.IsHate, Stage = now.StageName };
    }

    // The facts of a whole chronology, as the recorder would have built them turn by turn.
    public static CaseMeasureFacts? Of(IReadOnlyList<CaseEvent> chronology) =>
        Next(null, chronology, Case.Fold(chronology));

    private static CaseMeasureFacts? Open(CaseEvent e) => e is ReportReceived r
        ? new CaseMeasureFacts(
            r.Reference, r.At, r.Channel, r.TriageRisk, r.Report.TreatedAsHate, Lower(r.Report.HateStrands), "enquiry",
            VictimsCodeOwed: r.Complainant.CanBeContacted, VictimsCodeSentAtReport: false,
            ReportsReceived: ValueList.Of(r.At), DeadlineOutcomes: [], Closures: [], Reopenings: [], Surveys: [],
            CaseReviewsPrompted: [], Promises: [])
        : null;

    public static CaseMeasureFacts Evolve(CaseMeasureFacts facts, CaseEvent @event)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return @event switch
        {
            // MK 5.1-5.2: sent as soon as the report is made, by email, post or staff.
            VictimsCodeSent e => facts with { VictimsCodeSentAtReport = facts.VictimsCodeSentAtReport || e.At == facts.ReportedAt },
            CaseReviewExplained e => facts with { CaseReviewsPrompted = facts.CaseReviewsPrompted.Add(e.At) },
            RiskAssessed e => facts with { Risk = e.Level },
            HateRecorded e => facts with { Strands = Union(facts.Strands, e.Strands) },
            RelatedReportReceived e => facts with
            {
                ReportsReceived = facts.ReportsReceived.Add(e.At),
                Strands = Union(facts.Strands, e.Report.HateStrands),
            },
            DeadlineSet e => facts with { Promises = facts.Promises.Add(new PromiseInHand(e.Deadline.Id, e.Deadline.Kind, facts.Risk, Missed: false)) },
            DeadlineMissed e => Missed(facts, e),
            DeadlineMet e => Met(facts, e),
            DeadlineCancelled e => facts with { Promises = facts.Promises.RemoveAll(p => p.Id == e.DeadlineId) },
            EnquiryClosed e => facts with { Closures = facts.Closures.Add(new ClosureFact(e.At, e.Resolved, WasEnquiry: true, e.ClosureNumber)) },
            CaseClosed e => facts with { Closures = facts.Closures.Add(new ClosureFact(e.At, e.Resolved, WasEnquiry: false, e.ClosureNumber)) },
            CaseReopened e => facts with { Reopenings = facts.Reopenings.Add(e.At) },
            SurveyScheduled e => facts with { Surveys = facts.Surveys.Add(new SurveyFact(e.ClosureNumber, e.At, e.ClosesAt, null, null, null, null, false)) },
            SurveyInvitationSent e => WithSurvey(facts, e.ClosureNumber, e.At, s => s with { SentAt = s.SentAt ?? e.At }),
            // The measures count the complainant's answer, one per case closed; the other people who
            // reported it (RBC 9) are kept on the case, not counted.
            SurveyAnswered { Respondent: not null } => facts,
            SurveyAnswered e => WithSurvey(facts, e.ClosureNumber, e.At,
                s => s with { AnsweredAt = e.At, SatisfactionWithHandling = e.SatisfactionWithHandling, SatisfactionWithOutcome = e.SatisfactionWithOutcome }),
            SurveyWindowClosed e => WithSurvey(facts, e.ClosureNumber, e.At, s => s with { WindowClosed = true }),
            _ => facts,
        };
    }

    // A missed promise counts as missed once, when it passes, whether or not it is kept later.
    private static CaseMeasureFacts Missed(CaseMeasureFacts facts, DeadlineMissed e)
    {
        var promise = facts.Promises.FirstOrDefault(p => p.Id == e.DeadlineId);
        return facts with
        {
            DeadlineOutcomes = facts.DeadlineOutcomes.Add(new DeadlineOutcomeFact(e.Kind, e.DueAt, e.At, OnTime: false, promise?.RiskWhenSet ?? facts.Risk)),
            Promises = promise is null ? facts.Promises : facts.Promises.Replace(promise, promise with { Missed = true }),
        };
    }

    private static CaseMeasureFacts Met(CaseMeasureFacts facts, DeadlineMet e)
    {
        var promise = facts.Promises.FirstOrDefault(p => p.Id == e.DeadlineId);
        var promises = facts.Promises.RemoveAll(p => p.Id == e.DeadlineId);
        return promise is { Missed: true }
            ? facts with { Promises = promises }
            : facts with
            {
                DeadlineOutcomes = facts.DeadlineOutcomes.Add(new DeadlineOutcomeFact(e.Kind, e.DueAt, e.At, e.OnTime, promise?.RiskWhenSet ?? facts.Risk)),
                Promises = promises,
            };
    }

    // An answer taken by phone or post with no survey scheduled still counts as an answer.
    private static CaseMeasureFacts WithSurvey(CaseMeasureFacts facts, int closureNumber, DateTimeOffset at, Func<SurveyFact, SurveyFact> change)
    {
        var survey = facts.Surveys.LastOrDefault(s => s.ClosureNumber == closureNumber);
        return survey is null
            ? facts with { Surveys = facts.Surveys.Add(change(new SurveyFact(closureNumber, at, null, null, null, null, null, false))) }
            : facts with { Surveys = facts.Surveys.Replace(survey, change(survey)) };
    }

    private static ValueList<string> Lower(IEnumerable<string> strands) =>
        strands.Select(s => s.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToValueList();

    private static ValueList<string> Union(ValueList<string> strands, IEnumerable<string> more) =>
        strands.AddRange(Lower(more).Where(s => !strands.Contains(s)));
}

// A promise kept or missed: when it fell due, when that was known, whether it was kept on time,
// and the risk when it was made.
public sealed record DeadlineOutcomeFact(DeadlineKind Kind, DateTimeOffset DueAt, DateTimeOffset DecidedAt, bool OnTime, RiskLevel RiskWhenSet);

public sealed record ClosureFact(DateTimeOffset At, bool Resolved, bool WasEnquiry, int Number);

// MK 9.4: the survey after a closure. DueBy is the end of its window (6 weeks for Milton Keynes);
// null when an answer was recorded with no survey scheduled.
public sealed record SurveyFact(
    int ClosureNumber,
    DateTimeOffset ClosedAt,
    DateTimeOffset? DueBy,
    DateTimeOffset? SentAt,
    DateTimeOffset? AnsweredAt,
    int? SatisfactionWithHandling,
    int? SatisfactionWithOutcome,
    bool WindowClosed)
{
    public bool Settled => AnsweredAt is not null || WindowClosed || DueBy is null;

    public DateTimeOffset? SettledAt => AnsweredAt ?? (WindowClosed ? DueBy : null);
}

public sealed record PromiseInHand(string Id, DeadlineKind Kind, RiskLevel RiskWhenSet, bool Missed);
