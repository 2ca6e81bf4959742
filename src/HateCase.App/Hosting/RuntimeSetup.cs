using HateCase.App.Cases;
using HateCase.Domain;
using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.LocalDurable;
using HateCase.LocalHost;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Digests;
using HateCase.Runtime.Ports;
using HateCase.Storage;
using HateCase.Workflow;

namespace HateCase.App.Hosting;

public sealed class LandlordOptions
{
    // A built-in profile id (default, milton-keynes, reading, livv, peaks-and-plains) or a path
    // to a profile JSON file.
    public string Profile { get; set; } = "default";

    // Landlord:HomesOwned is read and checked with the measures (Measures/MeasuresSetup.cs).
}

// Bound from the "Storage" section.
public sealed class StorageOptions
{
    public const string Section = "Storage";

    // Prepended to every table, container and task hub name, so several deployments (or test runs) can share an account.
    public string TablePrefix { get; set; } = "";
}

public static class RuntimeSetup
{
    public const string TaskHubSetting = "Durable:TaskHub";

    public const string WorkerIdSetting = "Durable:WorkerId";

    // What one Durable orchestration per case needs in either host (the orchestrations themselves
    // run on the Functions host's Durable extension, or locally AddLocalCaseOrchestrations): the
    // projection it records cases into, the mail it sends through, and the service callers use.
    public static IServiceCollection AddCaseRuntime(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var landlord = configuration.GetSection("Landlord").Get<LandlordOptions>() ?? new LandlordOptions();
        var profile = LoadProfile(landlord.Profile);
        var policy = Workflow.CasePolicy.For(profile);
        services.AddSingleton(landlord);
        services.AddSingleton(policy);

        var storageOptions = new StorageOptions();
        configuration.GetSection(StorageOptions.Section).Bind(storageOptions);
        services.AddSingleton(storageOptions);

        AdjustableClock? developmentClock = null;
        if (environment.IsDevelopment())
        {
            // Development only: a clock a person can move forward to watch weeks pass.
            developmentClock = new AdjustableClock();
            services.AddSingleton(developmentClock);
            services.AddSingleton<Dev.DevelopmentClockStore>();
            services.AddSingleton<TimeProvider>(developmentClock);
        }
        else
        {
            services.AddSingleton(TimeProvider.System);
        }
        var workflow = new CaseWorkflowOptions { DevelopmentClock = developmentClock is not null };
        configuration.GetSection("Workflow").Bind(workflow);
        workflow.DevelopmentClock = developmentClock is not null;
        services.AddSingleton(workflow);

        services.AddSingleton(new CaseProjectionOptions { Prefix = storageOptions.TablePrefix });
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<Azure.Storage.AzureStorage>();
            return new CaseProjectionStore(storage.TableService, storage.BlobService, sp.GetRequiredService<CaseProjectionOptions>());
        });
        services.AddSingleton<CaseReadModel>();
        services.AddSingleton<CaseClaims>();
        services.AddSingleton<CaseAnonymiser>();
        services.AddSingleton<CaseEraser>();
        services.AddSingleton<Retention.CaseRestarts>();
        services.AddSingleton<Retention.ErasureService>();
        services.AddSingleton<Retention.CaseCopies>();
        services.AddSingleton<Retention.RetentionRun>();
        services.AddSingleton<ICaseRecorder, TableCaseRecorder>();
        services.AddSingleton<MailCaseMessageSender>();
        services.AddSingleton<ICaseMessageSender>(sp => new RecordingMessageSender(
            sp.GetRequiredService<MailCaseMessageSender>(), sp.GetRequiredService<CaseProjectionStore>(), sp.GetRequiredService<TimeProvider>(), workflow));
        var serviceOptions = new CaseServiceOptions();
        configuration.GetSection("Cases").Bind(serviceOptions);
        services.AddSingleton(sp => new CaseService(
            () => InvocationDurableClient.Client, sp.GetRequiredService<CaseReadModel>(), sp.GetRequiredService<CaseClaims>(), policy, profile.Id, developmentClock,
            sp.GetRequiredService<TimeProvider>(), serviceOptions, sp.GetRequiredService<CaseEraser>()));

        // Cases made under one profile are decided under it for good: another id is a built-in profile.
        services.AddSingleton(new CasePolicies(id => id == profile.Id ? profile : ProfileLoader.BuiltIn(id)));

        services.AddSingleton<StorageHealth>();
        var digestOptions = ReadDigestOptions(configuration, profile);
        digestOptions.Table = storageOptions.TablePrefix + "Digests";
        services.AddSingleton(digestOptions);
        services.AddSingleton<IDigestCases, DigestCases>();
        services.AddSingleton<DigestWork>();
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<MeasuresBackfill>();
        services.AddHostedService<MeasuresBackfillAtStart>();
        return services;
    }

    // Run locally, the case orchestration and activity functions run on a Durable Task worker in
    // this process, on the backend Durable Functions uses in Azure; under the Functions host, its
    // Durable extension runs them.
    public static IServiceCollection AddLocalCaseOrchestrations(this IServiceCollection services, IConfiguration configuration)
    {
        var storageOptions = new StorageOptions();
        configuration.GetSection(StorageOptions.Section).Bind(storageOptions);
        return services.AddLocalDurableTask(
            new LocalDurableOptions
            {
                StorageConnection = StorageSetup.ConnectionString(configuration),
                TaskHub = TaskHub(configuration, storageOptions.TablePrefix),
                // Several local instances on one machine each need a name of their own.
                WorkerId = configuration[WorkerIdSetting] is { Length: > 0 } workerId ? workerId : Environment.MachineName,
                DataConverter = CaseWorkflowJson.Converter,
            },
            (registry, provider) => registry.AddFunctions(
                provider.GetRequiredService<IReadOnlyList<FunctionEntry>>(), provider, CaseWorkflowJson.Converter));
    }

    // Task hub names are letters and digits, 3 to 45 of them, starting with a letter.
    private static string TaskHub(IConfiguration configuration, string tablePrefix)
    {
        var name = configuration[TaskHubSetting] is { Length: > 0 } configured ? configured : "HateCase" + tablePrefix;
        if (name.Length is < 3 or > 45 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new InvalidOperationException(
                $"The Durable task hub name '{name}' (from {TaskHubSetting}, or HateCase followed by Storage:TablePrefix) must be 3 to 45 letters and digits, starting with a letter.");
        }
        return name;
    }

    private static DigestOptions ReadDigestOptions(IConfiguration configuration, ServiceProfile profile)
    {
        var options = new DigestOptions();
        bool bound;
        try
        {
            configuration.GetSection(DigestOptions.Section).Bind(options);
            bound = true;
        }
        catch (InvalidOperationException)
        {
            bound = false;
        }
        if (!bound || !options.IsValid)
        {
            const string s = DigestOptions.Section;
            throw new InvalidOperationException(
                $"The {s} settings are not valid: {s}:Enabled is true or false, {s}:SendFrom a UK time of day such as 08:00, " +
                $"and {s}:KeepDays a whole number of days from 1 to {DigestOptions.MaxKeepDays}.");
        }
        var closes = profile.OfficeHours.Closes;
        if (options.SendFrom is { } sendFrom && sendFrom >= closes)
        {
            // Digests go only in office hours: one due after closing would never go.
            throw new InvalidOperationException(
                $"The {DigestOptions.Section}:SendFrom setting must be a UK time before the office closes at " +
                $"{closes.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)} (the landlord profile's officeHours).");
        }
        return options;
    }

    private static ServiceProfile LoadProfile(string setting)
    {
        if (ProfileLoader.BuiltInIds.Contains(setting))
        {
            return ProfileLoader.BuiltIn(setting);
        }
        if (File.Exists(setting))
        {
            return ProfileLoader.Parse(File.ReadAllText(setting));
        }
        throw new InvalidOperationException(
            $"The setting 'Landlord:Profile' is '{setting}', which is neither a built-in profile ({string.Join(", ", ProfileLoader.BuiltInIds)}) nor a profile file.");
    }
}

