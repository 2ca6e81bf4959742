using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Privacy;
using HateCase.Domain.Risk;
using HateCase.Domain.Tests.Cases;
using static HateCase.Domain.Cases.CaseEvent;

namespace HateCase.Domain.Tests.Privacy;

// UK GDPR Art. 15(4): the copy given to the person who asked must not give away others' data, so
// each piece of a case is marked for release, redaction or a careful read; nothing is dropped.
public class SubjectAccessTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly Complainant Sam = CaseSpec.Victim(email: "sam@example.org", phone: "07700 900482") with { Name = "Sam Jones" };

    private static readonly Complainant Kim = CaseSpec.Victim(email: "kim@example.org", phone: "07700 900999") with { Name = "Kim Lee" };

    private static readonly IReadOnlyCollection<PersonIdentifier> SamByPhone = [PersonIdentifiers.Phone("+44 7700 900482")!];

    private static ReportReceived Reported(Complainant by, IncidentReport report) =>
        new(Monday, "HC-2026-000001", ReportChannel.WebForm, by, report, "incident-1", null, RiskLevel.High, ValueList<string>.Empty);

    private static RelatedReportReceived ReportedAlso(Complainant by, IncidentReport report) =>
        new(Monday.AddDays(2), "report-2", ReportChannel.Email, by, report, null);

    private static DisclosureItem Field(IEnumerable<DisclosureItem> items, string record, string field) =>
        items.Single(i => i.Record.StartsWith(record, StringComparison.Ordinal) && i.Field == field);

    [Fact]
    public void The_persons_own_report_is_released_and_the_witnesses_they_named_are_marked_for_redaction()
    {
        var report = CaseSpec.HateReport() with { Witnesses = "Pat from flat 4", PeopleInvolved = "The man at number 9" };

        var items = SubjectAccess.Disclose([Reported(Sam, report)], SamByPhone);

        Assert.Equal(DisclosureMark.Subject, Field(items, "Report", "Who reported").Mark);
        Assert.Contains("Sam Jones", Field(items, "Report", "Who reported").Text, StringComparison.Ordinal);
        Assert.Equal(DisclosureMark.Subject, Field(items, "Report", "What happened").Mark);
        Assert.Equal(DisclosureMark.ThirdParty, Field(items, "Report", "Witnesses").Mark);
        Assert.Equal(DisclosureMark.ThirdParty, Field(items, "Report", "People involved").Mark);
    }

    [Fact]
    public void Another_complainants_linked_report_on_the_same_case_is_marked_for_redaction_not_left_out()
    {
        var items = SubjectAccess.Disclose([Reported(Sam, CaseSpec.HateReport()), ReportedAlso(Kim, CaseSpec.AsbReport())], SamByPhone);

        var kims = items.Where(i => i.Record == "Linked report").ToList();
        Assert.NotEmpty(kims);
        Assert.All(kims, i => Assert.Equal(DisclosureMark.ThirdParty, i.Mark));
        Assert.Contains(kims, i => i.Text.Contains("kim@example.org", StringComparison.Ordinal));
    }

    [Fact]
    public void A_witness_found_by_their_number_in_someone_elses_report_is_to_be_checked_and_the_rest_redacted()
    {
        var report = CaseSpec.AsbReport() with { Witnesses = "Sam next door, 07700 900482" };

        var items = SubjectAccess.Disclose([Reported(Kim, report)], SamByPhone);

        Assert.Equal(DisclosureMark.Check, Field(items, "Report", "Witnesses").Mark);
        Assert.Equal(DisclosureMark.ThirdParty, Field(items, "Report", "Who reported").Mark);
        Assert.Equal(DisclosureMark.ThirdParty, Field(items, "Report", "What happened").Mark);
    }

    [Fact]
    public void Officers_notes_are_to_be_checked_for_others_named_in_them()
    {
        IncidentRecord incident = new("incident-2", Monday.AddDays(1), Monday.AddDays(1), null, null, false, false);

        var items = SubjectAccess.Disclose(
            [Reported(Sam, CaseSpec.AsbReport()), new IncidentLogged(Monday.AddDays(1), incident, "Spoke to the man at number 9.")],
            SamByPhone);

        Assert.Equal(DisclosureMark.Check, Field(items, "Incident logged", "Description").Mark);
    }

    [Fact]
    public void Contact_with_the_person_who_asked_is_theirs_and_contact_with_another_complainant_is_not()
    {
        var contact = new ContactMade(Monday.AddDays(1), "contact-1", ContactMethod.Phone, null);

        var asked = SubjectAccess.Disclose([Reported(Sam, CaseSpec.AsbReport()), contact], SamByPhone);
        var other = SubjectAccess.Disclose([Reported(Kim, CaseSpec.AsbReport()), contact], SamByPhone);

        Assert.Equal(DisclosureMark.Subject, Field(asked, "Contact", "Contact with the complainant").Mark);
        Assert.Equal(DisclosureMark.ThirdParty, Field(other, "Contact", "Contact with the complainant").Mark);
    }

    [Fact]
    public void On_a_case_with_two_complainants_each_ones_contact_update_and_survey_answer_are_released_to_them_alone()
    {
        // RBC 9: Sam reported first; Kim's linked report made Kim a complainant too.
        IReadOnlyList<CaseEvent> chronology =
        [
            Reported(Sam, CaseSpec.AsbReport()),
            ReportedAlso(Kim, CaseSpec.AsbReport()),
            new ContactMade(Monday.AddDays(3), "contact-k", ContactMethod.Phone, null, With: "report-2"),
            new ContactMade(Monday.AddDays(4), "update-k", ContactMethod.Email, "We have spoken to the neighbour.", With: "report-2"),
            new SurveyAnswered(Monday.AddDays(30), 1, 2, 1, false, "Nobody called me back.", Respondent: "report-2"),
            new SurveyAnswered(Monday.AddDays(31), 1, 5, 5, true, "Thank you.", Respondent: null),
        ];
        IReadOnlyCollection<PersonIdentifier> kimByEmail = [PersonIdentifiers.Email("kim@example.org")!];

        var toSam = SubjectAccess.Disclose(chronology, SamByPhone);
        var toKim = SubjectAccess.Disclose(chronology, kimByEmail);

        Assert.Equal(DisclosureMark.ThirdParty, Field(toSam, "Contact", "Contact with another person who reported the case").Mark);
        Assert.Equal(DisclosureMark.Subject, Field(toKim, "Contact", "Contact with another person who reported the case").Mark);
        Assert.Equal(DisclosureMark.ThirdParty, Field(toSam, "Contact", "Update sent to another person who reported the case (email)").Mark);
        Assert.Equal(DisclosureMark.Check, Field(toKim, "Contact", "Update sent to another person who reported the case (email)").Mark);
        Assert.Equal([DisclosureMark.ThirdParty, DisclosureMark.Subject], toSam.Where(i => i.Record == "Satisfaction survey").Select(i => i.Mark));
        Assert.Equal([DisclosureMark.Subject, DisclosureMark.ThirdParty], toKim.Where(i => i.Record == "Satisfaction survey").Select(i => i.Mark));
    }

    [Fact]
    public void A_recorded_report_is_indexed_by_the_reporters_details_and_the_numbers_written_in_it()
    {
        var report = CaseSpec.AsbReport() with { Witnesses = "Pat, pat@example.net" };

        var found = PersonIdentifiers.In(Reported(Sam with { PostalAddress = "10 High Street, RG1 2AB" }, report));

        Assert.Equal(
            [
                new PersonIdentifier(IdentifierKind.Email, "sam@example.org"),
                new PersonIdentifier(IdentifierKind.Phone, "07700900482"),
                new PersonIdentifier(IdentifierKind.NameAndAddress, "sam jones|RG12AB"),
                new PersonIdentifier(IdentifierKind.Email, "pat@example.net"),
            ],
            found);
    }
}
