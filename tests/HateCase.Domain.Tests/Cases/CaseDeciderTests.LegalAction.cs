using HateCase.Domain.Cases;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

// MK 11.5, RBC 16, PP 5.6.3: an equality and proportionality assessment comes before legal action.
public partial class CaseDeciderTests
{
    private static readonly ProportionalityAssessment Proportionate =
        new(true, true, true, Proportionate: true, "Warnings, mediation and an acceptable behaviour contract have not stopped the abuse.");

    private static readonly ProportionalityAssessment NotProportionate =
        new(true, true, true, Proportionate: false, "Support for his mental health has only just started; try that first.");

    [Fact]
    public void Legal_action_cannot_start_before_an_equality_and_proportionality_assessment()
    {
        var spec = For("milton-keynes").Reported().Converted();

        Assert.Contains("Record an equality and proportionality assessment",
            spec.Rejects(new CaseCommand.StartLegalAction("legal-1", spec.Profile.LegalActionTypes[0].Code)));
    }

    [Fact]
    public void An_assessment_finding_the_action_proportionate_lets_that_action_start()
    {
        var spec = For("milton-keynes").Reported().Converted();
        var type = spec.Profile.LegalActionTypes[0].Code;

        var assessed = spec.Do(new CaseCommand.AssessProportionality("assessment-1", type, Proportionate)).Single<ProportionalityAssessed>();
        spec.Do(new CaseCommand.StartLegalAction("legal-1", type)).Single<LegalActionStarted>();

        Assert.Equal(type, assessed.ActionTypeCode);
        Assert.Equal(Proportionate.Reasons, assessed.Assessment.Reasons);
        Assert.Contains("legal-1", spec.File.OpenLegalActions);
    }

    [Fact]
    public void Each_legal_action_needs_its_own_assessment_even_of_the_same_kind()
    {
        var spec = For("reading").Reported().Converted();
        var type = spec.Profile.LegalActionTypes[0].Code;
        spec.Do(new CaseCommand.AssessProportionality("assessment-1", type, Proportionate));
        spec.Do(new CaseCommand.StartLegalAction("legal-1", type));

        Assert.Empty(spec.Do(new CaseCommand.StartLegalAction("legal-1", type)));
        Assert.Contains("Record an equality and proportionality assessment", spec.Rejects(new CaseCommand.StartLegalAction("legal-2", type)));
    }

    [Fact]
    public void An_assessment_of_one_kind_of_action_does_not_allow_another()
    {
        var spec = For("reading").Reported().Converted();
        var types = spec.Profile.LegalActionTypes;
        spec.Do(new CaseCommand.AssessProportionality("assessment-1", types[0].Code, Proportionate));

        Assert.Contains("Record an equality and proportionality assessment", spec.Rejects(new CaseCommand.StartLegalAction("legal-1", types[1].Code)));
    }

    [Fact]
    public void An_assessment_finding_the_action_not_proportionate_is_recorded_and_withdraws_an_earlier_finding()
    {
        var spec = For("peaks-and-plains").Reported().Converted();
        var type = spec.Profile.LegalActionTypes[0].Code;
        spec.Do(new CaseCommand.AssessProportionality("assessment-1", type, Proportionate));

        var later = spec.Do(new CaseCommand.AssessProportionality("assessment-2", type, NotProportionate)).Single<ProportionalityAssessed>();

        Assert.False(later.Assessment.Proportionate);
        Assert.Contains("Record an equality and proportionality assessment", spec.Rejects(new CaseCommand.StartLegalAction("legal-1", type)));
    }

    [Theory]
    [InlineData(false, true, true, "after considering their protected characteristics")]
    [InlineData(true, false, true, "after considering the support they have")]
    [InlineData(false, true, false, "after considering their protected characteristics and less severe options")]
    public void Action_is_found_proportionate_only_once_the_persons_characteristics_support_and_lesser_options_are_considered(
        bool characteristics, bool support, bool lesserOptions, string expected)
    {
        var spec = For("reading").Reported().Converted();
        var assessment = new ProportionalityAssessment(characteristics, support, lesserOptions, Proportionate: true, "Reasons.");

        Assert.Contains(expected, spec.Rejects(new CaseCommand.AssessProportionality("assessment-1", spec.Profile.LegalActionTypes[0].Code, assessment)));
    }

    [Fact]
    public void An_assessment_gives_its_reasons_and_names_an_action_from_the_landlords_list()
    {
        var spec = For("reading").Reported().Converted();
        var type = spec.Profile.LegalActionTypes[0].Code;

        Assert.Contains("Give the reasons", spec.Rejects(new CaseCommand.AssessProportionality("assessment-1", type, Proportionate with { Reasons = "  " })));
        Assert.Contains("Unknown legal action type", spec.Rejects(new CaseCommand.AssessProportionality("assessment-1", "eviction-by-text", Proportionate)));
    }

    [Fact]
    public void An_assessment_sent_twice_is_recorded_once()
    {
        var spec = For("reading").Reported().Converted();
        var command = new CaseCommand.AssessProportionality("assessment-1", spec.Profile.LegalActionTypes[0].Code, Proportionate);
        spec.Do(command);

        Assert.Empty(spec.Do(command));
    }
}
