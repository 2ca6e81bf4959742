using HateCase.App.Cases;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Common;
using HateCase.Runtime.Ports;
using HateCase.Storage;

namespace HateCase.App.Intake;

public sealed class IntakeOptions
{
    public const int MinimumKeySecretLength = 32;

    // Keys that link reports (same party, same reporter) are keyed hashes of what identifies
    // them, never the details themselves. Required outside Development.
    public string KeySecret { get; set; } = "";

    public int PermitsPerMinute { get; set; } = 20;

    public int MaxBodyBytes { get; set; } = 64 * 1024;
}

public sealed record IntakeReceipt(string Reference, string CaseId, bool AddedToOpenCase);

public abstract record IntakeOutcome
{
    private IntakeOutcome() { }

    public sealed record Accepted(IntakeReceipt Receipt) : IntakeOutcome;

    public sealed record Refused(string Reason) : IntakeOutcome;
}

// Turns a valid report into a case (or an incident on the open case about the same party), and
// makes it durable (its orchestration started) before anyone is told it was received.
public sealed class IntakeService(CaseService runtime, ReferenceAllocator references, IntakeOptions options, TimeProvider clock)
{
    public async Task<IntakeOutcome> Submit(ValidReport report, string? idempotencyKey, string actor, CancellationToken cancellationToken)
    {
        var partyKey = report.AboutAddress is { } about ? Key("party", Normalise(about)) : null;
        var reporterKey = report.Complainant.Email is { } email ? Key("reporter", email.Trim().ToLowerInvariant())
            : report.Complainant.Phone is { } phone ? Key("reporter", new string(phone.Where(char.IsDigit).ToArray()))
            : null;
        var submissionId = idempotencyKey is null ? Guid.NewGuid().ToString("N") : Key("submission", idempotencyKey)[..32];
        var incident = report.Incident with { PartyKey = partyKey };
        // What the decision needs to know, read together: the reporter's earlier reports, whether
        // this is a retry of a submission already made, and the open case about the same party.
        var priorReports = reporterKey is null
            ? Task.FromResult<IReadOnlyList<DateTimeOffset>>([])
            : runtime.ReportsBy(reporterKey, clock.GetUtcNow().AddMonths(-6).AddDays(-1), cancellationToken);
        var context = new CommandContext($"intake-{submissionId}", actor);
        var caseId = $"case-{submissionId}";

        var earlierReference = idempotencyKey is null ? Task.FromResult<string?>(null) : runtime.ReferenceOf(caseId, cancellationToken);
        var openAboutParty = partyKey is null ? Task.FromResult<OpenCase?>(null) : runtime.FindOpenCaseAbout(partyKey, cancellationToken);
        await Task.WhenAll(priorReports, earlierReference, openAboutParty);
        var prior = (await priorReports).ToValueList();
        // A retried submission finds its own case first, whatever else has happened since.
        var earlier = await earlierReference;
        if (earlier is null && await openAboutParty is { } open)
        {
            var related = await runtime.Handle(open.CaseId,
                new CaseCommand.ReceiveRelatedReport($"report-{submissionId}", report.Channel, report.Complainant, incident, reporterKey, prior),
                new CommandContext($"intake-related-{submissionId}", actor), cancellationToken);
            if (related is CommandResult.Accepted or CommandResult.Queued)
            {
                return new IntakeOutcome.Accepted(new IntakeReceipt(open.Reference, open.CaseId, AddedToOpenCase: true));
            }
            // The case closed meanwhile: the report opens a case of its own below.
        }

        var reference = earlier ?? await references.Next(cancellationToken);
        var opened = await runtime.Open(caseId,
            new CaseCommand.ReportCase(reference, report.Channel, report.Complainant, incident, $"incident-{submissionId}", reporterKey, prior, report.VictimsCodeGivenByStaff),
            context, cancellationToken);
        return opened switch
        {
            OpenResult.Opened => new IntakeOutcome.Accepted(new IntakeReceipt(reference, caseId, false)),
            // Submitted twice (at once, or retried): the first copy's case; answer with its reference.
            OpenResult.AlreadyOpen won => new IntakeOutcome.Accepted(new IntakeReceipt(won.Reference, caseId, false)),
            OpenResult.Rejected rejected => new IntakeOutcome.Refused(rejected.Reason),
            _ => throw new InvalidOperationException("Unknown outcome of opening a case."),
        };
    }

    private string Key(string purpose, string value)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.KeySecret), Encoding.UTF8.GetBytes($"{purpose}:{value}"));
        return Convert.ToHexStringLower(hash);
    }

    private static string Normalise(string address) =>
        string.Join(' ', new string(address.ToUpperInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

// Human-friendly case references, HC-2026-000123: a counter per year (UK local), taken with
// optimistic concurrency. References are for people; case ids, which address the case, are random.
public sealed class ReferenceAllocator(ITableStore tables, Hosting.StorageOptions options, TimeProvider clock)
{
    private string Table => options.TablePrefix + "References";

    private sealed record Counter(long Next);

    // Numbers are reserved a block at a time, so that busy intake does not queue on one row;
    // a block an instance does not finish leaves a gap, never a duplicate.
    private const int BlockSize = 20;
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Year, long Next, long End) block = ("", 0, 0);

    public async Task<string> Next(CancellationToken cancellationToken)
    {
        var year = WorkingCalendar.EnglandAndWales.LocalDate(clock.GetUtcNow()).Year.ToString(CultureInfo.InvariantCulture);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (block.Year != year || block.Next >= block.End)
            {
                var first = await Reserve(year, cancellationToken);
                block = (year, first, first + BlockSize);
            }
            return $"HC-{year}-{block.Next++:D6}";
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<long> Reserve(string year, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var row = await tables.Get(Table, "reference", year, cancellationToken);
            var next = row is null ? 1 : JsonSerializer.Deserialize<Counter>(row.Body, Workflow.CaseWorkflowJson.Options)!.Next;
            var body = JsonSerializer.Serialize(new Counter(next + BlockSize), Workflow.CaseWorkflowJson.Options);
            try
            {
                await tables.Commit(Table, [row is null
                    ? new RowWrite(RowOperation.Insert, new TableRow("reference", year, body))
                    : new RowWrite(RowOperation.Replace, row with { Body = body })], cancellationToken);
                return next;
            }
            catch (Exception e) when (e is ConcurrencyConflictException or RowExistsException)
            {
                await Task.Delay(Random.Shared.Next(1, 10 + attempt * 5), cancellationToken);
            }
        }
        throw new ConcurrencyConflictException(Table, "reference", year);
    }

    public Task EnsureTable(CancellationToken cancellationToken) => tables.EnsureTable(Table, cancellationToken);
}
