using HateCase.App.Cases;
using System.Text.Json;
using HateCase.App.Intake;
using HateCase.Domain.Cases;
using HateCase.Inbound.Email;
using HateCase.Domain.Privacy;
using HateCase.Runtime.Ports;
using HateCase.Storage;

namespace HateCase.App.Inbound;

// Where emails to the ASB@ mailbox meet the cases: a new report goes through the intake like any
// other (channel email, the message's key as its idempotency key), a reply is recorded on the
// case it names, and a bounce of our own mail is recorded on the case it was about.
// Each email's sender is put in the person index against the message and its case, so a subject
// access request finds the emails a person sent.
public sealed partial class EmailCaseSink(
    IntakeService intake, CaseService runtime, PersonIndex index, ILogger<EmailCaseSink> logger) : IInboundCaseSink
{
    public const string Actor = "email";

    public async Task<string> OpenCase(InboundReport report, CancellationToken cancellationToken)
    {
        var email = report.Report;
        var valid = new ValidReport(
            ReportChannel.Email,
            email.Complainant,
            email.Report with { Description = ReportDescription.For(report) },
            AboutAddress: null,
            VictimsCodeGivenByStaff: false);
        switch (await intake.Submit(valid, report.Key, Actor, cancellationToken))
        {
            case IntakeOutcome.Accepted { Receipt: var receipt }:
                await IndexSender(receipt.CaseId, report.Key, email.Complainant.Email, cancellationToken);
                return receipt.CaseId;
            case IntakeOutcome.Refused refused:
                // The reason names a rule, never what the email said.
                LogRefused(report.Key[..12], refused.Reason);
                throw new InvalidOperationException($"The intake refused the emailed report: {refused.Reason}");
            default:
                throw new InvalidOperationException("Unknown intake outcome.");
        }
    }

    public async Task<string?> RecordReply(InboundReply reply, CancellationToken cancellationToken)
    {
        var caseId = reply.Reply.CaseId
            ?? (reply.Reply.Reference is { } reference ? await runtime.FindByReference(reference, cancellationToken) : null);
        if (caseId is null || !IsCaseId(caseId))
        {
            return null;
        }
        var result = await runtime.Handle(caseId,
            new CaseCommand.RecordCorrespondence($"{CaseEraser.EmailedCommandPrefix}{reply.Key}", ReportChannel.Email, ReportDescription.Summary(reply)),
            new CommandContext($"{CaseEraser.EmailedCommandPrefix}{reply.Key}", Actor), cancellationToken);
        if (result is not CommandResult.CaseNotFound)
        {
            await IndexSender(caseId, reply.Key, reply.Reply.From.Address, cancellationToken);
        }
        switch (result)
        {
            case CommandResult.CaseNotFound:
                return null;
            case CommandResult.Rejected rejected:
                LogNotRecorded(reply.Key[..12], rejected.Reason);
                return caseId;
            default:
                return caseId;
        }
    }

    public async Task RecordUndeliverable(string key, string outboxKey, string reason, CancellationToken cancellationToken)
    {
        // Our outbox keys are {caseId}.{sequence}.{index}.
        var parts = outboxKey.Split('.');
        var caseId = parts.Length >= 3 ? string.Join('.', parts[..^2]) : null;
        if (caseId is null || !IsCaseId(caseId))
        {
            return;
        }
        await runtime.Handle(caseId, new CaseCommand.RecordUndeliverableMessage(outboxKey, reason),
            new CommandContext($"email-{key}", Actor), cancellationToken);
    }

    private Task IndexSender(string caseId, string messageKey, string? sender, CancellationToken cancellationToken) =>
        PersonIdentifiers.Email(sender) is { } email ? index.AddMessage(caseId, messageKey, [email], cancellationToken) : Task.CompletedTask;

    private static bool IsCaseId(string id) =>
        id.Length is > 0 and <= 200 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@');

    [LoggerMessage(Level = LogLevel.Error, Message = "The intake refused the report emailed as {Key}: {Reason}.")]
    private partial void LogRefused(string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reply emailed as {Key} was not recorded on its case: {Reason}.")]
    private partial void LogNotRecorded(string key, string reason);
}

// What the officer reads: the flag for possible hate first, then the subject and the email's
// words, then what happened to its files.
public static partial class ReportDescription
{
    public static string For(InboundReport report)
    {
        var email = report.Report;
        var before = new List<string>();
        if (email.PossibleHate)
        {
            before.Add($"[Possible hate: the email uses the words {Quoted(email.PossibleHateWords)}. " +
                "It is handled as a hate report, high risk, until your risk assessment says otherwise. " +
                "Ask the complainant at first contact whether they see it as hate; they decide.]");
        }
        if (!string.IsNullOrWhiteSpace(email.Subject))
        {
            before.Add($"Subject: {email.Subject.Trim()}");
        }
        var after = FilesNotes(report.Evidence, email.RejectedAttachments);
        var head = string.Join("\n\n", before);
        var tail = string.Join("\n\n", after);
        var room = ReportValidation.MaxDescription - head.Length - tail.Length - 8;
        var text = email.Report.Description;
        if (text.Length > room)
        {
            const string shortened = " … [shortened to fit; the whole email stays in the mailbox]";
            var keep = Math.Max(0, room - shortened.Length);
            if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
            {
                keep--;
            }
            text = text[..keep] + shortened;
        }
        return string.Join("\n\n", new[] { head, text, tail }.Where(p => p.Length > 0));
    }

    public static string Summary(InboundReply reply) =>
        string.Join(" ", new[] { reply.Reply.Summary }.Concat(FilesNotes(reply.Evidence, reply.Reply.RejectedAttachments)));

    // The blobs a description or summary written by FilesNotes names, in the evidence container.
    public static IReadOnlyList<string> EvidenceNamedIn(string? text) =>
        text is null ? [] : EvidenceName().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    [System.Text.RegularExpressions.GeneratedRegex(@", " + InboundMailProcessor.EvidenceContainer + @"/([0-9a-f]{40}/[A-Za-z0-9_.-]{1,200})\)")]
    private static partial System.Text.RegularExpressions.Regex EvidenceName();

    private static IEnumerable<string> FilesNotes(IReadOnlyList<EvidenceFile> evidence, IReadOnlyList<RejectedAttachment> rejected)
    {
        if (evidence.Count > 0)
        {
            yield return "Files kept with the case: " + string.Join("; ", evidence.Select(e => $"{e.FileName} ({e.ContentType}, {e.Container}/{e.BlobName})")) + ".";
        }
        if (rejected.Count > 0)
        {
            yield return "Attachments not accepted: " + string.Join("; ", rejected.Select(r => $"{r.FileName} ({r.Reason})")) + ".";
        }
    }

    private static string Quoted(IEnumerable<string> words) => string.Join(", ", words.Select(w => $"\"{w}\""));
}
