using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

// MK 11.2, PP 6.3 (domain.md "Contact as asked"): the preferred way of contact and the safe times
// are honoured.
public partial class CaseDeciderTests
{
    private static Complainant AsksFor(ContactMethod preferred, string? email = "victim@example.org", string? address = "Flat 2, Elm Court") =>
        Victim(email: email, address: address, preferred: preferred);

    [Fact]
    public void An_update_for_someone_who_asked_to_be_phoned_is_a_task_for_the_officer_not_an_email()
    {
        var spec = For("milton-keynes").At(London(2026, 3, 2, 10, 0)).Reported(complainant: AsksFor(ContactMethod.Phone)).Assigned("officer-7");

        var events = spec.Do(new CaseCommand.SendUpdate("update-1", "We have spoken to your neighbour."));

        var messages = spec.MessagesOf(events);
        Assert.DoesNotContain(messages, m => m.Recipient is MessageRecipient.ComplainantByEmail or MessageRecipient.ComplainantByPost);
        var task = Assert.Single(messages, m => m.Template == MessageTemplate.TellComplainant);
        Assert.Equal(new MessageRecipient.Officer("officer-7"), task.Recipient);
        Assert.Equal("Update", task.Field("news"));
        Assert.Equal("Phone", task.Field("method"));
        Assert.Equal("We have spoken to your neighbour.", task.Field("text"));
        // By the end of the next working day, and the officer's email is not held past it.
        Assert.Equal(London(2026, 3, 3, 10, 0), spec.Pending(DeadlineKind.TellComplainant).DueAt);
        Assert.Equal(London(2026, 3, 3, 10, 0), task.DeadlineDueAt);
    }

    [Fact]
    public void An_update_not_yet_given_by_phone_is_not_yet_contact_with_the_complainant()
    {
        var spec = For("milton-keynes").Reported(complainant: AsksFor(ContactMethod.Phone));

        var events = spec.Do(new CaseCommand.SendUpdate("update-1", "We have spoken to your neighbour."));

        Assert.Empty(events.OfType<ContactMade>());
        Assert.NotNull(spec.File.PendingDeadline(DeadlineKind.FirstResponse));
    }

    [Fact]
    public void Recording_the_call_completes_the_task_and_is_the_contact()
    {
        var spec = For("milton-keynes").Reported(complainant: AsksFor(ContactMethod.Phone));
        spec.Do(new CaseCommand.SendUpdate("update-1", "We have spoken to your neighbour."));

        var events = spec.Do(new CaseCommand.RecordContact("call-1", ContactMethod.Phone));

        Assert.Contains(events.OfType<DeadlineMet>(), m => m.Kind == DeadlineKind.TellComplainant && m.OnTime);
        Assert.Contains(events.OfType<DeadlineMet>(), m => m.Kind == DeadlineKind.FirstResponse);
        Assert.Null(spec.File.PendingDeadline(DeadlineKind.TellComplainant));
    }

    [Fact]
    public void A_call_not_made_by_the_next_working_day_is_escalated_to_the_team_leader()
    {
        var spec = For("milton-keynes").At(London(2026, 3, 6, 15, 0)).Reported(complainant: AsksFor(ContactMethod.Phone));
        spec.Do(new CaseCommand.SendUpdate("update-1", "We have spoken to your neighbour."));
        Assert.Equal(London(2026, 3, 9, 15, 0), spec.Pending(DeadlineKind.TellComplainant).DueAt);

        var fired = spec.AdvanceTo(London(2026, 3, 9, 15, 1));

        var missed = Assert.Single(fired.OfType<DeadlineMissed>(), m => m.Kind == DeadlineKind.TellComplainant);
        Assert.Contains(spec.MessagesOf([missed]), m => m.Template == MessageTemplate.DeadlineEscalation && m.Recipient == new MessageRecipient.Team("team-leader"));
    }

    [Fact]
    public void The_same_update_sent_twice_makes_one_task()
    {
        var spec = For("milton-keynes").Reported(complainant: AsksFor(ContactMethod.Phone));
        spec.Do(new CaseCommand.SendUpdate("update-1", "We have spoken to your neighbour."));

        Assert.Empty(spec.Do(new CaseCommand.SendUpdate("update-1", "We have spoken to your neighbour.")));
    }

    [Fact]
    public void News_that_the_enquiry_is_now_an_investigation_is_a_call_for_someone_who_asked_to_be_phoned()
    {
        var spec = For("reading").Reported(complainant: AsksFor(ContactMethod.Phone)).RiskAssessed();

        var events = spec.Do(new CaseCommand.ConvertToCase());

        var told = Assert.Single(events.OfType<ComplainantToBeTold>());
        Assert.Equal(MessageTemplate.InvestigationStarted, told.News);
        Assert.Contains(told.Fields, f => f.Name == "reviewBy");
        Assert.DoesNotContain(spec.MessagesOf(events), m => m.Template == MessageTemplate.InvestigationStarted);
    }

