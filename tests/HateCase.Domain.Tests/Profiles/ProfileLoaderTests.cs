using System.Text.Json.Nodes;
using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;

namespace HateCase.Domain.Tests.Profiles;

public class ProfileLoaderTests
{
    // A landlord profile that differs from national good practice only in what it adds.
    private static string BasedOnDefault(string settings) => $$"""
        {
          "basedOn": "default",
          "id": "camden",
          "name": "Camden",
          "notes": ["A test landlord."]{{(settings.Length > 0 ? "," : "")}}
          {{settings}}
        }
        """;

    private static JsonObject DefaultJson()
    {
        using var stream = typeof(ProfileLoader).Assembly.GetManifestResourceStream("HateCase.Domain.Profiles.default.json")!;
        return JsonNode.Parse(stream)!.AsObject();
    }

    private static IReadOnlyList<string> ProblemsWith(string json) =>
        Assert.Throws<ProfileInvalidException>(() => ProfileLoader.Parse(json)).Problems;

    [Fact]
    public void A_complete_profile_needs_no_base()
    {
        var json = DefaultJson();
        json["id"] = "complete";

        var profile = ProfileLoader.Parse(json.ToJsonString());

        Assert.Equal("complete", profile.Id);
        Assert.Equal(ProfileLoader.BuiltIn("default").Enquiry, profile.Enquiry);
    }

    [Fact]
    public void Overriding_one_nested_field_keeps_its_siblings()
    {
        var profile = ProfileLoader.Parse(BasedOnDefault("""
            "enquiry": { "limitDays": 21 }
            """));

        Assert.Equal(new EnquiryStandard(21, 2, 10, true, EnquiryStandard.TelephoneOnly), profile.Enquiry);
        Assert.Equal(ProfileLoader.BuiltIn("default").Reviews, profile.Reviews);
    }

    // LIVV 2.10: "appropriate case closures include a full review with the victim".
    [Fact]
    public void Livv_closes_a_case_only_after_a_review_with_the_victim_and_other_landlords_need_not()
    {
        Assert.True(ProfileLoader.BuiltIn("livv").Closure.ReviewWithVictim);
        Assert.All(new[] { "default", "milton-keynes", "reading", "peaks-and-plains" }, id => Assert.False(ProfileLoader.BuiltIn(id).Closure.ReviewWithVictim));
        Assert.True(ProfileLoader.Parse(BasedOnDefault("""
            "closure": { "reviewWithVictim": true }
            """)).Closure.ReviewWithVictim);
        Assert.Equal(["closure.reviewWithVictim: must be true or false"], ProblemsWith(BasedOnDefault("""
            "closure": { "reviewWithVictim": "yes" }
            """)));
    }

    [Fact]
    public void A_landlord_keeps_closed_cases_for_the_years_its_profile_sets()
    {
        var profile = ProfileLoader.Parse(BasedOnDefault("""
            "retention": { "yearsAfterClosure": 7 }
            """));

        Assert.Equal(new RetentionStandard(7), profile.Retention);
    }

    [Fact]
    public void A_complete_profile_without_a_retention_period_is_refused()
    {
        var json = DefaultJson();
        json["id"] = "no-retention";
        json.Remove("retention");

        Assert.Equal(["retention: is missing"], ProblemsWith(json.ToJsonString()));
    }

    [Fact]
    public void Failed_attempts_by_telephone_lead_to_the_letter_when_a_profile_does_not_say()
    {
        var json = DefaultJson();
        json["id"] = "no-methods";
        json["enquiry"]!.AsObject().Remove("attemptMethodsBeforeLetter");

        Assert.Equal([ContactMethod.Phone], ProfileLoader.Parse(json.ToJsonString()).Enquiry.AttemptMethodsBeforeLetter);
    }

    [Fact]
    public void A_landlord_may_count_failed_visits_as_well_as_calls_towards_the_letter()
    {
        var profile = ProfileLoader.Parse(BasedOnDefault("""
            "enquiry": { "attemptMethodsBeforeLetter": ["phone", "visit"] }
            """));

        Assert.Equal([ContactMethod.Phone, ContactMethod.Visit], profile.Enquiry.AttemptMethodsBeforeLetter);
    }

