using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

// LIVV 2.10: "appropriate case closures include a full review with the victim, signposting to
// any ongoing support needs, and capturing learning outcomes for future improvement."
public partial class CaseDeciderTests
{
    private static CaseCommand.RecordClosingReview ClosingReview(string id = "review-1", bool tookPart = true) =>
        new(id, tookPart, ValueList.Of(SupportService.VictimSupport, SupportService.MentalHealthAndWellbeing),
            "Counselling through their GP.", "Earlier joint visits with the police would have helped.");

    private CaseSpec LivvCaseReadyToClose() => For("livv").Reported(HateReport()).Converted().Contacted();

    [Fact]
    public void In_livv_a_case_is_not_put_forward_for_closure_before_the_closing_review_with_the_victim()
    {
        var spec = LivvCaseReadyToClose();

        Assert.Contains("closing review", spec.Rejects(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), null, "officer-1")));
    }

    [Fact]
    public void After_the_closing_review_with_signposting_and_learning_the_case_can_close()
    {
        var spec = LivvCaseReadyToClose();

        var review = Assert.Single(spec.Do(ClosingReview()).OfType<ClosingReviewHeld>());
        spec.ClosureApproved();

        Assert.Equal([SupportService.VictimSupport, SupportService.MentalHealthAndWellbeing], review.SignpostedTo);
        Assert.Equal("Earlier joint visits with the police would have helped.", review.Learning);
        Assert.IsType<CaseState.Closed>(spec.State);
    }

    [Fact]
    public void A_closing_review_the_victim_chose_not_to_take_part_in_still_lets_the_case_close()
    {
        var spec = LivvCaseReadyToClose();

        spec.Do(ClosingReview(tookPart: false));
        spec.ClosureApproved();

        Assert.IsType<CaseState.Closed>(spec.State);
    }

    [Fact]
    public void A_reopened_case_needs_a_new_closing_review_before_it_closes_again()
    {
        var spec = LivvCaseReadyToClose();
        spec.Do(ClosingReview());
        spec.ClosureApproved();

        spec.Do(new CaseCommand.Reopen("New incidents."));

        Assert.False(spec.File.ClosingReviewHeld);
        Assert.Contains("closing review", spec.Rejects(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), null, "officer-1")));
    }

    [Fact]
    public void A_closing_review_records_what_was_learned()
    {
        var spec = LivvCaseReadyToClose();

        Assert.Contains("learned", spec.Rejects(ClosingReview() with { Learning = "  " }));
    }

    [Fact]
    public void Each_support_service_is_named_once()
    {
        var spec = LivvCaseReadyToClose();

        Assert.Contains("once", spec.Rejects(ClosingReview() with { SignpostedTo = ValueList.Of(SupportService.StopHateUk, SupportService.StopHateUk) }));
    }

    [Fact]
    public void A_landlord_without_the_closing_review_rule_closes_without_one()
    {
        var spec = For("milton-keynes").Reported(HateReport()).Converted().Contacted();

        spec.ClosureApproved();

        Assert.IsType<CaseState.Closed>(spec.State);
    }

    [Fact]
    public void The_same_closing_review_recorded_twice_is_recorded_once()
    {
        var spec = LivvCaseReadyToClose();
        spec.Do(ClosingReview());

        Assert.Empty(spec.Do(ClosingReview()));
    }
}
