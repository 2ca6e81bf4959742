using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace HateCase.Testing;

public enum AzuritePersistence
{
    InMemory,

    // A temporary --location folder, deleted on dispose; survives Stop and Restart.
    TemporaryFolder,
}

// One Azurite process from the repository's node_modules on free loopback ports. The ports are the
// ones Azurite reports once it listens (it is asked for port 0), never guessed.
public sealed partial class AzuriteInstance : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    // The emulator's published well-known key: not a secret.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string Loopback = "127.0.0.1";
    private const int SignalTerminate = 15;
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(10);

    private readonly string nodePath;
    private readonly string scriptPath;
    private readonly TimeSpan startTimeout;
    private readonly OutputTail output = new();
    private Process? process;

    private AzuriteInstance(string nodePath, string scriptPath, string? location, TimeSpan startTimeout)
    {
        this.nodePath = nodePath;
        this.scriptPath = scriptPath;
        this.startTimeout = startTimeout;
        Location = location;
    }

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    // The data folder when persisting to disk; null when in memory.
    public string? Location { get; }

    public bool IsRunning => process is { HasExited: false };

    // The processor time Azurite's process has used so far (the benchmark's evidence of where time goes).
    public TimeSpan ProcessorTime => process is { HasExited: false } running ? running.TotalProcessorTime : TimeSpan.Zero;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://{Loopback}:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://{Loopback}:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://{Loopback}:{TablePort}/{AccountName};";

    public static async Task<AzuriteInstance> Start(AzuritePersistence persistence = AzuritePersistence.InMemory,
        TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed under {Path.Combine(root, "node_modules")}: run npm ci first, in {root}, " +
                "to install the version pinned in package.json.");
        }

        var node = FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node")
            ?? throw new InvalidOperationException("Node.js ('node') is not on PATH; Azurite needs it.");
        var location = persistence == AzuritePersistence.TemporaryFolder
            ? Directory.CreateTempSubdirectory("hatecase-azurite-").FullName
            : null;
        var instance = new AzuriteInstance(node, script, location, startTimeout ?? DefaultStartTimeout);
        try
        {
            await instance.Launch(0, 0, 0, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return instance;
    }

    // Asks Azurite to shut down (it then saves its data files), and kills its process tree,
    // by its own process id, if it has not gone within a few seconds.
    public async Task Stop()
    {
        var running = process;
        if (running is null)
        {
            return;
        }

        process = null;
        AppDomain.CurrentDomain.ProcessExit -= KillOnHostExit;
        try
        {
            if (!running.HasExited)
            {
                if (!OperatingSystem.IsWindows())
                {
                    _ = SendSignal(running.Id, SignalTerminate);
                }

                using var graceful = new CancellationTokenSource(GracefulStopTimeout);
                try
                {
                    await running.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    running.Kill(entireProcessTree: true);
                    await running.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            running.Dispose();
        }
    }

    // Same ports, same data folder: for outage tests. An in-memory instance comes back empty.
    public async Task Restart(CancellationToken cancellationToken = default)
    {
        await Stop().ConfigureAwait(false);
        await Launch(BlobPort, QueuePort, TablePort, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Stop().ConfigureAwait(false);
        if (Location is not null)
        {
            DeleteFolder(Location);
        }
    }

    private async Task Launch(int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(nodePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Location ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(scriptPath);
        foreach (var (service, port) in new[] { ("blob", blobPort), ("queue", queuePort), ("table", tablePort) })
        {
            start.ArgumentList.Add($"--{service}Host");
            start.ArgumentList.Add(Loopback);
            start.ArgumentList.Add($"--{service}Port");
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var option in new[] { "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose" })
        {
            start.ArgumentList.Add(option);
        }

        if (Location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(Location);
        }

        // Settings that would replace the well-known account or the metadata store.
        start.Environment.Remove("AZURITE_ACCOUNTS");
        start.Environment.Remove("AZURITE_DB");

        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var launched = new Process { StartInfo = start, EnableRaisingEvents = true };
        launched.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            output.Add(line.Data);
            var match = ListeningLine().Match(line.Data);
            if (match.Success)
            {
                lock (ports)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        listening.TrySetResult();
                    }
                }
            }
        };
        launched.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                output.Add("stderr: " + line.Data);
            }
        };
        launched.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("Azurite exited."));

        output.Clear();
        launched.Start();
        process = launched;
        AppDomain.CurrentDomain.ProcessExit += KillOnHostExit;
        launched.BeginOutputReadLine();
        launched.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        try
        {
            await listening.Task.WaitAsync(startTimeout, cancellationToken).ConfigureAwait(false);
            BlobPort = ports["Blob"];
            QueuePort = ports["Queue"];
            TablePort = ports["Table"];
            foreach (var port in new[] { BlobPort, QueuePort, TablePort })
            {
                await WaitUntilAccepting(port, startTimeout - deadline.Elapsed, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception failure)
        {
            var exited = launched.HasExited;
            await Stop().ConfigureAwait(false);
            if (failure is OperationCanceledException)
            {
                throw;
            }

            var what = exited ? "exited before it was listening" : $"was not listening on all three ports within {startTimeout.TotalSeconds:0} s";
            throw new InvalidOperationException(
                $"Azurite {what} (asked for blob {blobPort}, queue {queuePort}, table {tablePort}; 0 = any free port). " +
                $"Its output:{Environment.NewLine}{output}", failure);
        }
    }

    private static async Task WaitUntilAccepting(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (waited.Elapsed < timeout)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException exception)
            {
                throw new TimeoutException($"Port {port} did not accept connections.", exception);
            }
        }
    }

    private void KillOnHostExit(object? sender, EventArgs e)
    {
        try
        {
            if (process is { HasExited: false } running)
            {
                running.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);

    private static void DeleteFolder(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(200);
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^\s]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();

    private sealed class OutputTail
    {
        private const int MaxLines = 200;
        private readonly Queue<string> lines = new();

        public void Add(string line)
        {
            lock (lines)
            {
                lines.Enqueue(line);
                if (lines.Count > MaxLines)
                {
                    lines.Dequeue();
                }
            }
        }

        public void Clear()
        {
            lock (lines)
            {
                lines.Clear();
            }
        }

        public override string ToString()
        {
            lock (lines)
            {
                return lines.Count == 0 ? "(nothing)" : string.Join(Environment.NewLine, lines);
            }
        }
    }
}
