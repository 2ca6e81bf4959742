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

// AlsoSearched: the kinds of detail the person's own reports gave that the search went on to use.
public sealed record SubjectAccessResult(
    DateTimeOffset At, IReadOnlyList<DisclosedCase> Cases, IReadOnlyList<DisclosedMessage> Messages, bool Truncated,
    IReadOnlyList<IdentifierKind> AlsoSearched)
{
    public bool FoundNothing => Cases.Count == 0 && Messages.Count == 0;
}

// Finds everything held about a person through the person index (never a scan of the cases),
// then reads each case found and marks each piece of it for release or redaction.
public sealed class SubjectAccessSearch(PersonIndex index, CaseService cases, TimeProvider clock, ITableStore tables, InboundMailOptions? inbound = null)
{
    // The person's own reports link their other details: a search by phone also finds the emails
    // sent from the address they gave with that phone (one step, from their own reports only).
    public async Task<SubjectAccessResult> Find(IReadOnlyList<PersonIdentifier> searched, CancellationToken cancellationToken)
    {
        var identifiers = searched.ToHashSet();
        var views = new Dictionary<string, CaseView>(StringComparer.Ordinal);
        var places = await index.Find(identifiers, cancellationToken);
        await ReadCases(places.Cases, views, cancellationToken);
        var linked = views.Values.SelectMany(v => v.Chronology).Select(e => e.Event switch
            {
                CaseEvent.ReportReceived r => r.Complainant,
                CaseEvent.RelatedReportReceived r => r.Complainant,
                _ => null,
            })
            .OfType<Complainant>()
            .Where(c => SubjectAccess.IsSubject(c, identifiers))
            .SelectMany(PersonIdentifiers.Of)
            .Where(i => !identifiers.Contains(i))
            .ToList();
        if (linked.Count > 0)
        {
            identifiers.UnionWith(linked);
            places = await index.Find(identifiers, cancellationToken);
            await ReadCases(places.Cases, views, cancellationToken);
        }

        var found = new List<DisclosedCase>();
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var view in views.Values)
        {
            var file = view.State.FileOrNull!;
            references[view.CaseId] = file.Reference;
            var events = view.Chronology.Select(e => e.Event).ToList();
            found.Add(new DisclosedCase(view.CaseId, file.Reference, file.ReportedAt, view.State.GetType().Name,
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
        return new SubjectAccessResult(clock.GetUtcNow(), found.OrderBy(c => c.Reference, StringComparer.Ordinal).ToList(), messages, places.Truncated,
            linked.Select(i => i.Kind).Distinct().ToList());
    }

    private async Task ReadCases(IEnumerable<string> caseIds, Dictionary<string, CaseView> views, CancellationToken cancellationToken)
    {
        foreach (var caseId in caseIds.Where(id => !views.ContainsKey(id)))
        {
            if (await cases.Get(caseId, cancellationToken) is { State.FileOrNull: not null } view)
            {
                views[caseId] = view;
            }
        }
    }

    // What the access record keeps of a search: keyed hashes of what was searched (so a later
    // search for the same person can be matched to it), never the terms.
    public async Task<string> Fingerprint(IReadOnlyList<PersonIdentifier> identifiers) =>
        string.Join(",", await Task.WhenAll(identifiers.Select(async i => $"{i.Kind}:{(await index.Hash(i))[..16]}")));
}
