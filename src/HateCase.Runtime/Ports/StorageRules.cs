using System.Text.RegularExpressions;

namespace HateCase.Runtime.Ports;

// The requests every store implementation accepts, checked the same way by each, so that what the
// in-memory store accepts in a unit test is also what Azure Storage accepts. The numbers are Azure's
// published limits (a string property holds 64 KiB of UTF-16, an entity 1 MiB, an entity-group
// transaction 100 writes and 4 MiB, a queue message 64 KiB once encoded) with some margin.
public static partial class StorageRules
{
    public const int MaxWritesPerCommit = 100;
    public const int MaxPageSize = 1000;
    public const int MaxKeyChars = 1024;

    // A row body is spread over string properties of at most this many UTF-16 chars each.
    public const int BodyPartChars = 32_000;

    // 15 full parts: about 940 KiB of UTF-16 plus keys and property overhead, under the 1 MiB entity limit.
    public const int MaxBodyChars = 15 * BodyPartChars;

    // Estimated request size of one commit; Azure refuses a transaction payload over 4 MiB.
    public const int MaxCommitRequestBytes = 4 * 1024 * 1024;

    // Queue messages travel base64-encoded (as the Functions queue trigger expects by default),
    // so 48 KiB of UTF-8 becomes the 64 KiB a message may hold.
    public const int MaxQueueMessageBytes = 48 * 1024;
    public const int MaxMessagesPerReceive = 32;
    public static readonly TimeSpan MaxQueueVisibility = TimeSpan.FromDays(7);

    public const int MaxBlobNameChars = 1024;

    // Per-operation part headers, the entity URL and the JSON property names of one write.
    private const int WriteEnvelopeBytes = 1024;
    private const int CommitEnvelopeBytes = 512;

    public static void CheckTableName(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!TableNamePattern().IsMatch(table) || string.Equals(table, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreRequestInvalidException(
                $"'{table}' is not a valid table name (3-63 letters and digits, starting with a letter).");
        }
    }

    public static void CheckQueueName(string queue) => CheckLowercaseName(queue, "queue");

    public static void CheckContainerName(string container) => CheckLowercaseName(container, "blob container");

