using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using HateCase.App.Hosting;
using HateCase.App.Tests.Support;
using HateCase.Testing;

namespace HateCase.App.Tests;

// RequiredSettings is the one list of what the app cannot start without outside Development, and
// the infrastructure tests hold the templates in infra/ to it; so it must be exactly that: the
// app in Production starts with the listed settings alone, and stops naming any one left out.
[Collection(OwnAppCollection.Name)]
public sealed class RequiredSettingsTests(AzuriteFixture azurite)
{
    // A valid value for each setting of a deployment to Azure, reaching nothing real.
    private Dictionary<string, string> InAzure()
    {
        var runId = TestApp.NewRunId();
        var nothingListens = AppProcessRunner.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Landlord:Name"] = "Example Homes",
            ["Landlord:Phone"] = "01632 960 000",
            ["Landlord:Email"] = "asb@example.org",
            ["Landlord:Website"] = "https://example.org/asb",
            ["Landlord:Address"] = "1 Civic Square, Exampletown, EX1 1AA",
            ["Mail:Provider"] = "AzureCommunicationServices",
            ["Mail:From"] = "DoNotReply@example.org",
            ["Staff:Teams:case-officers"] = $"case-officers-{runId}@example.org",
            ["Staff:Teams:team-leader"] = $"team-leader-{runId}@example.org",
            ["Staff:Teams:post-room"] = $"post-room-{runId}@example.org",
            ["Surveys:TokenKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Intake:KeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["App:PublicBaseUrl"] = "https://asb.example.org",
            ["Mail:Acs:Endpoint"] = $"https://127.0.0.1:{nothingListens}",
            ["Mail:Acs:UseManagedIdentity"] = "true",
            ["Inbound:Mailbox"] = "asb@example.org",
            ["Inbound:NotificationUrl"] = "https://asb.example.org/api/inbound/notifications",
            ["Inbound:ClientState"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)),
        };
    }

    // Not required: this test's own tables, and Graph at a loopback port (starting calls nothing).
    private static Dictionary<string, string> WithTestPlumbing(Dictionary<string, string> settings)
    {
        settings["Storage:TablePrefix"] = "t" + TestApp.NewRunId();
        settings["Landlord:Profile"] = TestApp.Profile;
        settings["Inbound:GraphBaseUrl"] = $"http://127.0.0.1:{AppProcessRunner.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)}/v1.0";
        return settings;
    }

    public static TheoryData<string> EachRequiredSetting() =>
        [.. RequiredSettings.OutsideDevelopment, .. RequiredSettings.AzureCommunicationServicesWithIdentity, .. RequiredSettings.WithGraphMailbox];

    [Fact]
    public async Task With_the_settings_of_a_deployment_to_Azure_and_nothing_else_the_app_starts_healthy_in_Production()
    {
        var settings = InAzure();
        Assert.Equal(RequiredSettings.InAzure.Order(StringComparer.Ordinal), settings.Keys.Order(StringComparer.Ordinal));

        await using var app = new InProcessApp("Production", WithTestPlumbing(settings));
        var failure = Record.Exception(() => app.Server);

        Assert.True(failure is null, $"The app did not start with the required settings: {failure?.GetBaseException().Message}");
        using var client = app.CreateClient();
        using var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [MemberData(nameof(EachRequiredSetting))]
    public async Task Without_a_required_setting_the_app_stops_in_Production_naming_it(string setting)
    {
        var settings = InAzure();
        settings.Remove(setting);

        await using var app = new InProcessApp("Production", WithTestPlumbing(settings));
        var failure = Record.Exception(() => app.Server);

        Assert.True(failure is not null, $"The app started in Production without {setting}.");
        Assert.Contains(setting, failure.GetBaseException().Message, StringComparison.Ordinal);
    }
}