// The digests read the cases as last recorded.
public sealed class DigestCases(CaseService cases, Workflow.CasePolicy policy) : IDigestCases
{
    public ServiceProfile Profile => policy.Profile;

    public WorkingCalendar Calendar => policy.Calendar;

    public IAsyncEnumerable<(string CaseId, CaseState State)> CasesNeedingAttentionBefore(DateTimeOffset before, CancellationToken cancellationToken) =>
        cases.CasesNeedingAttentionBefore(before, cancellationToken);
}

// Creates the tables and containers the app uses before anything else touches them.
public sealed class StorageInitializer(CaseProjectionStore projection, ITableStore tables, DigestOptions digests, Intake.ReferenceAllocator references,
    Dev.DevelopmentClockStore? developmentClock = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await projection.EnsureCreated(cancellationToken);
        await tables.EnsureTable(digests.Table, cancellationToken);
        await references.EnsureTable(cancellationToken);
        if (developmentClock is not null)
        {
            await developmentClock.Restore(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

// Once, after start-up and in the background: cases recorded before their measures were packed
// get them (MeasuresBackfill). A failure is logged and the next start tries again.
public sealed partial class MeasuresBackfillAtStart(MeasuresBackfill backfill, ILogger<MeasuresBackfillAtStart> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var rebuilt = await backfill.Run(stoppingToken);
            if (rebuilt > 0)
            {
                LogRebuilt(rebuilt);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is global::Azure.RequestFailedException or InvalidOperationException)
        {
            LogFailed(e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Measures: {Cases} cases recorded before their measures were packed now have them.")]
    private partial void LogRebuilt(int cases);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Measures: the backfill of earlier cases stopped ({Error}); the next start tries again.")]
    private partial void LogFailed(string error);
}

// The system clock plus an offset that only grows.
public sealed class AdjustableClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref offsetTicks, by.Ticks);
    }
}
