using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using HateCase.Domain.Cases;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace HateCase.Workflow;

// How case data crosses the Durable Task boundary (orchestration inputs, events, activity inputs).
// The same shape the case store has always used (web casing, enums in kebab case, nulls written,
// the domain's versioned type names for states and events), so a stored state reads either way;
// commands, which were never stored before, get explicit versioned names here too.
public static class CaseWorkflowJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static DataConverter Converter { get; } = new JsonDataConverter(Options);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("The value is empty.");

    // A rename of a command class must not change what an event already raised is read as.
    private static readonly (Type Type, string Name)[] CommandNames =
    [
        (typeof(CaseCommand.ReportCase), "report-case.v1"),
        (typeof(CaseCommand.ReceiveRelatedReport), "receive-related-report.v1"),
        (typeof(CaseCommand.AcceptRelatedReport), "accept-related-report.v1"),
        (typeof(CaseCommand.DeclineRelatedReport), "decline-related-report.v1"),
        (typeof(CaseCommand.AssessRisk), "assess-risk.v1"),
        (typeof(CaseCommand.AssignOfficer), "assign-officer.v1"),
        (typeof(CaseCommand.RecordContact), "record-contact.v1"),
        (typeof(CaseCommand.SendUpdate), "send-update.v1"),
        (typeof(CaseCommand.SendAdaptedCopy), "send-adapted-copy.v1"),
        (typeof(CaseCommand.RecordLetterPosted), "record-letter-posted.v1"),
        (typeof(CaseCommand.RecordFailedContactAttempt), "record-failed-contact-attempt.v1"),
        (typeof(CaseCommand.SendLetter), "send-letter.v1"),
        (typeof(CaseCommand.LogIncident), "log-incident.v1"),
        (typeof(CaseCommand.AgreeActionPlan), "agree-action-plan.v1"),
        (typeof(CaseCommand.CompleteAction), "complete-action.v1"),
        (typeof(CaseCommand.MakeReferral), "make-referral.v1"),
        (typeof(CaseCommand.RecordReferralOutcome), "record-referral-outcome.v1"),
        (typeof(CaseCommand.ConvertToCase), "convert-to-case.v1"),
        (typeof(CaseCommand.CloseEnquiry), "close-enquiry.v1"),
        (typeof(CaseCommand.ReviewCase), "review-case.v1"),
        (typeof(CaseCommand.RecordIntervention), "record-intervention.v1"),
        (typeof(CaseCommand.AssessProportionality), "assess-proportionality.v1"),
        (typeof(CaseCommand.StartLegalAction), "start-legal-action.v1"),
        (typeof(CaseCommand.ConcludeLegalAction), "conclude-legal-action.v1"),
        (typeof(CaseCommand.RecordClosingReview), "record-closing-review.v1"),
        (typeof(CaseCommand.RequestClosure), "request-closure.v1"),
        (typeof(CaseCommand.ApproveClosure), "approve-closure.v1"),
        (typeof(CaseCommand.RejectClosure), "reject-closure.v1"),
        (typeof(CaseCommand.Reopen), "reopen.v1"),
        (typeof(CaseCommand.RecordSurveyAnswer), "record-survey-answer.v1"),
        (typeof(CaseCommand.RecordCorrespondence), "record-correspondence.v1"),
        (typeof(CaseCommand.RecordUndeliverableMessage), "record-undeliverable-message.v1"),
        (typeof(CaseCommand.HoldCase), "hold-case.v1"),
        (typeof(CaseCommand.ReleaseHold), "release-hold.v1"),
        (typeof(CaseCommand.RestrictCase), "restrict-case.v1"),
        (typeof(CaseCommand.LiftRestriction), "lift-restriction.v1"),
        (typeof(CaseCommand.ErasePersonalData), "erase-personal-data.v1"),
        (typeof(CaseCommand.FireTimer), "fire-timer.v1"),
    ];

    // Every command the domain has must have a name here (checked by a test).
    public static IReadOnlyCollection<Type> NamedCommands => CommandNames.Select(c => c.Type).ToList();

    private static JsonSerializerOptions Create()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(NameCommands);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = resolver,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly();
        return options;
    }

    private static void NameCommands(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(CaseCommand))
        {
            return;
        }
        var polymorphism = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "command" };
        foreach (var (type, name) in CommandNames)
        {
            polymorphism.DerivedTypes.Add(new JsonDerivedType(type, name));
        }
        typeInfo.PolymorphismOptions = polymorphism;
    }
}
