using HateCase.App.Cases;
using HateCase.Domain.Cases;
using HateCase.Domain.Privacy;
using HateCase.Inbound;
using HateCase.Inbound.Email;
using HateCase.Runtime.Ports;
using HateCase.Storage;

namespace HateCase.App.Privacy;

// What an admin searched for: any of an email address, a phone number, or a name with an address.
public sealed record SubjectAccessQuery(string? Email, string? Phone, string? Name, string? Address)
{
    public IReadOnlyList<PersonIdentifier> Identifiers() =>
        new[] { PersonIdentifiers.Email(Email), PersonIdentifiers.Phone(Phone), PersonIdentifiers.NameAndAddress(Name, Address) }
            .OfType<PersonIdentifier>()
            .ToList();
}

public sealed record DisclosedCase(string CaseId, string Reference, DateTimeOffset ReportedAt, string Stage, bool PersonReported, IReadOnlyList<DisclosureItem> Items);

// An email to the ASB@ mailbox from the person: what the mailbox intake kept of it (the outcome
// row, with no text) and the case whose record holds its words and names its files.
public sealed record DisclosedMessage(string MessageKey, string CaseId, string? CaseReference, string? Outcome, DateTimeOffset? ProcessedAt);

public sealed record SubjectAccessResult(
    DateTimeOffset At, IReadOnlyList<DisclosedCase> Cases, IReadOnlyList<DisclosedMessage> Messages, bool Truncated)
{
    public bool FoundNothing => Cases.Count == 0 && Messages.Count == 0;
}

// Finds everything held about a person through the person index (never a scan of the cases),
// then reads each case found and marks each piece of it for release or redaction.
public sealed class SubjectAccessSearch(PersonIndex index, CaseService cases, TimeProvider clock, ITableStore tables, InboundMailOptions? inbound = null)
{
    public async Task<SubjectAccessResult> Find(IReadOnlyList<PersonIdentifier> identifiers, CancellationToken cancellationToken)
    {
        var places = await index.Find(identifiers, cancellationToken);
        var found = new List<DisclosedCase>();
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var caseId in places.Cases)
        {
            if (await cases.Get(caseId, cancellationToken) is not { State.FileOrNull: { } file } view)
            {
                continue;
            }
            references[caseId] = file.Reference;
            var events = view.Chronology.Select(e => e.Event).ToList();
            found.Add(new DisclosedCase(caseId, file.Reference, file.ReportedAt, view.State.GetType().Name,
                events.Any(e => e switch
                {
                    CaseEvent.ReportReceived r => SubjectAccess.IsSubject(r.Complainant, identifiers),
                    CaseEvent.RelatedReportReceived r => SubjectAccess.IsSubject(r.Complainant, identifiers),
                    _ => false,
                }),
                SubjectAccess.Disclose(events, identifiers)));
        }
        var processed = inbound is null ? null : new ProcessedMessages(tables, inbound.ProcessedTable);
        var messages = new List<DisclosedMessage>();
        foreach (var (key, caseId) in places.Messages)
        {
            var outcome = processed is null ? null : await processed.Find(key, cancellationToken);
            messages.Add(new DisclosedMessage(key, caseId, references.GetValueOrDefault(caseId), outcome?.Outcome, outcome?.ProcessedAt));
        }
        return new SubjectAccessResult(clock.GetUtcNow(), found.OrderBy(c => c.ReportedAt).ToList(), messages, places.Truncated);
    }

    // What the access record keeps of a search: keyed hashes of what was searched (so a later
    // search for the same person can be matched to it), never the terms.
    public async Task<string> Fingerprint(IReadOnlyList<PersonIdentifier> identifiers) =>
        string.Join(",", await Task.WhenAll(identifiers.Select(async i => $"{i.Kind}:{(await index.Hash(i))[..16]}")));
}
