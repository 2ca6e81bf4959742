using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Privacy;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

public partial class CaseDeciderTests
{
    private static CaseCommand.RestrictCase RestrictTo(params string[] staffIds) =>
        new(staffIds.ToValueList(), "The complainant's neighbour is a member of staff.", "leader-1");

    [Fact]
    public void A_case_restricted_to_named_people_says_who_and_why()
    {
        var spec = For().Reported();

        var events = spec.Do(RestrictTo("officer-2", "officer-3"));

        var restricted = events.Single<CaseRestricted>();
        Assert.Equal((ValueList.Of("officer-2", "officer-3"), "The complainant's neighbour is a member of staff.", "leader-1"),
            (restricted.StaffIds, restricted.Reason, restricted.RestrictedBy));
        Assert.Equal(ValueList.Of("officer-2", "officer-3", "leader-1"), spec.File.AccessFacts.RestrictedTo);
    }

    [Fact]
    public void Restricting_a_case_again_to_the_same_people_for_the_same_reason_changes_nothing()
    {
        var spec = For().Reported();
        spec.Do(RestrictTo("officer-2"));

        Assert.Empty(spec.Do(RestrictTo("officer-2")));
    }

    [Fact]
    public void A_new_restriction_replaces_the_people_named_before()
    {
        var spec = For().Reported();
        spec.Do(RestrictTo("officer-2"));

        spec.Do(RestrictTo("officer-4"));

        Assert.Equal(ValueList.Of("officer-4"), spec.File.Restriction!.StaffIds);
    }

    [Fact]
    public void A_restriction_names_at_least_one_person()
    {
        Assert.Contains("at least one person", For().Reported().Rejects(RestrictTo()));
    }

    [Fact]
    public void A_restriction_names_at_most_twenty_people()
    {
        var tooMany = Enumerable.Range(1, CaseDecider.MaxRestrictedTo + 1).Select(i => $"officer-{i}").ToArray();

        Assert.Contains("at most 20 people", For().Reported().Rejects(RestrictTo(tooMany)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("semi;colon")]
    public void A_restriction_names_each_person_by_a_staff_id(string notAStaffId)
    {
        Assert.Contains("staff id", For().Reported().Rejects(RestrictTo("officer-2", notAStaffId)));
    }

    [Fact]
    public void A_restriction_says_why_in_a_few_hundred_characters()
    {
        var spec = For().Reported();

        Assert.Contains("Say why", spec.Rejects(new CaseCommand.RestrictCase(ValueList.Of("officer-2"), "  ", "leader-1")));
        Assert.Contains("500 characters", spec.Rejects(new CaseCommand.RestrictCase(ValueList.Of("officer-2"), new string('x', 501), "leader-1")));
    }

    [Fact]
    public void Lifting_a_restriction_is_recorded_with_the_reason_and_the_case_is_no_longer_restricted()
    {
        var spec = For().Reported();
        spec.Do(RestrictTo("officer-2"));

        var lifted = spec.Do(new CaseCommand.LiftRestriction("The member of staff has left.", "leader-1")).Single<RestrictionLifted>();

        Assert.Equal(("The member of staff has left.", "leader-1"), (lifted.Reason, lifted.LiftedBy));
        Assert.Null(spec.File.Restriction);
        Assert.Null(spec.File.AccessFacts.RestrictedTo);
    }

    [Fact]
    public void Lifting_a_restriction_from_a_case_that_has_none_changes_nothing()
    {
        Assert.Empty(For().Reported().Do(new CaseCommand.LiftRestriction("Done.", "leader-1")));
    }

    [Fact]
    public void A_closed_case_can_be_restricted_too()
    {
        var spec = For().Reported().Converted().ClosureApproved();

        spec.Do(RestrictTo("officer-2"));

        Assert.NotNull(spec.File.Restriction);
        Assert.IsType<CaseState.Closed>(spec.State);
    }

    [Fact]
    public void A_case_assigned_by_a_member_of_a_team_becomes_that_teams_case()
    {
        var spec = For().Reported();

        var events = spec.Do(new CaseCommand.AssignOfficer("officer-2", "north"));

        Assert.Equal("north", events.Single<CaseTeamSet>().Team);
        Assert.Equal(new CaseAccessFacts("north", "officer-2", null), spec.File.AccessFacts);
    }

    [Fact]
    public void Where_the_landlord_has_no_teams_an_assigned_case_has_no_team()
    {
        var spec = For().Reported();

        spec.Do(new CaseCommand.AssignOfficer("officer-2"));

        Assert.Null(spec.File.Team);
    }

    [Fact]
    public void The_reason_for_a_restriction_is_removed_with_the_cases_personal_data()
    {
        var spec = For().Reported();
        spec.Do(RestrictTo("officer-2"));

        var anonymised = HateCase.Domain.Retention.PersonalData.Anonymise(spec.History.Last());

        Assert.DoesNotContain("neighbour", Assert.IsType<CaseRestricted>(anonymised).Reason);
    }

    [Fact]
    public void Staff_mail_about_a_restricted_case_goes_only_to_people_it_is_restricted_to()
    {
        var spec = For().At(London(2026, 3, 2, 10, 0)).Reported();
        spec.Do(new CaseCommand.AssignOfficer("officer-1"));
        spec.Do(RestrictTo("officer-2"));

        // Officer 1, assigned before the restriction, is not named: their reminders and the team
        // leaders' escalation go to the team leader who restricted the case.
        var fired = spec.MessagesOf(spec.AdvanceTo(London(2026, 3, 20, 10, 0)))
            .Where(m => m.Recipient is MessageRecipient.Officer or MessageRecipient.Team).ToList();
        Assert.Contains(fired, m => m.Template == MessageTemplate.DeadlineReminder);
        Assert.Contains(fired, m => m.Template == MessageTemplate.DeadlineEscalation);
        Assert.All(fired, m => Assert.Equal((new MessageRecipient.Officer("leader-1"), true), (m.Recipient, m.Restricted)));

        var assigned = spec.MessagesOf(spec.Do(new CaseCommand.AssignOfficer("officer-2")));
        Assert.Equal((new MessageRecipient.Officer("officer-2"), true), (assigned.Single().Recipient, assigned.Single().Restricted));
    }

    [Fact]
    public void Once_the_restriction_is_lifted_staff_mail_goes_to_the_team_again()
    {
        var spec = For().At(London(2026, 3, 2, 10, 0)).Reported();
        spec.Do(RestrictTo("officer-2"));
        spec.Do(new CaseCommand.LiftRestriction("The member of staff has left.", "leader-1"));

        var fired = spec.MessagesOf(spec.AdvanceTo(London(2026, 3, 20, 10, 0)));

        var escalation = fired.First(m => m.Template == MessageTemplate.DeadlineEscalation);
        Assert.IsType<MessageRecipient.Team>(escalation.Recipient);
        Assert.False(escalation.Restricted);
    }
}
