using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;

namespace HateCase.Domain.Profiles;

// Reads a service profile from JSON. A profile may name a built-in profile in "basedOn" and
// give only what differs: its JSON is merged over the base's JSON (objects property by
// property; lists and single values replace) before anything is read. Every problem found is
// reported at once, each named by its JSON path, so a landlord can fix a file in one pass.
public static class ProfileLoader
{
    private const string ResourcePrefix = "HateCase.Domain.Profiles.";
    private const string ResourceSuffix = ".json";
    private const string DefaultId = "default";

    // Without these a derived profile would silently pass itself off as its base.
    private static readonly string[] OwnedByEachProfile = ["id", "name", "notes"];

    public static IReadOnlyList<string> BuiltInIds { get; } = FindBuiltInIds();

    // Declared after BuiltInIds: static initialisers run in the order they are written.
    private static readonly Dictionary<string, Lazy<ServiceProfile>> BuiltIns =
        BuiltInIds.ToDictionary(id => id, id => new Lazy<ServiceProfile>(() => Parse(ReadBuiltInJson(id))), StringComparer.Ordinal);

    public static ServiceProfile Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        var problems = new List<string>();
        ServiceProfile? profile = null;
        if (ReadObject(json, problems) is { } own && Resolve(own, problems, []) is { } merged)
        {
            profile = new ProfileReader(problems).Read(merged);
        }

        if (problems.Count > 0 || profile is null)
        {
            throw new ProfileInvalidException(problems);
        }

