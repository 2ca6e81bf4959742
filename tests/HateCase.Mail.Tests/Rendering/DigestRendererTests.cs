using System.Globalization;
using HateCase.Domain.Cases;
using HateCase.Domain.Risk;
using HateCase.Mail.Rendering;
using HateCase.Mail.Tests.Support;

namespace HateCase.Mail.Tests.Rendering;

public sealed class DigestRendererTests
{
    [Fact]
    public void An_officers_digest_goes_to_the_officer_with_the_counts_in_the_subject_and_a_link_to_each_case()
    {
        var message = TestMessages.RenderDigest(TestMessages.OfficerDigest);

        Assert.Equal(["priya.shah@anytown-homes.example"], message.To);
        Assert.Equal("Your cases today, Monday 23 November 2026: 2 overdue, 1 due today, 2 due soon", message.Subject);
        Assert.Contains("2 deadlines overdue, 1 due today and 2 due by the end of Tuesday 24 November 2026.", message.Text);
        foreach (var entry in TestMessages.OfficerDigest.Entries)
        {
            Assert.Contains($"https://cases.anytown-homes.example/cases/{entry.CaseId}", message.Text);
            Assert.Contains($"href=\"https://cases.anytown-homes.example/cases/{entry.CaseId}\"", message.Html);
        }
    }

    // RBC 9, MK 11.2: the morning list says which contacts need an interpreter booked.
    [Fact]
    public void The_digest_says_when_a_case_needs_an_interpreter_and_for_which_language()
    {
        var entries = TestMessages.OfficerDigest.Entries;
        var digest = TestMessages.OfficerDigest with
        {
            Entries = [entries[0] with { Interpreter = "Polish" }, entries[1] with { Interpreter = "" }, .. entries.Skip(2)],
        };

        var text = TestMessages.RenderDigest(digest).Text;

        Assert.Contains("Interpreter needed: yes, Polish", text);
        Assert.Contains("Interpreter needed: yes, the language was not given", text);
        Assert.Equal(2, text.Split("Interpreter needed").Length - 1);
    }

