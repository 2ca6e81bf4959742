using System.Net;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using HateCase.Mail.Rendering;
using HateCase.Mail.Surveys;
using HateCase.Mail.Tests.Support;

namespace HateCase.Mail.Tests.Rendering;

public sealed class MessageRendererTests
{
    public static TheoryData<string, MessageTemplate> EveryTemplateForEveryProfile()
    {
        var data = new TheoryData<string, MessageTemplate>();
        foreach (var profile in ProfileLoader.BuiltInIds)
        {
            foreach (var template in TestMessages.AllTemplates)
            {
                data.Add(profile, template);
            }
        }
        return data;
    }

    public static TheoryData<MessageTemplate> ComplainantTemplates() => new(TestMessages.AllTemplates.Where(TestMessages.IsForComplainant));

    public static TheoryData<MessageTemplate> StaffTemplates() => new(TestMessages.AllTemplates.Where(t => !TestMessages.IsForComplainant(t)));

    public static TheoryData<string> Profiles() => new(ProfileLoader.BuiltInIds);

    [Theory]
    [MemberData(nameof(EveryTemplateForEveryProfile))]
    public void Every_template_renders_for_every_built_in_profile_with_the_reference_in_the_subject(string profileId, MessageTemplate template)
    {
        var message = TestMessages.Render(TestMessages.Item(template), ProfileLoader.BuiltIn(profileId));

        Assert.Contains(TestMessages.Reference, message.Subject);
        Assert.NotEmpty(message.To);
        Assert.False(string.IsNullOrWhiteSpace(message.Text));
        Assert.StartsWith("<!DOCTYPE html>", message.Html);
        Assert.Contains(TestMessages.Landlord.Name, message.Text);
        Assert.Contains(TestMessages.Landlord.Phone, message.Text);
        Assert.Contains(TestMessages.Landlord.Email, message.Text);
    }

    [Fact]
    public void Every_template_the_case_decider_can_emit_has_wording()
    {
        var covered = MessageRenderer.ComplainantTemplates.Concat(MessageRenderer.StaffTemplates).ToHashSet();

        Assert.Equal(Enum.GetValues<MessageTemplate>().ToHashSet(), covered);
        Assert.Empty(MessageRenderer.ComplainantTemplates.Intersect(MessageRenderer.StaffTemplates));
    }

    [Fact]
    public void An_unknown_template_is_refused_with_an_error_naming_it()
    {
        var unknown = (MessageTemplate)987;
        var item = TestMessages.Item(new OutgoingMessage(unknown, new MessageRecipient.Team(StaffRoles.CaseOfficers), ValueList<MessageField>.Empty));

        var error = Assert.Throws<MessageRenderingException>(() => TestMessages.Render(item));

        Assert.Contains("987", error.Message);
    }

    [Theory]
    [MemberData(nameof(ComplainantTemplates))]
    public void Complainant_messages_give_999_and_the_free_support_lines(MessageTemplate template)
    {
        var message = TestMessages.Render(TestMessages.Item(template));

        foreach (var part in new[] { message.Text, message.Html })
        {
            Assert.Contains("call 999", part);
            Assert.Contains("Victim Support", part);
            Assert.Contains("08 08 16 89 111", part);
            Assert.Contains("Stop Hate UK", part);
            Assert.Contains("0800 138 1625", part);
        }
        Assert.Equal([TestMessages.ComplainantEmail], message.To);
        Assert.StartsWith($"Your report {TestMessages.Reference}: ", message.Subject);
    }

