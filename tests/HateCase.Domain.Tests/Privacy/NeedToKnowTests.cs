using HateCase.Domain.Common;
using HateCase.Domain.Privacy;

namespace HateCase.Domain.Tests.Privacy;

public class NeedToKnowTests
{
    private static StaffMember Officer(string id, string? team) => new(id, StaffRole.Officer, team);

    [Fact]
    public void An_officer_sees_the_cases_of_their_team()
    {
        Assert.True(NeedToKnow.MaySee(Officer("sam", "north"), new CaseAccessFacts("north", "alex", null)));
    }

    [Fact]
    public void An_officer_does_not_see_another_teams_case()
    {
        Assert.False(NeedToKnow.MaySee(Officer("sam", "south"), new CaseAccessFacts("north", "alex", null)));
    }

    [Fact]
    public void An_officer_sees_a_case_assigned_to_them_whatever_its_team()
    {
        Assert.True(NeedToKnow.MaySee(Officer("sam", "south"), new CaseAccessFacts("north", "sam", null)));
    }

    [Fact]
    public void A_case_with_no_team_yet_is_every_teams_to_take()
    {
        Assert.True(NeedToKnow.MaySee(Officer("sam", "south"), new CaseAccessFacts(null, null, null)));
    }

    [Fact]
    public void Where_there_are_no_teams_everyone_sees_every_case()
    {
        Assert.True(NeedToKnow.MaySee(Officer("sam", null), new CaseAccessFacts(null, "alex", null)));
    }

    [Fact]
    public void An_admin_sees_every_teams_cases()
    {
        Assert.True(NeedToKnow.MaySee(new StaffMember("ash", StaffRole.Admin, null), new CaseAccessFacts("north", "alex", null)));
    }

    [Fact]
    public void A_restricted_case_is_seen_only_by_the_people_named_whatever_their_role_or_team()
    {
        var facts = new CaseAccessFacts("north", "alex", ValueList.Of("kim", "leader-1"));

        Assert.True(NeedToKnow.MaySee(Officer("kim", "south"), facts));
        Assert.False(NeedToKnow.MaySee(Officer("alex", "north"), facts));
        Assert.False(NeedToKnow.MaySee(new StaffMember("lee", StaffRole.TeamLeader, "north"), facts));
        Assert.False(NeedToKnow.MaySee(new StaffMember("ash", StaffRole.Admin, null), facts));
    }
}
