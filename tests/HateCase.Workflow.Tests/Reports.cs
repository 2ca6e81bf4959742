using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;

namespace HateCase.Workflow.Tests;

// Reports and commands as the intake and the officer API would raise them.
public static class Reports
{
    public static Complainant Victim(string email = "victim@example.org") =>
        new(Anonymous: false, IsVictim: true, Name: "A Resident", Email: email, Phone: "07700 900123", PostalAddress: null,
            PreferredContact: ContactMethod.Email, SafeTimesToContact: null, Language: null, InterpreterNeeded: false,
            AccessibilityNeeds: ValueList<string>.Empty, ConsentToShareWithPartners: true);

    public static IncidentReport Hate(string party = "party-1") =>
        new(OccurredAt: null, Location: "Stairwell", Description: "Racist abuse shouted at me by a neighbour.",
            PeopleInvolved: null, Witnesses: null, ImpactOnYou: null, Injuries: false, PoliceInvolved: false,
            CrimeReference: null, HatePerceived: true, HateStrands: ValueList.Of("race"), ViolenceOrThreats: false,
            VictimVulnerable: false, IncidentsInLastMonth: 1, PartyKey: party);

    public static CaseInput.Command HateReport(string reference = "HC-2026-000001", string commandId = "report-1", string email = "victim@example.org") =>
        new(commandId, "intake", new CaseCommand.ReportCase(
            reference, ReportChannel.WebForm, Victim(email), Hate(), IncidentId: $"incident-{commandId}", ReporterKey: "reporter-1",
            PriorReportsByReporter: ValueList<DateTimeOffset>.Empty, VictimsCodeGivenByStaff: false));

    // Officers and teams are emailed only in office hours, so a case in these tests runs its
    // development clock at 10:00 on a working day: a test that waits for a staff email then passes
    // whatever the hour it is run at.
    public static TimeSpan InOfficeHours()
    {
        var now = DateTimeOffset.UtcNow;
        return CasePolicy.For(ProfileLoader.BuiltIn("default")).Calendar.NextOpening(now).AddHours(1) - now;
    }

    public static CaseInput.Command Officer(string commandId, CaseCommand command, string officer = "alex") => new(commandId, officer, command);
}