    [Fact]
    public void The_acknowledgement_subject_says_what_happens_next()
    {
        var message = TestMessages.Render(TestMessages.Item(MessageTemplate.Acknowledgement));

        Assert.Equal("Your report HC-2026-000123: what happens next", message.Subject);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_acknowledgement_carries_the_profiles_victims_code_with_its_six_rights(string profileId)
    {
        var profile = ProfileLoader.BuiltIn(profileId);
        var message = TestMessages.Render(TestMessages.Item(MessageTemplate.Acknowledgement), profile);

        Assert.Equal(6, profile.VictimsCode.Rights.Count);
        Assert.Contains(profile.VictimsCode.Title, message.Text);
        Assert.Contains(profile.VictimsCode.Introduction, message.Text);
        for (var i = 0; i < 6; i++)
        {
            Assert.Contains($"{i + 1}. {profile.VictimsCode.Rights[i]}", message.Text);
            Assert.Contains($"<li style=\"margin-bottom:8px;\">{WebUtility.HtmlEncode(profile.VictimsCode.Rights[i])}</li>", message.Html);
        }
    }

    [Theory]
    [MemberData(nameof(StaffTemplates))]
    public void Staff_messages_never_carry_the_complainants_account_or_contact_details(MessageTemplate template)
    {
        const string account = "He shouted racist abuse at me on the stairs";
        const string phone = "07700 900123";
        var usual = TestMessages.Message(template);
        // Even fields a staff template has no use for (as if a future event carried them) stay out.
        var leaky = usual with
        {
            Fields = usual.Fields.Concat(
            [
                new MessageField("text", account),
                new MessageField("description", account),
                new MessageField("email", TestMessages.ComplainantEmail),
                new MessageField("phone", phone),
                new MessageField("postalAddress", TestMessages.PostalAddress),
            ]).ToValueList(),
        };

        var message = TestMessages.Render(TestMessages.Item(leaky));

        foreach (var part in new[] { message.Subject, message.Text, message.Html })
        {
            Assert.DoesNotContain(account, part);
            Assert.DoesNotContain(TestMessages.ComplainantEmail, part);
            Assert.DoesNotContain(phone, part);
            Assert.DoesNotContain("Station Road", part);
        }
        Assert.DoesNotContain(TestMessages.ComplainantEmail, message.To);
        Assert.Contains($"https://cases.anytown-homes.example/cases/{TestMessages.CaseId}", message.Text);
        Assert.Contains($"href=\"https://cases.anytown-homes.example/cases/{TestMessages.CaseId}\"", message.Html);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_case_review_letter_says_the_last_reported_incident_must_be_within_one_month_of_the_application(string profileId)
    {
        // RBC 10: "The last reported incident is within 1 month of the application for a case review".
        foreach (var template in new[] { MessageTemplate.CaseReviewExplained, MessageTemplate.CaseClosed })
        {
            var message = TestMessages.Render(TestMessages.Item(template), ProfileLoader.BuiltIn(profileId));

            Assert.Contains("The last incident reported must be within 1 month of the date you ask for a case review.", message.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("of it happening", message.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_report_flagged_as_possible_hate_tells_the_team_and_the_officer_it_is_handled_as_hate_without_the_words()
    {
        var toAssign = TestMessages.Message(MessageTemplate.NewReportToAssign) with
        {
            Fields = ValueList.Of(new MessageField("risk", "High"), new MessageField("hate", CaseMessages.PossibleHate)),
        };
        var assigned = TestMessages.Message(MessageTemplate.CaseAssigned) with
        {
            Fields = ValueList.Of(new MessageField("hate", CaseMessages.PossibleHate)),
        };

        var team = TestMessages.Render(TestMessages.Item(toAssign));
        var officer = TestMessages.Render(TestMessages.Item(assigned));

        Assert.Equal($"New report {TestMessages.Reference}: high risk, possible hate incident, please assign", team.Subject);
        Assert.Contains("handled as hate until the risk assessment", team.Text, StringComparison.Ordinal);
        Assert.Contains("within 1 working day", team.Text, StringComparison.Ordinal);
        Assert.Contains("handled as a hate report, high priority, until your risk assessment says otherwise", officer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("racist", team.Text + officer.Text, StringComparison.OrdinalIgnoreCase);
    }

    // MK 11.2, PP 6.3: the officer books an interpreter before the first contact.
    [Theory]
    [InlineData("Polish", "yes, Polish")]
    [InlineData("", "yes, the language was not given")]
    public void The_team_and_the_assigned_officer_are_told_an_interpreter_is_needed(string language, string said)
    {
        var toAssign = TestMessages.Message(MessageTemplate.NewReportToAssign) with
        {
            Fields = ValueList.Of(new MessageField("risk", "High"), new MessageField("hate", "yes"), new MessageField(CaseMessages.InterpreterField, language)),
        };
        var assigned = TestMessages.Message(MessageTemplate.CaseAssigned) with
        {
            Fields = ValueList.Of(new MessageField(CaseMessages.InterpreterField, language)),
        };

        var team = TestMessages.Render(TestMessages.Item(toAssign));
        var officer = TestMessages.Render(TestMessages.Item(assigned));

        Assert.Contains($"Interpreter needed: {said}", team.Text, StringComparison.Ordinal);
        Assert.Contains($"Interpreter needed: {said}. Please book one before you contact the complainant.", officer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Interpreter", TestMessages.Render(TestMessages.Item(MessageTemplate.CaseAssigned)).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MessageTemplate.TellComplainant, "Phone another complainant")]
    [InlineData(MessageTemplate.AdaptedCopyToSend, "Send another complainant an adapted copy")]
    public void A_task_owed_to_another_complainant_says_so_without_naming_them(MessageTemplate template, string heading)
    {
        var forFirst = TestMessages.Message(template);
        var forOther = forFirst with { Fields = forFirst.Fields.Add(new MessageField(CaseMessages.ForOtherComplainantField, "yes")) };

        var first = TestMessages.Render(TestMessages.Item(forFirst));
        var other = TestMessages.Render(TestMessages.Item(forOther));

        Assert.Contains(heading, other.Text, StringComparison.Ordinal);
        Assert.Contains("another person who reported it", other.Text, StringComparison.Ordinal);
        Assert.Contains("another complainant", other.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("another complainant", first.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CaseMessages.ForOtherComplainantField, other.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_officer_asked_to_phone_someone_who_needs_an_interpreter_is_told_the_language()
    {
        var task = TestMessages.Message(MessageTemplate.TellComplainant);
        var withInterpreter = task with { Fields = task.Fields.Add(new MessageField(CaseMessages.InterpreterField, "Urdu")) };

        Assert.Contains("Interpreter needed: yes, Urdu", TestMessages.Render(TestMessages.Item(withInterpreter)).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Interpreter", TestMessages.Render(TestMessages.Item(task)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_escapes_markup_in_an_officers_update()
    {
        var update = new OutgoingMessage(MessageTemplate.Update, new MessageRecipient.ComplainantByEmail(TestMessages.ComplainantEmail),
            new[] { new MessageField("text", "We spoke to them <script>alert('x')</script> & \"they\" agreed.") }.ToValueList());

        var message = TestMessages.Render(TestMessages.Item(update));

        Assert.DoesNotContain("<script>", message.Html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;they&quot;", message.Html);
        Assert.Contains("<script>alert('x')</script> & \"they\" agreed.", message.Text);
    }

    [Fact]
    public void Html_escapes_the_landlords_own_details_too()
    {
        var landlord = TestMessages.Landlord with { Name = "Homes <b>& Co</b>" };

        var message = MessageRenderer.Render(TestMessages.Item(MessageTemplate.CaseAssigned), ProfileLoader.BuiltIn("default"), landlord, TestMessages.Staff, TestMessages.Links);

        Assert.DoesNotContain("<b>", message.Html);
        Assert.Contains("Homes &lt;b&gt;&amp; Co&lt;/b&gt;", message.Html);
    }

    [Fact]
    public void A_letter_for_a_complainant_without_email_goes_to_the_post_room_to_print()
    {
        var item = TestMessages.Item(MessageTemplate.ContactLetter, new MessageRecipient.ComplainantByPost(TestMessages.PostalAddress));

        var message = TestMessages.Render(item);

        Assert.Equal(["post-room@anytown-homes.example"], message.To);
        Assert.Equal(TestMessages.PostalAddress, message.PrintedLetterFor);
        Assert.Contains(TestMessages.Reference, message.Subject);
        Assert.Contains("Flat 4, 12 Station Road", message.Text);
        Assert.Contains("Please contact us by Monday 7 December 2026.", message.Text);
        Assert.Contains("call 999", message.Text);
    }

    [Fact]
    public void An_officer_without_an_address_is_covered_by_the_case_officers_inbox_which_is_told_why()
    {
        var item = TestMessages.Item(MessageTemplate.CaseAssigned, new MessageRecipient.Officer("officer-new-starter"));

        var message = TestMessages.Render(item);

        Assert.Equal(["asb-officers@anytown-homes.example"], message.To);
        Assert.Contains("officer-new-starter, who has no email address set up", message.Text);
    }

    [Fact]
    public void Mail_about_a_restricted_case_for_someone_without_an_address_is_not_passed_on_through_the_shared_inbox()
    {
        var reminder = TestMessages.Message(MessageTemplate.DeadlineReminder, new MessageRecipient.Officer("leader-new-starter")) with { Restricted = true };

        var message = TestMessages.Render(TestMessages.Item(reminder));

        Assert.Equal(["asb-officers@anytown-homes.example"], message.To);
        Assert.Contains("leader-new-starter", message.Text, StringComparison.Ordinal);
        Assert.Contains("restricted to named people", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestMessages.Reference, message.Subject + message.Text + message.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(TestMessages.CaseId, message.Text + message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_case_officers_address_a_staff_message_fails_loudly()
    {
        var staff = new StaffDirectory(new Dictionary<string, string>(), new Dictionary<string, string>());

        var error = Assert.Throws<MessageRenderingException>(() =>
            MessageRenderer.Render(TestMessages.Item(MessageTemplate.CaseAssigned), ProfileLoader.BuiltIn("default"), TestMessages.Landlord, staff, TestMessages.Links));

        Assert.Contains("case-officers", error.Message);
    }

    [Fact]
    public void A_staff_message_addressed_to_a_complainant_is_refused()
    {
        var item = TestMessages.Item(MessageTemplate.ClosureApprovalRequested, new MessageRecipient.ComplainantByEmail(TestMessages.ComplainantEmail));

        var error = Assert.Throws<MessageRenderingException>(() => TestMessages.Render(item));

        Assert.DoesNotContain(TestMessages.ComplainantEmail, error.Message);
    }

    [Fact]
    public void Dates_are_shown_in_uk_local_time_in_summer_too()
    {
        var reminder = new OutgoingMessage(MessageTemplate.DeadlineReminder, new MessageRecipient.Officer(TestMessages.OfficerId),
            new[] { new MessageField("deadline", "FirstResponse"), new MessageField("dueAt", "2026-07-06T14:00:00.0000000+00:00") }.ToValueList());

        var message = TestMessages.Render(TestMessages.Item(reminder));

        Assert.Contains("Monday 6 July 2026 at 3pm", message.Subject);
    }

    [Theory]
    [InlineData("2026-11-23T15:00:00Z", "Monday 23 November 2026 at 3pm")]
    [InlineData("2026-11-23T09:30:00Z", "Monday 23 November 2026 at 9:30am")]
    [InlineData("2026-11-23T12:00:00Z", "Monday 23 November 2026 at midday")]
    [InlineData("2026-11-23T00:00:00Z", "Monday 23 November 2026 at midnight")]
    [InlineData("2026-06-30T23:30:00Z", "Wednesday 1 July 2026 at 12:30am")]
    public void Times_read_as_people_in_the_uk_write_them(string instant, string expected)
    {
        Assert.Equal(expected, UkTime.DateAndTime(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_survey_link_opens_this_case_and_closure_until_the_survey_closes()
    {
        var message = TestMessages.Render(TestMessages.Item(MessageTemplate.SurveyInvitation));
        var link = message.Text.Split('\n').Single(l => l.StartsWith("https://cases.anytown-homes.example/survey/", StringComparison.Ordinal));
        var token = link["https://cases.anytown-homes.example/survey/".Length..];
        var closesAt = DateTimeOffset.Parse("2027-01-04T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var check = TestMessages.SurveyTokens.Verify(token, closesAt.AddMinutes(-1));

        Assert.Equal(new SurveyTokenCheck.Valid(TestMessages.CaseId, 1, closesAt), check);
        Assert.Equal(new SurveyTokenCheck.Invalid(SurveyTokenProblem.Expired), TestMessages.SurveyTokens.Verify(token, closesAt));
        Assert.Contains("The questions close on Monday 4 January 2027 at 3pm.", message.Text);
    }

    [Fact]
    public void The_survey_reminder_link_expires_when_the_profiles_survey_window_closes()
    {
        var profile = ProfileLoader.BuiltIn("default");
        var message = TestMessages.Render(TestMessages.Item(MessageTemplate.SurveyReminder), profile);
        var token = message.Text.Split('\n').Single(l => l.Contains("/survey/", StringComparison.Ordinal)).Split("/survey/")[1];

        var check = Assert.IsType<SurveyTokenCheck.Valid>(TestMessages.SurveyTokens.Verify(token, TestMessages.CreatedAt));

        Assert.Equal(TestMessages.CreatedAt.AddDays(profile.Survey!.WindowDays - profile.Survey.ReminderAfterDays), check.ExpiresAt);
    }

    [Fact]
    public void Closure_messages_use_the_landlords_own_words_for_the_reason()
    {
        var reading = ProfileLoader.BuiltIn("reading");

        var message = TestMessages.Render(TestMessages.Item(MessageTemplate.CaseClosed), reading);

        Assert.Contains(reading.FindClosureReason("behaviour-stopped")!.Text, message.Text);
        Assert.Contains("ASB Case Review", message.Text);
    }
}
