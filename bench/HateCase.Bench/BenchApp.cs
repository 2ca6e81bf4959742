using HateCase.Testing;

// The real app for the HTTP benchmarks: one Release build per run, started as its own process for
// each measurement against the run's Azurite, with tables and a task hub of its own.
internal static class BenchApp
{
    public const string OfficerId = "bench-officer";

    private static readonly Lazy<Task<string>> Built = new(Build);

    public static async Task<AppProcessRunner> Start(string azuriteConnectionString) =>
        await AppProcessRunner.Start(await Built.Value, Settings(azuriteConnectionString));

    // Development settings (the app's own defaults for staff and landlord), its own tables and
    // task hub (the table prefix names both), an officer the benchmarks assign cases to, and a
    // rate limit no benchmark reaches, since every client comes from the same loopback address.
    private static Dictionary<string, string> Settings(string azuriteConnectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["AzureWebJobsStorage"] = azuriteConnectionString,
        ["Storage__TablePrefix"] = "i" + Guid.NewGuid().ToString("N")[..10],
        ["Intake__PermitsPerMinute"] = "100000000",
        ["App__PublicBaseUrl"] = "http://127.0.0.1:{port}",
        [$"Staff__Officers__{OfficerId}"] = "bench-officer@example.org",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    // Built outside the repository's obj folders, one folder per checkout, so a benchmark never
    // disturbs another build of the same sources.
    private static async Task<string> Build()
    {
        var checkout = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(RepositoryRoot.Find())))[..12];
        var artifacts = Path.Combine(Path.GetTempPath(), $"hatecase-bench-app-{checkout}");
        Console.WriteLine("  building the app (Release) for the HTTP benchmarks ...");
        return await AppProcessRunner.BuildApp("Release", artifacts, TimeSpan.FromMinutes(10));
    }
}
