namespace HateCase.Domain.Retention;

// A person in a case who can ask for their data to be erased (UK GDPR Art. 17): the complainant
// (who made the report that opened the case) or the reporter of one related report received on
// it, named by the report's id. Written as "complainant" or "related-report:{id}".
public sealed record PersonInCase
{
    public const string ComplainantName = "complainant";
    public const string RelatedReportPrefix = "related-report:";

    // The reason an erasure is recorded with: a short note for the record ("asked by letter of
    // 3 March"), never an account of the person, so it is kept short.
    public const int MaxReasonLength = 200;

    private PersonInCase(string? relatedReportId) => RelatedReportId = relatedReportId;

    public static PersonInCase Complainant { get; } = new((string?)null);

    public static PersonInCase ReporterOf(string relatedReportId) => new(relatedReportId);

    public string? RelatedReportId { get; }

    public bool IsComplainant => RelatedReportId is null;

    public string Name => IsComplainant ? ComplainantName : RelatedReportPrefix + RelatedReportId;

    // As the chronology says it: "the complainant", "the reporter of related report report-2".
    public string Described => IsComplainant ? "the complainant" : $"the reporter of related report {RelatedReportId}";

    public static PersonInCase? Parse(string? name) => name switch
    {
        ComplainantName => Complainant,
        not null when name.StartsWith(RelatedReportPrefix, StringComparison.Ordinal)
            && name[RelatedReportPrefix.Length..] is { Length: > 0 and <= 100 } id
            && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') => ReporterOf(id),
        _ => null,
    };

    // Why the reason cannot be recorded, or null when it can.
    public static string? ReasonProblem(string? reason) => reason switch
    {
        null or { Length: 0 } => "Enter the reason for the erasure.",
        _ when string.IsNullOrWhiteSpace(reason) => "Enter the reason for the erasure.",
        { Length: > MaxReasonLength } => $"The reason must be {MaxReasonLength} characters or fewer, with no personal data in it.",
        _ when reason.Any(char.IsControl) => "The reason must be one line of text.",
        _ => null,
    };
}
