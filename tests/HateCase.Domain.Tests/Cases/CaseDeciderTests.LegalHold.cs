using HateCase.Domain.Cases;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

public partial class CaseDeciderTests
{
    [Fact]
    public void A_team_leader_holds_a_closed_case_for_legal_action_with_the_reason_in_the_chronology()
    {
        var spec = For().Reported().Converted().ClosureApproved();

        var events = spec.Do(new CaseCommand.HoldCase(LegalHoldReason.LegalAction, "Injunction hearing in March.", "leader-1"));

        var placed = events.Single<LegalHoldPlaced>();
        Assert.Equal((LegalHoldReason.LegalAction, "Injunction hearing in March.", "leader-1"), (placed.Reason, placed.Details, placed.HeldBy));
        Assert.Equal(new LegalHold(LegalHoldReason.LegalAction, spec.Now, "leader-1"), spec.File.Hold);
        Assert.IsType<CaseState.Closed>(spec.State);
    }

    [Fact]
    public void An_open_case_can_be_held_for_an_ombudsman_complaint_and_stays_open()
    {
        var spec = For().Reported().Converted();

        spec.Do(new CaseCommand.HoldCase(LegalHoldReason.OmbudsmanComplaint, "Complaint ref 2026/123.", "leader-1"));

        Assert.Equal(LegalHoldReason.OmbudsmanComplaint, spec.File.Hold?.Reason);
        Assert.IsType<CaseState.UnderInvestigation>(spec.State);
    }

    [Fact]
    public void Releasing_a_hold_is_recorded_and_the_case_is_no_longer_held()
    {
        var spec = For().Reported().Converted().ClosureApproved();
        spec.Do(new CaseCommand.HoldCase(LegalHoldReason.LegalAction, "Claim issued.", "leader-1"));

        var events = spec.Do(new CaseCommand.ReleaseHold("Claim withdrawn.", "leader-2"));

        Assert.Equal("leader-2", events.Single<LegalHoldReleased>().ReleasedBy);
        Assert.Null(spec.File.Hold);
    }

    [Fact]
    public void A_held_case_cannot_be_held_again_until_released()
    {
        var spec = For().Reported();
        spec.Do(new CaseCommand.HoldCase(LegalHoldReason.LegalAction, "Claim issued.", "leader-1"));

        Assert.Contains("already held", spec.Rejects(new CaseCommand.HoldCase(LegalHoldReason.OmbudsmanComplaint, "Complaint.", "leader-1")));
    }

    [Fact]
    public void A_case_that_is_not_held_cannot_be_released()
    {
        var spec = For().Reported();

        Assert.Contains("not held", spec.Rejects(new CaseCommand.ReleaseHold("Done.", "leader-1")));
    }

    [Fact]
    public void Nothing_more_is_recorded_on_a_case_whose_personal_data_has_been_removed()
    {
        var spec = For().Reported().Converted().ClosureApproved();
        var anonymised = HateCase.Domain.Retention.PersonalData.Anonymise(spec.State);

        var decision = CaseDecider.Decide(anonymised, new CaseCommand.Reopen("New incident."), spec.Now, spec.Profile, spec.Calendar);

        Assert.Contains("personal data has been removed", Assert.IsType<CaseDecision.Rejected>(decision).Reason);
    }
}
