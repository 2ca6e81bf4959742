using HateCase.Domain.Cases;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

// RBC 9: a case has everyone who reported it, each with their own regular contact, updates,
// closure notice and survey, and none is told who else reported.
public partial class CaseDeciderTests
{
    private const string Neighbour = "neighbour@example.org";

    // A second person's report about the same party, accepted onto the case by the officer.
    private static CaseSpec WithSecondComplainant(CaseSpec spec, string reportId = "r-2", Complainant? who = null)
    {
        spec.Do(new CaseCommand.ReceiveRelatedReport(reportId, ReportChannel.WebForm,
            who ?? Victim(Neighbour) with { Name = "B Neighbour" }, AsbReport(), "reporter-2", []));
        spec.Do(new CaseCommand.AcceptRelatedReport(reportId));
        return spec;
    }

    [Fact]
    public void A_second_person_whose_report_is_accepted_is_owed_contact_every_ten_working_days_of_their_own()
    {
        var spec = WithSecondComplainant(For("default").At(London(2026, 3, 2, 10, 0)).Reported().Contacted());

        var theirs = spec.File.Deadlines.Single(x => x.Kind == DeadlineKind.RegularContact && x.About == "r-2");
        Assert.Equal(London(2026, 3, 16, 10, 0), theirs.DueAt);
        Assert.Single(spec.File.Deadlines, x => x.Kind == DeadlineKind.RegularContact && x.About is null);
    }

    [Fact]
    public void Contact_with_one_complainant_keeps_only_that_ones_promise()
    {
        var spec = WithSecondComplainant(For("default").At(London(2026, 3, 2, 10, 0)).Reported().Contacted());
        spec.At(London(2026, 3, 5, 10, 0));

        var events = spec.Do(new CaseCommand.RecordContact("contact-b", ContactMethod.Phone, With: "r-2"));

        var met = Assert.Single(events.OfType<DeadlineMet>());
        Assert.Equal(DeadlineKind.RegularContact, met.Kind);
        Assert.Equal(London(2026, 3, 19, 10, 0), spec.File.Deadlines.Single(x => x.Kind == DeadlineKind.RegularContact && x.About == "r-2").DueAt);
        Assert.Equal(London(2026, 3, 16, 10, 0), spec.File.Deadlines.Single(x => x.Kind == DeadlineKind.RegularContact && x.About is null).DueAt);
        Assert.Equal(London(2026, 3, 2, 10, 0), spec.File.Contact.LastContactAt);
    }

