namespace HateCase.Testing;

// What a running app has written (its console, or its log when it runs in the test process), the
// last lines of it kept in memory so that a failing test can show them.
public sealed class AppOutput
{
    private const int MaxLines = 5_000;

    private readonly List<string> lines = [];
    private long linesSeen;

    // A mark for Since: the number of lines written so far.
    public long Mark
    {
        get
        {
            lock (lines)
            {
                return linesSeen;
            }
        }
    }

    public void Add(string line)
    {
        lock (lines)
        {
            lines.Add(line);
            linesSeen++;
            if (lines.Count > MaxLines)
            {
                lines.RemoveRange(0, lines.Count - MaxLines);
            }
        }
    }

    public string All()
    {
        lock (lines)
        {
            return string.Join(Environment.NewLine, lines);
        }
    }

    // What was written after the mark, at most `maxLines` of it (the last ones).
    public string Since(long mark, int maxLines = 400)
    {
        lock (lines)
        {
            var dropped = linesSeen - lines.Count;
            var from = (int)Math.Max(0, mark - dropped);
            var kept = lines.Skip(from).ToList();
            var skipped = Math.Max(0, kept.Count - maxLines);
            var text = string.Join(Environment.NewLine, kept.Skip(skipped));
            return skipped > 0 ? $"({skipped} earlier lines left out){Environment.NewLine}{text}" : text;
        }
    }
}

// An app the tests started, in whichever way: its address, what it has written, and stopping it.
public interface IAppUnderTest : IAsyncDisposable
{
    Uri BaseAddress { get; }

    // How the failing-test report names it ("app process 1234", "app in the test process").
    string Name { get; }

    AppOutput Log { get; }
}
