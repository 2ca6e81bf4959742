using System.Text.Json;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Retention;
using HateCase.Domain.Tests.Cases;
using static HateCase.Domain.Cases.CaseEvent;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Retention;

public class PersonalDataTests
{
    // Every piece of personal data a case can hold, each written so that it cannot be mistaken.
    private static readonly string[] PersonalWords =
    [
        "Priya Shah", "priya@example.org", "07700 900456", "Flat 9, Elm Court", "after 6pm", "Gujarati", "large print",
        "landing of block C", "shouted slurs", "man in a red coat", "Mr Jones at number 4", "cannot sleep", "CR/1234/26",
        "reporter-key-1", "party-key-1", "told her about the CPW", "second report from Ms Lee", "ms.lee@example.org",
        "Ms Lee", "abuse again at the bins", "not the same neighbour", "mediation on Tuesday", "injunction granted to Mr Jones",
        "still worried", "wrote back about the bins", "hearing at Milton Keynes county court", "court case over",
        "new evidence from Ms Lee", "officer did not listen", "Mr Jones has a support worker", "Elm Court residents group",
        "her son is at risk", "her sister took her in",
    ];

    private static Complainant Priya() => new(
        Anonymous: false, IsVictim: true, Name: "Priya Shah", Email: "priya@example.org", Phone: "07700 900456",
        PostalAddress: "Flat 9, Elm Court", PreferredContact: ContactMethod.Phone, SafeTimesToContact: "after 6pm",
        Language: "Gujarati", InterpreterNeeded: true, AccessibilityNeeds: ValueList.Of("large print"), ConsentToShareWithPartners: true);

    private static IncidentReport Slurs() => HateReport() with
    {
        Location = "landing of block C", Description = "A neighbour shouted slurs.", PeopleInvolved = "man in a red coat",
        Witnesses = "Mr Jones at number 4", ImpactOnYou = "cannot sleep", CrimeReference = "CR/1234/26", PoliceInvolved = true,
        PartyKey = "party-key-1",
    };

