using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Domain.Profiles;
using static HateCase.Domain.Tests.Cases.CaseSpec;

namespace HateCase.Domain.Tests.Cases;

// Random sequences of commands, with the clock moving between them, for every built-in profile.
// Whatever people do, the case keeps its promises about timers and its record stays true.
public class CaseDeciderProperties
{
    public static TheoryData<string> Profiles => new(ProfileLoader.BuiltInIds);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Random_command_sequences_keep_the_timer_and_record_invariants(string profileId)
    {
        var profile = ProfileLoader.BuiltIn(profileId);
        var steps = Gen.Zip(Gen.Choose(0, OperationCount - 1), HoursBetweenSteps).ListOf(60).Select(l => l.ToArray());
        var opening = Gen.Zip(Gen.Choose(0, 4), Gen.Elements(true, false));

        Prop.ForAll(Arb.From(Gen.Zip(opening, steps)), scenario => Run(profile, scenario.Item1, scenario.Item2))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    private static readonly Gen<int> HoursBetweenSteps = Gen.Frequency(
        (5, Gen.Constant(0)), (5, Gen.Choose(1, 8)), (4, Gen.Choose(9, 72)), (2, Gen.Choose(73, 24 * 45)));

    private const int OperationCount = 31;

    private static void Run(ServiceProfile profile, (int Kind, bool Hate) opening, (int Op, int Hours)[] steps)
    {
        var spec = new CaseSpec(profile).At(London(2026, 10, 20, 9, 0));
        var complainant = opening.Kind switch
        {
            0 => Victim(),
            1 => Victim(email: null),
            2 => Victim(email: null, phone: null, address: "1 High Street"),
            3 => Victim(address: "1 High Street", preferred: ContactMethod.Text) with { Language = "Polish", AccessibilityNeeds = ValueList.Of("Easy read") },
            _ => Complainant.AnonymousReporter,
        };
        spec.Reported(opening.Hate ? HateReport() : AsbReport(), complainant);
        CheckInvariants(spec);

        var counter = 0;
        CaseCommand? last = null;
        foreach (var (op, hours) in steps)
        {
            spec.AdvanceTo(spec.Now.AddHours(hours));
            var command = op == OperationCount - 1 && last is not null ? last : CommandFor(op, spec, ++counter);
            var decision = CaseDecider.Decide(spec.State, command, spec.Now, profile, EnglandAndWales);
            if (decision is CaseDecision.Accepted)
            {
                spec.Do(command);
                // A command delivered twice changes nothing the second time.
                var replay = CaseDecider.Decide(spec.State, command, spec.Now, profile, EnglandAndWales);
                Assert.True(replay is CaseDecision.Rejected or CaseDecision.Accepted { Events.Count: 0 },
                    $"Replaying {command.GetType().Name} produced events.");
                last = command;
            }
            spec.AdvanceTo(spec.Now);
            CheckInvariants(spec);
        }
    }

    private static CaseCommand CommandFor(int op, CaseSpec spec, int n)
    {
        var p = spec.Profile;
        var file = spec.File;
        return op switch
        {
            0 => new CaseCommand.AssessRisk($"assessment-{n}", n % 2 == 0 ? LowRiskAnswers : HighRiskAnswers),
            1 => new CaseCommand.AssignOfficer($"officer-{n % 3}"),
            2 => new CaseCommand.RecordContact($"contact-{n}", ContactMethod.Phone),
            3 => new CaseCommand.SendUpdate($"update-{n}", "An update on your case."),
            4 => new CaseCommand.RecordFailedContactAttempt($"attempt-{n}", ContactMethod.Phone),
            5 => new CaseCommand.SendLetter($"letter-{n}"),
            6 => new CaseCommand.LogIncident($"incident-{n}", spec.Now.AddHours(-2), "Another incident.", n % 3 == 0, "reporter-1", "party-1"),
            7 => new CaseCommand.AgreeActionPlan(file.ActionPlanVersion + 1, "Agreed steps."),
            8 => new CaseCommand.ConvertToCase(),
            9 => new CaseCommand.CloseEnquiry(p.Closure.Reasons[n % p.Closure.Reasons.Count].Code),
            10 => new CaseCommand.ReviewCase(file.ReviewsHeld + 1, (ReviewOutcome)(n % 3)),
            11 => new CaseCommand.RecordIntervention($"intervention-{n}", p.InterventionTypes[n % p.InterventionTypes.Count].Code),
            12 => new CaseCommand.StartLegalAction($"legal-{n}", file.AssessedProportionate.FirstOrDefault() ?? p.LegalActionTypes[n % p.LegalActionTypes.Count].Code),
            13 => new CaseCommand.ConcludeLegalAction(file.OpenLegalActions.FirstOrDefault() ?? "legal-none", "Concluded."),
            14 => new CaseCommand.RequestClosure(p.Closure.Reasons[n % p.Closure.Reasons.Count].Code, null, "officer-1"),
            15 => new CaseCommand.ApproveClosure("leader-1"),
            16 => new CaseCommand.RejectClosure("Not yet."),
            17 => new CaseCommand.Reopen("New incidents."),
            18 => new CaseCommand.RecordSurveyAnswer(1 + n % 5, 1 + (n / 5) % 5, n % 2 == 0, null),
            19 => new CaseCommand.ReceiveRelatedReport($"report-{n}", ReportChannel.WebForm, Victim($"other{n}@example.org"),
                n % 2 == 0 ? HateReport() : AsbReport(), $"reporter-{n}", [spec.Now.AddDays(-30)]),
            20 => file.Incidents.FirstOrDefault(i => i.AwaitingOfficerDecision) is { } offered
                ? (n % 2 == 0 ? new CaseCommand.AcceptRelatedReport(offered.Id) : new CaseCommand.DeclineRelatedReport(offered.Id, "Separate matter."))
                : new CaseCommand.AcceptRelatedReport("report-none"),
            21 => new CaseCommand.RecordCorrespondence($"mail-{n}", ReportChannel.Email, "A reply."),
            23 => new CaseCommand.MakeReferral($"referral-{n}", (ReferralTo)(n % 8), n % 8 == 7 ? "Mediation service" : null, n % 2 == 0,
                n % 2 == 0 ? null : "At risk of harm.", spec.Now.AddDays(1 + n % 30)),
            24 => new CaseCommand.RecordReferralOutcome(file.OpenReferrals.FirstOrDefault() ?? "referral-none", "Support in place."),
            22 => new CaseCommand.AssessProportionality($"proportionality-{n}", p.LegalActionTypes[n % p.LegalActionTypes.Count].Code,
                new ProportionalityAssessment(true, true, true, Proportionate: n % 3 != 0, "Warnings and mediation have not stopped it.")),
            27 => new CaseCommand.AgreeActionPlan(file.ActionPlanVersion + 1, "Agreed steps.",
                ValueList.Of(new PlannedAction($"action-{n}", $"Step {n}.", (ActionOwner)(n % 3), n % 3 == 2 ? "Partner agency" : null, spec.Now.AddDays(1 + n % 20)))),
            28 => new CaseCommand.CompleteAction(file.OpenActions.FirstOrDefault() ?? "action-none"),
            26 => new CaseCommand.RecordClosingReview($"closing-review-{n}", n % 2 == 0, ValueList.Of(SupportService.VictimSupport), null, "Act sooner."),
            25 => new CaseCommand.SendAdaptedCopy(file.AdaptedCopiesDue.FirstOrDefault() ?? "copy-none"),
            _ => new CaseCommand.RecordUndeliverableMessage($"message-{n}", "Mailbox does not exist."),
        };
    }

    private static void CheckInvariants(CaseSpec spec)
    {
        var state = spec.State;
        var timers = CaseTimers.Due(state);

        // No timer in the past stays armed once the due ones have fired.
        Assert.All(timers, t => Assert.True(t.DueAt > spec.Now, $"Timer {t.Id} due {t:O} is in the past at {spec.Now:O}."));

        // Every deadline has exactly one live timer, and every deadline timer has its deadline.
        foreach (var deadline in spec.File.Deadlines)
        {
            Assert.Single(timers, t => t.DeadlineId == deadline.Id);
        }
        Assert.All(timers.Where(t => t.DeadlineId is not null), t => Assert.Contains(spec.File.Deadlines, d => d.Id == t.DeadlineId));
        Assert.Equal(timers.Count, timers.Select(t => t.Id).Distinct().Count());

        // A closed case arms only post-closure timers: the survey, the follow-up contact, telling
        // someone who asked for a call that the case is closed, the adapted copies of what was
        // written to them, and the letters still to post.
        if (state is CaseState.Closed)
        {
            Assert.All(timers, t => Assert.True(
                t.Kind is TimerKind.SurveyInvitation or TimerKind.SurveyReminder or TimerKind.SurveyWindowCloses
                || spec.File.Deadlines.Single(d => d.Id == t.DeadlineId).Kind is DeadlineKind.FollowUpContact or DeadlineKind.TellComplainant or DeadlineKind.AdaptedCopy or DeadlineKind.LetterPosted,
                $"Closed case has timer {t.Id}."));
        }

        // State rebuilt from the events equals the state kept.
        Assert.Equal(state, Case.Fold(spec.History));

        // What the runtime stores reads back as it was written.
        Assert.Equal(state, JsonSerializer.Deserialize<CaseState>(JsonSerializer.Serialize(state, Json), Json));
        var events = spec.History.ToValueList();
        Assert.Equal(events, JsonSerializer.Deserialize<ValueList<CaseEvent>>(JsonSerializer.Serialize(events, Json), Json));
    }
}
