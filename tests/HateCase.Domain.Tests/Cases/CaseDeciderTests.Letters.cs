using HateCase.Domain.Cases;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

// MK 11.2, PP 6.3: a letter to a complainant is the post room's task, posted by the next working
// day and recorded; one that is not is escalated like any missed promise.
public partial class CaseDeciderTests
{
    private static Complainant ByPostOnly() => Victim(email: null, phone: null, address: "Flat 4, 12 Station Road, Anytown AN1 2BC", preferred: ContactMethod.Letter);

    [Fact]
    public void The_Victims_Code_posted_to_someone_without_email_on_a_Friday_afternoon_is_to_be_posted_by_Monday_afternoon()
    {
        var spec = For("default").At(London(2026, 3, 6, 15, 0)).Reported(complainant: ByPostOnly());

        var task = spec.History.Single<LetterToPost>();
        Assert.Equal(MessageTemplate.Acknowledgement, task.Message);
        Assert.Equal(London(2026, 3, 9, 15, 0), task.PostBy);
        Assert.Equal(task.TaskId, spec.Pending(DeadlineKind.LetterPosted).About);
    }

    [Fact]
    public void Recording_the_letter_posted_keeps_the_promise_once()
    {
        var spec = For("default").Reported(complainant: ByPostOnly());
        var taskId = spec.History.Single<LetterToPost>().TaskId;

        var posted = spec.Do(new CaseCommand.RecordLetterPosted(taskId));

        Assert.True(posted.Single<DeadlineMet>().OnTime);
        Assert.Empty(spec.File.LettersToPost);
        Assert.Empty(spec.Do(new CaseCommand.RecordLetterPosted(taskId)));
        Assert.Contains("no such letter", spec.Rejects(new CaseCommand.RecordLetterPosted("letter-99")));
    }

    [Fact]
    public void A_letter_not_recorded_as_posted_is_escalated_to_the_team_leader()
    {
        var spec = For("default").At(London(2026, 3, 2, 10, 0)).Reported(complainant: ByPostOnly());

        var fired = spec.AdvanceTo(London(2026, 3, 3, 10, 30));

        var missed = Assert.Single(fired.OfType<DeadlineMissed>(), m => m.Kind == DeadlineKind.LetterPosted);
        Assert.Contains(spec.MessagesOf([missed]), m => m.Template == MessageTemplate.DeadlineEscalation);
    }

    [Fact]
    public void Closing_the_case_leaves_its_letters_still_to_post_and_adds_the_closure_letter()
    {
        var spec = For("default").Reported(complainant: ByPostOnly()).Converted();
        var beforeClosure = spec.History.OfType<LetterToPost>().Count();

        spec.ClosureApproved();

        Assert.Equal(beforeClosure + 1, spec.File.Deadlines.Count(x => x.Kind == DeadlineKind.LetterPosted));
        Assert.Equal(MessageTemplate.CaseClosed, spec.History.OfType<LetterToPost>().Last().Message);
    }

    [Fact]
    public void Email_sets_no_letter_to_post()
    {
        var spec = For("default").Reported().Converted().ClosureApproved();

        Assert.Empty(spec.History.OfType<LetterToPost>());
    }
}
