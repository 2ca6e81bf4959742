using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace HateCase.Testing;

// The real app as a separate process (`dotnet HateCase.App.dll`), on a free loopback port, with the
// settings given as environment variables, as the tests and the benchmarks run it. Its output is
// kept so that a failure can show it. It is stopped by its own process id, never by name.
public sealed class AppProcessRunner : IAppUnderTest
{
    public const string AppAssemblyName = "HateCase.App";

    // Set by a project that references the app: where the build put HateCase.App.dll.
    public const string AppPathMetadataKey = "HateCase.App.Path";

    private const string Loopback = "127.0.0.1";
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    // Inherited settings that would change what the app does; the caller's settings replace them.
    private static readonly string[] InheritedPrefixesToDrop =
        ["ASPNETCORE_", "FUNCTIONS_", "AzureWebJobs", "DOTNET_ENVIRONMENT", "Landlord__", "Mail__", "Staff__", "Intake__", "Storage__", "Durable__", "Workflow__", "Cases__", "Runtime__", "Standalone__", "App__", "Surveys__", "Auth__", "Logging__"];

    private readonly Process process;

    private AppProcessRunner(Process process, Uri baseAddress, string appPath)
    {
        this.process = process;
        BaseAddress = baseAddress;
        AppPath = appPath;
    }

    public Uri BaseAddress { get; }

    public string AppPath { get; }

    // Kept from the start, so that it can still be named after the process has gone.
    public int ProcessId { get; private set; }

    public bool HasExited => process.HasExited;

    public string Name => $"app process {ProcessId}";

    // Its standard output and error, line by line.
    public AppOutput Log { get; } = new();

    // Starts the app and waits until GET / answers, as the Functions host's readiness probe does.
    // `settings` become environment variables; ASPNETCORE_URLS is set to the free port chosen here,
    // and the "{port}" placeholder in any value is replaced with that port.
    public static async Task<AppProcessRunner> Start(string appPath, IReadOnlyDictionary<string, string> settings,
        TimeSpan? startTimeout = null, CancellationToken cancellationToken = default) =>
        await Start(appPath, settings, AppLaunch.Dotnet, startTimeout, cancellationToken).ConfigureAwait(false);

    public static async Task<AppProcessRunner> Start(string appPath, IReadOnlyDictionary<string, string> settings, AppLaunch launch,
        TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(launch);
        var timeout = startTimeout ?? DefaultStartTimeout;
        // A free port can be taken by someone else between choosing and binding it: then try another.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var runner = Launch(appPath, settings, port, launch);
            try
            {
                await runner.WaitUntilReady(timeout, cancellationToken).ConfigureAwait(false);
                return runner;
            }
            catch (Exception) when (attempt < 3 && runner.HasExited && runner.Output().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await runner.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await runner.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    // Runs the app expecting it to refuse to start: returns its exit code and output, or null for
    // the exit code if it started (answered GET /) or still ran after the timeout. It is stopped then.
    public static async Task<(int? ExitCode, string Output)> RunExpectingExit(string appPath, IReadOnlyDictionary<string, string> settings,
        TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await using var runner = Launch(appPath, settings, FreeLoopbackPort(), AppLaunch.Dotnet);
        var waited = Stopwatch.StartNew();
        using var client = ProbeClient();
        while (waited.Elapsed < timeout)
        {
            if (runner.HasExited)
            {
                await runner.process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                return (runner.process.ExitCode, runner.Output());
            }
            if (await Answers(client, runner.BaseAddress, cancellationToken).ConfigureAwait(false))
            {
                return (null, runner.Output());
            }
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
        return (null, runner.Output());
    }

    public string Output() => Log.All();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                // The app shuts down gracefully on SIGTERM; it is killed if it has not gone in time.
                if (!OperatingSystem.IsWindows())
                {
                    _ = SendSignal(process.Id, 15);
                }
                using var graceful = new CancellationTokenSource(StopTimeout);
                try
                {
                    await process.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // It was never started, or has gone already.
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= KillOnHostExit;
            process.Dispose();
        }
    }

    // A loopback port nothing listens on, chosen below the system's ephemeral range: a port the
    // system hands out for "any port" (the app's own Durable sidecar, Azurite, every outgoing
    // connection) can then never take it between choosing it here and the app binding it.
    public static int FreeLoopbackPort()
    {
        var below = FirstEphemeralPort();
        var lowest = Math.Max(1024, below - 16_000);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(lowest, below);
            if (CanListenOn(port))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"No free loopback port was found between {lowest} and {below - 1}.");
    }

    private static bool CanListenOn(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux states its range; elsewhere the IANA dynamic range is assumed.
    private static int FirstEphemeralPort()
    {
        const string LinuxRange = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(LinuxRange)
            && File.ReadAllText(LinuxRange).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) is [var low, ..]
            && int.TryParse(low, System.Globalization.CultureInfo.InvariantCulture, out var first) && first > 2048)
        {
            return first;
        }
        return 49152;
    }

