using System.Globalization;

namespace HateCase.Domain.Risk;

// The matrix risk assessment a case officer completes at first contact and repeats during the
// case (MK 5.2, MKAR 3, RBC 8 action plan, LIVV 2.10: "the level of harm, vulnerability, and need
// for support"). The Ombudsman (Nov 2024, July 2025) names a missing or ignored risk assessment
// as a common severe failing, so every answer and every rule that set the level is kept in the
// result. Each answer enum runs from least to most serious.

// Harm done or threatened by the incidents reported.
public enum HarmAnswer
{
    None = 0,
    Distress = 1,
    DamageOrThreats = 2,
    ViolenceOrInjury = 3,
}

// Vulnerability of the victim: disability, age, mental or physical health, learning needs
// (LIVV 1.3, 2.11; the Ombudsman's "On the record" asks landlords to record vulnerabilities).
public enum VulnerabilityAnswer
{
    None = 0,
    Some = 1,
    Significant = 2,
}

// Repeat victimisation. LIVV 1.2, 2.11: harm builds over time, so the cumulative impact of
// incidents counts, not only the latest one. Persistent matches RBC 8's "persistent nuisance".
public enum RepeatAnswer
{
    First = 0,
    Repeated = 1,
    Persistent = 2,
}

// Impact on the victim's daily life; severe means, for example, afraid to leave home.
public enum ImpactAnswer
{
    Little = 0,
    Moderate = 1,
    Severe = 2,
}

// HateMotivationPerceived: the victim or anyone else perceives hostility or prejudice; no proof
// is needed (MK 4, LIVV 2.3 and 2.10).
// ChildrenInHousehold: children live with the victim, which brings safeguarding duties
// (PP 6.2, RBC 9 safeguarding referrals to children's services).
// RetaliationFeared: the victim or a witness fears intimidation or reprisals for reporting
// (LIVV 2.11).
public sealed record RiskAnswers(
    HarmAnswer Harm,
    VulnerabilityAnswer Vulnerability,
    RepeatAnswer Repeat,
    bool HateMotivationPerceived,
    ImpactAnswer Impact,
    bool ChildrenInHousehold,
    bool RetaliationFeared);

public sealed record RiskFactor(string Question, string Answer, int Points);

public sealed record RiskResult(RiskLevel Level, int Score, IReadOnlyList<RiskFactor> Factors, IReadOnlyList<string> Reasons);

// Facts known when a report comes in, before any officer has assessed it (RBC 8 table).
// PossibleHateWords: words of an emailed report that suggest hate, when the reporter has not
// said whether they perceive it as hate.
public sealed record ReportTriageFacts(
    bool HatePerceived, bool ViolenceOrThreats, bool VictimVulnerable, int? IncidentsInLastMonth,
    IReadOnlyList<string>? PossibleHateWords = null);

public static class RiskMatrix
{
    // Score bands. They are set so that:
    // - RBC 8's "persistent nuisance" on its own (persistent incidents causing distress, 4) is medium;
    // - a single report of damage or threats (5) is at least medium;
    // - damage or threats together with one more serious answer (persistent, hate, significant
    //   vulnerability, severe impact, fear of reprisals) reaches high, as does a significantly
    //   vulnerable victim in distress who is afraid to leave home (1 + 4 + 3 = 8);
    // - one incident of distress with nothing else (1), or repeated low-level nuisance with a
    //   moderate impact (3), stays low, as in RBC 8's low band.
    public const int MediumFrom = 4;
    public const int HighFrom = 8;

    // RBC 8 table: 8 separate incidents reported over a month is persistent nuisance (medium).
    public const int PersistentNuisanceIncidentsPerMonth = 8;

    public static int MaxScore { get; } =
        Points(HarmAnswer.ViolenceOrInjury)
        + Points(VulnerabilityAnswer.Significant)
        + Points(RepeatAnswer.Persistent)
        + HatePoints(true)
        + Points(ImpactAnswer.Severe)
        + ChildrenPoints(true)
        + RetaliationPoints(true);

    public const string HarmQuestion = "Harm";
    public const string VulnerabilityQuestion = "Vulnerability of the victim";
    public const string RepeatQuestion = "Repeat victimisation";
    public const string HateQuestion = "Hate motivation perceived";
    public const string ImpactQuestion = "Impact on daily life";
    public const string ChildrenQuestion = "Children in the household";
    public const string RetaliationQuestion = "Fear of retaliation";

    public const string HateAlwaysHighReason =
        "Hate motivation perceived: hate reports are always high risk under this landlord's policy.";