    public static void CheckBlobName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxBlobNameChars || name.EndsWith('.') || name.EndsWith('/') ||
            name.Contains('\\') || name.Any(char.IsControl) || !IsWellFormedUtf16(name))
        {
            throw new StoreRequestInvalidException(
                $"'{name}' is not a valid blob name (1-{MaxBlobNameChars} characters, no control characters or backslash, not ending in '.' or '/').");
        }
    }

    public static void CheckKey(string keyName, string key)
    {
        ArgumentNullException.ThrowIfNull(key, keyName);
        if (key.Length is 0 or > MaxKeyChars)
        {
            throw new StoreRequestInvalidException($"A {keyName} must have 1-{MaxKeyChars} characters; this one has {key.Length}.");
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || c < 0x20 || c is >= '\u007f' and <= '\u009f')
            {
                throw new StoreRequestInvalidException(
                    $"The {keyName} '{key}' holds a character a table key may not hold (/ \\ # ? or a control character).");
            }
        }

        if (!IsWellFormedUtf16(key))
        {
            throw new StoreRequestInvalidException($"The {keyName} '{key}' is not well-formed UTF-16.");
        }
    }

    public static void CheckPageSize(int take)
    {
        if (take is < 1 or > MaxPageSize)
        {
            throw new StoreRequestInvalidException($"A page holds 1-{MaxPageSize} rows; {take} was asked for.");
        }
    }

    // The whole commit, before anything is sent: one partition, at most 100 writes, each row once,
    // valid keys, bodies that fit one row and a request that fits one transaction.
    public static void CheckCommit(string table, IReadOnlyList<RowWrite> writes)
    {
        CheckTableName(table);
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count > MaxWritesPerCommit)
        {
            throw new StoreRequestInvalidException(
                $"A commit to {table} holds {writes.Count} writes; at most {MaxWritesPerCommit} fit one transaction.");
        }

        if (writes.Count == 0)
        {
            return;
        }

        var partitionKey = writes[0].Row.PartitionKey;
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        long requestBytes = CommitEnvelopeBytes;
        for (var index = 0; index < writes.Count; index++)
        {
            var write = writes[index] ?? throw new ArgumentException($"Write {index} is null.", nameof(writes));
            var row = write.Row ?? throw new ArgumentException($"Write {index} has no row.", nameof(writes));
            if (!Enum.IsDefined(write.Operation))
            {
                throw new StoreRequestInvalidException($"Write {index} to {table} has an unknown operation {write.Operation}.");
            }

            CheckKey("PartitionKey", row.PartitionKey);
            CheckKey("RowKey", row.RowKey);
            if (!string.Equals(row.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new StoreRequestInvalidException(
                    $"A commit to {table} spans partitions {partitionKey} and {row.PartitionKey} (write {index}); a transaction holds one partition.");
            }

            if (!rowKeys.Add(row.RowKey))
            {
                throw new StoreRequestInvalidException(
                    $"Row {row.RowKey} of partition {partitionKey} appears more than once in a commit to {table} (write {index}).");
            }

            if (write.Operation != RowOperation.Delete)
            {
                CheckBody(table, row);
            }

            requestBytes += EstimatedRequestBytes(write);
        }

        if (requestBytes > MaxCommitRequestBytes)
        {
            throw new StoreRequestInvalidException(
                $"A commit of {writes.Count} writes to partition {partitionKey} of {table} would send about {requestBytes} bytes; a transaction holds at most {MaxCommitRequestBytes}.");
        }
    }

    public static void CheckQueueMessage(string queue, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsWellFormedUtf16(message))
        {
            throw new StoreRequestInvalidException($"A message for queue {queue} is not well-formed UTF-16.");
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(message);
        if (bytes > MaxQueueMessageBytes)
        {
            throw new StoreRequestInvalidException(
                $"A message for queue {queue} has {bytes} bytes of UTF-8; at most {MaxQueueMessageBytes} fit one message.");
        }
    }

    public static void CheckVisibilityDelay(TimeSpan? delay)
    {
        if (delay is { } value && (value < TimeSpan.Zero || value > MaxQueueVisibility))
        {
            throw new StoreRequestInvalidException($"A visibility delay must be between 0 and 7 days; {value} was asked for.");
        }
    }

    public static void CheckReceive(int max, TimeSpan visibility)
    {
        if (max is < 1 or > MaxMessagesPerReceive)
        {
            throw new StoreRequestInvalidException($"A receive takes 1-{MaxMessagesPerReceive} messages; {max} were asked for.");
        }

        if (visibility < TimeSpan.FromSeconds(1) || visibility > MaxQueueVisibility)
        {
            throw new StoreRequestInvalidException($"A receive visibility must be between 1 second and 7 days; {visibility} was asked for.");
        }
    }

    // Queue times travel in whole seconds; fractions are dropped.
    public static TimeSpan ToWholeSeconds(TimeSpan value) => TimeSpan.FromSeconds(Math.Floor(value.TotalSeconds));

    public static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckBody(string table, TableRow row)
    {
        ArgumentNullException.ThrowIfNull(row.Body, nameof(row.Body));

        // Never quote the body: it may hold personal data.
        if (row.Body.Length > MaxBodyChars)
        {
            throw new StoreRequestInvalidException(
                $"The body of row {row.RowKey} of partition {row.PartitionKey} in {table} has {row.Body.Length} characters; a row holds at most {MaxBodyChars}.");
        }

        if (!IsWellFormedUtf16(row.Body))
        {
            throw new StoreRequestInvalidException(
                $"The body of row {row.RowKey} of partition {row.PartitionKey} in {table} is not well-formed UTF-16 (a lone surrogate would not survive the trip).");
        }
    }

    // Deliberately pessimistic: every key character as if percent-encoded in the URL, the body as
    // the JSON the storage client writes (escapes included) in UTF-8.
    private static long EstimatedRequestBytes(RowWrite write)
    {
        var row = write.Row;
        long bytes = WriteEnvelopeBytes + 9L * (row.PartitionKey.Length + row.RowKey.Length)
            + JsonUtf8Bytes(row.PartitionKey) + JsonUtf8Bytes(row.RowKey);
        if (write.Operation != RowOperation.Delete)
        {
            var parts = (row.Body.Length + BodyPartChars - 1) / BodyPartChars + 1;
            bytes += JsonUtf8Bytes(row.Body) + parts * 16L;
        }

        return bytes;
    }

    private static long JsonUtf8Bytes(string text)
    {
        long bytes = 0;
        foreach (var c in text)
        {
            bytes += c switch
            {
                '"' or '\\' => 2,
                < ' ' or '\u0085' or '\u2028' or '\u2029' => 6,
                < '\u0080' => 1,
                < '\u0800' => 2,
                _ when char.IsSurrogate(c) => 2,
                _ => 3,
            };
        }

        return bytes;
    }

    private static void CheckLowercaseName(string name, string kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!LowercaseNamePattern().IsMatch(name) || name.Contains("--", StringComparison.Ordinal))
        {
            throw new StoreRequestInvalidException(
                $"'{name}' is not a valid {kind} name (3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit).");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex LowercaseNamePattern();
}
