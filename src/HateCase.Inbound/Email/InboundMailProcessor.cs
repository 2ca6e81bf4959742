using System.Globalization;
using System.Text;
using HateCase.Runtime.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HateCase.Inbound.Email;

public enum ProcessingStatus
{
    Processed,
    AlreadyProcessed,
    // The message was no longer in the mailbox (moved or deleted since it was announced).
    MessageGone,
}

public sealed record ProcessingResult(ProcessingStatus Status, string? Outcome = null, string? CaseId = null);

// One email, end to end: fetch, skip if done, triage, store evidence, act through the sink, note
// the mailbox's copy against its case, record, file away. Acting comes before recording, and the sink is idempotent on the key, so a
// crash in between repeats the act harmlessly instead of losing the email.
public sealed class InboundMailProcessor(
    IMailbox mailbox,
    ProcessedMessages processed,
    MailboxCopies copies,
    IBlobStore blobs,
    IInboundCaseSink sink,
    TriagePolicy policy,
    TimeProvider clock,
    ILogger<InboundMailProcessor>? logger = null)
{
    public const string EvidenceContainer = "evidence";
    public const string QuotedHistoryFileName = "earlier-messages.txt";

    private readonly ILogger logger = logger ?? NullLogger<InboundMailProcessor>.Instance;

    // What became of each message processed.
    public ProcessedMessages Processed => processed;

    public async Task<ProcessingResult> Process(string messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        var email = await mailbox.Fetch(messageId, cancellationToken);
        if (email is null)
        {
            logger.LogInformation("Inbound message no longer in the mailbox; nothing to do.");
            return new ProcessingResult(ProcessingStatus.MessageGone);
        }

        return await Process(email, cancellationToken);
    }

    public async Task<ProcessingResult> Process(InboundEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var key = MessageKey.For(email.InternetMessageId);
        if (await processed.Find(key, cancellationToken) is { } done)
        {
            // A copy or a repeat: file it where the first one went, and do nothing else. A second
            // copy is the case's too, so it goes when the case's personal data goes.
            await RecordCopy(done.CaseId, key, email, cancellationToken);
            await FileAway(email, done.Outcome == nameof(TriageOutcome.Reject) ? MailboxFolder.Rejected : MailboxFolder.Processed, cancellationToken);
            logger.LogInformation("Inbound message {Key} was processed before ({Outcome}); skipped.", Short(key), done.Outcome);
            return new ProcessingResult(ProcessingStatus.AlreadyProcessed, done.Outcome, done.CaseId);
        }

        var outcome = EmailTriage.Decide(email, policy);
        var acted = await Act(key, email, outcome, cancellationToken);
        // Before the message counts as processed: a stop in between repeats the act, and this.
        await RecordCopy(acted.CaseId, key, email, cancellationToken);
        var recorded = await processed.TryRecord(
            key, new ProcessedMessage(acted.Outcome, acted.CaseId, acted.Reason, clock.GetUtcNow()), cancellationToken);
        await FileAway(email, acted.Folder, cancellationToken);
        logger.LogInformation("Inbound message {Key}: {Outcome}{Repeat}.", Short(key), acted.Outcome, recorded ? "" : " (recorded by another delivery)");
        return new ProcessingResult(ProcessingStatus.Processed, acted.Outcome, acted.CaseId);
    }

    private sealed record Acted(string Outcome, string? CaseId, MailboxFolder Folder, string? Reason);

    private async Task<Acted> Act(string key, InboundEmail email, TriageOutcome outcome, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case TriageOutcome.NewReport report:
                return new Acted(nameof(TriageOutcome.NewReport), await OpenCase(key, email, report, cancellationToken), MailboxFolder.Processed, null);

            case TriageOutcome.ReplyToCase reply:
                var evidence = await StoreEvidence(key, reply.Attachments, reply.FullText, null, cancellationToken);
                var caseId = await sink.RecordReply(new InboundReply(key, reply, evidence, email.ReceivedAt), cancellationToken);
                if (caseId is not null)
                {
                    return new Acted(nameof(TriageOutcome.ReplyToCase), caseId, MailboxFolder.Processed, null);
                }

                // A reference nobody holds (mistyped, or made up): the email still deserves a case.
                return EmailTriage.AsNewReport(email, policy) is TriageOutcome.NewReport instead
                    ? new Acted(nameof(TriageOutcome.NewReport), await OpenCase(key, email, instead, cancellationToken), MailboxFolder.Processed,
                        "the reply named no case we hold; read as a new report")
                    : new Acted(nameof(TriageOutcome.Reject), null, MailboxFolder.Rejected, "the reply named no case we hold and is not a report");

            case TriageOutcome.Ignore ignore:
                if (ignore.BouncedOutboxKey is { } outboxKey)
                {
                    await sink.RecordUndeliverable(key, outboxKey, ignore.Reason, cancellationToken);
                }

                return new Acted(nameof(TriageOutcome.Ignore), null, MailboxFolder.Processed, ignore.Reason);

            case TriageOutcome.Reject reject:
                return new Acted(nameof(TriageOutcome.Reject), null, MailboxFolder.Rejected, reject.Reason);

            default:
                throw new InvalidOperationException($"Unknown triage outcome {outcome.GetType().Name}.");
        }
    }

    private async Task<string> OpenCase(string key, InboundEmail email, TriageOutcome.NewReport report, CancellationToken cancellationToken)
    {
        var evidence = await StoreEvidence(key, report.Attachments, report.FullText, report.QuotedHistory, cancellationToken);
        return await sink.OpenCase(new InboundReport(key, report, evidence, email.ReceivedAt), cancellationToken);
    }

    // Blob names are fixed by the key and position, so storing again after a crash overwrites
    // the same blobs with the same bytes.
    private async Task<IReadOnlyList<EvidenceFile>> StoreEvidence(
        string key, IReadOnlyList<AcceptedAttachment> attachments, EvidenceText? fullText, string? quotedHistory,
        CancellationToken cancellationToken)
    {
        var files = new List<(string Name, string ContentType, ReadOnlyMemory<byte> Content)>();
        if (fullText is not null)
        {
            files.Add((fullText.FileName, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(fullText.Text)));
        }

        if (!string.IsNullOrEmpty(quotedHistory))
        {
            files.Add((QuotedHistoryFileName, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(quotedHistory)));
        }

        files.AddRange(attachments.Select(a => (a.FileName, a.ContentType, a.Content)));

        var stored = new List<EvidenceFile>(files.Count);
        for (var index = 0; index < files.Count; index++)
        {
            var (name, contentType, content) = files[index];
            var blobName = $"{key}/{index + 1}-{SafeFileName(name)}";
            await blobs.Put(EvidenceContainer, blobName, content, contentType, cancellationToken);
            stored.Add(new EvidenceFile(EvidenceContainer, blobName, name, contentType, content.Length));
        }

        return stored;
    }

    private Task RecordCopy(string? caseId, string key, InboundEmail email, CancellationToken cancellationToken) =>
        caseId is not null && email.GraphMessageId is { Length: > 0 } messageId
            ? copies.Record(caseId, key, messageId, cancellationToken)
            : Task.CompletedTask;

    private async Task FileAway(InboundEmail email, MailboxFolder folder, CancellationToken cancellationToken)
    {
        if (email.GraphMessageId is { } messageId)
        {
            await mailbox.MoveTo(messageId, folder, cancellationToken);
        }
    }

    // ASCII letters, digits, dash and underscore, then the extension; never empty, never hidden,
    // never a path.
    public static string SafeFileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var extension = Path.GetExtension(name);
        extension = extension.Length is > 1 and <= 11 && extension[1..].All(char.IsAsciiLetterOrDigit) ? extension.ToLowerInvariant() : "";
        var stem = name[..^extension.Length];

        var builder = new StringBuilder();
        foreach (var c in stem.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                builder.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var safe = builder.ToString().Trim('-');
        if (safe.Length > 80)
        {
            safe = safe[..80].TrimEnd('-');
        }

        return (safe.Length == 0 ? "file" : safe) + extension;
    }

    private static string Short(string key) => key[..12];
}
