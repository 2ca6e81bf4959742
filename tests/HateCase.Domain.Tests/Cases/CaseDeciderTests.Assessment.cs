using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Risk;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

// The officer's risk assessment (MK 5.2, MKAR 3, LIVV 2.10), and the hate it finds.
public partial class CaseDeciderTests
{
    private static readonly RiskAnswers HateFoundAtAssessment = LowRiskAnswers with { HateMotivationPerceived = true };

    [Fact]
    public void Hate_found_at_the_risk_assessment_is_recorded_as_hate_with_its_strands_and_the_first_response_tightens_to_one_working_day()
    {
        // RBC 5: "All reports relating to a hate incident will be responded to ... within one working day".
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported();
        Assert.Equal(London(2026, 3, 9, 10, 0), spec.Pending(DeadlineKind.FirstResponse).DueAt);

        var events = spec.At(London(2026, 3, 2, 14, 0))
            .Do(new CaseCommand.AssessRisk("assessment-1", HateFoundAtAssessment, ValueList.Of("Religion")));

        Assert.Equal(ValueList.Of("religion"), events.Single<HateRecorded>().Strands);
        Assert.True(spec.File.IsHate);
        Assert.Equal(ValueList.Of("religion"), spec.File.HateStrands);
        Assert.Equal(RiskLevel.High, spec.File.Risk);
        Assert.Equal(London(2026, 3, 3, 10, 0), spec.Pending(DeadlineKind.FirstResponse).DueAt);
        Assert.True(spec.File.Incidents[0].IsHate);
    }

    [Fact]
    public void A_later_assessment_adds_the_strands_it_names_and_repeats_none()
    {
        var spec = For("milton-keynes").Reported(HateReport("race"));

        var events = spec.Do(new CaseCommand.AssessRisk("assessment-1", HateFoundAtAssessment, ValueList.Of("race", "misogyny")));
        var again = spec.Do(new CaseCommand.AssessRisk("assessment-2", HateFoundAtAssessment, ValueList.Of("misogyny")));

        Assert.Equal(ValueList.Of("misogyny"), events.Single<HateRecorded>().Strands);
        again.None<HateRecorded>();
        Assert.Equal(ValueList.Of("race", "misogyny"), spec.File.HateStrands);
    }

    [Fact]
    public void Hate_strands_are_recorded_only_when_the_assessment_perceives_hate()
    {
        var spec = For("reading").Reported();

        var reason = spec.Rejects(new CaseCommand.AssessRisk("assessment-1", LowRiskAnswers, ValueList.Of("race")));

        Assert.Contains("only when hate motivation is perceived", reason);
    }

    [Fact]
    public void A_strand_the_landlord_does_not_record_is_refused_at_the_assessment()
    {
        var spec = For("reading").Reported();

        var reason = spec.Rejects(new CaseCommand.AssessRisk("assessment-1", HateFoundAtAssessment, ValueList.Of("misogyny")));

        Assert.Contains("Unknown hate strand 'misogyny'", reason);
    }

    [Fact]
    public void An_emailed_report_handled_as_possible_hate_stops_counting_as_hate_when_the_assessment_finds_none_but_its_first_response_is_not_delayed()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0)).Reported(PossibleHateByEmail(), channel: ReportChannel.Email);
        var due = spec.Pending(DeadlineKind.FirstResponse).DueAt;

        var events = spec.Do(new CaseCommand.AssessRisk("assessment-1", LowRiskAnswers));

        events.Single<PossibleHateNotConfirmed>();
        Assert.False(spec.File.IsHate);
        Assert.False(spec.File.Incidents[0].IsHate);
        Assert.Equal(RiskLevel.Low, spec.File.Risk);
        // A first response already promised is never pushed later.
        Assert.Equal(due, spec.Pending(DeadlineKind.FirstResponse).DueAt);
    }

    [Fact]
    public void An_emailed_report_handled_as_possible_hate_is_confirmed_as_hate_when_the_assessment_finds_it()
    {
        var spec = For("reading").Reported(PossibleHateByEmail(), channel: ReportChannel.Email);

        spec.Do(new CaseCommand.AssessRisk("assessment-1", HateFoundAtAssessment, ValueList.Of("race")));
        var later = spec.Do(new CaseCommand.AssessRisk("assessment-2", LowRiskAnswers));

        later.None<PossibleHateNotConfirmed>();
        Assert.True(spec.File.IsHate);
    }

    [Fact]
    public void Hate_the_victim_perceives_stays_hate_whatever_the_assessment_says()
    {
        // LIVV 2.3 and 2.10: the victim's perception decides; no proof is needed.
        var spec = For("reading").Reported(HateReport());

        var events = spec.Do(new CaseCommand.AssessRisk("assessment-1", LowRiskAnswers));

        events.None<PossibleHateNotConfirmed>();
        Assert.True(spec.File.IsHate);
    }
}