    [Fact]
    public void Every_digest_links_to_My_work_where_the_same_lists_are_kept_up_to_date()
    {
        foreach (var digest in new[] { TestMessages.OfficerDigest, TestMessages.OfficerDigest with { Recipient = new MessageRecipient.Team(StaffRoles.CaseOfficers) } })
        {
            var message = TestMessages.RenderDigest(digest);

            Assert.Contains("Open My work in the case system:\nhttps://cases.anytown-homes.example/my-work", message.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Contains("href=\"https://cases.anytown-homes.example/my-work\"", message.Html);
        }
    }

    [Fact]
    public void The_digest_lists_overdue_first_then_due_today_then_due_by_the_next_working_day()
    {
        var text = TestMessages.RenderDigest(TestMessages.OfficerDigest).Text;

        var overdue = text.IndexOf("Overdue\n-------", StringComparison.Ordinal);
        var today = text.IndexOf("Due today\n---------", StringComparison.Ordinal);
        var next = text.IndexOf("Due by the end of Tuesday 24 November 2026\n---", StringComparison.Ordinal);
        Assert.True(overdue >= 0 && overdue < today && today < next, text);
    }

    [Fact]
    public void A_digest_leaves_out_sections_with_nothing_in_them()
    {
        var message = TestMessages.RenderDigest(TestMessages.TeamLeaderDigest);

        Assert.DoesNotContain("Due today", message.Text);
        Assert.DoesNotContain("Due by the end of", message.Text);
        Assert.EndsWith(": 3 overdue", message.Subject);
    }

    [Fact]
    public void An_officer_without_an_address_gets_the_digest_through_the_case_officers_inbox()
    {
        var digest = TestMessages.OfficerDigest with { Recipient = new MessageRecipient.Officer("officer-new-starter") };

        var message = TestMessages.RenderDigest(digest);

        Assert.Equal(["asb-officers@anytown-homes.example"], message.To);
        Assert.Contains("This message is for officer officer-new-starter, who has no email address set up. Please pass it on", message.Text);
    }

    [Fact]
    public void Without_a_case_officers_address_a_digest_cannot_be_written()
    {
        var staff = new StaffDirectory(new Dictionary<string, string>(), new Dictionary<string, string>());

        var error = Assert.Throws<MessageRenderingException>(() => TestMessages.RenderDigest(TestMessages.OfficerDigest, staff));

        Assert.Contains("case-officers", error.Message);
    }

    [Fact]
    public void A_digest_addressed_to_a_complainant_is_refused()
    {
        var digest = TestMessages.OfficerDigest with { Recipient = new MessageRecipient.ComplainantByEmail(TestMessages.ComplainantEmail) };

        var error = Assert.Throws<MessageRenderingException>(() => TestMessages.RenderDigest(digest));

        Assert.DoesNotContain(TestMessages.ComplainantEmail, error.Message);
    }

    [Fact]
    public void The_team_leader_digest_names_the_officer_of_each_missed_deadline()
    {
        var message = TestMessages.RenderDigest(TestMessages.TeamLeaderDigest);

        Assert.Equal(["asb-team-leader@anytown-homes.example"], message.To);
        Assert.StartsWith("Missed deadlines across the team, Monday 23 November 2026", message.Subject);
        Assert.Contains($"- {TestMessages.Reference}: case review\n  Was due: Thursday 19 November 2026 at midday\n  Risk: Medium\n  Officer: {TestMessages.OfficerId}\n", message.Text);
        Assert.Contains($"Officer: {TestMessages.OtherOfficerId}\n", message.Text);
        Assert.Contains("- HC-2026-000135: first response\n  Was due: Friday 20 November 2026 at 5pm\n  Risk: High, hate incident\n  Officer: not assigned\n", message.Text);
        Assert.Contains("Officer: <strong>not assigned</strong>", message.Html);
    }

    [Fact]
    public void An_officers_own_digest_does_not_repeat_their_name_on_every_case()
    {
        var message = TestMessages.RenderDigest(TestMessages.OfficerDigest);

        Assert.DoesNotContain("Officer:", message.Text);
    }

    [Fact]
    public void The_case_officers_digest_asks_the_team_to_pick_the_cases_up()
    {
        var message = TestMessages.RenderDigest(TestMessages.CaseOfficersDigest);

        Assert.Equal(["asb-officers@anytown-homes.example"], message.To);
        Assert.StartsWith("Cases waiting for an officer, Monday 23 November 2026", message.Subject);
        Assert.Contains("These cases have no case officer yet.", message.Text);
    }

    [Fact]
    public void A_long_digest_says_how_many_cases_are_not_listed()
    {
        var digest = TestMessages.OfficerDigest with { NotListed = 12 };

        var message = TestMessages.RenderDigest(digest);

        Assert.Contains("12 more are not listed here, to keep this email short. You will find them in the case list in the case system.", message.Text);
        Assert.EndsWith(", 12 more", message.Subject);
        Assert.DoesNotContain("not listed", TestMessages.RenderDigest(TestMessages.OfficerDigest).Text);
    }

    [Fact]
    public void Digest_values_are_escaped_in_the_html_part()
    {
        var entry = TestMessages.Entry("c-<x>", "HC-<b>1</b> & \"2\"", DeadlineKind.RegularContact, "2026-11-20T09:00:00Z", DigestSection.Overdue,
            officerId: "officer-<script>alert('x')</script>");
        var digest = TestMessages.TeamLeaderDigest with { Entries = [entry] };

        var message = TestMessages.RenderDigest(digest);

        Assert.DoesNotContain("<b>1</b>", message.Html);
        Assert.DoesNotContain("<script>", message.Html);
        Assert.DoesNotContain("<x>", message.Html);
        Assert.Contains("HC-&lt;b&gt;1&lt;/b&gt; &amp; &quot;2&quot;: regular contact", message.Html);
        Assert.Contains("officer-&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", message.Html);
        Assert.Contains("href=\"https://cases.anytown-homes.example/cases/c-%3Cx%3E\"", message.Html);
        Assert.Contains("HC-<b>1</b> & \"2\": regular contact", message.Text);
    }

    [Theory]
    [InlineData("2026-10-26", "2026-10-23T08:00:00Z", DigestSection.Overdue, "Was due: Friday 23 October 2026 at 9am")]
    [InlineData("2026-10-26", "2026-10-26T17:00:00Z", DigestSection.DueToday, "Due: Monday 26 October 2026 at 5pm")]
    [InlineData("2026-03-30", "2026-03-27T09:00:00Z", DigestSection.Overdue, "Was due: Friday 27 March 2026 at 9am")]
    [InlineData("2026-03-30", "2026-03-30T16:00:00Z", DigestSection.DueToday, "Due: Monday 30 March 2026 at 5pm")]
    public void Digest_dates_are_uk_local_time_across_the_clock_change(string day, string dueAt, DigestSection section, string expected)
    {
        var date = DateOnly.Parse(day, CultureInfo.InvariantCulture);
        var digest = new Digest(new MessageRecipient.Officer(TestMessages.OfficerId), date, date.AddDays(1),
            [TestMessages.Entry(TestMessages.CaseId, TestMessages.Reference, DeadlineKind.FirstResponse, dueAt, section, RiskLevel.High)], 0);

        var message = TestMessages.RenderDigest(digest);

        Assert.Contains($"  {expected}\n", message.Text);
        Assert.Contains(UkTime.Date(date), message.Subject);
    }
}
