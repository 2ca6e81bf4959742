using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;

namespace HateCase.Domain.Measures;

// Counts a period's measures in one pass over the cases' facts, one case at a time: what it keeps
// is a handful of counters per figure and bucket (risk levels, strands, channels, stages, months,
// days to resolve), never the cases, so a year of 100,000 cases takes no more memory than ten.
// What "in the period" means differs by figure, and each figure's Definition says which date counts.
public sealed class MeasuresTally
{
    // MK 9.2: the service standards' target is 100%. MK 9.3: 80% of cases resolved successfully,
    // 70% of complainants satisfied with the outcome and with the handling.
    public const decimal ServiceStandardTarget = 100m;
    public const decimal ResolvedTarget = 80m;
    public const decimal SatisfactionTarget = 70m;

    // 4 or 5 on the 5-point scale counts as satisfied (fairly or very), as the TSMs count it.
    public const int SatisfiedFrom = 4;

    // Days to resolve are kept as a count per whole day; longer than this counts in the last bucket.
    private const int MaxDaysKept = 3660;

    private readonly ReportingPeriod period;
    private readonly DateTimeOffset asOf;
    private readonly ServiceProfile profile;
    private readonly WorkingCalendar calendar;
    private readonly int? homesOwned;
    private readonly HashSet<string> nationalStrands;

    private Tally hateFirstResponse, regularContact, victimsCode, surveyInWindow, resolved, handling, outcome;
    private readonly Tally[] firstResponseByRisk = new Tally[3];
    private readonly int[] daysToResolve = new int[MaxDaysKept + 1];
    private int opened, hateOpened, nm01HateOpened, reports, closures, reviewsPrompted, reopened;
    private readonly SortedDictionary<string, int> byStrand = new(StringComparer.Ordinal);
    private readonly SortedDictionary<ReportChannel, int> byChannel = [];
    private readonly SortedDictionary<string, int> byStage = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (int Opened, int Hate)> byMonth = new(StringComparer.Ordinal);

