using HateCase.Workflow.InMemory;

namespace HateCase.Workflow.CrashHost;

// Files in one folder that outlive the process: the case as last recorded (one file per case,
// replaced atomically, with the same version guard as any recorder) and a log of sends.
public sealed class Journal(string folder)
{
    public const string SendLog = "sends.log";
    public const string RecordsFolder = "records";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Folder => folder;

    public static string SendingLine(string key) => $"sending {key}";

    public static string SentLine(string key) => $"sent {key}";

    public async Task AppendSend(string line)
    {
        await Gate.WaitAsync();
        try
        {
            await using var log = new FileStream(Path.Combine(folder, SendLog), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await using var writer = new StreamWriter(log);
            await writer.WriteLineAsync(line);
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task<bool> Record(CaseRecord record)
    {
        await Gate.WaitAsync();
        try
        {
            var records = Directory.CreateDirectory(Path.Combine(folder, RecordsFolder)).FullName;
            var path = Path.Combine(records, record.CaseId + ".json");
            var stored = File.Exists(path) ? CaseWorkflowJson.Deserialize<RecordedCase>(await File.ReadAllTextAsync(path)) : null;
            if (InMemoryCaseRecorder.Apply(stored, record) is not { } next)
            {
                return false;
            }
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, CaseWorkflowJson.Serialize(next));
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static IReadOnlyList<RecordedCase> ReadRecords(string folder)
    {
        var records = Path.Combine(folder, RecordsFolder);
        return Directory.Exists(records)
            ? Directory.GetFiles(records, "*.json").Select(f => CaseWorkflowJson.Deserialize<RecordedCase>(File.ReadAllText(f))).ToList()
            : [];
    }

    public static IReadOnlyList<string> ReadSendLog(string folder)
    {
        var path = Path.Combine(folder, SendLog);
        if (!File.Exists(path))
        {
            return [];
        }
        using var log = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(log);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

public sealed class JournalRecorder(Journal journal) : ICaseRecorder
{
    public Task<bool> Record(CaseRecord record, CancellationToken cancellationToken) => journal.Record(record);
}

// Takes SendDelay to send, so a test can kill the process in the middle of a send.
public sealed class JournalSender(Journal journal, TimeSpan sendDelay) : ICaseMessageSender
{
    public async Task<MessageDelivery> Send(CaseMessage message, CancellationToken cancellationToken)
    {
        await journal.AppendSend(Journal.SendingLine(message.Key));
        await Task.Delay(sendDelay, cancellationToken);
        await journal.AppendSend(Journal.SentLine(message.Key));
        return MessageDelivery.Sent;
    }
}