    // Where HateCase.App.dll is: recorded at build time by a project that references the app, or
    // beside the calling assembly when the build copied the app there with its runtime files.
    public static string? FindBuiltApp(Assembly? recordedIn = null)
    {
        var recorded = (recordedIn ?? Assembly.GetEntryAssembly())?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == AppPathMetadataKey)?.Value;
        if (IsRunnableApp(recorded))
        {
            return recorded;
        }
        var beside = Path.Combine(AppContext.BaseDirectory, AppAssemblyName + ".dll");
        return IsRunnableApp(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "host.json")) ? beside : null;
    }

    // Builds the app into its own artifacts folder (so it never touches the repository's obj
    // folders that other builds use) and returns the path of HateCase.App.dll.
    public static async Task<string> BuildApp(string configuration, string artifactsPath, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var project = Path.Combine(RepositoryRoot.Find(), "src", AppAssemblyName, AppAssemblyName + ".csproj");
        var (exitCode, log) = await RunDotnet(["build", project, "-c", configuration, "--artifacts-path", artifactsPath, "-nologo", "-v", "q"],
            RepositoryRoot.Find(), timeout, cancellationToken).ConfigureAwait(false);
        var built = Path.Combine(artifactsPath, "bin", AppAssemblyName, configuration.ToLowerInvariant(), AppAssemblyName + ".dll");
        if (exitCode != 0 || !IsRunnableApp(built))
        {
            throw new InvalidOperationException($"Building the app failed (exit code {exitCode}):{Environment.NewLine}{log}");
        }
        return built;
    }

    // Runs the dotnet command line to completion (killing it, by its process id, after the timeout).
    public static async Task<(int ExitCode, string Output)> RunDotnet(IEnumerable<string> arguments, string workingDirectory,
        TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Keep a build started from here from leaving build servers running behind it.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        var log = new List<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Add(log, line.Data);
        process.ErrorDataReceived += (_, line) => Add(log, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'dotnet {string.Join(' ', start.ArgumentList)}' did not finish within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Join(log)}");
        }
        process.WaitForExit();
        return (process.ExitCode, Join(log));

        static void Add(List<string> lines, string? line)
        {
            if (line is not null)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        }

        static string Join(List<string> lines)
        {
            lock (lines)
            {
                return string.Join(Environment.NewLine, lines);
            }
        }
    }

    private static bool IsRunnableApp(string? path) =>
        path is { Length: > 0 } && File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json"))
        && File.Exists(Path.ChangeExtension(path, ".deps.json"));

    private static AppProcessRunner Launch(string appPath, IReadOnlyDictionary<string, string> settings, int port, AppLaunch launch)
    {
        if (!IsRunnableApp(appPath))
        {
            throw new InvalidOperationException($"There is no runnable app at {appPath} (with its .runtimeconfig.json and .deps.json beside it): build the app first.");
        }
        var baseAddress = new Uri($"http://{Loopback}:{port}");
        var host = DotnetHost();
        var start = new ProcessStartInfo(launch.Executable ?? host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The content root (appsettings*.json, host.json, the function folders) is the app's folder.
            WorkingDirectory = Path.GetDirectoryName(appPath)!,
        };
        if (launch.Executable is null)
        {
            start.ArgumentList.Add(appPath);
        }
        foreach (var name in start.Environment.Keys.Where(k => InheritedPrefixesToDrop.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }
        if (launch.PortVariable is null)
        {
            start.Environment["ASPNETCORE_URLS"] = baseAddress.GetLeftPart(UriPartial.Authority);
        }
        else
        {
            start.Environment[launch.PortVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        // An app host finds the runtime through DOTNET_ROOT when it is not installed where app hosts look.
        if (launch.Executable is not null && !start.Environment.ContainsKey("DOTNET_ROOT") && Path.IsPathRooted(host))
        {
            var resolved = new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host;
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(resolved);
        }
        // Console logs without colour codes, one line per message, so they read well in test output.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        var launched = new Process { StartInfo = start, EnableRaisingEvents = true };
        var runner = new AppProcessRunner(launched, baseAddress, appPath);
        launched.OutputDataReceived += (_, line) => runner.Add(line.Data);
        launched.ErrorDataReceived += (_, line) => runner.Add(line.Data is null ? null : "stderr: " + line.Data);
        launched.Start();
        runner.ProcessId = launched.Id;
        AppDomain.CurrentDomain.ProcessExit += runner.KillOnHostExit;
        launched.BeginOutputReadLine();
        launched.BeginErrorReadLine();
        return runner;
    }

    private async Task WaitUntilReady(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        using var client = ProbeClient();
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"The app exited with code {process.ExitCode} before it answered GET {BaseAddress}. Its output:{Environment.NewLine}{Output()}");
            }
            if (await Answers(client, BaseAddress, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"The app did not answer GET {BaseAddress} within {timeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{Output()}");
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static HttpClient ProbeClient() => new() { Timeout = TimeSpan.FromSeconds(5) };

    // Any HTTP answer counts as ready, as it does for the Functions host; only a failure to connect does not.
    private static async Task<bool> Answers(HttpClient client, Uri baseAddress, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(baseAddress, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            Log.Add(line);
        }
    }

    private void KillOnHostExit(object? sender, EventArgs e)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    // The dotnet host running this process when it is one, else the one the SDK names, else PATH's.
    private static string DotnetHost()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } current && Path.GetFileName(current).Equals(executable, StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, executable)))
        {
            return Path.Combine(root, executable);
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists) ?? executable;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);
}

// How the app is started: `dotnet HateCase.App.dll` listening where ASPNETCORE_URLS says, or an
// executable told its port in a variable.
public sealed record AppLaunch(string? Executable, string? PortVariable)
{
    public static AppLaunch Dotnet { get; } = new(null, null);
}