    [Fact]
    public void Someone_who_asked_for_texts_is_told_of_the_closure_by_text_and_the_officer_can_record_it_after_closing()
    {
        var spec = For("milton-keynes").Reported(complainant: AsksFor(ContactMethod.Text)).Converted().Contacted();

        spec.ClosureApproved();

        var told = Assert.Single(spec.History.OfType<ComplainantToBeTold>(), t => t.News == MessageTemplate.CaseClosed);
        Assert.Equal(ContactMethod.Text, told.Method);
        Assert.IsType<CaseState.Closed>(spec.State);
        var recorded = spec.Do(new CaseCommand.RecordContact("text-1", ContactMethod.Text));
        Assert.Contains(recorded.OfType<DeadlineMet>(), m => m.Kind == DeadlineKind.TellComplainant);
    }

    [Fact]
    public void Someone_who_asked_for_letters_gets_the_update_by_post_even_with_an_email_address()
    {
        var spec = For("milton-keynes").Reported(complainant: AsksFor(ContactMethod.Letter));

        var events = spec.Do(new CaseCommand.SendUpdate("update-1", "We have spoken to your neighbour."));

        var update = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.Update);
        Assert.Equal(new MessageRecipient.ComplainantByPost("Flat 2, Elm Court"), update.Recipient);
        Assert.Equal(ContactMethod.Letter, Assert.Single(events.OfType<ContactMade>()).Method);
    }

    [Fact]
    public void Someone_who_gave_only_a_phone_number_is_phoned_with_news_rather_than_left_untold()
    {
        var spec = For("reading").Reported(complainant: Victim(email: null, address: null, preferred: null)).RiskAssessed();

        var events = spec.Do(new CaseCommand.ConvertToCase());

        Assert.Equal(ContactMethod.Phone, Assert.Single(events.OfType<ComplainantToBeTold>()).Method);
    }

    [Fact]
    public void An_anonymous_reporter_cannot_be_sent_an_update()
    {
        var spec = For().Reported(complainant: Complainant.AnonymousReporter);

        Assert.Contains("no way to reach", spec.Rejects(new CaseCommand.SendUpdate("update-1", "Hello")));
    }

    [Fact]
    public void Someone_who_asked_for_email_is_emailed_as_before()
    {
        var spec = For("reading").Reported(complainant: AsksFor(ContactMethod.Email)).RiskAssessed();

        var events = spec.Do(new CaseCommand.ConvertToCase());

        Assert.Empty(events.OfType<ComplainantToBeTold>());
        Assert.IsType<MessageRecipient.ComplainantByEmail>(Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.InvestigationStarted).Recipient);
    }

    // Emails to someone who said when it is safe wait for those hours, whatever the day.
    [Theory]
    [InlineData("2026-03-02T10:00", "2026-03-02T18:00")] // Monday morning: this evening
    [InlineData("2026-03-02T19:30", "2026-03-02T19:30")] // in the window: at once
    [InlineData("2026-03-02T21:00", "2026-03-03T18:00")] // the window has just ended: tomorrow
    [InlineData("2026-03-07T23:00", "2026-03-08T18:00")] // Saturday night: Sunday evening, not Monday
    [InlineData("2026-03-28T22:00", "2026-03-29T18:00")] // the night the clocks go forward: 18:00 BST
    [InlineData("2026-12-24T22:00", "2026-12-25T18:00")] // Christmas Day is not skipped: it is their time
    public void An_email_to_someone_with_safe_hours_waits_for_them(string writtenAt, string sentAt)
    {
        var spec = For().At(Local(writtenAt)).Reported(complainant: Victim() with { SafeToEmail = new SafeHours(new TimeOnly(18, 0), new TimeOnly(21, 0)) });

        var code = Assert.Single(spec.MessagesOf(spec.History), m => m.Template == MessageTemplate.Acknowledgement);

        Assert.Equal(Local(sentAt), CaseMessages.SendAt(code, spec.Now, spec.Calendar));
    }

    [Fact]
    public void An_email_to_someone_without_safe_hours_goes_at_once()
    {
        var spec = For().At(London(2026, 3, 7, 23, 0)).Reported();

        var code = Assert.Single(spec.MessagesOf(spec.History), m => m.Template == MessageTemplate.Acknowledgement);

        Assert.Equal(spec.Now, CaseMessages.SendAt(code, spec.Now, spec.Calendar));
    }

    [Fact]
    public void Safe_hours_shorter_than_an_hour_or_ending_before_they_start_are_not_valid()
    {
        Assert.True(new SafeHours(new TimeOnly(18, 0), new TimeOnly(19, 0)).IsValid);
        Assert.False(new SafeHours(new TimeOnly(18, 0), new TimeOnly(18, 30)).IsValid);
        Assert.False(new SafeHours(new TimeOnly(21, 0), new TimeOnly(18, 0)).IsValid);
    }

    private static DateTimeOffset Local(string at)
    {
        var local = DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        return London(local.Year, local.Month, local.Day, local.Hour, local.Minute);
    }
}