    public static RiskResult Assess(RiskAnswers answers, bool hateIsAlwaysHigh)
    {
        ArgumentNullException.ThrowIfNull(answers);
        EnsureDefined(answers.Harm, nameof(RiskAnswers.Harm));
        EnsureDefined(answers.Vulnerability, nameof(RiskAnswers.Vulnerability));
        EnsureDefined(answers.Repeat, nameof(RiskAnswers.Repeat));
        EnsureDefined(answers.Impact, nameof(RiskAnswers.Impact));

        RiskFactor[] factors =
        [
            new(HarmQuestion, Describe(answers.Harm), Points(answers.Harm)),
            new(VulnerabilityQuestion, Describe(answers.Vulnerability), Points(answers.Vulnerability)),
            new(RepeatQuestion, Describe(answers.Repeat), Points(answers.Repeat)),
            new(HateQuestion, YesNo(answers.HateMotivationPerceived), HatePoints(answers.HateMotivationPerceived)),
            new(ImpactQuestion, Describe(answers.Impact), Points(answers.Impact)),
            new(ChildrenQuestion, YesNo(answers.ChildrenInHousehold), ChildrenPoints(answers.ChildrenInHousehold)),
            new(RetaliationQuestion, YesNo(answers.RetaliationFeared), RetaliationPoints(answers.RetaliationFeared)),
        ];

        var score = factors.Sum(f => f.Points);
        var scored = LevelForScore(score);
        var reasons = new List<string>
        {
            $"Score {score} of {MaxScore}: {Name(scored)} ({BandRange(scored)}).",
            PointsSentence(factors),
        };

        var level = scored;
        if (answers.Harm == HarmAnswer.ViolenceOrInjury)
        {
            level = RiskLevel.High;
            reasons.Add("Violence or injury: any violence or injury is high risk whatever the score.");
        }

        if (answers.HateMotivationPerceived)
        {
            if (hateIsAlwaysHigh)
            {
                level = RiskLevel.High;
                reasons.Add(HateAlwaysHighReason);
            }
            else
            {
                reasons.Add($"Hate motivation perceived: counted as {HatePoints(true)} points, because this landlord's policy sets the risk of hate reports by assessment.");
            }
        }

        reasons.Add($"Risk level: {Name(level)}.");
        return new RiskResult(level, score, factors, reasons);
    }

