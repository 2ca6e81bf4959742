using HateCase.Domain.Risk;

namespace HateCase.Domain.Tests.Risk;

public class RiskMatrixTests
{
    // A first report of low-level nuisance: distress only, scoring 1.
    private static readonly RiskAnswers LowLevelNuisance = new(
        HarmAnswer.Distress,
        VulnerabilityAnswer.None,
        RepeatAnswer.First,
        HateMotivationPerceived: false,
        ImpactAnswer.Little,
        ChildrenInHousehold: false,
        RetaliationFeared: false);

    [Fact]
    public void Any_hate_incident_is_high_risk_when_the_profile_says_so()
    {
        var result = RiskMatrix.Assess(LowLevelNuisance with { HateMotivationPerceived = true }, hateIsAlwaysHigh: true);

        Assert.Equal(RiskLevel.High, result.Level);
        Assert.Equal(4, result.Score);
        Assert.Contains("Hate motivation perceived: hate reports are always high risk under this landlord's policy.", result.Reasons);
    }

    [Fact]
    public void Hate_is_scored_like_any_other_answer_when_the_profile_sets_risk_by_assessment()
    {
        var result = RiskMatrix.Assess(LowLevelNuisance with { HateMotivationPerceived = true }, hateIsAlwaysHigh: false);

        Assert.Equal(RiskLevel.Medium, result.Level);
        Assert.Equal(4, result.Score);
        Assert.DoesNotContain(RiskMatrix.HateAlwaysHighReason, result.Reasons);
        Assert.Contains(result.Reasons, r => r.StartsWith("Hate motivation perceived: counted as 3 points", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Violence_or_injury_is_high_risk_whatever_the_score(bool hateIsAlwaysHigh)
    {
        var result = RiskMatrix.Assess(LowLevelNuisance with { Harm = HarmAnswer.ViolenceOrInjury }, hateIsAlwaysHigh);

        Assert.Equal(6, result.Score);
        Assert.Equal(RiskLevel.High, result.Level);
        Assert.Contains("Violence or injury: any violence or injury is high risk whatever the score.", result.Reasons);
    }

    // Each band boundary exactly met, and one point short of it.
    [Theory]
    [InlineData(HarmAnswer.Distress, VulnerabilityAnswer.None, RepeatAnswer.Repeated, ImpactAnswer.Moderate, false, false, 3, RiskLevel.Low)]
    [InlineData(HarmAnswer.Distress, VulnerabilityAnswer.None, RepeatAnswer.Persistent, ImpactAnswer.Little, false, false, 4, RiskLevel.Medium)]
    [InlineData(HarmAnswer.DamageOrThreats, VulnerabilityAnswer.None, RepeatAnswer.Repeated, ImpactAnswer.Moderate, false, false, 7, RiskLevel.Medium)]
    [InlineData(HarmAnswer.DamageOrThreats, VulnerabilityAnswer.None, RepeatAnswer.Repeated, ImpactAnswer.Moderate, true, false, 8, RiskLevel.High)]
    [InlineData(HarmAnswer.Distress, VulnerabilityAnswer.Significant, RepeatAnswer.First, ImpactAnswer.Moderate, true, false, 7, RiskLevel.Medium)]
    [InlineData(HarmAnswer.Distress, VulnerabilityAnswer.Significant, RepeatAnswer.First, ImpactAnswer.Severe, false, false, 8, RiskLevel.High)]
    [InlineData(HarmAnswer.None, VulnerabilityAnswer.None, RepeatAnswer.First, ImpactAnswer.Little, false, true, 3, RiskLevel.Low)]
    [InlineData(HarmAnswer.Distress, VulnerabilityAnswer.None, RepeatAnswer.First, ImpactAnswer.Little, false, true, 4, RiskLevel.Medium)]
    public void The_score_sets_the_level_at_the_band_boundaries(
        HarmAnswer harm,
        VulnerabilityAnswer vulnerability,
        RepeatAnswer repeat,
        ImpactAnswer impact,
        bool children,
        bool retaliation,
        int expectedScore,
        RiskLevel expectedLevel)
    {
        var answers = new RiskAnswers(harm, vulnerability, repeat, HateMotivationPerceived: false, impact, children, retaliation);

        var result = RiskMatrix.Assess(answers, hateIsAlwaysHigh: true);

        Assert.Equal(expectedScore, result.Score);
        Assert.Equal(expectedLevel, result.Level);
    }

    [Fact]
    public void Persistent_nuisance_on_its_own_is_medium_risk()
    {
        var result = RiskMatrix.Assess(LowLevelNuisance with { Repeat = RepeatAnswer.Persistent }, hateIsAlwaysHigh: true);

        Assert.Equal(RiskLevel.Medium, result.Level);
    }

    [Fact]
    public void A_single_report_of_damage_or_threats_is_at_least_medium_risk()
    {
        var result = RiskMatrix.Assess(LowLevelNuisance with { Harm = HarmAnswer.DamageOrThreats }, hateIsAlwaysHigh: true);

        Assert.Equal(RiskLevel.Medium, result.Level);
    }

    [Theory]
    [InlineData(VulnerabilityAnswer.Significant, RepeatAnswer.First, ImpactAnswer.Little, false)]
    [InlineData(VulnerabilityAnswer.None, RepeatAnswer.Persistent, ImpactAnswer.Little, false)]
    [InlineData(VulnerabilityAnswer.None, RepeatAnswer.First, ImpactAnswer.Severe, false)]
    [InlineData(VulnerabilityAnswer.None, RepeatAnswer.First, ImpactAnswer.Little, true)]
    public void Threats_with_one_more_serious_answer_are_high_risk(
        VulnerabilityAnswer vulnerability, RepeatAnswer repeat, ImpactAnswer impact, bool retaliation)
    {
        var answers = LowLevelNuisance with
        {
            Harm = HarmAnswer.DamageOrThreats,
            Vulnerability = vulnerability,
            Repeat = repeat,
            Impact = impact,
            RetaliationFeared = retaliation,
        };

        var result = RiskMatrix.Assess(answers, hateIsAlwaysHigh: true);

        Assert.Equal(RiskLevel.High, result.Level);
    }

    [Fact]
    public void The_factors_list_every_question_with_its_answer_and_points_and_add_up_to_the_score()
    {
        var answers = new RiskAnswers(
            HarmAnswer.DamageOrThreats,
            VulnerabilityAnswer.Some,
            RepeatAnswer.Persistent,
            HateMotivationPerceived: true,
            ImpactAnswer.Severe,
            ChildrenInHousehold: true,
            RetaliationFeared: false);

        var result = RiskMatrix.Assess(answers, hateIsAlwaysHigh: false);

        Assert.Equal(
            new[]
            {
                new RiskFactor("Harm", "Damage or threats", 5),
                new RiskFactor("Vulnerability of the victim", "Some", 2),
                new RiskFactor("Repeat victimisation", "Persistent", 3),
                new RiskFactor("Hate motivation perceived", "Yes", 3),
                new RiskFactor("Impact on daily life", "Severe", 3),
                new RiskFactor("Children in the household", "Yes", 1),
                new RiskFactor("Fear of retaliation", "No", 0),
            },
            result.Factors);
        Assert.Equal(17, result.Score);
        Assert.Equal(result.Factors.Sum(f => f.Points), result.Score);
    }

    [Fact]
    public void The_worst_answer_to_every_question_scores_the_maximum()
    {
        var worst = new RiskAnswers(
            HarmAnswer.ViolenceOrInjury,
            VulnerabilityAnswer.Significant,
            RepeatAnswer.Persistent,
            HateMotivationPerceived: true,
            ImpactAnswer.Severe,
            ChildrenInHousehold: true,
            RetaliationFeared: true);

        var result = RiskMatrix.Assess(worst, hateIsAlwaysHigh: true);

        Assert.Equal(23, RiskMatrix.MaxScore);
        Assert.Equal(RiskMatrix.MaxScore, result.Score);
        Assert.Equal("Score 23 of 23: high (8–23).", result.Reasons[0]);
    }

    [Theory]
    [InlineData(HarmAnswer.Distress, RepeatAnswer.First, "Score 1 of 23: low (0–3).", "Points from harm: distress (1).", "Risk level: low.")]
    [InlineData(HarmAnswer.DamageOrThreats, RepeatAnswer.Repeated, "Score 6 of 23: medium (4–7).", "Points from harm: damage or threats (5); repeat victimisation: repeated (1).", "Risk level: medium.")]
    [InlineData(HarmAnswer.None, RepeatAnswer.First, "Score 0 of 23: low (0–3).", "No answer added points.", "Risk level: low.")]
    public void The_reasons_explain_the_level_from_the_score(
        HarmAnswer harm, RepeatAnswer repeat, string scoreReason, string pointsReason, string levelReason)
    {
        var result = RiskMatrix.Assess(LowLevelNuisance with { Harm = harm, Repeat = repeat }, hateIsAlwaysHigh: true);

        Assert.Equal(new[] { scoreReason, pointsReason, levelReason }, result.Reasons);
    }

    [Fact]
    public void The_reasons_say_when_a_rule_raises_the_level_above_the_score()
    {
        var result = RiskMatrix.Assess(LowLevelNuisance with { HateMotivationPerceived = true }, hateIsAlwaysHigh: true);

        Assert.Equal(
            new[]
            {
                "Score 4 of 23: medium (4–7).",
                "Points from hate motivation perceived: yes (3); harm: distress (1).",
                "Hate motivation perceived: hate reports are always high risk under this landlord's policy.",
                "Risk level: high.",
            },
            result.Reasons);
    }

    // A re-assessment is a fresh assessment of the answers as they now stand.
    [Theory]
    [InlineData(RepeatAnswer.First, ImpactAnswer.Little, RepeatAnswer.Persistent, ImpactAnswer.Severe, RiskLevel.Low, RiskLevel.High)]
    [InlineData(RepeatAnswer.Persistent, ImpactAnswer.Severe, RepeatAnswer.First, ImpactAnswer.Little, RiskLevel.High, RiskLevel.Low)]
    [InlineData(RepeatAnswer.Persistent, ImpactAnswer.Severe, RepeatAnswer.Repeated, ImpactAnswer.Moderate, RiskLevel.High, RiskLevel.Medium)]
    [InlineData(RepeatAnswer.Repeated, ImpactAnswer.Moderate, RepeatAnswer.First, ImpactAnswer.Little, RiskLevel.Medium, RiskLevel.Low)]
    public void A_reassessment_can_lower_as_well_as_raise_the_level(
        RepeatAnswer repeatBefore,
        ImpactAnswer impactBefore,
        RepeatAnswer repeatAfter,
        ImpactAnswer impactAfter,
        RiskLevel levelBefore,
        RiskLevel levelAfter)
    {
        var victim = LowLevelNuisance with { Vulnerability = VulnerabilityAnswer.Some };

        var first = RiskMatrix.Assess(victim with { Repeat = repeatBefore, Impact = impactBefore }, hateIsAlwaysHigh: true);
        var again = RiskMatrix.Assess(victim with { Repeat = repeatAfter, Impact = impactAfter }, hateIsAlwaysHigh: true);

        Assert.Equal(levelBefore, first.Level);
        Assert.Equal(levelAfter, again.Level);
    }

    [Fact]
    public void A_reassessment_without_violence_drops_the_violence_override()
    {
        var first = RiskMatrix.Assess(LowLevelNuisance with { Harm = HarmAnswer.ViolenceOrInjury }, hateIsAlwaysHigh: true);
        var again = RiskMatrix.Assess(LowLevelNuisance, hateIsAlwaysHigh: true);

        Assert.Equal(RiskLevel.High, first.Level);
        Assert.Equal(RiskLevel.Low, again.Level);
    }

    [Theory]
    [InlineData("Harm")]
    [InlineData("Vulnerability")]
    [InlineData("Repeat")]
    [InlineData("Impact")]
    public void An_answer_that_is_not_on_the_form_is_rejected_naming_the_question(string field)
    {
        var answers = field switch
        {
            "Harm" => LowLevelNuisance with { Harm = (HarmAnswer)99 },
            "Vulnerability" => LowLevelNuisance with { Vulnerability = (VulnerabilityAnswer)99 },
            "Repeat" => LowLevelNuisance with { Repeat = (RepeatAnswer)99 },
            _ => LowLevelNuisance with { Impact = (ImpactAnswer)99 },
        };

        var error = Assert.Throws<ArgumentException>(() => RiskMatrix.Assess(answers, hateIsAlwaysHigh: true));

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void An_assessment_needs_answers()
    {
        Assert.Throws<ArgumentNullException>(() => RiskMatrix.Assess(null!, hateIsAlwaysHigh: true));
    }

    // Triage at intake, before an officer's assessment (RBC 8 table).
    [Theory]
    [InlineData(false, true, false, null, true, RiskLevel.High)]
    [InlineData(true, false, false, null, true, RiskLevel.High)]
    [InlineData(true, false, false, null, false, RiskLevel.Medium)]
    [InlineData(false, false, false, 8, true, RiskLevel.Medium)]
    [InlineData(false, false, false, 7, true, RiskLevel.Low)]
    [InlineData(false, false, false, null, true, RiskLevel.Low)]
    [InlineData(false, false, true, 0, true, RiskLevel.Medium)]
    [InlineData(false, false, true, 8, true, RiskLevel.Medium)]
    [InlineData(false, true, true, 12, false, RiskLevel.High)]
    public void Triage_follows_the_risk_table(
        bool hate, bool violenceOrThreats, bool vulnerable, int? incidents, bool hateIsAlwaysHigh, RiskLevel expected)
    {
        var result = RiskMatrix.Triage(new ReportTriageFacts(hate, violenceOrThreats, vulnerable, incidents), hateIsAlwaysHigh);

        Assert.Equal(expected, result.Level);
    }

    [Fact]
    public void Any_hate_report_is_triaged_high_when_the_profile_says_so()
    {
        var result = RiskMatrix.Triage(new ReportTriageFacts(true, false, false, 1), hateIsAlwaysHigh: true);

        Assert.Equal(RiskLevel.High, result.Level);
        Assert.Contains(RiskMatrix.HateAlwaysHighReason, result.Reasons);
    }

    [Fact]
    public void Eight_incidents_in_a_month_are_triaged_as_persistent_nuisance()
    {
        var result = RiskMatrix.Triage(new ReportTriageFacts(false, false, false, 8), hateIsAlwaysHigh: true);

        Assert.Equal(RiskLevel.Medium, result.Level);
        Assert.Contains("8 incidents in the last month: 8 or more a month is persistent nuisance, medium risk.", result.Reasons);
    }

    [Fact]
    public void A_vulnerable_victim_raises_a_low_triage_to_medium_and_the_reasons_say_so()
    {
        var result = RiskMatrix.Triage(new ReportTriageFacts(false, false, true, 2), hateIsAlwaysHigh: true);

        Assert.Equal(RiskLevel.Medium, result.Level);
        Assert.Equal(
            new[]
            {
                "2 incidents in the last month: fewer than 8 a month is low-level nuisance.",
                "Victim vulnerable: raised from low to medium risk.",
                "Risk level at intake: medium.",
            },
            result.Reasons);
    }

    [Fact]
    public void Triage_lists_the_facts_it_used_without_scoring_them()
    {
        var result = RiskMatrix.Triage(new ReportTriageFacts(false, true, false, null), hateIsAlwaysHigh: true);

        Assert.Equal(0, result.Score);
        Assert.Equal(
            new[]
            {
                new RiskFactor("Violence or threats", "Yes", 0),
                new RiskFactor("Hate motivation perceived", "No", 0),
                new RiskFactor("Incidents in the last month", "Not known", 0),
                new RiskFactor("Victim vulnerable", "No", 0),
            },
            result.Factors);
        Assert.Contains("Violence or threats reported: high risk whatever else is known.", result.Reasons);
    }

    [Fact]
    public void A_negative_incident_count_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => RiskMatrix.Triage(new ReportTriageFacts(false, false, false, -1), hateIsAlwaysHigh: true));

        Assert.Equal("IncidentsInLastMonth", error.ParamName);
    }
}
