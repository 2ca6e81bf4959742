using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HateCase.Testing;

// A web app run in the test process from its own Program (WebApplicationFactory), served by
// Kestrel on a free loopback port, so that the tests and a browser talk real HTTP to it. Its
// settings are given as the app's environment variables would be (`Storage__TablePrefix`,
// `ASPNETCORE_ENVIRONMENT`): they reach Program as its command line, so they win over the settings
// files as the environment does for the app run as a process. Its content root is the app's own
// build output, as for that process. Its log is kept in memory (with the filters its console log
// would have) rather than written to the console.
public sealed class LoopbackApp<TEntryPoint> : IAppUnderTest
    where TEntryPoint : class
{
    private const string Loopback = "127.0.0.1";

    // Process-wide settings that an app in the test process cannot have a value of its own for.
    private static readonly string[] ProcessOnlyVariables = ["HOME", "TMPDIR", "USERPROFILE", "DOTNET_", "COMPlus_", "FUNCTIONS_"];

    private readonly Factory factory;

    private LoopbackApp(string contentRoot, IReadOnlyDictionary<string, string> settings, int port)
    {
        BaseAddress = new Uri($"http://{Loopback}:{port}");
        factory = new Factory(contentRoot, AppSettings(settings, port), Log);
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    }

    public Uri BaseAddress { get; }

    public string Name => "app in the test process";

    public AppOutput Log { get; } = new();

    public IServiceProvider Services => factory.Services;

    // Builds and starts the app; it is listening when this returns. A start-up failure is thrown as
    // AppDidNotStartException, whose inner exception is what the app threw.
    public static async Task<LoopbackApp<TEntryPoint>> Start(string contentRoot, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // A free port can be taken by someone else between choosing and binding it: then try another.
        for (var attempt = 1; ; attempt++)
        {
            var app = new LoopbackApp<TEntryPoint>(contentRoot, settings, AppProcessRunner.FreeLoopbackPort());
            try
            {
                await Task.Run(app.factory.StartServer).ConfigureAwait(false);
                return app;
            }
            catch (Exception e) when (attempt < 3 && e.GetBaseException() is IOException { Message: var message }
                && message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                var log = app.Log.All();
                await app.DisposeAsync().ConfigureAwait(false);
                throw new AppDidNotStartException($"The app did not start: {e.GetBaseException().Message}{Environment.NewLine}Its log:{Environment.NewLine}{log}", e);
            }
        }
    }

    public async ValueTask DisposeAsync() => await factory.DisposeAsync().ConfigureAwait(false);

    private static Dictionary<string, string> AppSettings(IReadOnlyDictionary<string, string> settings, int port)
    {
        var appSettings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in settings)
        {
            if (ProcessOnlyVariables.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"{name} is an environment variable of the whole process: run the app as its own process (AppProcessRunner) to give it a value of its own.", nameof(settings));
            }
            // As the app's environment variables: __ separates sections, ASPNETCORE_ names a host setting.
            var key = name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ? name["ASPNETCORE_".Length..] : name.Replace("__", ":", StringComparison.Ordinal);
            appSettings[key] = value.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        return appSettings;
    }

    private sealed class Factory(string contentRoot, IReadOnlyDictionary<string, string> settings, AppOutput log) : WebApplicationFactory<TEntryPoint>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(contentRoot);
            builder.UseEnvironment(settings.TryGetValue(HostDefaults.EnvironmentKey, out var environment) ? environment : Environments.Production);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(new AppOutputLoggerProvider(log));
            });
        }

        // A host that fails part-way through starting is stopped, so that nothing it started (the
        // Durable worker, timers, queue polling) runs on in the test process.
        protected override IHost CreateHost(IHostBuilder builder)
        {
            var host = builder.Build();
            try
            {
                host.Start();
                return host;
            }
            catch
            {
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    host.StopAsync(stopping.Token).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is OperationCanceledException or AggregateException or InvalidOperationException)
                {
                    // What failed to start may fail to stop too; the start-up failure is what matters.
                }
                host.Dispose();
                throw;
            }
        }
    }
}

// The app threw while it was being built or started (the inner exception is what it threw).
public sealed class AppDidNotStartException(string message, Exception inner) : Exception(message, inner);

// The app's log as its console would show it with the simple formatter on one line, kept in memory.
// The alias makes the `Logging:Console` filters apply here as they would to the console.
[ProviderAlias("Console")]
public sealed class AppOutputLoggerProvider(AppOutput output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(AppOutput output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = $"{Level(logLevel)}: {category}[{eventId.Id}] {formatter(state, exception)}";
            output.Add(exception is null ? line : $"{line} {exception}");
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
