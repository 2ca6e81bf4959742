using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Domain.Risk;

namespace HateCase.Domain.Tests.Profiles;

// Each test reads as the landlord's policy; the clause is in the profile's notes.
public class BuiltInProfileTests
{
    private static readonly string[] NationalStrands = ["race", "religion", "sexual-orientation", "disability", "transgender"];

    public static TheoryData<string> BuiltInIds => [.. ProfileLoader.BuiltInIds];

    private static ServiceProfile MiltonKeynes => ProfileLoader.BuiltIn("milton-keynes");

    private static ServiceProfile Reading => ProfileLoader.BuiltIn("reading");

    private static ServiceProfile Livv => ProfileLoader.BuiltIn("livv");

    private static ServiceProfile PeaksAndPlains => ProfileLoader.BuiltIn("peaks-and-plains");

    private static ServiceProfile Default => ProfileLoader.BuiltIn("default");

    private static string[] StrandCodes(ServiceProfile profile) => [.. profile.HateStrands.Select(s => s.Code)];

    private static string[] Codes(IEnumerable<CodedText> items) => [.. items.Select(i => i.Code)];

    // None of the seed policies sets a retention period: each keeps the default and says so.
    [Theory]
    [MemberData(nameof(BuiltInIds))]
    public void Every_landlord_keeps_a_closed_case_six_years_after_closure_and_its_notes_say_where_that_comes_from(string id)
    {
        var profile = ProfileLoader.BuiltIn(id);

        Assert.Equal(new RetentionStandard(YearsAfterClosure: 6), profile.Retention);
        Assert.Contains(profile.Notes, note => note.Contains("6 years after", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_and_the_four_seed_landlords_are_built_in()
    {
        Assert.Equal(["default", "livv", "milton-keynes", "peaks-and-plains", "reading"], ProfileLoader.BuiltInIds);
    }

    [Theory]
    [MemberData(nameof(BuiltInIds))]
    public void Every_built_in_profile_loads_validates_and_carries_its_own_id(string id)
    {
        var profile = ProfileLoader.BuiltIn(id);

        Assert.Equal(id, profile.Id);
        Assert.False(string.IsNullOrWhiteSpace(profile.Name));
        Assert.NotEmpty(profile.Notes);
    }

    // None of the seed policies states its office hours, so each says the default applies.
    [Theory]
    [MemberData(nameof(BuiltInIds))]
    public void Every_built_in_profile_counts_working_days_from_nine_to_five_and_says_why(string id)
    {
        var profile = ProfileLoader.BuiltIn(id);

        Assert.Equal(new OfficeHours(new TimeOnly(9, 0), new TimeOnly(17, 0)), profile.OfficeHours);
        Assert.Contains(profile.Notes, note => note.Contains("09:00 to 17:00", StringComparison.Ordinal)
            && (id == "default" || note.Contains("default", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(BuiltInIds))]
    public void Every_built_in_profile_monitors_the_five_national_hate_strands(string id)
    {
        var profile = ProfileLoader.BuiltIn(id);

        foreach (var code in NationalStrands)
        {
            Assert.True(profile.FindHateStrand(code)?.National, $"{id} lacks the national strand {code}");
        }
    }

    [Theory]
    [MemberData(nameof(BuiltInIds))]
    public void Every_built_in_profile_gives_the_six_rights_of_the_Victims_Code(string id)
    {
        Assert.Equal(6, ProfileLoader.BuiltIn(id).VictimsCode.Rights.Count);
    }

    [Fact]
    public void Landlord_profiles_have_their_own_names_and_notes_not_the_defaults()
    {
        foreach (var profile in ProfileLoader.AllBuiltIn().Where(p => p.Id != "default"))
        {
            Assert.NotEqual(Default.Name, profile.Name);
            Assert.DoesNotContain(profile.Notes, note => Default.Notes.Contains(note));
        }
    }

    [Fact]
    public void Built_in_profiles_are_read_once_and_shared()
    {
        var seen = new ServiceProfile[32];
        Parallel.For(0, seen.Length, i => seen[i] = ProfileLoader.BuiltIn("reading"));

        Assert.All(seen, p => Assert.Same(seen[0], p));
        Assert.Same(seen[0], ProfileLoader.AllBuiltIn().Single(p => p.Id == "reading"));
    }

    [Fact]
    public void An_unknown_built_in_id_is_refused_with_the_known_ids()
    {
        var error = Assert.Throws<ArgumentException>(() => ProfileLoader.BuiltIn("camden"));

        Assert.Equal("id", error.ParamName);
        Assert.Contains("camden", error.Message);
        foreach (var id in ProfileLoader.BuiltInIds)
        {
            Assert.Contains(id, error.Message);
        }
    }

    // National good practice.

    [Fact]
    public void Default_treats_every_hate_report_as_high_priority_answered_within_one_working_day()
    {
        Assert.True(Default.FirstResponse.HateIsAlwaysHigh);
        Assert.Equal(1, Default.FirstResponseWorkingDays(RiskLevel.High));
        Assert.Equal(3, Default.FirstResponseWorkingDays(RiskLevel.Medium));
        Assert.Equal(5, Default.FirstResponseWorkingDays(RiskLevel.Low));
    }

    [Fact]
    public void Default_sends_the_survey_at_closure_with_a_reminder_after_two_weeks_and_six_weeks_to_answer()
    {
        Assert.Equal(new SurveyStandard(SendAfterDays: 0, ReminderAfterDays: 14, WindowDays: 42), Default.Survey);
    }

    [Fact]
    public void Default_asks_for_a_case_review_at_three_incidents_from_one_person_in_six_months()
    {
        Assert.Equal(new CaseReviewThresholds(3, 5, 6, 5, 3, 1), Default.CaseReview);
    }

    [Fact]
    public void Default_reminds_officers_a_working_day_ahead_and_escalates_to_the_team_leader()
    {
        Assert.Equal(new ReminderStandard(LeadWorkingDays: 1, ShortDeadlineLeadHours: 4), Default.Reminders);
        Assert.Equal("team-leader", Default.Escalation.To);
        Assert.Null(Default.FollowUp);
        Assert.Empty(Default.ClosureDays);
    }

    // Milton Keynes.

    [Fact]
    public void Milton_Keynes_contacts_complainants_every_ten_working_days()
    {
        Assert.Equal(new RegularContactStandard(10, ContactCadenceUnit.WorkingDays), MiltonKeynes.RegularContact);
    }

    [Fact]
    public void Milton_Keynes_responds_to_hate_within_one_business_day_and_standard_risk_within_five()
    {
        Assert.True(MiltonKeynes.FirstResponse.HateIsAlwaysHigh);
        Assert.Equal(1, MiltonKeynes.FirstResponseWorkingDays(RiskLevel.High));
        Assert.Equal(5, MiltonKeynes.FirstResponseWorkingDays(RiskLevel.Medium));
        Assert.Equal(5, MiltonKeynes.FirstResponseWorkingDays(RiskLevel.Low));
    }

    [Fact]
    public void Milton_Keynes_surveys_victims_within_six_weeks_of_closure()
    {
        Assert.Equal(0, MiltonKeynes.Survey?.SendAfterDays);
        Assert.Equal(42, MiltonKeynes.Survey?.WindowDays);
    }

    [Fact]
    public void Milton_Keynes_treats_misogyny_as_hate()
    {
        var misogyny = MiltonKeynes.FindHateStrand("misogyny");

        Assert.NotNull(misogyny);
        Assert.False(misogyny.National);
        Assert.Equal(6, MiltonKeynes.HateStrands.Count);
    }

    [Fact]
    public void Milton_Keynes_has_its_own_Victims_Code()
    {
        Assert.Contains("Milton Keynes", MiltonKeynes.VictimsCode.Title);
        Assert.Equal(Default.VictimsCode.Rights, MiltonKeynes.VictimsCode.Rights);
    }

    [Fact]
    public void Milton_Keynes_uses_the_Dear_Neighbour_Card_and_closure_orders()
    {
        Assert.Contains("dear-neighbour-card", Codes(MiltonKeynes.InterventionTypes));
        Assert.Contains("prevent-referral", Codes(MiltonKeynes.InterventionTypes));
        Assert.Contains("closure-order", Codes(MiltonKeynes.LegalActionTypes));
    }

    // Reading.

    [Fact]
    public void Reading_responds_within_one_three_or_five_working_days_by_risk()
    {
        Assert.Equal(new FirstResponseStandard(1, 3, 5, HateIsAlwaysHigh: true), Reading.FirstResponse);
    }

    [Fact]
    public void Reading_updates_victims_at_least_once_a_month()
    {
        Assert.Equal(new RegularContactStandard(1, ContactCadenceUnit.CalendarMonths), Reading.RegularContact);
    }

    [Fact]
    public void Reading_closes_an_unanswered_enquiry_ten_working_days_after_the_letter()
    {
        Assert.Equal(
            new EnquiryStandard(LimitDays: 28, FailedAttemptsBeforeLetter: 2, LetterReplyWorkingDays: 10, CloseWhenLetterUnanswered: true,
                AttemptMethodsBeforeLetter: EnquiryStandard.TelephoneOnly),
            Reading.Enquiry);
    }

    [Fact]
    public void Reading_sends_the_letter_after_failed_attempts_by_telephone_only()
    {
        Assert.Equal([ContactMethod.Phone], Reading.Enquiry.AttemptMethodsBeforeLetter);
        Assert.Contains(Reading.Notes, n => n.StartsWith("RBC 8 stage 1:", StringComparison.Ordinal) && n.Contains("attempts by telephone", StringComparison.Ordinal));
    }

    [Fact]
    public void Reading_reviews_a_case_at_two_months_then_monthly()
    {
        Assert.Equal(
            new ReviewStandard(InitialReviewAfterMonths: 2, ReviewEveryMonths: 1, QuietWeeksBeforeClosureConsidered: 4, MonitoringMonths: 1),
            Reading.Reviews);
    }

    [Fact]
    public void Reading_closes_a_case_only_with_team_manager_approval_for_one_of_its_five_reasons()
    {
        Assert.True(Reading.Closure.NeedsApproval);
        Assert.Equal(
            ["no-co-operation", "did-not-happen", "not-asb", "not-enough-evidence", "behaviour-stopped"],
            Reading.Closure.Reasons.Select(r => r.Code));
        Assert.Equal(["behaviour-stopped"], Reading.Closure.Reasons.Where(r => r.CountsAsResolved).Select(r => r.Code));
    }

    [Fact]
    public void Reading_uses_community_protection_warnings_and_notices_of_seeking_possession()
    {
        Assert.Contains("good-neighbourhood-agreement", Codes(Reading.InterventionTypes));
        Assert.Contains("community-protection-warning", Codes(Reading.InterventionTypes));
        Assert.Contains("notice-of-seeking-possession-absolute", Codes(Reading.LegalActionTypes));
        Assert.Contains("undertaking", Codes(Reading.LegalActionTypes));
    }

    [Fact]
    public void Reading_monitors_only_the_five_national_hate_strands()
    {
        Assert.Equal(NationalStrands, StrandCodes(Reading));
    }

    // Livv.

    [Fact]
    public void Livv_counts_sex_and_age_as_hate_strands()
    {
        Assert.Equal(["race", "religion", "disability", "sexual-orientation", "transgender", "sex", "age"], StrandCodes(Livv));
        Assert.False(Livv.FindHateStrand("sex")?.National);
        Assert.False(Livv.FindHateStrand("age")?.National);
        Assert.Equal("Gender identity", Livv.FindHateStrand("transgender")?.Name);
    }

    [Fact]
    public void Livv_risk_assesses_every_report_within_one_working_day()
    {
        Assert.Equal(1, Livv.RiskAssessmentWorkingDays);
    }

    [Fact]
    public void Livv_contacts_the_victim_after_closure_to_check_they_are_safe()
    {
        Assert.Equal(new FollowUpStandard(AfterClosureWorkingDays: 10), Livv.FollowUp);
    }

    [Fact]
    public void Livv_intervenes_early_with_mediation_engagement_and_education()
    {
        Assert.Equal(["warning", "mediation", "community-engagement", "education", "support-referral"], Codes(Livv.InterventionTypes));
    }

    // Peaks & Plains.

    [Fact]
    public void Peaks_and_Plains_counts_gender_age_and_alternative_subculture_as_hate_strands()
    {
        foreach (var code in new[] { "gender", "age", "alternative-subculture" })
        {
            Assert.False(PeaksAndPlains.FindHateStrand(code)?.National ?? true, code);
        }

        Assert.Equal(8, PeaksAndPlains.HateStrands.Count);
    }

    [Fact]
    public void Peaks_and_Plains_intervenes_early_with_parenting_contracts_and_restorative_justice()
    {
        Assert.Contains("parenting-contract", Codes(PeaksAndPlains.InterventionTypes));
        Assert.Contains("restorative-justice", Codes(PeaksAndPlains.InterventionTypes));
        Assert.Contains("absolute-ground-possession", Codes(PeaksAndPlains.LegalActionTypes));
    }

    [Fact]
    public void Peaks_and_Plains_sets_no_numbers_of_its_own_so_responds_by_risk_on_the_default_table()
    {
        Assert.Equal(Default.FirstResponse, PeaksAndPlains.FirstResponse);
        Assert.Equal(Default.RiskAssessmentWorkingDays, PeaksAndPlains.RiskAssessmentWorkingDays);
    }
}
