using HateCase.Domain.Profiles;
using HateCase.Runtime.Cases;
using HateCase.Runtime.Digests;
using HateCase.Runtime.Ports;

namespace HateCase.App.Hosting;

public sealed class LandlordOptions
{
    // A built-in profile id (default, milton-keynes, reading, livv, peaks-and-plains) or a path
    // to a profile JSON file.
    public string Profile { get; set; } = "default";

    public int HomesOwned { get; set; }
}

public static class RuntimeSetup
{
    public static IServiceCollection AddCaseRuntime(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var landlord = configuration.GetSection("Landlord").Get<LandlordOptions>() ?? new LandlordOptions();
        var profile = LoadProfile(landlord.Profile);
        services.AddSingleton(landlord);
        services.AddSingleton(CasePolicy.For(profile));

        var runtimeOptions = new RuntimeOptions();
        configuration.GetSection("Runtime").Bind(runtimeOptions);
        services.AddSingleton(runtimeOptions);

        if (environment.IsDevelopment())
        {
            // Development only: a clock a person can move forward to watch weeks pass.
            services.AddSingleton<AdjustableClock>();
            services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<AdjustableClock>());
        }
        else
        {
            services.AddSingleton(TimeProvider.System);
        }
        services.AddSingleton<RuntimeHealth>();
        services.AddSingleton<CaseRuntime>();
        services.AddSingleton<CaseWork>();
        services.AddSingleton(ReadDigestOptions(configuration, profile));
        services.AddSingleton<DigestWork>();
        services.AddHostedService<StorageInitializer>();
        return services;
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

// Creates the tables the runtime uses before anything else touches them.
public sealed class StorageInitializer(CaseRuntime runtime, Intake.ReferenceAllocator references) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await runtime.EnsureStorage(cancellationToken);
        await references.EnsureTable(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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
