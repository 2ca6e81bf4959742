using System.Text.Json;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Measures;
using HateCase.Domain.Retention;
using HateCase.Domain.Tests.Cases;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Retention;

public class PersonErasureTests
{
    private static readonly string[] PriyasWords =
    [
        "Priya Shah", "priya@example.org", "07700 900456", "Flat 9, Elm Court", "after 6pm", "Gujarati",
        "shouted slurs at Priya", "We told her about the CPW", "wrote back about the bins", "officer did not listen", "reporter-key-1",
    ];

    private static readonly string[] LeesWords = ["Ms Lee", "ms.lee@example.org", "second report from Ms Lee", "reporter-key-2"];

    private static Complainant Priya() => new(
        Anonymous: false, IsVictim: true, Name: "Priya Shah", Email: "priya@example.org", Phone: "07700 900456",
        PostalAddress: "Flat 9, Elm Court", PreferredContact: ContactMethod.Email, SafeTimesToContact: "after 6pm",
        Language: "Gujarati", InterpreterNeeded: true, AccessibilityNeeds: ValueList<string>.Empty, ConsentToShareWithPartners: true);

    // Priya reports; Ms Lee sends a related report; updates, a reply and a survey answer follow.
    private static CaseSpec TwoReporters()
    {
        var spec = For();
        spec.Do(new CaseCommand.ReportCase("HC-2026-000778", ReportChannel.WebForm, Priya(),
            HateReport() with { Description = "A neighbour shouted slurs at Priya.", PartyKey = "party-key-1" },
            "incident-1", "reporter-key-1", ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: false));
        spec.Do(new CaseCommand.AssessRisk("assessment-1", HighRiskAnswers, ValueList.Of("race")));
        spec.Do(new CaseCommand.SendUpdate("contact-1", "We told her about the CPW."));
        spec.Do(new CaseCommand.ReceiveRelatedReport("report-2", ReportChannel.Email,
            Victim(email: "ms.lee@example.org") with { Name = "Ms Lee" },
            HateReport() with { Description = "second report from Ms Lee", PartyKey = "party-key-1" }, "reporter-key-2", ValueList<DateTimeOffset>.Empty));
        spec.Do(new CaseCommand.AcceptRelatedReport("report-2"));
        spec.Do(new CaseCommand.RecordCorrespondence("mail-1", ReportChannel.Email, "wrote back about the bins"));
        spec.Do(new CaseCommand.ConvertToCase());
        spec.ClosureApproved();
        spec.Do(new CaseCommand.RecordSurveyAnswer(4, 3, true, "officer did not listen"));
        return spec;
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static (CaseState State, IReadOnlyList<CaseEvent> Chronology) Erased(CaseSpec spec, string person)
    {
        spec.Do(new CaseCommand.ErasePersonalData(person, "Asked by letter of 3 March.", "admin-1"));
        return (spec.State, PersonalData.Erase(spec.History, person));
    }

    [Fact]
    public void Erasing_the_complainant_removes_their_details_their_report_and_what_was_written_to_them()
    {
        var spec = TwoReporters();
        Assert.All(PriyasWords, word => Assert.Contains(word, Json(spec.State) + string.Concat(spec.History.Select(Json)), StringComparison.Ordinal));

        var (state, chronology) = Erased(spec, PersonInCase.ComplainantName);

        var all = Json(state) + string.Concat(chronology.Select(Json));
        Assert.All(PriyasWords, word => Assert.DoesNotContain(word, all, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Erasing_the_complainant_keeps_the_other_reporters_data()
    {
        var (state, chronology) = Erased(TwoReporters(), PersonInCase.ComplainantName);

        var all = Json(state) + string.Concat(chronology.Select(Json));
        Assert.All(LeesWords, word => Assert.Contains(word, all, StringComparison.Ordinal));
        Assert.Equal("ms.lee@example.org", chronology.OfType<VictimsCodeSent>().Last().To?.Email);
    }

    [Fact]
    public void Erasing_a_related_reporter_removes_their_report_and_their_Victims_Code_letter_and_nothing_of_the_complainant()
    {
        var (state, chronology) = Erased(TwoReporters(), "related-report:report-2");

        var all = Json(state) + string.Concat(chronology.Select(Json));
        Assert.All(LeesWords, word => Assert.DoesNotContain(word, all, StringComparison.OrdinalIgnoreCase));
        Assert.All(PriyasWords, word => Assert.Contains(word, all, StringComparison.Ordinal));
        Assert.Null(chronology.OfType<VictimsCodeSent>().Last().To);
    }

    [Fact]
    public void A_related_reporter_who_became_a_complainant_is_written_to_no_more_once_erased()
    {
        var spec = For();
        spec.Do(new CaseCommand.ReportCase("HC-2026-000779", ReportChannel.WebForm, Priya(), HateReport(),
            "incident-1", "reporter-key-1", ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: false));
        spec.Do(new CaseCommand.ReceiveRelatedReport("report-2", ReportChannel.Email,
            Victim(email: "ms.lee@example.org") with { Name = "Ms Lee" }, HateReport(), "reporter-key-2", ValueList<DateTimeOffset>.Empty));
        spec.Do(new CaseCommand.AcceptRelatedReport("report-2"));
        spec.Do(new CaseCommand.SendUpdate("update-lee", "We have your report.", To: "report-2"));

        var (_, chronology) = Erased(spec, "related-report:report-2");

        Assert.DoesNotContain("We have your report.", string.Concat(chronology.Select(Json)), StringComparison.Ordinal);
        Assert.Contains("no way to reach them", spec.Rejects(new CaseCommand.SendUpdate("update-lee-2", "More news.", To: "report-2")));
        spec.Converted();
        spec.ClosureApproved();
        Assert.DoesNotContain(spec.MessagesOf(spec.History), m => m.Recipient is MessageRecipient.ComplainantByEmail { Email: "ms.lee@example.org" } && m.Template == MessageTemplate.CaseClosed);
    }

    [Fact]
    public void Erasing_the_complainant_keeps_the_dates_and_deadlines_the_measures_count()
    {
        var spec = TwoReporters();
        var before = (CaseState.Closed)spec.State;
        var factsBefore = CaseMeasureFacts.Of(spec.History);

        var (state, chronology) = Erased(spec, PersonInCase.ComplainantName);

        var after = (CaseState.Closed)state;
        Assert.Equal(before.Outcome, after.Outcome);
        Assert.Equal(
            (before.File.Reference, before.File.ReportedAt, before.File.Channel, before.File.IsHate, before.File.HateStrands, before.File.Risk,
                before.File.Deadlines, before.File.Overdue, before.File.DeadlinesSet, before.File.Closures, before.File.PartyKey),
            (after.File.Reference, after.File.ReportedAt, after.File.Channel, after.File.IsHate, after.File.HateStrands, after.File.Risk,
                after.File.Deadlines, after.File.Overdue, after.File.DeadlinesSet, after.File.Closures, after.File.PartyKey));
        Assert.Equal(spec.History.Take(spec.History.Count - 1).Select(e => (e.GetType(), e.At)), chronology.Take(chronology.Count - 1).Select(e => (e.GetType(), e.At)));
        // The recorder folds the erasure's turn into the facts it keeps, which do not change.
        Assert.Equal(Json(factsBefore!), Json(CaseMeasureFacts.Next(factsBefore, [chronology[^1]], state)!));
        Assert.Equal(spec.History.OfType<DeadlineMet>(), chronology.OfType<DeadlineMet>());
        var survey = chronology.OfType<SurveyAnswered>().Single();
        Assert.Equal((4, 3), (survey.SatisfactionWithHandling, survey.SatisfactionWithOutcome));
    }

    [Fact]
    public void The_erasure_is_in_the_chronology_with_who_asked_when_and_why()
    {
        var spec = TwoReporters();

        var events = spec.Do(new CaseCommand.ErasePersonalData(PersonInCase.ComplainantName, "  Asked by letter of 3 March. ", "admin-1"));

        Assert.Equal(new PersonalDataErased(spec.Now, "complainant", "admin-1", "Asked by letter of 3 March."), events.Single<PersonalDataErased>());
        Assert.Equal(ValueList.Of("complainant"), spec.File.ErasedPeople);
    }

    [Fact]
    public void Erasing_the_same_person_again_changes_nothing()
    {
        var spec = TwoReporters();
        var (_, once) = Erased(spec, PersonInCase.ComplainantName);

        Assert.Empty(spec.Do(new CaseCommand.ErasePersonalData(PersonInCase.ComplainantName, "Asked again.", "admin-2")));
        Assert.Equal(once.Select(Json), PersonalData.Erase(once, PersonInCase.ComplainantName).Select(Json));
    }

    [Fact]
    public void A_case_under_legal_hold_keeps_the_data_needed_for_legal_claims()
    {
        var spec = TwoReporters();
        spec.Do(new CaseCommand.HoldCase(LegalHoldReason.LegalAction, "Claim issued.", "leader-1"));

        var reason = spec.Rejects(new CaseCommand.ErasePersonalData(PersonInCase.ComplainantName, "Asked by letter.", "admin-1"));

        Assert.Contains("legal hold", reason, StringComparison.Ordinal);
        Assert.Contains("Art. 17(3)(e)", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("someone", "Name the person")]
    [InlineData("related-report:report-9", "no related report with that id")]
    [InlineData("related-report:", "Name the person")]
    public void A_person_the_case_does_not_hold_is_refused(string person, string expected)
    {
        var reason = TwoReporters().Rejects(new CaseCommand.ErasePersonalData(person, "Asked by letter.", "admin-1"));

        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line one\nline two")]
    public void An_empty_or_multi_line_reason_is_refused(string reason) =>
        Assert.Contains("reason", TwoReporters().Rejects(new CaseCommand.ErasePersonalData("complainant", reason, "admin-1")), StringComparison.Ordinal);

    [Fact]
    public void An_over_long_reason_is_refused() =>
        Assert.Contains("200 characters", TwoReporters().Rejects(
            new CaseCommand.ErasePersonalData("complainant", new string('a', PersonInCase.MaxReasonLength + 1), "admin-1")), StringComparison.Ordinal);

    [Fact]
    public void An_open_case_goes_on_reminding_staff_after_the_complainant_is_erased_and_sends_them_nothing_more()
    {
        var spec = For().Reported(complainant: Priya()).RiskAssessed();
        spec.Do(new CaseCommand.ErasePersonalData(PersonInCase.ComplainantName, "Asked by phone.", "admin-1"));

        var fired = spec.AdvanceTo(spec.Now.AddDays(40));
        spec.Do(new CaseCommand.ConvertToCase());
        var messages = spec.MessagesOf(spec.History.Skip(spec.History.ToList().FindIndex(e => e is PersonalDataErased)));

        Assert.Contains(fired, e => e is DeadlineMissed);
        Assert.Contains(messages, m => m.Template == MessageTemplate.DeadlineEscalation);
        Assert.DoesNotContain(messages, m => m.Recipient is MessageRecipient.ComplainantByEmail or MessageRecipient.ComplainantByPost);
        Assert.DoesNotContain(spec.History, e => e is ComplainantToBeTold or AdaptedCopyNeeded && spec.History.ToList().IndexOf(e) > spec.History.ToList().FindIndex(x => x is PersonalDataErased));
        Assert.Contains("no way to reach", spec.Rejects(new CaseCommand.SendUpdate("contact-9", "Any news.")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_adapted_for_another_complainant_goes_with_them_when_they_are_erased_and_stays_when_the_complainant_is()
    {
        var spec = For();
        spec.Do(new CaseCommand.ReportCase("HC-2026-000780", ReportChannel.WebForm, Priya(), HateReport(),
            "incident-1", "reporter-key-1", ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: false));
        spec.Do(new CaseCommand.ReceiveRelatedReport("report-2", ReportChannel.Email,
            Victim(email: "ms.lee@example.org") with { Name = "Ms Lee", Language = "Polish" }, HateReport(), "reporter-key-2", ValueList<DateTimeOffset>.Empty));
        spec.Do(new CaseCommand.AcceptRelatedReport("report-2"));
        spec.Converted();
        spec.ClosureApproved();
        Assert.Contains(spec.History, e => e is AdaptedCopyNeeded { For: "report-2" });

        var (_, leeErased) = Erased(spec, "related-report:report-2");
        var (_, priyaErased) = Erased(spec, PersonInCase.ComplainantName);

        Assert.DoesNotContain("Polish", string.Concat(leeErased.Select(Json)), StringComparison.Ordinal);
        Assert.Contains("Gujarati", string.Concat(leeErased.Select(Json)), StringComparison.Ordinal);
        Assert.Contains("Polish", string.Concat(priyaErased.Select(Json)), StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_go_with_the_person_they_were_written_to()
    {
        var spec = TwoReporters();
        var owners = PersonalData.Owners(spec.History);
        var leeCode = spec.History.ToList().FindLastIndex(e => e is VictimsCodeSent);
        var closed = spec.History.ToList().FindIndex(e => e is CaseClosed);

        Assert.True(PersonalData.MessageGoesWith("related-report:report-2", owners[leeCode], MessageTemplate.Acknowledgement));
        Assert.False(PersonalData.MessageGoesWith("complainant", owners[leeCode], MessageTemplate.Acknowledgement));
        Assert.True(PersonalData.MessageGoesWith("complainant", owners[closed], MessageTemplate.CaseClosed));
        Assert.False(PersonalData.MessageGoesWith("complainant", owners[closed], MessageTemplate.DeadlineReminder));
    }
}
