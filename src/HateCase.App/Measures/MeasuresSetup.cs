using System.Globalization;
using HateCase.Storage;

namespace HateCase.App.Measures;

// The landlord's figures the measures need beyond the record. Landlord:HomesOwned is the number of
// homes owned (the Regulator's NM01 denominator): a positive whole number; without it NM01 shows
// its counts and says the rate is not set.
public sealed record MeasuresSettings(int? HomesOwned)
{
    public const string HomesOwnedSetting = "Landlord:HomesOwned";

    public static MeasuresSettings From(IConfiguration configuration)
    {
        var text = configuration[HomesOwnedSetting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MeasuresSettings(HomesOwned: null);
        }
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var homes) && homes > 0
            ? new MeasuresSettings(homes)
            : throw new InvalidOperationException(
                $"The app cannot start until these settings are put right:\n- {HomesOwnedSetting} is the number of homes the landlord owns, a whole number above 0, like 12000 (or leave it out until it is known)");
    }
}

public static class MeasuresSetup
{
    public static IServiceCollection AddMeasures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(MeasuresSettings.From(configuration));
        services.AddSingleton<MeasuresReadModel>();
        return services;
    }
}