    public MeasuresTally(ReportingPeriod period, DateTimeOffset asOf, ServiceProfile profile, WorkingCalendar calendar, int? homesOwned)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(calendar);
        if (homesOwned is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(homesOwned), homesOwned, "The number of homes owned must be positive.");
        }
        (this.period, this.asOf, this.profile, this.calendar, this.homesOwned) = (period, asOf, profile, calendar, homesOwned);
        nationalStrands = profile.HateStrands.Where(s => s.National).Select(s => s.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Every month of the period has a bar, even an empty one.
        for (var month = new DateOnly(period.FirstDay.Year, period.FirstDay.Month, 1); month <= period.LastDay; month = month.AddMonths(1))
        {
            byMonth[MonthOf(month)] = (0, 0);
        }
    }

    public int CasesCounted { get; private set; }

    public static MeasuresReport Count(IEnumerable<CaseMeasureFacts> cases, ReportingPeriod period, DateTimeOffset asOf,
        ServiceProfile profile, WorkingCalendar calendar, int? homesOwned)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var tally = new MeasuresTally(period, asOf, profile, calendar, homesOwned);
        foreach (var facts in cases)
        {
            tally.Add(facts);
        }
        return tally.Report();
    }

    public void Add(CaseMeasureFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        CasesCounted++;
        if (period.Contains(facts.ReportedAt))
        {
            AddOpened(facts);
        }
        reports += facts.ReportsReceived.Count(period.Contains);
        reviewsPrompted += facts.CaseReviewsPrompted.Count(period.Contains);
        reopened += facts.Reopenings.Count(period.Contains);
        foreach (var deadline in facts.DeadlineOutcomes.Where(d => period.Contains(d.DueAt)))
        {
            AddDeadline(facts, deadline);
        }
        foreach (var closure in facts.Closures.Where(c => period.Contains(c.At)))
        {
            closures++;
            resolved.Add(closure.Resolved);
            var days = calendar.LocalDate(closure.At).DayNumber - calendar.LocalDate(facts.ReportedAt).DayNumber;
            daysToResolve[Math.Clamp(days, 0, MaxDaysKept)]++;
        }
        foreach (var survey in facts.Surveys)
        {
            AddSurvey(survey);
        }
    }

    private void AddOpened(CaseMeasureFacts facts)
    {
        opened++;
        byChannel[facts.Channel] = byChannel.GetValueOrDefault(facts.Channel) + 1;
        byStage[facts.Stage] = byStage.GetValueOrDefault(facts.Stage) + 1;
        var month = MonthOf(calendar.LocalDate(facts.ReportedAt));
        var (monthOpened, monthHate) = byMonth.GetValueOrDefault(month);
        byMonth[month] = (monthOpened + 1, monthHate + (facts.IsHate ? 1 : 0));
        if (facts.IsHate)
        {
            hateOpened++;
            foreach (var strand in facts.Strands)
            {
                byStrand[strand] = byStrand.GetValueOrDefault(strand) + 1;
            }
            // NM01 (2): a nationally monitored characteristic, or none named (perceived hate counts).
            if (facts.Strands.Count == 0 || facts.Strands.Any(nationalStrands.Contains))
            {
                nm01HateOpened++;
            }
        }
        if (facts.VictimsCodeOwed)
        {
            victimsCode.Add(facts.VictimsCodeSentAtReport);
        }
    }

    private void AddDeadline(CaseMeasureFacts facts, DeadlineOutcomeFact deadline)
    {
        switch (deadline.Kind)
        {
            case DeadlineKind.FirstResponse:
                firstResponseByRisk[(int)deadline.RiskWhenSet].Add(deadline.OnTime);
                if (facts.IsHate)
                {
                    hateFirstResponse.Add(deadline.OnTime);
                }
                break;
            case DeadlineKind.RegularContact:
                regularContact.Add(deadline.OnTime);
                break;
        }
    }

    private void AddSurvey(SurveyFact survey)
    {
        // MK 9.4: counted for the closure it follows; not yet counted while its window is open
        // and it has not been sent.
        if (survey.DueBy is { } dueBy && period.Contains(survey.ClosedAt))
        {
            var done = survey.SentAt ?? survey.AnsweredAt;
            if (done is { } at && at <= dueBy)
            {
                surveyInWindow.Add(true);
            }
            else if (asOf >= dueBy || survey.WindowClosed || done is not null)
            {
                surveyInWindow.Add(false);
            }
        }
        if (survey.AnsweredAt is { } answeredAt && period.Contains(answeredAt))
        {
            handling.Add(survey.SatisfactionWithHandling >= SatisfiedFrom);
            outcome.Add(survey.SatisfactionWithOutcome >= SatisfiedFrom);
        }
    }

    public MeasuresReport Report() => new(
        profile.Id, profile.Name, period.FirstDay, period.LastDay, asOf,
        Standards(),
        [.. Enum.GetValues<RiskLevel>().Reverse().Select(level => firstResponseByRisk[(int)level].Rate(
            $"first-response-{level.ToString().ToLowerInvariant()}",
            $"{level} risk: first response within {Days(profile.FirstResponseWorkingDays(level))}", ServiceStandardTarget,
            $"First responses to cases of {level.ToString().ToLowerInvariant()} risk when the response was promised (MKAR 3, RBC 8), counted in the period in which each fell due; on time when the officer recorded contact by then. A response missed and made later counts as missed."))],
        new ResolutionTime(closures, Percentile(0.5), Percentile(0.9),
            "Whole calendar days (UK dates) from the report that opened the case to each closure in the period (enquiries closed at stage 1 included). A reopened case closed again counts again, from its first report. The median is the middle value; the 90th percentile the value 9 in 10 closures took no longer than."),
        [
            handling.Rate("satisfied-with-handling", "Complainants satisfied with the handling of their case", SatisfactionTarget,
                $"MK 9.3. Survey answers recorded in the period; satisfied is {SatisfiedFrom} or 5 on the 5-point scale (fairly or very satisfied), as the Regulator's TSMs count it."),
            outcome.Rate("satisfied-with-outcome", "Complainants satisfied with the outcome of their case", SatisfactionTarget,
                $"MK 9.3. Survey answers recorded in the period; satisfied is {SatisfiedFrom} or 5 on the 5-point scale."),
        ],
        new Volumes(opened, hateOpened, reports, closures,
            [.. byStrand.Select(s => new Count(s.Key, profile.FindHateStrand(s.Key)?.Name ?? s.Key, s.Value))],
            [.. byChannel.Select(c => new Count(ChannelCode(c.Key), ChannelName(c.Key), c.Value))],
            [.. byStage.Select(s => new Count(s.Key, StageName(s.Key), s.Value))],
            [.. byMonth.Select(m => new MonthVolume(m.Key, m.Value.Opened, m.Value.Hate))],
            "Cases opened: reports that opened a case in the period (a further report about the same party while the case is open is an incident on it, not a new case). Hate cases: cases recorded as hate now (reported as hate, or found at the risk assessment), by each strand named on the case. Channel: how the first report came in. Stage: where each case opened in the period is now. Reports received: every report in the period, first and related."),
        new Count("case-reviews-prompted", "Complainants told of the ASB Case Review", reviewsPrompted,
            "The 2025 statutory guidance: a complainant who reports again within 6 months is told how to ask for a case review. Counted when told, in the period."),
        new Count("reopened", "Cases reopened", reopened, "Closed cases reopened in the period (each reopening counts once)."),
        new Nm01(opened, nm01HateOpened, homesOwned,
            homesOwned is { } homes ? Per1000(opened, homes) : null,
            homesOwned is { } h ? Per1000(nm01HateOpened, h) : null,
            period.IsReportingYear,
            "Regulator of Social Housing, TSM NM01: (1) ASB cases opened in the reporting year per 1,000 homes owned; (2) the ASB cases among them involving a hate incident (perceived hostility or prejudice on disability, race, religion, sexual orientation or transgender identity, or none named) per 1,000 homes. A case may hold several reports about the same party while open; a report after closure is a new case. NM01 is defined for the reporting year (1 April to 31 March); for another period it is shown on the same basis."));

    private IReadOnlyList<Rate> Standards()
    {
        var standards = new List<Rate>
        {
            hateFirstResponse.Rate("hate-first-response", $"Hate reports responded to within {Days(profile.FirstResponse.HighWorkingDays)}", ServiceStandardTarget,
                "MK 9.2 and 5.2. First responses to cases recorded as hate, counted in the period in which each fell due; on time when the officer recorded contact by then (a working day is counted in office hours)."),
        };
        if (profile.RegularContact is { } contact)
        {
            var every = contact.Unit == ContactCadenceUnit.WorkingDays ? Days(contact.Every) : $"{contact.Every} month{(contact.Every == 1 ? "" : "s")}";
            standards.Add(regularContact.Rate("regular-contact", $"Complainants contacted every {every}", ServiceStandardTarget,
                "MK 9.2. Each regular contact owed to a complainant, counted in the period in which it fell due; on time when made by then."));
        }
        standards.Add(victimsCode.Rate("victims-code", "Victims Code sent or given as soon as the report was made", ServiceStandardTarget,
            "MK 9.2 and 5.1. Cases opened in the period whose complainant could be contacted (anonymous reports are left out); met when the Victims Code went at the moment the report was recorded."));
        if (profile.Survey is { } survey)
        {
            standards.Add(surveyInWindow.Rate("survey-in-window", $"Satisfaction survey within {Weeks(survey.WindowDays)} of closure", ServiceStandardTarget,
                "MK 9.4. Closures in the period whose complainant could be surveyed; met when the survey was sent, or answers taken, within the window. A closure whose window is still open and whose survey has not gone is not yet counted."));
        }
        standards.Add(resolved.Rate("resolved", "Cases resolved successfully", ResolvedTarget,
            "MK 9.3. Closures in the period (a reopened case closed again counts again); resolved when the closure reason the team leader approved counts as resolved."));
        return standards;
    }

    private double? Percentile(double share)
    {
        if (closures == 0)
        {
            return null;
        }
        // The median of an even count is the mean of the two middle values; the 90th percentile
        // is the nearest rank.
        if (share == 0.5 && closures % 2 == 0)
        {
            return (DayAtRank(closures / 2) + DayAtRank(closures / 2 + 1)) / 2.0;
        }
        return DayAtRank((int)Math.Ceiling(share * closures));
    }

    private int DayAtRank(int rank)
    {
        var seen = 0;
        for (var day = 0; day < daysToResolve.Length; day++)
        {
            seen += daysToResolve[day];
            if (seen >= rank)
            {
                return day;
            }
        }
        return MaxDaysKept;
    }

    private static string MonthOf(DateOnly date) => $"{date.Year:D4}-{date.Month:D2}";

    private static string Days(int days) => days == 1 ? "1 working day" : $"{days} working days";

    private static string Weeks(int days) => days % 7 == 0 ? (days == 7 ? "1 week" : $"{days / 7} weeks") : $"{days} days";

    private static decimal Per1000(int count, int homes) => Math.Round(1000m * count / homes, 1, MidpointRounding.AwayFromZero);

    public static string ChannelCode(ReportChannel channel) => channel switch
    {
        ReportChannel.WebForm => "web-form",
        ReportChannel.Api => "api",
        ReportChannel.Email => "email",
        ReportChannel.Phone => "phone",
        ReportChannel.InPerson => "in-person",
        ReportChannel.Post => "post",
        ReportChannel.PartnerReferral => "partner-referral",
        _ => channel.ToString().ToLowerInvariant(),
    };

    public static string ChannelName(ReportChannel channel) => channel switch
    {
        ReportChannel.WebForm => "Web form",
        ReportChannel.Api => "Online (API)",
        ReportChannel.Email => "Email",
        ReportChannel.Phone => "Phone",
        ReportChannel.InPerson => "In person",
        ReportChannel.Post => "Post",
        ReportChannel.PartnerReferral => "Partner referral",
        _ => channel.ToString(),
    };

    public static string StageName(string stage) => stage switch
    {
        "enquiry" => "Initial enquiry",
        "investigation" => "Under investigation",
        "awaiting-closure-approval" => "Closure awaiting approval",
        "closed" => "Closed",
        _ => stage,
    };

    // Met out of counted for one figure.
    private struct Tally
    {
        public int Met;
        public int Counted;

        public void Add(bool met)
        {
            Counted++;
            Met += met ? 1 : 0;
        }

        public readonly Rate Rate(string code, string name, decimal? target, string definition) => new(code, name, Met, Counted, target, definition);
    }
}
