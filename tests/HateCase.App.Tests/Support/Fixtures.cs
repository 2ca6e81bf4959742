using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests.Support;

// One Azurite and one app process shared by the tests of a collection. Every report gets a
// case id of its own from the app, so sharing is safe for everything but the clock.
public sealed class RunningAppFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private AppProcess? app;

    public AppProcess App => app ?? throw new InvalidOperationException("The app has not been started.");

    public string AzuriteConnectionString => azurite.ConnectionString;

    // Reports the tests saw accepted; each must still be readable after any bad input.
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> AcceptedReports { get; } = new();

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        app = await AppProcess.StartDevelopment(azurite.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        await azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RunningAppCollection : ICollectionFixture<RunningAppFixture>
{
    public const string Name = "One running app";
}

// Tests that need an app process of their own (a clock they move, other settings), over one Azurite.
[CollectionDefinition(Name)]
public sealed class OwnAppCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "App processes of their own";
}

[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PublishedAppFixture>
{
    public const string Name = "Packaging";
}

// Shows, with a failing test, what the app processes it used wrote while it ran; and stops the
// app processes the test started for itself.
public abstract class AppTestBase(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<(AppProcess App, long Mark, bool Owned)> watched = [];

    protected ITestOutputHelper Output { get; } = output;

    protected AppProcess Watch(AppProcess app)
    {
        if (!watched.Exists(w => ReferenceEquals(w.App, app)))
        {
            watched.Add((app, app.Runner.OutputMark, Owned: false));
        }
        return app;
    }

    protected async Task<AppProcess> StartOwnApp(string azuriteConnectionString, Action<Dictionary<string, string>>? adjust = null)
    {
        var app = await AppProcess.StartDevelopment(azuriteConnectionString, adjust);
        watched.Add((app, 0, Owned: true));
        return app;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var (app, mark, owned) in watched)
        {
            Output.WriteLine($"---- app process {app.Runner.ProcessId} at {app.BaseAddress} ----");
            Output.WriteLine(app.Runner.OutputSince(mark));
            if (owned)
            {
                await app.DisposeAsync();
            }
        }
    }
}
