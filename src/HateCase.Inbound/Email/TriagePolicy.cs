namespace HateCase.Inbound.Email;

// What the ASB@ mailbox accepts. The defaults follow the intake (an 8,000-character description)
// and what a phone photo, a short video or a scanned letter needs.
public sealed record TriagePolicy
{
    public const long Megabyte = 1024 * 1024;

    public static TriagePolicy Default { get; } = new();

    public long MaxMessageBytes { get; init; } = 20 * Megabyte;

    public long MaxAttachmentBytes { get; init; } = 10 * Megabyte;

    public long MaxTotalAttachmentBytes { get; init; } = 20 * Megabyte;

    // The intake's description limit; longer text is kept whole as an evidence file.
    public int MaxDescriptionChars { get; init; } = 8_000;

    // Earlier messages quoted under a reply are context, not the report: they are trimmed past this.
    public int MaxQuotedHistoryChars { get; init; } = 20_000;

    public int MaxSummaryChars { get; init; } = 200;

    // Decided from the file's first bytes, never from the name or the declared type.
    public IReadOnlyList<string> AllowedContentTypes { get; init; } =
    [
        "image/jpeg", "image/png", "image/gif", "image/heic", "image/webp",
        "application/pdf",
        "text/plain",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "audio/mpeg", "audio/mp4", "audio/wav", "audio/ogg", "audio/amr", "audio/aac",
        "video/mp4", "video/quicktime", "video/3gpp", "video/webm",
    ];

    // Words that suggest the reporter may perceive hostility or prejudice. A match only flags the
    // report for the officer, who decides with the complainant (LIVV 2.3: the victim's perception
    // decides, no proof needed). Phrases match as whole words, case-insensitively.
    public IReadOnlyList<string> PossibleHateWords { get; init; } =
    [
        "hate", "hate crime", "hate incident", "hatred", "hostility", "prejudice",
        "racist", "racism", "racial", "race", "ethnic", "ethnicity", "skin colour", "skin color", "foreigner", "immigrant",
        "religion", "religious", "muslim", "islamophobic", "islamophobia", "antisemitic", "antisemitism", "jewish",
        "sikh", "hindu", "christian", "mosque", "synagogue", "church", "temple",
        "homophobic", "homophobia", "gay", "lesbian", "bisexual", "sexual orientation",
        "transphobic", "transphobia", "transgender", "trans",
        "disability", "disabled", "wheelchair", "autistic", "learning disability",
        "misogyny", "misogynistic", "sexist", "gender",
        "slur", "abuse because", "because of my", "because i am", "because i'm",
    ];

    // Message-ID domains our outgoing mail uses; a reply naming one of our Message-IDs in
    // In-Reply-To or References belongs to the case in it. Empty: any domain, for a case id
    // that matches CaseIdPrefix.
    public IReadOnlyList<string> OwnMessageIdDomains { get; init; } = [];

    public string CaseIdPrefix { get; init; } = "case-";

    // Our own sending addresses: mail from them is never a report (no loops through forwarding).
    public IReadOnlyList<string> OwnAddresses { get; init; } = [];
}