    [Fact]
    public void An_update_for_the_second_complainant_goes_to_them_alone()
    {
        var spec = WithSecondComplainant(For("default").Reported());

        var events = spec.Do(new CaseCommand.SendUpdate("update-b", "We have spoken to the neighbour.", To: "r-2"));

        var update = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.Update);
        Assert.Equal(new MessageRecipient.ComplainantByEmail(Neighbour), update.Recipient);
    }

    [Fact]
    public void An_update_for_the_second_complainant_is_not_copied_into_the_first_complainants_language()
    {
        var spec = WithSecondComplainant(For("default").Reported(complainant: Victim() with { Language = "Gujarati" }));
        Assert.NotEmpty(spec.File.Complainant.AdaptedFormats!);

        var events = spec.Do(new CaseCommand.SendUpdate("update-b", "We have spoken to the neighbour.", To: "r-2"));

        Assert.Empty(events.OfType<AdaptedCopyNeeded>());
    }

    [Fact]
    public void Every_complainant_is_told_the_case_closed_each_in_a_message_of_their_own_that_names_no_one_else()
    {
        var spec = WithSecondComplainant(For("default").Reported()).Converted();

        spec.ClosureApproved();

        var closed = spec.MessagesOf(spec.History).Where(m => m.Template == MessageTemplate.CaseClosed).ToList();
        Assert.Equal(
            [new MessageRecipient.ComplainantByEmail("victim@example.org"), new MessageRecipient.ComplainantByEmail(Neighbour)],
            closed.Select(m => m.Recipient));
        Assert.All(closed, m => Assert.DoesNotContain(m.Fields, f => f.Value.Contains("Neighbour", StringComparison.Ordinal) || f.Value.Contains("Resident", StringComparison.Ordinal)));
    }

    [Fact]
    public void Each_complainant_gets_a_survey_link_of_their_own_and_answers_it_once()
    {
        var spec = WithSecondComplainant(For("default").At(London(2026, 9, 1, 10, 0)).Reported()).Converted().ClosureApproved();

        var fired = spec.AdvanceTo(London(2026, 9, 3, 10, 0));

        var invitations = spec.MessagesOf(fired).Where(m => m.Template == MessageTemplate.SurveyInvitation).ToList();
        Assert.Equal([null, "r-2"], invitations.Select(m => m.Field(CaseMessages.RespondentField)));
        var theirs = spec.Do(new CaseCommand.RecordSurveyAnswer(2, 1, false, null, Respondent: "r-2"));
        Assert.Equal("r-2", theirs.Single<SurveyAnswered>().Respondent);
        Assert.Contains("already been answered", spec.Rejects(new CaseCommand.RecordSurveyAnswer(5, 5, true, null, Respondent: "r-2")));
        Assert.Null(spec.Do(new CaseCommand.RecordSurveyAnswer(4, 4, true, null)).Single<SurveyAnswered>().Respondent);
    }

    [Fact]
    public void The_survey_reminder_goes_only_to_those_who_have_not_answered()
    {
        var spec = WithSecondComplainant(For("default").At(London(2026, 9, 1, 10, 0)).Reported()).Converted().ClosureApproved();
        spec.AdvanceTo(London(2026, 9, 3, 10, 0));
        spec.Do(new CaseCommand.RecordSurveyAnswer(4, 4, true, null));

        var fired = spec.AdvanceTo(London(2026, 10, 1, 10, 0));

        var reminder = Assert.Single(spec.MessagesOf(fired), m => m.Template == MessageTemplate.SurveyReminder);
        Assert.Equal(new MessageRecipient.ComplainantByEmail(Neighbour), reminder.Recipient);
    }

    [Fact]
    public void A_survey_link_for_someone_not_on_the_case_is_refused()
    {
        var spec = For("default").Reported().Converted().ClosureApproved();

        Assert.Contains("not for anyone on the case", spec.Rejects(new CaseCommand.RecordSurveyAnswer(3, 3, null, null, Respondent: "r-9")));
    }

    [Fact]
    public void A_declined_report_does_not_make_its_reporter_a_complainant()
    {
        var spec = For("default").Reported();
        spec.Do(new CaseCommand.ReceiveRelatedReport("r-2", ReportChannel.WebForm, Victim(Neighbour), AsbReport(), "reporter-2", []));

        spec.Do(new CaseCommand.DeclineRelatedReport("r-2", "A different matter."));

        Assert.Empty(spec.File.OtherComplainants);
        Assert.Contains("accept their report onto the case first", spec.Rejects(new CaseCommand.SendUpdate("u-1", "News.", To: "r-2")));
    }

    [Fact]
    public void The_complainant_reporting_again_is_not_a_second_complainant()
    {
        var spec = For("default").Reported();

        spec.Do(new CaseCommand.ReceiveRelatedReport("r-2", ReportChannel.WebForm, Victim(), AsbReport(), "reporter-1", []));
        spec.Do(new CaseCommand.AcceptRelatedReport("r-2"));

        Assert.Empty(spec.File.JoinedComplainants());
    }

    [Fact]
    public void Someone_who_asked_to_be_called_is_told_by_the_officer_not_sent_an_update()
    {
        var spec = WithSecondComplainant(For("default").Reported(), who: Victim(email: null, phone: "07700 900456", preferred: ContactMethod.Phone));

        Assert.Contains("record the contact", spec.Rejects(new CaseCommand.SendUpdate("u-1", "News.", To: "r-2")));
    }

    [Fact]
    public void A_second_complainant_who_asked_to_be_called_is_told_the_case_closed_by_the_officer_not_by_email()
    {
        var spec = WithSecondComplainant(For("default").At(London(2026, 3, 2, 10, 0)).Reported(),
            who: Victim(email: "caller@example.org", phone: "07700 900456", preferred: ContactMethod.Phone)).Converted();

        var before = spec.History.Count;
        var events = spec.ClosureApproved().History.Skip(before).ToList();

        var task = Assert.Single(events.OfType<ComplainantToBeTold>());
        Assert.Equal(("r-2", MessageTemplate.CaseClosed, ContactMethod.Phone), (task.For, task.News, task.Method));
        var messages = spec.MessagesOf(events);
        Assert.DoesNotContain(messages, m => m.Recipient == new MessageRecipient.ComplainantByEmail("caller@example.org"));
        var officersTask = Assert.Single(messages, m => m.Template == MessageTemplate.TellComplainant);
        Assert.Equal("yes", officersTask.Field(CaseMessages.ForOtherComplainantField));
        Assert.Contains(messages, m => m is { Template: MessageTemplate.CaseClosed, Recipient: MessageRecipient.ComplainantByEmail { Email: "victim@example.org" } });
    }

    [Fact]
    public void Telling_the_second_complainant_keeps_only_their_task_and_contact_with_the_first_keeps_only_the_firsts()
    {
        var caller = Victim(email: null, phone: "07700 900456", preferred: ContactMethod.Phone);
        var spec = WithSecondComplainant(For("default").At(London(2026, 3, 2, 10, 0)).Reported(complainant: caller), who: caller with { Phone = "07700 900789" });
        spec.Converted();
        var tasks = spec.History.OfType<ComplainantToBeTold>().ToList();
        Assert.Equal([null, "r-2"], tasks.Select(t => t.For));
        var secondsTask = spec.File.Deadlines.Single(x => x.Kind == DeadlineKind.TellComplainant && x.About == tasks[1].TaskId);

        var withFirst = spec.Do(new CaseCommand.RecordContact("call-a", ContactMethod.Phone));

        Assert.DoesNotContain(withFirst.OfType<DeadlineMet>(), m => m.DeadlineId == secondsTask.Id);
        Assert.Contains(spec.File.Deadlines, x => x.Id == secondsTask.Id);
        var withSecond = spec.Do(new CaseCommand.RecordContact("call-b", ContactMethod.Phone, With: "r-2"));
        Assert.Contains(withSecond.OfType<DeadlineMet>(), m => m.DeadlineId == secondsTask.Id);
        Assert.DoesNotContain(spec.File.Deadlines, x => x.Kind == DeadlineKind.TellComplainant);
    }

    [Fact]
    public void A_second_complainant_who_reads_Polish_is_owed_a_translated_copy_of_their_own_closure_notice()
    {
        var spec = WithSecondComplainant(For("default").At(London(2026, 3, 2, 10, 0)).Reported(),
            who: Victim(Neighbour) with { Name = "B Neighbour", Language = "Polish" }).Converted();

        var before = spec.History.Count;
        var events = spec.ClosureApproved().History.Skip(before).ToList();

        var copy = Assert.Single(events.OfType<AdaptedCopyNeeded>());
        Assert.Equal(("r-2", MessageTemplate.CaseClosed), (copy.For, copy.Message));
        Assert.Equal(["a translation into Polish"], copy.Formats);
        Assert.Equal(London(2026, 3, 9, 10, 0), copy.SendBy);
        Assert.Contains(spec.File.Deadlines, x => x.Kind == DeadlineKind.AdaptedCopy && x.About == copy.TaskId);
        var task = Assert.Single(spec.MessagesOf(events), m => m.Template == MessageTemplate.AdaptedCopyToSend);
        Assert.Equal("yes", task.Field(CaseMessages.ForOtherComplainantField));
    }

    [Fact]
    public void The_officer_asked_to_phone_a_second_complainant_who_needs_an_interpreter_is_told_the_language_and_so_is_the_digest()
    {
        var needsOne = Victim(email: null, phone: "07700 900456", preferred: ContactMethod.Phone) with { Language = "Urdu", InterpreterNeeded = true };
        var spec = WithSecondComplainant(For("default").At(London(2026, 3, 2, 10, 0)).Reported(), who: needsOne);
        var before = spec.History.Count;

        spec.Converted();

        var task = Assert.Single(spec.MessagesOf(spec.History.Skip(before)), m => m.Template == MessageTemplate.TellComplainant);
        Assert.Equal("Urdu", task.Field(CaseMessages.InterpreterField));
        Assert.All(DailyDigest.EntriesFor("case-1", spec.State, new DateOnly(2026, 3, 2), WorkingCalendar.EnglandAndWales),
            e => Assert.Equal("Urdu", e.Interpreter));
    }
}
