using HateCase.Domain.Cases;

namespace HateCase.App.Cases;

// What the officer API and the case page both check before a command reaches the case: how long
// each text may be and how many hate strands an assessment may name. The decider checks the rest
// (codes against the landlord's lists, whether the case's stage allows the command).
public static class CommandInput
{
    public const int Code = 200;
    public const int Reason = 2000;
    public const int UpdateText = 4000;
    public const int Summary = 4000;
    public const int IncidentDescription = 8000;
    public const int LegalOutcome = 1000;
    public const int AssessmentReasons = 4000;
    public const int MaxStrands = 20;
    public const int StrandCode = 50;

    // Why a required text cannot be sent, or null when it can.
    public static string? RequiredTextProblem(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? "This is required."
        : value.Length > max ? $"Use {max} characters or fewer."
        : null;

    public static string? StrandsProblem(IReadOnlyList<string>? strands) =>
        strands is null ? null
        : strands.Count > MaxStrands ? $"Name {MaxStrands} strands or fewer."
        : strands.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > StrandCode) ? $"Each strand is a code of {StrandCode} characters or fewer."
        : null;

    // The command's own id for the things it creates (a contact, an incident...) from the key that
    // makes a retry the same command: the API's Idempotency-Key, a page form's hidden key.
    public static string ItemId(string key) => $"item-{key}";

    public static CaseCommand.LogIncident LogIncident(string id, DateTimeOffset occurredAt, string description, bool isHate) =>
        new(id, occurredAt, description.Trim(), isHate, ReporterKey: null, PartyKey: null);
}
