using System.Collections.Concurrent;
using HateCase.Inbound.Email;

namespace HateCase.Inbound.Tests.Support;

// A mailbox in memory: messages by id, the moves made, and a catch-up listing of what is left.
internal sealed class InMemoryMailbox : IMailbox
{
    private readonly ConcurrentDictionary<string, InboundEmail> inbox = new();

    public ConcurrentQueue<(string MessageId, MailboxFolder Folder)> Moves { get; } = new();

    public int Fetches;

    // A mail server that keeps a message where it is after a move, as a stale copy would look.
    public bool KeepMovedMessages { get; init; }

    public InboundEmail Deliver(InboundEmail email)
    {
        inbox[email.GraphMessageId!] = email;
        return email;
    }

    public Task<InboundEmail?> Fetch(string messageId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Fetches);
        return Task.FromResult(inbox.TryGetValue(messageId, out var email) ? email : null);
    }

    public Task MoveTo(string messageId, MailboxFolder folder, CancellationToken cancellationToken)
    {
        Moves.Enqueue((messageId, folder));
        if (!KeepMovedMessages)
        {
            inbox.TryRemove(messageId, out _);
        }

        return Task.CompletedTask;
    }

    public ConcurrentQueue<string> Deleted { get; } = new();

    // What a listing of the Processed folder finds.
    public List<MailboxItem> FiledAsProcessed { get; } = [];

    public async Task<int> ListProcessed(Func<MailboxItem, CancellationToken, Task> onMessage, CancellationToken cancellationToken)
    {
        foreach (var item in FiledAsProcessed)
        {
            await onMessage(item, cancellationToken);
        }
        return FiledAsProcessed.Count;
    }

    public Task Delete(string messageId, CancellationToken cancellationToken)
    {
        Deleted.Enqueue(messageId);
        inbox.TryRemove(messageId, out _);
        return Task.CompletedTask;
    }

    public async Task<CatchUpResult> CatchUp(Func<MailboxItem, CancellationToken, Task> onMessage, CancellationToken cancellationToken)
    {
        var items = inbox.Values.ToList();
        foreach (var email in items)
        {
            await onMessage(new MailboxItem(email.GraphMessageId!, email.InternetMessageId), cancellationToken);
        }

        return new CatchUpResult(1, items.Count, false);
    }
}

// The app's side of the contract, recorded: cases opened (idempotently, by key), replies recorded
// on the cases it knows, bounces noted.
internal sealed class RecordingCaseSink : IInboundCaseSink
{
    private readonly ConcurrentDictionary<string, string> casesByKey = new();

    public ConcurrentQueue<InboundReport> Reports { get; } = new();

    public ConcurrentQueue<InboundReply> Replies { get; } = new();

    public ConcurrentQueue<(string Key, string OutboxKey)> Undeliverable { get; } = new();

    public HashSet<string> KnownReferences { get; } = ["HC-2026-000123"];

    public int FailuresToInject;

    public Task<string> OpenCase(InboundReport report, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref FailuresToInject) >= 0)
        {
            throw new TimeoutException("Injected failure.");
        }

        Reports.Enqueue(report);
        return Task.FromResult(casesByKey.GetOrAdd(report.Key, key => "case-" + key[..16]));
    }

    public Task<string?> RecordReply(InboundReply reply, CancellationToken cancellationToken)
    {
        if (reply.Reply.CaseId is null && (reply.Reply.Reference is null || !KnownReferences.Contains(reply.Reply.Reference)))
        {
            return Task.FromResult<string?>(null);
        }

        Replies.Enqueue(reply);
        return Task.FromResult<string?>(reply.Reply.CaseId ?? "case-for-" + reply.Reply.Reference);
    }

    public Task RecordUndeliverable(string key, string outboxKey, string reason, CancellationToken cancellationToken)
    {
        Undeliverable.Enqueue((key, outboxKey));
        return Task.CompletedTask;
    }

    // Distinct cases opened: a repeated OpenCase for one key opens no second case.
    public int CasesOpened => Reports.Select(r => r.Key).Distinct().Count();
}