    // Intake triage is rule-based, not scored: Score is 0 and each fact is listed with 0 points,
    // and the Reasons carry the explanation. The officer's matrix assessment replaces it.
    public static RiskResult Triage(ReportTriageFacts facts, bool hateIsAlwaysHigh)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.IncidentsInLastMonth is < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(ReportTriageFacts.IncidentsInLastMonth),
                facts.IncidentsInLastMonth,
                "The number of incidents in the last month cannot be negative.");
        }

        var possibleHate = !facts.HatePerceived && facts.PossibleHateWords is { Count: > 0 };
        RiskFactor[] factors =
        [
            new("Violence or threats", YesNo(facts.ViolenceOrThreats), 0),
            new(HateQuestion, possibleHate ? "Possible, from the words of the report" : YesNo(facts.HatePerceived), 0),
            new("Incidents in the last month", facts.IncidentsInLastMonth?.ToString(CultureInfo.InvariantCulture) ?? "Not known", 0),
            new("Victim vulnerable", YesNo(facts.VictimVulnerable), 0),
        ];

        var reasons = new List<string>();
        var level = RiskLevel.Low;

        // RBC 8 table: violence or threat of violence is urgent, high risk.
        if (facts.ViolenceOrThreats)
        {
            level = RiskLevel.High;
            reasons.Add("Violence or threats reported: high risk whatever else is known.");
        }

        if (possibleHate)
        {
            // RBC 5, MK 6.1: every report of hate is responded to as high priority. Words that
            // suggest hate are enough to handle the report as hate until the officer assesses it.
            reasons.Add($"Possible hate: the report uses the words {Quoted(facts.PossibleHateWords!)}. " +
                "It is handled as a hate report until the officer's risk assessment says otherwise.");
        }

        if (facts.HatePerceived || possibleHate)
        {
            if (hateIsAlwaysHigh)
            {
                level = RiskLevel.High;
                reasons.Add(HateAlwaysHighReason);
            }
            else
            {
                // Our good-practice choice, not a seed rule: the victim's perception decides
                // (LIVV 2.10) and the Ombudsman (July 2025) expects early, firm action on hate, so
                // a hate report is never left at low before an officer has assessed it.
                level = Max(level, RiskLevel.Medium);
                reasons.Add("Hate motivation perceived: at least medium risk until the officer's assessment.");
            }
        }

        switch (facts.IncidentsInLastMonth)
        {
            case int n when n >= PersistentNuisanceIncidentsPerMonth:
                level = Max(level, RiskLevel.Medium);
                reasons.Add($"{Incidents(n)} in the last month: {PersistentNuisanceIncidentsPerMonth} or more a month is persistent nuisance, medium risk.");
                break;
            case int n:
                reasons.Add($"{Incidents(n)} in the last month: fewer than {PersistentNuisanceIncidentsPerMonth} a month is low-level nuisance.");
                break;
            default:
                reasons.Add("Number of incidents in the last month not known.");
                break;
        }

        if (facts.VictimVulnerable)
        {
            // Our good-practice choice, not in the RBC 8 table: RBC 10 counts a failure to consider
            // the victim's vulnerability as "no action", and LIVV 2.10 assesses vulnerability
            // with harm, so a vulnerable victim is never triaged as low.
            if (level == RiskLevel.Low)
            {
                level = RiskLevel.Medium;
                reasons.Add("Victim vulnerable: raised from low to medium risk.");
            }
            else
            {
                reasons.Add("Victim vulnerable: noted for the officer's assessment.");
            }
        }

        reasons.Add($"Risk level at intake: {Name(level)}.");
        return new RiskResult(level, 0, factors, reasons);
    }

    public static RiskLevel LevelForScore(int score) =>
        score >= HighFrom ? RiskLevel.High
        : score >= MediumFrom ? RiskLevel.Medium
        : RiskLevel.Low;

    // The point table. Harm and vulnerability weigh most (LIVV 2.10 "harm, vulnerability"); an
    // answer of violence or injury also forces high, so its points only keep the score honest.
    private static int Points(HarmAnswer answer) => answer switch
    {
        HarmAnswer.None => 0,
        HarmAnswer.Distress => 1,
        HarmAnswer.DamageOrThreats => 5,
        HarmAnswer.ViolenceOrInjury => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(answer)),
    };

    private static int Points(VulnerabilityAnswer answer) => answer switch
    {
        VulnerabilityAnswer.None => 0,
        VulnerabilityAnswer.Some => 2,
        VulnerabilityAnswer.Significant => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(answer)),
    };

    private static int Points(RepeatAnswer answer) => answer switch
    {
        RepeatAnswer.First => 0,
        RepeatAnswer.Repeated => 1,
        RepeatAnswer.Persistent => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(answer)),
    };

    private static int Points(ImpactAnswer answer) => answer switch
    {
        ImpactAnswer.Little => 0,
        ImpactAnswer.Moderate => 1,
        ImpactAnswer.Severe => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(answer)),
    };

    private static int HatePoints(bool perceived) => perceived ? 3 : 0;

    private static int ChildrenPoints(bool children) => children ? 1 : 0;

    private static int RetaliationPoints(bool feared) => feared ? 3 : 0;

    private static string Describe(HarmAnswer answer) => answer switch
    {
        HarmAnswer.None => "None",
        HarmAnswer.Distress => "Distress",
        HarmAnswer.DamageOrThreats => "Damage or threats",
        _ => "Violence or injury",
    };

    private static string Describe(VulnerabilityAnswer answer) => answer switch
    {
        VulnerabilityAnswer.None => "None",
        VulnerabilityAnswer.Some => "Some",
        _ => "Significant",
    };

    private static string Describe(RepeatAnswer answer) => answer switch
    {
        RepeatAnswer.First => "First incident",
        RepeatAnswer.Repeated => "Repeated",
        _ => "Persistent",
    };

    private static string Describe(ImpactAnswer answer) => answer switch
    {
        ImpactAnswer.Little => "Little",
        ImpactAnswer.Moderate => "Moderate",
        _ => "Severe",
    };

    private static string Quoted(IEnumerable<string> words) => string.Join(", ", words.Select(w => $"\"{w}\""));

    private static string YesNo(bool value) => value ? "Yes" : "No";

    private static string PointsSentence(IEnumerable<RiskFactor> factors)
    {
        var scoring = factors
            .Where(f => f.Points > 0)
            .OrderByDescending(f => f.Points)
            .Select(f => $"{f.Question.ToLowerInvariant()}: {f.Answer.ToLowerInvariant()} ({f.Points})")
            .ToList();
        return scoring.Count == 0
            ? "No answer added points."
            : $"Points from {string.Join("; ", scoring)}.";
    }

    private static string BandRange(RiskLevel band) => band switch
    {
        RiskLevel.Low => $"0–{MediumFrom - 1}",
        RiskLevel.Medium => $"{MediumFrom}–{HighFrom - 1}",
        _ => $"{HighFrom}–{MaxScore}",
    };

    private static string Name(RiskLevel level) => level switch
    {
        RiskLevel.Low => "low",
        RiskLevel.Medium => "medium",
        _ => "high",
    };

    private static string Incidents(int n) => n == 1 ? "1 incident" : $"{n} incidents";

    private static RiskLevel Max(RiskLevel a, RiskLevel b) => a >= b ? a : b;

    private static void EnsureDefined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentException($"{field} has no answer {value}.", field);
        }
    }
}
