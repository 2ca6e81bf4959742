using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests.Support;

// One Azurite and one app (in the test process) shared by the tests of a collection. Every report gets a
// case id of its own from the app, so sharing is safe for everything but the clock.
public sealed class RunningAppFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private TestApp? app;

    public TestApp App => app ?? throw new InvalidOperationException("The app has not been started.");

    public string AzuriteConnectionString => azurite.ConnectionString;

    // Reports the tests saw accepted; each must still be readable after any bad input.
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> AcceptedReports { get; } = new();

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        app = await TestApp.StartDevelopment(azurite.ConnectionString);
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

// Tests that need an app of their own (a clock they move, other settings), over one Azurite.
[CollectionDefinition(Name)]
public sealed class OwnAppCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Apps of their own";
}

[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PublishedAppFixture>
{
    public const string Name = "Packaging";
}

// Shows, with a failing test, what the apps it used wrote (their log) while it ran; and stops the
// apps the test started for itself.
public abstract class AppTestBase(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<(TestApp App, long Mark, bool Owned)> watched = [];

    protected ITestOutputHelper Output { get; } = output;

    protected TestApp Watch(TestApp app)
    {
        if (!watched.Exists(w => ReferenceEquals(w.App, app)))
        {
            watched.Add((app, app.Host.Log.Mark, Owned: false));
        }
        return app;
    }

    // In the test process.
    protected async Task<TestApp> StartOwnApp(string azuriteConnectionString, Action<Dictionary<string, string>>? adjust = null) =>
        Own(await TestApp.StartDevelopment(azuriteConnectionString, adjust));

    // As a process of its own: for a test that kills it, or that gives it a home folder of its own.
    protected async Task<TestApp> StartOwnAppProcess(string azuriteConnectionString, Action<Dictionary<string, string>>? adjust = null) =>
        Own(await TestApp.StartDevelopmentProcess(azuriteConnectionString, adjust));

    private TestApp Own(TestApp app)
    {
        watched.Add((app, 0, Owned: true));
        return app;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var (app, mark, owned) in watched)
        {
            Output.WriteLine($"---- {app.Host.Name} at {app.BaseAddress} ----");
            Output.WriteLine(app.Host.Log.Since(mark));
            if (owned)
            {
                await app.DisposeAsync();
            }
        }
    }
}