    // A case that has been through everything that records personal data, then closed.
    private static CaseSpec EverythingRecorded()
    {
        var spec = For();
        spec.Do(new CaseCommand.ReportCase("HC-2026-000777", ReportChannel.WebForm, Priya(), Slurs(), "incident-1",
            "reporter-key-1", ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: false));
        spec.Do(new CaseCommand.AssessRisk("assessment-1", HighRiskAnswers, ValueList.Of("race")));
        spec.Do(new CaseCommand.SendUpdate("contact-1", "We told her about the CPW."));
        spec.Do(new CaseCommand.ReceiveRelatedReport("report-2", ReportChannel.Email,
            Victim(email: "ms.lee@example.org") with { Name = "Ms Lee" },
            Slurs() with { Description = "second report from Ms Lee" }, "reporter-key-2", ValueList<DateTimeOffset>.Empty));
        spec.Do(new CaseCommand.DeclineRelatedReport("report-2", "not the same neighbour"));
        spec.Do(new CaseCommand.LogIncident("incident-2", spec.Now, "abuse again at the bins", true, null, null));
        spec.Do(new CaseCommand.AgreeActionPlan(1, "mediation on Tuesday"));
        spec.Do(new CaseCommand.ConvertToCase());
        spec.Do(new CaseCommand.MakeReferral("referral-1", ReferralTo.OtherAgency, "Elm Court residents group", false,
            "her son is at risk", spec.Now.AddDays(7)));
        spec.Do(new CaseCommand.RecordReferralOutcome("referral-1", "her sister took her in"));
        spec.Do(new CaseCommand.AssessProportionality("assessment-2", spec.Profile.LegalActionTypes[0].Code,
            new ProportionalityAssessment(true, true, true, true, "Mr Jones has a support worker")));
        spec.Do(new CaseCommand.StartLegalAction("legal-1", spec.Profile.LegalActionTypes[0].Code));
        spec.Do(new CaseCommand.HoldCase(LegalHoldReason.LegalAction, "hearing at Milton Keynes county court", "leader-1"));
        spec.Do(new CaseCommand.ConcludeLegalAction("legal-1", "injunction granted to Mr Jones"));
        spec.Do(new CaseCommand.RecordCorrespondence("mail-1", ReportChannel.Email, "wrote back about the bins"));
        spec.Do(new CaseCommand.ReleaseHold("court case over", "leader-1"));
        spec.Do(new CaseCommand.RequestClosure(spec.ReasonCode("behaviour-stopped"), null, "officer-1"));
        spec.Do(new CaseCommand.RejectClosure("still worried"));
        spec.ClosureApproved();
        spec.Do(new CaseCommand.RecordSurveyAnswer(4, 3, true, "officer did not listen"));
        spec.Do(new CaseCommand.Reopen("new evidence from Ms Lee"));
        spec.ClosureApproved();
        return spec;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    [Fact]
    public void The_scenario_holds_every_kind_of_personal_data_before_it_is_anonymised()
    {
        var spec = EverythingRecorded();
        var all = Json(spec.State) + string.Concat(spec.History.Select(e => Json(e)));

        Assert.All(PersonalWords, word => Assert.Contains(word, all, StringComparison.Ordinal));
    }

    [Fact]
    public void An_anonymised_case_and_its_chronology_hold_none_of_the_personal_data()
    {
        var spec = EverythingRecorded();

        var all = Json(PersonalData.Anonymise(spec.State)) + string.Concat(spec.History.Select(e => Json(PersonalData.Anonymise(e))));

        Assert.All(PersonalWords, word => Assert.DoesNotContain(word, all, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void What_the_measures_count_stays_when_a_case_is_anonymised()
    {
        var spec = EverythingRecorded();
        var before = (CaseState.Closed)spec.State;

        var after = (CaseState.Closed)PersonalData.Anonymise(before);

        Assert.Equal(before.Outcome, after.Outcome);
        Assert.Equal(
            (before.File.Reference, before.File.ReportedAt, before.File.Channel, before.File.IsHate, before.File.HateStrands, before.File.Risk,
                before.File.OfficerId, before.File.DeadlinesSet, before.File.Overdue, before.File.Closures, before.File.Complainant.IsVictim),
            (after.File.Reference, after.File.ReportedAt, after.File.Channel, after.File.IsHate, after.File.HateStrands, after.File.Risk,
                after.File.OfficerId, after.File.DeadlinesSet, after.File.Overdue, after.File.Closures, after.File.Complainant.IsVictim));
        Assert.Equal(before.File.Incidents.Select(i => (i.OccurredAt, i.IsHate)), after.File.Incidents.Select(i => (i.OccurredAt, i.IsHate)));
        Assert.True(after.File.Anonymised);
    }

    [Fact]
    public void Each_event_keeps_its_type_time_and_the_codes_and_counts_the_measures_read()
    {
        var spec = EverythingRecorded();

        foreach (var e in spec.History)
        {
            var anonymised = PersonalData.Anonymise(e);
            Assert.Equal((e.GetType(), e.At), (anonymised.GetType(), anonymised.At));
        }
        var report = (ReportReceived)PersonalData.Anonymise(spec.History.OfType<ReportReceived>().Single());
        Assert.Equal((ReportChannel.WebForm, true, ValueList.Of("race")), (report.Channel, report.Report.HatePerceived, report.Report.HateStrands));
        var met = spec.History.OfType<DeadlineMet>().First();
        Assert.Equal(met, PersonalData.Anonymise(met));
        var survey = (SurveyAnswered)PersonalData.Anonymise(spec.History.OfType<SurveyAnswered>().Single());
        Assert.Equal((4, 3, PersonalData.Removed), (survey.SatisfactionWithHandling, survey.SatisfactionWithOutcome, survey.Comments));
    }

    [Fact]
    public void Anonymising_twice_changes_nothing_more()
    {
        var spec = EverythingRecorded();
        var once = PersonalData.Anonymise(spec.State);

        Assert.Equal(Json(once), Json(PersonalData.Anonymise(once)));
        Assert.All(spec.History, e => Assert.Equal(Json(PersonalData.Anonymise(e)), Json(PersonalData.Anonymise(PersonalData.Anonymise(e)))));
    }
}
