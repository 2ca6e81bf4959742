using HateCase.Domain.Cases;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

// RBC 9, LIVV 2.11, PP 7.1.2, MK 6.1: referrals for safeguarding and support, and management
// transfer requests, each followed up by the date the officer set.
public partial class CaseDeciderTests
{
    [Fact]
    public void A_referral_with_consent_is_recorded_with_its_follow_up_date_as_a_promise()
    {
        var spec = For("reading").At(London(2026, 11, 23, 10, 0)).Reported(HateReport()).RiskAssessed();
        spec.Do(new CaseCommand.AssignOfficer("officer-7"));

        var events = spec.Do(new CaseCommand.MakeReferral("referral-1", ReferralTo.VictimSupport, null, ConsentGiven: true, null,
            London(2026, 12, 7, 10, 0)));

        var made = events.Single<ReferralMade>();
        Assert.True(made.ConsentGiven);
        var followUp = spec.Pending(DeadlineKind.ReferralFollowUp);
        Assert.Equal(London(2026, 12, 7, 10, 0), followUp.DueAt);
        Assert.Equal("referral-1", followUp.About);
    }

    [Fact]
    public void A_safeguarding_referral_without_consent_needs_the_reason_to_refer_anyway()
    {
        var spec = For("milton-keynes").At(London(2026, 11, 23, 10, 0)).Reported(HateReport());

        Assert.Contains("give the safeguarding reason", spec.Rejects(new CaseCommand.MakeReferral("referral-1", ReferralTo.ChildrensServices, null,
            ConsentGiven: false, "  ", London(2026, 11, 30, 10, 0))));

        var made = spec.Do(new CaseCommand.MakeReferral("referral-1", ReferralTo.ChildrensServices, null, ConsentGiven: false,
            "Two children at home were threatened.", London(2026, 11, 30, 10, 0))).Single<ReferralMade>();
        Assert.Equal("Two children at home were threatened.", made.WithoutConsentBecause);
    }

    [Fact]
    public void A_referral_to_another_agency_names_it_and_is_followed_up_within_three_months()
    {
        var spec = For("livv").At(London(2026, 11, 23, 10, 0)).Reported(HateReport());

        Assert.Contains("Name the agency", spec.Rejects(new CaseCommand.MakeReferral("referral-1", ReferralTo.OtherAgency, " ", true, null, London(2026, 12, 1, 10, 0))));
        Assert.Contains("follow-up date in the next 3 months", spec.Rejects(new CaseCommand.MakeReferral("referral-1", ReferralTo.Mash, null, true, null, London(2026, 11, 23, 9, 0))));
        Assert.Contains("follow-up date in the next 3 months", spec.Rejects(new CaseCommand.MakeReferral("referral-1", ReferralTo.Mash, null, true, null, London(2027, 3, 1, 10, 0))));
    }

    [Fact]
    public void The_officer_is_reminded_of_a_referral_follow_up_and_the_team_leader_told_when_it_is_missed()
    {
        var spec = For("reading").At(London(2026, 11, 23, 10, 0)).Reported(HateReport()).RiskAssessed();
        spec.Do(new CaseCommand.AssignOfficer("officer-7"));
        spec.Do(new CaseCommand.MakeReferral("referral-1", ReferralTo.AdultSocialCare, null, true, null, London(2026, 12, 7, 10, 0)));

        var fired = spec.AdvanceTo(London(2026, 12, 7, 11, 0));

        var reminder = fired.OfType<ReminderSent>().Single(r => r.Kind == DeadlineKind.ReferralFollowUp);
        Assert.Contains(spec.MessagesOf([reminder]), m => m.Template == MessageTemplate.DeadlineReminder && m.Recipient == new MessageRecipient.Officer("officer-7"));
        var missed = fired.OfType<DeadlineMissed>().Single(m => m.Kind == DeadlineKind.ReferralFollowUp);
        Assert.Contains(spec.MessagesOf([missed]), m => m.Template == MessageTemplate.DeadlineEscalation && m.Recipient == new MessageRecipient.Team("team-leader"));
        Assert.Contains(spec.File.Overdue, d => d.About == "referral-1");
    }

    [Fact]
    public void The_outcome_of_a_referral_meets_its_follow_up_and_no_other()
    {
        var spec = For("reading").At(London(2026, 11, 23, 10, 0)).Reported(HateReport());
        spec.Do(new CaseCommand.MakeReferral("referral-1", ReferralTo.VictimSupport, null, true, null, London(2026, 12, 7, 10, 0)));
        spec.Do(new CaseCommand.MakeReferral("transfer-1", ReferralTo.ManagementTransfer, null, true, null, London(2026, 12, 14, 10, 0)));

        var events = spec.Do(new CaseCommand.RecordReferralOutcome("referral-1", "Victim Support have called and arranged weekly support."));

        var met = events.Single<DeadlineMet>();
        Assert.True(met.OnTime);
        Assert.Equal("transfer-1", Assert.Single(spec.File.Deadlines, d => d.Kind == DeadlineKind.ReferralFollowUp).About);
        Assert.Equal(["transfer-1"], spec.File.OpenReferrals);
        Assert.Empty(spec.Do(new CaseCommand.RecordReferralOutcome("referral-1", "Victim Support have called and arranged weekly support.")));
        Assert.Contains("no such referral", spec.Rejects(new CaseCommand.RecordReferralOutcome("referral-9", "Done.")));
    }

    [Fact]
    public void A_referral_sent_twice_is_recorded_once()
    {
        var spec = For("reading").At(London(2026, 11, 23, 10, 0)).Reported(HateReport());
        var command = new CaseCommand.MakeReferral("referral-1", ReferralTo.Police, null, true, null, London(2026, 12, 7, 10, 0));
        spec.Do(command);

        Assert.Empty(spec.Do(command));
    }
}