    [Theory]
    [InlineData("[]", "enquiry.attemptMethodsBeforeLetter: must be a list of at least one contact method")]
    [InlineData("\"phone\"", "enquiry.attemptMethodsBeforeLetter: must be a list of at least one contact method")]
    [InlineData("[\"pigeon\"]", "enquiry.attemptMethodsBeforeLetter[0]: must be one of: phone, email, visit, text, other")]
    [InlineData("[\"phone\", \"letter\"]", "enquiry.attemptMethodsBeforeLetter[1]: must be one of: phone, email, visit, text, other")]
    [InlineData("[\"phone\", \"phone\"]", "enquiry.attemptMethodsBeforeLetter[1]: is listed twice")]
    public void Attempt_methods_before_the_letter_must_be_contact_methods_other_than_the_letter(string methods, string expected)
    {
        Assert.Equal([expected], ProblemsWith(BasedOnDefault($$"""
            "enquiry": { "attemptMethodsBeforeLetter": {{methods}} }
            """)));
    }

    [Fact]
    public void An_overriding_list_replaces_the_whole_list()
    {
        var profile = ProfileLoader.Parse(BasedOnDefault("""
            "closure": { "reasons": [ { "code": "resolved", "text": "Resolved", "countsAsResolved": true } ] }
            """));

        Assert.Equal([new ClosureReason("resolved", "Resolved", true)], profile.Closure.Reasons);
        Assert.True(profile.Closure.NeedsApproval);
    }

    [Fact]
    public void A_profile_can_switch_off_an_optional_standard_with_null()
    {
        var profile = ProfileLoader.Parse(BasedOnDefault("""
            "survey": null, "regularContact": null, "riskAssessmentWorkingDays": null
            """));

        Assert.Null(profile.Survey);
        Assert.Null(profile.RegularContact);
        Assert.Null(profile.RiskAssessmentWorkingDays);
    }

    [Fact]
    public void A_profile_can_be_based_on_a_landlord_profile()
    {
        var profile = ProfileLoader.Parse("""
            { "basedOn": "reading", "id": "reading-pilot", "name": "Reading pilot", "notes": [], "followUp": { "afterClosureWorkingDays": 5 } }
            """);

        Assert.Equal(ProfileLoader.BuiltIn("reading").Enquiry, profile.Enquiry);
        Assert.Equal(new RegularContactStandard(1, ContactCadenceUnit.CalendarMonths), profile.RegularContact);
        Assert.Equal(5, profile.FollowUp?.AfterClosureWorkingDays);
    }

    [Fact]
    public void A_profile_based_on_another_must_give_its_own_id_name_and_notes()
    {
        var problems = ProblemsWith("""{ "basedOn": "default" }""");

        Assert.Contains("id: is missing (a profile based on another must give its own)", problems);
        Assert.Contains("name: is missing (a profile based on another must give its own)", problems);
        Assert.Contains("notes: is missing (a profile based on another must give its own)", problems);
    }

