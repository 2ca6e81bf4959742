using System.Diagnostics;
using System.Reflection;

namespace HateCase.Infra.Tests;

// Where restore put the Bicep compiler package (the project's GeneratePathProperty), written into
// this assembly at build time.
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class BicepCompilerAttribute(string packageFolder) : Attribute
{
    public string PackageFolder { get; } = packageFolder;
}

public sealed record BicepRun(int ExitCode, string Output, string Diagnostics);

// The Bicep compiler from the Azure.Bicep.CommandLine.linux-x64 package (tools/bicep), run on the
// repository's infra/ folder so its bicepconfig.json applies.
public static class Bicep
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Executable
    {
        get
        {
            var folder = typeof(Bicep).Assembly.GetCustomAttribute<BicepCompilerAttribute>()?.PackageFolder;
            var path = string.IsNullOrEmpty(folder) ? "" : Path.Combine(folder, "tools", "bicep");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"The Bicep compiler was not restored (looked for '{path}').");
        }
    }

    public static string InfraFolder => Path.Combine(RepositoryRoot(), "infra");

    public static async Task<BicepRun> Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = InfraFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            // An empty value leaves the variable out altogether.
            if (value.Length == 0)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The Bicep compiler did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var diagnostics = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }
        return new BicepRun(process.ExitCode, await output, await diagnostics);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HateCaseFunctions.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (HateCaseFunctions.sln) was not found above the test's folder.");
    }
}