// RBC 9: "Correspondence to be translated into different languages or easy read copies if
// required"; MK 11.2, PP 6.3: large print, Braille and audio on request.
public partial class CaseDeciderTests
{
    private static Complainant Needing(string? language = null, params string[] needs) =>
        Victim() with { Language = language, AccessibilityNeeds = needs.ToValueList() };

    [Fact]
    public void The_victims_code_to_someone_who_asked_for_easy_read_needs_an_easy_read_copy_within_a_week()
    {
        var spec = For("reading").At(London(2026, 3, 2, 10, 0));

        spec.Reported(complainant: Needing(needs: "Easy read"));

        var task = Assert.Single(spec.History.OfType<AdaptedCopyNeeded>());
        Assert.Equal(MessageTemplate.Acknowledgement, task.Message);
        Assert.Equal(["easy read"], task.Formats);
        Assert.Equal(London(2026, 3, 9, 10, 0), spec.Pending(DeadlineKind.AdaptedCopy).DueAt);
        var toStaff = Assert.Single(spec.MessagesOf([task]));
        Assert.Equal(MessageTemplate.AdaptedCopyToSend, toStaff.Template);
        Assert.Equal(new MessageRecipient.Team(CaseMessages.UnassignedQueue), toStaff.Recipient);
        // The standard copy still goes at once.
        Assert.Contains(spec.MessagesOf(spec.History), m => m.Template == MessageTemplate.Acknowledgement && m.Recipient is MessageRecipient.ComplainantByEmail);
    }

    [Theory]
    [InlineData("Polish", new string[0], "a translation into Polish")]
    [InlineData(" Polish ", new[] { "Large print", "Braille" }, "large print; braille; a translation into Polish")]
    [InlineData("English", new[] { "Audio" }, "audio")]
    [InlineData(null, new[] { "Meeting at home rather than in an office" }, "")]
    public void The_copies_needed_are_the_formats_and_language_asked_for(string? language, string[] needs, string expected)
    {
        Assert.Equal(expected, string.Join("; ", Needing(language, needs).AdaptedFormats));
    }

    [Fact]
    public void Each_written_update_needs_its_own_copy_and_sending_it_completes_that_one()
    {
        var spec = For("milton-keynes").Reported(complainant: Needing("Polish"));
        var update = spec.Do(new CaseCommand.SendUpdate("update-1", "We have spoken to your neighbour."));
        var task = Assert.Single(update.OfType<AdaptedCopyNeeded>());
        Assert.Equal(MessageTemplate.Update, task.Message);
        Assert.Contains(task.Fields, f => f.Name == "text" && f.Value == "We have spoken to your neighbour.");
        Assert.Equal(2, spec.File.AdaptedCopiesDue.Count);

        var sent = spec.Do(new CaseCommand.SendAdaptedCopy(task.TaskId));

        Assert.Contains(sent.OfType<DeadlineMet>(), m => m.Kind == DeadlineKind.AdaptedCopy && m.OnTime);
        Assert.Single(spec.File.AdaptedCopiesDue);
        Assert.Empty(spec.Do(new CaseCommand.SendAdaptedCopy(task.TaskId)));
        Assert.Contains("no such copy", spec.Rejects(new CaseCommand.SendAdaptedCopy("copy-999")));
    }

    [Fact]
    public void News_given_by_phone_needs_no_written_copy_but_the_victims_code_still_does()
    {
        var spec = For("reading").Reported(complainant: Needing("Polish") with { PreferredContact = ContactMethod.Phone }).RiskAssessed();

        var events = spec.Do(new CaseCommand.ConvertToCase());

        Assert.Empty(events.OfType<AdaptedCopyNeeded>());
        Assert.Single(events.OfType<ComplainantToBeTold>());
        Assert.Equal(MessageTemplate.Acknowledgement, Assert.Single(spec.History.OfType<AdaptedCopyNeeded>()).Message);
    }
}