    [Fact]
    public void Closure_days_are_read_as_dates_and_close_the_office()
    {
        var profile = ProfileLoader.Parse(BasedOnDefault("""
            "closureDays": ["2026-12-29", "2026-12-30", "2026-12-31"]
            """));

        Assert.Equal([new DateOnly(2026, 12, 29), new DateOnly(2026, 12, 30), new DateOnly(2026, 12, 31)], profile.ClosureDays);
        var calendar = profile.CalendarFrom(WorkingCalendar.EnglandAndWales);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 12, 30)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 1, 4)));
    }

    [Fact]
    public void Office_hours_are_read_as_London_times_and_the_calendar_counts_in_them()
    {
        var profile = ProfileLoader.Parse(BasedOnDefault("""
            "officeHours": { "opens": "08:30", "closes": "16:30" }
            """));

        Assert.Equal(new OfficeHours(new TimeOnly(8, 30), new TimeOnly(16, 30)), profile.OfficeHours);
        var calendar = profile.CalendarFrom(WorkingCalendar.EnglandAndWales);
        // A report at 16:45 on a Monday is after closing: one working day counts from Tuesday 08:30.
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 8, 30, 0, TimeSpan.Zero),
            calendar.AddWorkingDays(new DateTimeOffset(2026, 3, 9, 16, 45, 0, TimeSpan.Zero), 1));
    }

    [Fact]
    public void A_profile_that_gives_only_its_closing_time_keeps_the_default_opening()
    {
        var profile = ProfileLoader.Parse(BasedOnDefault("""
            "officeHours": { "closes": "16:00" }
            """));

        Assert.Equal(new OfficeHours(new TimeOnly(9, 0), new TimeOnly(16, 0)), profile.OfficeHours);
    }

    [Theory]
    [InlineData("\"officeHours\": { \"opens\": \"9am\" }", "officeHours.opens: must be a time of day written as hh:mm on the 24-hour clock (for example \"09:00\")")]
    [InlineData("\"officeHours\": { \"opens\": \"9:00\" }", "officeHours.opens: must be a time of day written as hh:mm on the 24-hour clock (for example \"09:00\")")]
    [InlineData("\"officeHours\": { \"closes\": \"24:00\" }", "officeHours.closes: must be a time of day written as hh:mm on the 24-hour clock (for example \"09:00\")")]
    [InlineData("\"officeHours\": { \"closes\": 17 }", "officeHours.closes: must be a time of day written as hh:mm on the 24-hour clock (for example \"09:00\")")]
    [InlineData("\"officeHours\": { \"opens\": \"18:00\" }", "officeHours.closes: must be later than opens (18:00)")]
    [InlineData("\"officeHours\": { \"opens\": \"17:00\" }", "officeHours.closes: must be later than opens (17:00)")]
    [InlineData("\"officeHours\": { \"opens\": null }", "officeHours.opens: must have a value, not null")]
    [InlineData("\"officeHours\": { \"lunch\": \"13:00\" }", "officeHours.lunch: is not a recognised setting")]
    [InlineData("\"officeHours\": \"09:00-17:00\"", "officeHours: must be an object")]
    public void Office_hours_that_make_no_sense_are_named_by_their_path(string settings, string expected)
    {
        Assert.Equal([expected], ProblemsWith(BasedOnDefault(settings)));
    }

    [Fact]
    public void A_complete_profile_without_office_hours_is_told_they_are_missing()
    {
        var json = DefaultJson();
        json.Remove("officeHours");

        Assert.Contains("officeHours: is missing", ProblemsWith(json.ToJsonString()));
    }

    [Theory]
    [InlineData("\"29/12/2026\"")]
    [InlineData("\"2026-02-30\"")]
    [InlineData("20261229")]
    public void A_closure_day_must_be_a_real_date_written_year_first(string day)
    {
        var problems = ProblemsWith(BasedOnDefault($$"""
            "closureDays": ["2026-12-29", {{day}}]
            """));

        Assert.Equal(["closureDays[1]: must be a date written as yyyy-mm-dd (for example \"2026-12-29\")"], problems);
    }

    [Fact]
    public void A_closure_day_listed_twice_is_a_problem()
    {
        var problems = ProblemsWith(BasedOnDefault("""
            "closureDays": ["2026-12-29", "2026-12-29"]
            """));

        Assert.Equal(["closureDays[1]: 2026-12-29 is already listed"], problems);
    }

    [Fact]
    public void A_missing_field_is_named_by_its_path()
    {
        var json = DefaultJson();
        json["enquiry"]!.AsObject().Remove("limitDays");
        json.Remove("caseReview");

        var problems = ProblemsWith(json.ToJsonString());

        Assert.Contains("enquiry.limitDays: is missing", problems);
        Assert.Contains("caseReview: is missing", problems);
    }

    [Fact]
    public void A_missing_field_inside_a_list_is_named_by_its_index()
    {
        var problems = ProblemsWith(BasedOnDefault("""
            "closure": { "reasons": [
              { "code": "stopped", "text": "Stopped", "countsAsResolved": true },
              { "code": "no-evidence", "text": "No evidence", "countsAsResolved": false },
              { "text": "Moved away", "countsAsResolved": false }
            ] }
            """));

        Assert.Equal(["closure.reasons[2].code: is missing"], problems);
    }

    [Fact]
    public void Null_for_a_required_field_is_a_problem()
    {
        var problems = ProblemsWith(BasedOnDefault("""
            "enquiry": null
            """));

        Assert.Equal(["enquiry: must have a value, not null"], problems);
    }

    [Theory]
    [InlineData("\"firstResponse\": { \"highWorkingDays\": 21 }", "firstResponse.highWorkingDays: must be a whole number from 0 to 20")]
    [InlineData("\"firstResponse\": { \"highWorkingDays\": -1 }", "firstResponse.highWorkingDays: must be a whole number from 0 to 20")]
    [InlineData("\"firstResponse\": { \"highWorkingDays\": 1.5 }", "firstResponse.highWorkingDays: must be a whole number from 0 to 20")]
    [InlineData("\"firstResponse\": { \"highWorkingDays\": \"1\" }", "firstResponse.highWorkingDays: must be a whole number from 0 to 20")]
    [InlineData("\"firstResponse\": { \"mediumWorkingDays\": 6 }", "firstResponse.lowWorkingDays: must be at least mediumWorkingDays (6)")]
    [InlineData("\"riskAssessmentWorkingDays\": 61", "riskAssessmentWorkingDays: must be a whole number from 0 to 60")]
    [InlineData("\"regularContact\": { \"every\": 25, \"unit\": \"calendarMonths\" }", "regularContact.every: must be a whole number from 1 to 24")]
    [InlineData("\"regularContact\": { \"unit\": \"weeks\" }", "regularContact.unit: must be one of: workingDays, calendarMonths")]
    [InlineData("\"enquiry\": { \"limitDays\": 366 }", "enquiry.limitDays: must be a whole number from 0 to 365")]
    [InlineData("\"enquiry\": { \"closeWhenLetterUnanswered\": \"yes\" }", "enquiry.closeWhenLetterUnanswered: must be true or false")]
    [InlineData("\"reviews\": { \"reviewEveryMonths\": 25 }", "reviews.reviewEveryMonths: must be a whole number from 0 to 24")]
    [InlineData("\"survey\": { \"reminderAfterDays\": 42 }", "survey.reminderAfterDays: must be less than windowDays (42), or the reminder would come after the survey has closed")]
    [InlineData("\"survey\": { \"sendAfterDays\": 50 }", "survey.sendAfterDays: must be less than windowDays (42), or the survey would go out after it has closed")]
    [InlineData("\"caseReview\": { \"incidentsFromOnePerson\": 4 }", "caseReview.incidentsFromOnePerson: must be a whole number from 1 to 3 (the law allows no higher threshold than three)")]
    [InlineData("\"escalation\": { \"to\": \"Team Leader\" }", "escalation.to: must be lowercase letters, digits and single hyphens between them (for example \"no-co-operation\")")]
    [InlineData("\"victimsCode\": { \"rights\": [\"One\", \"Two\"] }", "victimsCode.rights: must list the six rights of the Victims Code (found 2)")]
    [InlineData("\"interventionTypes\": []", "interventionTypes: must list at least one")]
    [InlineData("\"closure\": { \"reasons\": [] }", "closure.reasons: must list at least one closure reason")]
    [InlineData("\"closure\": { \"reasons\": [ { \"code\": \"gave-up\", \"text\": \"Gave up\", \"countsAsResolved\": false } ] }", "closure.reasons: must include at least one reason that counts as resolved")]
    [InlineData("\"retention\": { \"yearsAfterClosure\": 0 }", "retention.yearsAfterClosure: must be a whole number from 1 to 50 (a case file is kept at least a year after closure, past the survey and any complaint about it)")]
    [InlineData("\"retention\": { \"yearsAfterClosure\": null }", "retention.yearsAfterClosure: must have a value, not null")]
    [InlineData("\"retention\": { \"months\": 6 }", "retention.months: is not a recognised setting")]
    public void An_out_of_range_or_ill_typed_value_is_named_by_its_path(string settings, string expected)
    {
        Assert.Equal([expected], ProblemsWith(BasedOnDefault(settings)));
    }

    [Theory]
    [InlineData("notes", "\"one note\"", "notes: must be a list")]
    [InlineData("notes", "[\"A note\", 7]", "notes[1]: must be text")]
    [InlineData("name", "\"  \"", "name: must not be empty")]
    [InlineData("closureDays", "{}", "closureDays: must be a list")]
    [InlineData("enquiry", "[]", "enquiry: must be an object")]
    public void A_top_level_value_of_the_wrong_kind_is_named_by_its_path(string property, string value, string expected)
    {
        var json = DefaultJson();
        json[property] = JsonNode.Parse(value);

        Assert.Equal([expected], ProblemsWith(json.ToJsonString()));
    }

    [Theory]
    [InlineData("Camden")]
    [InlineData("camden_north")]
    [InlineData("-camden")]
    [InlineData("")]
    public void A_profile_id_is_lowercase_letters_digits_and_hyphens(string id)
    {
        var json = DefaultJson();
        json["id"] = id;

        var problem = Assert.Single(ProblemsWith(json.ToJsonString()));

        Assert.StartsWith("id: ", problem);
    }

    [Fact]
    public void A_duplicate_code_is_named_with_the_entry_it_repeats()
    {
        var problems = ProblemsWith(BasedOnDefault("""
            "interventionTypes": [
              { "code": "mediation", "text": "Mediation" },
              { "code": "warning", "text": "Warning" },
              { "code": "mediation", "text": "Mediation again" }
            ]
            """));

        Assert.Equal(["interventionTypes[2].code: \"mediation\" is already used by interventionTypes[0]"], problems);
    }

    [Fact]
    public void A_missing_national_strand_is_named()
    {
        var problems = ProblemsWith(BasedOnDefault("""
            "hateStrands": [
              { "code": "race", "name": "Race", "national": true },
              { "code": "religion", "name": "Religion", "national": true },
              { "code": "sexual-orientation", "name": "Sexual orientation", "national": true },
              { "code": "transgender", "name": "Transgender", "national": true }
            ]
            """));

        Assert.Equal(["hateStrands: must include the five nationally monitored strands (missing: disability)"], problems);
    }

    [Fact]
    public void National_strands_are_marked_national_and_local_ones_are_not()
    {
        var problems = ProblemsWith(BasedOnDefault("""
            "hateStrands": [
              { "code": "race", "name": "Race", "national": true },
              { "code": "religion", "name": "Religion", "national": true },
              { "code": "sexual-orientation", "name": "Sexual orientation", "national": true },
              { "code": "disability", "name": "Disability", "national": false },
              { "code": "transgender", "name": "Transgender", "national": true },
              { "code": "misogyny", "name": "Misogyny", "national": true }
            ]
            """));

        Assert.Equal(
            [
                "hateStrands[3].national: must be true: \"disability\" is a nationally monitored strand",
                "hateStrands[5].national: must be false: \"misogyny\" is not one of the five nationally monitored strands (race, religion, sexual-orientation, disability, transgender)",
            ],
            problems);
    }

    [Fact]
    public void An_unknown_property_is_named_by_its_path()
    {
        var problems = ProblemsWith(BasedOnDefault("""
            "firstResponse": { "highWorkingDay": 1 },
            "closure": { "reasons": [ { "code": "stopped", "text": "Stopped", "countsAsResolved": true, "colour": "green" } ] },
            "surveys": { "windowDays": 42 }
            """));

        Assert.Equal(
            [
                "surveys: is not a recognised setting",
                "firstResponse.highWorkingDay: is not a recognised setting",
                "closure.reasons[0].colour: is not a recognised setting",
            ],
            problems);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = ProblemsWith(BasedOnDefault("""
            "firstResponse": { "highWorkingDays": 99 },
            "enquiry": { "limitDays": -3 },
            "hateStrands": [ { "code": "race", "name": "Race", "national": true } ],
            "closureDays": ["soon"]
            """));

        Assert.Equal(4, problems.Count);
        var error = Assert.Throws<ProfileInvalidException>(() => ProfileLoader.Parse(BasedOnDefault("\"enquiry\": { \"limitDays\": -3 }")));
        Assert.Contains("enquiry.limitDays: must be a whole number from 0 to 365", error.Message);
    }

    [Theory]
    [InlineData("{\n  \"id\": \"camden\",\n  \"name\": \n}", "$: is not valid JSON (line 4, position 1)")]
    [InlineData("{ \"id\": \"camden\", }", "$: is not valid JSON (line 1, position 19)")]
    [InlineData("", "$: is not valid JSON (line 1, position 1)")]
    [InlineData("{ \"id\": \"a\", \"id\": \"b\" }", "$: is not valid JSON: Duplicate property 'id'")]
    public void Malformed_JSON_is_reported_with_the_line_and_position(string json, string expectedStart)
    {
        var problem = Assert.Single(ProblemsWith(json));

        Assert.StartsWith(expectedStart, problem);
    }

    [Fact]
    public void A_profile_must_be_a_JSON_object()
    {
        Assert.Equal(["$: must be a JSON object holding a service profile"], ProblemsWith("[]"));
    }

    [Fact]
    public void An_unknown_base_is_named_with_the_known_ones()
    {
        var problems = ProblemsWith("""{ "basedOn": "camden", "id": "x", "name": "X", "notes": [] }""");

        Assert.Equal(["basedOn: \"camden\" is not a built-in profile (known: default, livv, milton-keynes, peaks-and-plains, reading)"], problems);
    }

    [Fact]
    public void A_base_must_be_named_as_text()
    {
        var problem = Assert.Single(ProblemsWith("""{ "basedOn": 7, "id": "x", "name": "X", "notes": [] }"""));

        Assert.StartsWith("basedOn: must be the id of a built-in profile", problem);
    }
}