        return profile;
    }

    public static ServiceProfile BuiltIn(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!BuiltIns.TryGetValue(id, out var profile))
        {
            throw new ArgumentException(
                $"There is no built-in service profile \"{id}\". The built-in profiles are: {string.Join(", ", BuiltInIds)}.",
                nameof(id));
        }

        return profile.Value;
    }

    public static IReadOnlyList<ServiceProfile> AllBuiltIn() => BuiltInIds.Select(BuiltIn).ToList().AsReadOnly();

    private static IReadOnlyList<string> FindBuiltInIds()
    {
        var ids = typeof(ProfileLoader).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^ResourceSuffix.Length])
            .Where(id => !id.Contains('.', StringComparison.Ordinal))
            .OrderBy(id => id == DefaultId ? 0 : 1)
            .ThenBy(id => id, StringComparer.Ordinal)
            .ToList();
        return ids.AsReadOnly();
    }

    private static string ReadBuiltInJson(string id)
    {
        using var stream = typeof(ProfileLoader).Assembly.GetManifestResourceStream(ResourcePrefix + id + ResourceSuffix)
            ?? throw new InvalidOperationException($"The built-in service profile \"{id}\" is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonObject? ReadObject(string json, List<string> problems)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            problems.Add(e.LineNumber is { } line && e.BytePositionInLine is { } position
                ? $"$: is not valid JSON (line {line + 1}, position {position + 1}): {ReaderReason(e)}"
                : $"$: is not valid JSON: {ReaderReason(e)}");
            return null;
        }

        if (node is JsonObject obj)
        {
            return obj;
        }

        problems.Add("$: must be a JSON object holding a service profile");
        return null;
    }

    // The reader appends its own "LineNumber: … | BytePositionInLine: …" to the message; we
    // report the position ourselves, counted from 1 as editors do.
    private static string ReaderReason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).Trim();
    }

    // Follows "basedOn" down to a complete profile and merges each layer over the one below.
    private static JsonObject? Resolve(JsonObject own, List<string> problems, List<string> chain)
    {
        if (!own.TryGetPropertyValue("basedOn", out var basedOn))
        {
            return own;
        }

        if (basedOn is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            problems.Add($"basedOn: must be the id of a built-in profile ({string.Join(", ", BuiltInIds)})");
            return null;
        }

        var baseId = value.GetValue<string>();
        if (!BuiltIns.ContainsKey(baseId))
        {
            problems.Add($"basedOn: \"{baseId}\" is not a built-in profile (known: {string.Join(", ", BuiltInIds)})");
            return null;
        }

        if (chain.Contains(baseId))
        {
            problems.Add($"basedOn: profiles are based on each other in a loop ({string.Join(" → ", chain.Append(baseId))})");
            return null;
        }

        foreach (var required in OwnedByEachProfile)
        {
            if (!own.ContainsKey(required))
            {
                problems.Add($"{required}: is missing (a profile based on another must give its own)");
            }
        }

        var baseProfile = ReadObject(ReadBuiltInJson(baseId), problems) is { } baseOwn
            ? Resolve(baseOwn, problems, [.. chain, baseId])
            : null;
        if (baseProfile is null)
        {
            return null;
        }

        var overlay = (JsonObject)own.DeepClone();
        overlay.Remove("basedOn");
        return (JsonObject)Merge(baseProfile, overlay)!;
    }

    private static JsonNode? Merge(JsonNode? under, JsonNode? over)
    {
        if (under is not JsonObject underObject || over is not JsonObject overObject)
        {
            return over?.DeepClone();
        }

        var merged = (JsonObject)underObject.DeepClone();
        foreach (var (name, overValue) in overObject)
        {
            merged[name] = merged.TryGetPropertyValue(name, out var underValue)
                ? Merge(underValue, overValue)
                : overValue?.DeepClone();
        }

        return merged;
    }

    // Binds the merged JSON by hand rather than through the serializer, so that one pass can
    // collect every problem with its path instead of stopping at the first.
    private sealed class ProfileReader(List<string> problems)
    {
        // The five strands the police and the regulator's NM01 measure monitor nationally.
        private static readonly string[] NationalStrands = ["race", "religion", "sexual-orientation", "disability", "transgender"];

        private const string CodeRule = "must be lowercase letters, digits and single hyphens between them (for example \"no-co-operation\")";

        public ServiceProfile Read(JsonObject root)
        {
            OnlyKnown(root, "",
                "id", "name", "notes", "firstResponse", "riskAssessmentWorkingDays", "actionPlanWorkingDays", "regularContact", "enquiry",
                "reviews", "closure", "survey", "followUp", "reminders", "escalation", "hateStrands", "victimsCode",
                "interventionTypes", "legalActionTypes", "caseReview", "closureDays", "officeHours", "retention");

            return new ServiceProfile(
                Id: Code(root, "id", ""),
                Name: Text(root, "name", ""),
                Notes: List(root, "notes", "", (node, path) => TextValue(node, path)),
                FirstResponse: ReadFirstResponse(root),
                RiskAssessmentWorkingDays: Int(root, "riskAssessmentWorkingDays", "", 0, 60, optional: true),
                ActionPlanWorkingDays: Int(root, "actionPlanWorkingDays", "", 1, 60, optional: true),
                RegularContact: ReadRegularContact(root),
                Enquiry: ReadEnquiry(root),
                Reviews: ReadReviews(root),
                Closure: ReadClosure(root),
                Survey: ReadSurvey(root),
                FollowUp: ReadFollowUp(root),
                Reminders: ReadReminders(root),
                Escalation: ReadEscalation(root),
                HateStrands: ReadHateStrands(root),
                VictimsCode: ReadVictimsCode(root),
                InterventionTypes: ReadCodedTexts(root, "interventionTypes"),
                LegalActionTypes: ReadCodedTexts(root, "legalActionTypes"),
                CaseReview: ReadCaseReview(root),
                ClosureDays: ReadClosureDays(root),
                OfficeHours: ReadOfficeHours(root),
                Retention: ReadRetention(root));
        }

        private RetentionStandard ReadRetention(JsonObject root)
        {
            const string path = "retention";
            if (Object(root, path, "") is not { } o)
            {
                return new RetentionStandard(0);
            }

            OnlyKnown(o, path, "yearsAfterClosure");
            return new RetentionStandard(Int(o, "yearsAfterClosure", path, 1, 50,
                why: "a case file is kept at least a year after closure, past the survey and any complaint about it") ?? 0);
        }

        private FirstResponseStandard ReadFirstResponse(JsonObject root)
        {
            const string path = "firstResponse";
            if (Object(root, path, "") is not { } o)
            {
                return new FirstResponseStandard(0, 0, 0, false);
            }

            OnlyKnown(o, path, "highWorkingDays", "mediumWorkingDays", "lowWorkingDays", "hateIsAlwaysHigh");
            var high = Int(o, "highWorkingDays", path, 0, 20);
            var medium = Int(o, "mediumWorkingDays", path, 0, 20);
            var low = Int(o, "lowWorkingDays", path, 0, 20);

            // A more serious report never waits longer than a less serious one.
            if (high is { } h && medium is { } m && m < h)
            {
                Problem($"{path}.mediumWorkingDays", $"must be at least highWorkingDays ({h})");
            }

            if (medium is { } m2 && low is { } l && l < m2)
            {
                Problem($"{path}.lowWorkingDays", $"must be at least mediumWorkingDays ({m2})");
            }

            return new FirstResponseStandard(high ?? 0, medium ?? 0, low ?? 0, Bool(o, "hateIsAlwaysHigh", path));
        }

        private RegularContactStandard? ReadRegularContact(JsonObject root)
        {
            const string path = "regularContact";
            if (Object(root, path, "", optional: true) is not { } o)
            {
                return null;
            }

            OnlyKnown(o, path, "every", "unit");
            var unit = EnumValue<ContactCadenceUnit>(o, "unit", path);
            var every = unit == ContactCadenceUnit.CalendarMonths
                ? Int(o, "every", path, 1, 24)
                : Int(o, "every", path, 1, 60);
            return new RegularContactStandard(every ?? 0, unit ?? ContactCadenceUnit.WorkingDays);
        }

        private EnquiryStandard ReadEnquiry(JsonObject root)
        {
            const string path = "enquiry";
            if (Object(root, path, "") is not { } o)
            {
                return new EnquiryStandard(0, 0, 0, false, EnquiryStandard.TelephoneOnly);
            }

            OnlyKnown(o, path, "limitDays", "failedAttemptsBeforeLetter", "letterReplyWorkingDays", "closeWhenLetterUnanswered",
                "attemptMethodsBeforeLetter");
            return new EnquiryStandard(
                Int(o, "limitDays", path, 0, 365) ?? 0,
                Int(o, "failedAttemptsBeforeLetter", path, 0, 10) ?? 0,
                Int(o, "letterReplyWorkingDays", path, 0, 60) ?? 0,
                Bool(o, "closeWhenLetterUnanswered", path),
                ReadAttemptMethods(o, path));
        }

        // Which failed contact attempts lead to the letter. Absent: telephone, as RBC 8 stage 1 says.
        private ValueList<ContactMethod> ReadAttemptMethods(JsonObject enquiry, string parent)
        {
            const string name = "attemptMethodsBeforeLetter";
            var path = PathOf(parent, name);
            if (Value(enquiry, name, parent, optional: true) is not { } node)
            {
                return EnquiryStandard.TelephoneOnly;
            }
            if (node is not JsonArray array || array.Count == 0)
            {
                Problem(path, "must be a list of at least one contact method");
                return EnquiryStandard.TelephoneOnly;
            }

            var allowed = System.Enum.GetValues<ContactMethod>().Where(m => m != ContactMethod.Letter)
                .ToDictionary(m => JsonNamingPolicy.CamelCase.ConvertName(m.ToString()), m => m, StringComparer.Ordinal);
            var methods = new List<ContactMethod>();
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && allowed.TryGetValue(v.GetValue<string>(), out var method))
                {
                    if (methods.Contains(method))
                    {
                        Problem($"{path}[{i}]", "is listed twice");
                    }
                    methods.Add(method);
                }
                else
                {
                    // A letter is what the failed attempts lead to, not an attempt.
                    Problem($"{path}[{i}]", $"must be one of: {string.Join(", ", allowed.Keys)}");
                }
            }
            return methods.Distinct().ToValueList();
        }

        private ReviewStandard ReadReviews(JsonObject root)
        {
            const string path = "reviews";
            if (Object(root, path, "") is not { } o)
            {
                return new ReviewStandard(0, 0, 0, 0);
            }

            OnlyKnown(o, path, "initialReviewAfterMonths", "reviewEveryMonths", "quietWeeksBeforeClosureConsidered", "monitoringMonths");
            return new ReviewStandard(
                Int(o, "initialReviewAfterMonths", path, 0, 24) ?? 0,
                Int(o, "reviewEveryMonths", path, 0, 24) ?? 0,
                Int(o, "quietWeeksBeforeClosureConsidered", path, 0, 52) ?? 0,
                Int(o, "monitoringMonths", path, 0, 24) ?? 0);
        }

        private ClosureStandard ReadClosure(JsonObject root)
        {
            const string path = "closure";
            if (Object(root, path, "") is not { } o)
            {
                return new ClosureStandard(false, []);
            }

            OnlyKnown(o, path, "needsApproval", "reasons", "reviewWithVictim");
            var needsApproval = Bool(o, "needsApproval", path);
            var reviewWithVictim = o.ContainsKey("reviewWithVictim") && Bool(o, "reviewWithVictim", path);
            var reasonsPath = $"{path}.reasons";
            var reasons = List(o, "reasons", path, (node, itemPath) =>
            {
                if (ItemObject(node, itemPath) is not { } r)
                {
                    return null;
                }

                OnlyKnown(r, itemPath, "code", "text", "countsAsResolved");
                return new ClosureReason(Code(r, "code", itemPath), Text(r, "text", itemPath), Bool(r, "countsAsResolved", itemPath));
            });

            if (o["reasons"] is JsonArray array)
            {
                if (array.Count == 0)
                {
                    Problem(reasonsPath, "must list at least one closure reason");
                }
                else if (reasons.Count == array.Count && !reasons.Any(r => r.CountsAsResolved))
                {
                    Problem(reasonsPath, "must include at least one reason that counts as resolved");
                }

                UniqueCodes(array, reasonsPath);
            }

            return new ClosureStandard(needsApproval, reasons, reviewWithVictim);
        }

        private SurveyStandard? ReadSurvey(JsonObject root)
        {
            const string path = "survey";
            if (Object(root, path, "", optional: true) is not { } o)
            {
                return null;
            }

            OnlyKnown(o, path, "sendAfterDays", "reminderAfterDays", "windowDays");
            var sendAfter = Int(o, "sendAfterDays", path, 0, 365);
            var reminderAfter = Int(o, "reminderAfterDays", path, 0, 365);
            var window = Int(o, "windowDays", path, 1, 365);

            if (window is { } w)
            {
                if (sendAfter is { } s && s >= w)
                {
                    Problem($"{path}.sendAfterDays", $"must be less than windowDays ({w}), or the survey would go out after it has closed");
                }

                if (reminderAfter is { } r && r >= w)
                {
                    Problem($"{path}.reminderAfterDays", $"must be less than windowDays ({w}), or the reminder would come after the survey has closed");
                }
            }

            return new SurveyStandard(sendAfter ?? 0, reminderAfter ?? 0, window ?? 0);
        }

        private FollowUpStandard? ReadFollowUp(JsonObject root)
        {
            const string path = "followUp";
            if (Object(root, path, "", optional: true) is not { } o)
            {
                return null;
            }

            OnlyKnown(o, path, "afterClosureWorkingDays");
            return new FollowUpStandard(Int(o, "afterClosureWorkingDays", path, 1, 60) ?? 0);
        }

        private ReminderStandard ReadReminders(JsonObject root)
        {
            const string path = "reminders";
            if (Object(root, path, "") is not { } o)
            {
                return new ReminderStandard(0, 0);
            }

            OnlyKnown(o, path, "leadWorkingDays", "shortDeadlineLeadHours");
            return new ReminderStandard(
                Int(o, "leadWorkingDays", path, 0, 60) ?? 0,
                Int(o, "shortDeadlineLeadHours", path, 0, 24) ?? 0);
        }

        private EscalationStandard ReadEscalation(JsonObject root)
        {
            const string path = "escalation";
            if (Object(root, path, "") is not { } o)
            {
                return new EscalationStandard("");
            }

            OnlyKnown(o, path, "to");
            return new EscalationStandard(Code(o, "to", path));
        }

        private IReadOnlyList<HateStrand> ReadHateStrands(JsonObject root)
        {
            const string path = "hateStrands";
            var strands = List(root, path, "", (node, itemPath) =>
            {
                if (ItemObject(node, itemPath) is not { } s)
                {
                    return null;
                }

                OnlyKnown(s, itemPath, "code", "name", "national");
                var code = Code(s, "code", itemPath);
                var name = Text(s, "name", itemPath);
                var national = Bool(s, "national", itemPath);

                if (code.Length > 0 && s["national"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    var isNational = NationalStrands.Contains(code, StringComparer.Ordinal);
                    if (isNational && !national)
                    {
                        Problem($"{itemPath}.national", $"must be true: \"{code}\" is a nationally monitored strand");
                    }
                    else if (!isNational && national)
                    {
                        Problem($"{itemPath}.national", $"must be false: \"{code}\" is not one of the five nationally monitored strands ({string.Join(", ", NationalStrands)})");
                    }
                }

                return new HateStrand(code, name, national);
            });

            if (root[path] is JsonArray array)
            {
                var missing = NationalStrands.Where(n => !strands.Any(s => s.Code == n)).ToList();
                if (missing.Count > 0)
                {
                    Problem(path, $"must include the five nationally monitored strands (missing: {string.Join(", ", missing)})");
                }

                UniqueCodes(array, path);
            }

            return strands;
        }

        private VictimsCodeText ReadVictimsCode(JsonObject root)
        {
            const string path = "victimsCode";
            if (Object(root, path, "") is not { } o)
            {
                return new VictimsCodeText("", "", []);
            }

            OnlyKnown(o, path, "title", "introduction", "rights");
            var title = Text(o, "title", path);
            var introduction = Text(o, "introduction", path);
            var rights = List(o, "rights", path, (node, itemPath) => TextValue(node, itemPath));
            if (o["rights"] is JsonArray array && array.Count != 6)
            {
                Problem($"{path}.rights", $"must list the six rights of the Victims Code (found {array.Count})");
            }

            return new VictimsCodeText(title, introduction, rights);
        }

        private IReadOnlyList<CodedText> ReadCodedTexts(JsonObject root, string path)
        {
            var items = List(root, path, "", (node, itemPath) =>
            {
                if (ItemObject(node, itemPath) is not { } c)
                {
                    return null;
                }

                OnlyKnown(c, itemPath, "code", "text");
                return new CodedText(Code(c, "code", itemPath), Text(c, "text", itemPath));
            });

            if (root[path] is JsonArray array)
            {
                if (array.Count == 0)
                {
                    Problem(path, "must list at least one");
                }

                UniqueCodes(array, path);
            }

            return items;
        }

        private CaseReviewThresholds ReadCaseReview(JsonObject root)
        {
            const string path = "caseReview";
            if (Object(root, path, "") is not { } o)
            {
                return new CaseReviewThresholds(0, 0, 0, 0, 0, 0);
            }

            OnlyKnown(o, path, "incidentsFromOnePerson", "incidentsFromGroup", "windowMonths", "hateIncidents", "hateWindowMonths", "lastIncidentWithinMonths");
            return new CaseReviewThresholds(
                // ASB, Crime and Policing Act 2014 s.104(4): a local threshold may be lower than three, never higher.
                Int(o, "incidentsFromOnePerson", path, 1, 3, why: "the law allows no higher threshold than three") ?? 0,
                Int(o, "incidentsFromGroup", path, 1, 50) ?? 0,
                Int(o, "windowMonths", path, 1, 24) ?? 0,
                Int(o, "hateIncidents", path, 1, 50) ?? 0,
                Int(o, "hateWindowMonths", path, 1, 24) ?? 0,
                Int(o, "lastIncidentWithinMonths", path, 1, 24) ?? 0);
        }

        private IReadOnlyList<DateOnly> ReadClosureDays(JsonObject root)
        {
            const string path = "closureDays";
            if (Array(root, path, "") is not { } array)
            {
                return [];
            }

            var days = new List<DateOnly>(array.Count);

            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonValue v
                    && v.GetValueKind() == JsonValueKind.String
                    && DateOnly.TryParseExact(v.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    if (days.Contains(day))
                    {
                        Problem($"{path}[{i}]", $"{day:yyyy-MM-dd} is already listed");
                    }

                    days.Add(day);
                }
                else
                {
                    Problem($"{path}[{i}]", "must be a date written as yyyy-mm-dd (for example \"2026-12-29\")");
                }
            }

            return days.AsReadOnly();
        }

        // Local London times of day; "1 working day" is counted in them and staff are emailed
        // within them.
        private OfficeHours ReadOfficeHours(JsonObject root)
        {
            const string path = "officeHours";
            if (Object(root, path, "") is not { } o)
            {
                return OfficeHours.Default;
            }

            OnlyKnown(o, path, "opens", "closes");
            var opens = TimeOfDay(o, "opens", path);
            var closes = TimeOfDay(o, "closes", path);
            if (opens is not { } open || closes is not { } close)
            {
                return OfficeHours.Default;
            }

            if (close <= open)
            {
                Problem($"{path}.closes", $"must be later than opens ({open.ToString("HH:mm", CultureInfo.InvariantCulture)})");
                return OfficeHours.Default;
            }

            return new OfficeHours(open, close);
        }

        private TimeOnly? TimeOfDay(JsonObject obj, string name, string parent)
        {
            if (Value(obj, name, parent, optional: false) is not { } node)
            {
                return null;
            }

            if (node is JsonValue v
                && v.GetValueKind() == JsonValueKind.String
                && TimeOnly.TryParseExact(v.GetValue<string>(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time;
            }

            Problem(PathOf(parent, name), "must be a time of day written as hh:mm on the 24-hour clock (for example \"09:00\")");
            return null;
        }

        private void Problem(string path, string message) => problems.Add($"{path}: {message}");

        private static string PathOf(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

        private void OnlyKnown(JsonObject obj, string path, params ReadOnlySpan<string> known)
        {
            foreach (var (name, _) in obj)
            {
                if (!known.Contains(name))
                {
                    Problem(PathOf(path, name), "is not a recognised setting");
                }
            }
        }

        // Absent and null read the same for an optional value: "this landlord has no such standard".
        private JsonNode? Value(JsonObject obj, string name, string parent, bool optional)
        {
            var present = obj.TryGetPropertyValue(name, out var node);
            if (node is null && !optional)
            {
                Problem(PathOf(parent, name), present ? "must have a value, not null" : "is missing");
            }

            return node;
        }

        private JsonObject? Object(JsonObject obj, string name, string parent, bool optional = false)
        {
            var node = Value(obj, name, parent, optional);
            if (node is null or JsonObject)
            {
                return node as JsonObject;
            }

            Problem(PathOf(parent, name), "must be an object");
            return null;
        }

        private JsonObject? ItemObject(JsonNode? node, string path)
        {
            if (node is JsonObject o)
            {
                return o;
            }

            Problem(path, "must be an object");
            return null;
        }

        private int? Int(JsonObject obj, string name, string parent, int min, int max, bool optional = false, string? why = null)
        {
            if (Value(obj, name, parent, optional) is not { } node)
            {
                return null;
            }

            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) && i >= min && i <= max)
            {
                return i;
            }

            Problem(PathOf(parent, name), $"must be a whole number from {min} to {max}" + (why is null ? "" : $" ({why})"));
            return null;
        }

        private bool Bool(JsonObject obj, string name, string parent)
        {
            if (Value(obj, name, parent, optional: false) is not { } node)
            {
                return false;
            }

            switch (node.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    Problem(PathOf(parent, name), "must be true or false");
                    return false;
            }
        }

        private string Text(JsonObject obj, string name, string parent)
        {
            var path = PathOf(parent, name);
            return Value(obj, name, parent, optional: false) is { } node ? TextValue(node, path) ?? "" : "";
        }

        private string? TextValue(JsonNode? node, string path)
        {
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                var text = v.GetValue<string>();
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return text;
                }

                Problem(path, "must not be empty");
                return null;
            }

            Problem(path, "must be text");
            return null;
        }

        private string Code(JsonObject obj, string name, string parent)
        {
            var code = Text(obj, name, parent);
            if (code.Length > 0 && !IsCode(code))
            {
                Problem(PathOf(parent, name), CodeRule);
            }

            return code;
        }

        private static bool IsCode(string code) =>
            code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            && !code.StartsWith('-')
            && !code.EndsWith('-')
            && !code.Contains("--", StringComparison.Ordinal);

        private T? EnumValue<T>(JsonObject obj, string name, string parent)
            where T : struct, Enum
        {
            if (Value(obj, name, parent, optional: false) is not { } node)
            {
                return null;
            }

            var names = System.Enum.GetValues<T>().ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()), e => e, StringComparer.Ordinal);
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && names.TryGetValue(v.GetValue<string>(), out var value))
            {
                return value;
            }

            Problem(PathOf(parent, name), $"must be one of: {string.Join(", ", names.Keys)}");
            return null;
        }

        private JsonArray? Array(JsonObject obj, string name, string parent)
        {
            var node = Value(obj, name, parent, optional: false);
            if (node is null or JsonArray)
            {
                return node as JsonArray;
            }

            Problem(PathOf(parent, name), "must be a list");
            return null;
        }

        // Items that could not be read are left out; the problem has already been recorded.
        private IReadOnlyList<T> List<T>(JsonObject obj, string name, string parent, Func<JsonNode?, string, T?> readItem)
            where T : class
        {
            if (Array(obj, name, parent) is not { } array)
            {
                return [];
            }

            var path = PathOf(parent, name);
            var items = new List<T>(array.Count);
            for (var i = 0; i < array.Count; i++)
            {
                if (readItem(array[i], $"{path}[{i}]") is { } item)
                {
                    items.Add(item);
                }
            }

            return items.AsReadOnly();
        }

        private void UniqueCodes(JsonArray array, string path)
        {
            var firstUse = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject item
                    && item["code"] is JsonValue v
                    && v.GetValueKind() == JsonValueKind.String
                    && v.GetValue<string>() is { Length: > 0 } code
                    && !firstUse.TryAdd(code, i))
                {
                    Problem($"{path}[{i}].code", $"\"{code}\" is already used by {path}[{firstUse[code]}]");
                }
            }
        }
    }
}

public sealed class ProfileInvalidException : Exception
{
    public ProfileInvalidException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems.ToList().AsReadOnly();
    }

    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? $"The service profile is not valid: {problems[0]}"
            : "The service profile is not valid:" + string.Concat(problems.Select(p => "\n- " + p));
    }
}
