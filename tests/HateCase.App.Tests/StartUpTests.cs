using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using HateCase.App.Hosting;
using HateCase.App.Tests.Support;
using HateCase.Testing;
using Microsoft.AspNetCore.Mvc;

namespace HateCase.App.Tests;

// Every set-up the README documents (environment × mail provider × the ASB@ mailbox through
// Microsoft Graph or not) either starts and is healthy, or stops with one message naming the
// setting to change; so a new setting cannot break start-up unseen. The app runs in this process;
// its mail and Graph addresses are loopback ports where nothing answers, as starting sends nothing.
[Collection(OwnAppCollection.Name)]
public sealed class StartUpTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Development", "DevelopmentMailbox", false, null)]
    [InlineData("Development", "DevelopmentMailbox", true, null)]
    [InlineData("Development", "Smtp", false, null)]
    [InlineData("Development", "Smtp", true, null)]
    [InlineData("Development", "AzureCommunicationServices", false, null)]
    [InlineData("Development", "AzureCommunicationServices", true, null)]
    // The development mailbox keeps every email on the machine: in Production nobody would get one.
    [InlineData("Production", "DevelopmentMailbox", false, "Mail:Provider")]
    [InlineData("Production", "DevelopmentMailbox", true, "Mail:Provider")]
    [InlineData("Production", "Smtp", false, null)]
    [InlineData("Production", "Smtp", true, null)]
    [InlineData("Production", "AzureCommunicationServices", false, null)]
    [InlineData("Production", "AzureCommunicationServices", true, null)]
    public async Task Each_documented_set_up_starts_healthy_or_stops_naming_the_setting_to_change(
        string environment, string mailProvider, bool graphMailbox, string? stopsNaming)
    {
        await using var app = new InProcessApp(environment, Settings(environment, mailProvider, graphMailbox));

        var failure = Record.Exception(() => app.Server);

        if (stopsNaming is not null)
        {
            Assert.True(failure is not null, $"The app started in {environment} with Mail:Provider {mailProvider}.");
            var problems = SettingProblems(failure);
            var problem = Assert.Single(problems);
            Assert.StartsWith(stopsNaming + " ", problem, StringComparison.Ordinal);
            return;
        }
        Assert.True(failure is null, $"The app did not start in {environment} with Mail:Provider {mailProvider}: {failure}");
        using var client = app.CreateClient();
        using var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"healthy\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Smtp", "SMTP")]
    [InlineData("AzureCommunicationServices", "Azure Communication Services")]
    public async Task In_Development_with_real_mail_the_development_mailbox_says_mail_goes_out_through_the_provider(string mailProvider, string providerName)
    {
        await using var app = new InProcessApp("Development", Settings("Development", mailProvider, graphMailbox: false));
        using var client = app.CreateClient();

        using var api = await client.GetAsync(new Uri("/api/dev/mail", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        var problem = await api.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains($"going out through {providerName}", problem?.Detail, StringComparison.Ordinal);
        Assert.Contains("Mail:Provider", problem?.Detail, StringComparison.Ordinal);

        using var page = await client.GetAsync(new Uri("/dev/mail", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"going out through {providerName}", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A link to one kept message leads back to the notice, not to a missing page.
        using var message = await client.GetAsync(new Uri("/dev/mail/20260101090000-0123456789abcdef0123456789abcdef", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        Assert.Equal("/dev/mail", message.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Contains($"going out through {providerName}", await message.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Development_with_the_development_mailbox_the_mailbox_lists_the_mail()
    {
        await using var app = new InProcessApp("Development", Settings("Development", "DevelopmentMailbox", graphMailbox: false));
        using var client = app.CreateClient();

        using var api = await client.GetAsync(new Uri("/api/dev/mail?max=5", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, (await api.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).ValueKind);

        using var page = await client.GetAsync(new Uri("/dev/mail", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("going out through", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // The README's local set-up: copy the sample to local.settings.json, and change Mail:Provider to
    // Smtp to see real emails in a local SMTP catcher.
    [Theory]
    [InlineData(null)]
    [InlineData("Smtp")]
    public async Task The_sample_local_settings_start_the_app_in_Development(string? mailProvider)
    {
        var settings = FunctionsHosting.ReadValues(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json"))
            .ToDictionary(setting => setting.Key, setting => setting.Value ?? "");
        // This test's own Azurite and tables, rather than the emulator the app would start itself.
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["Storage:TablePrefix"] = "t" + TestApp.NewRunId();
        if (mailProvider is not null)
        {
            settings["Mail:Provider"] = mailProvider;
            settings["Mail:Smtp:Port"] = AppProcessRunner.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        }
        await using var app = new InProcessApp("Development", settings);
        using var client = app.CreateClient();

        using var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short-secret")]
    [InlineData("thirty-one-characters-is-short!")]
    public async Task An_intake_key_secret_shorter_than_32_characters_stops_the_app_in_Production(string keySecret)
    {
        var settings = Settings("Production", "Smtp", graphMailbox: false);
        settings["Intake:KeySecret"] = keySecret;
        await using var app = new InProcessApp("Production", settings);

        var failure = Record.Exception(() => app.Server);

        Assert.True(failure is not null, $"The app started with a {keySecret.Length}-character Intake:KeySecret.");
        Assert.StartsWith("Intake:KeySecret ", Assert.Single(SettingProblems(failure)), StringComparison.Ordinal);
    }

    // The lines of a start-up message that each name a setting to put right.
    private static List<string> SettingProblems(Exception failure) =>
        failure.GetBaseException().Message.Split('\n')
            .Where(line => line.StartsWith("- ", StringComparison.Ordinal))
            .Select(line => line[2..])
            .ToList();

    private Dictionary<string, string> Settings(string environment, string mailProvider, bool graphMailbox)
    {
        var runId = TestApp.NewRunId();
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = "t" + runId,
            ["Landlord:Profile"] = TestApp.Profile,
            ["Mail:Provider"] = mailProvider,
        };
        if (environment == "Production")
        {
            ProductionSettings.AddTo(settings, runId);
        }
        if (mailProvider != "DevelopmentMailbox")
        {
            settings["Mail:From"] = "asb@example.org";
        }
        var nothingListens = AppProcessRunner.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        switch (mailProvider)
        {
            case "Smtp":
                settings["Mail:Smtp:Host"] = "127.0.0.1";
                settings["Mail:Smtp:Port"] = nothingListens;
                break;
            case "AzureCommunicationServices":
                settings["Mail:Acs:ConnectionString"] =
                    $"endpoint=http://127.0.0.1:{nothingListens}/;accesskey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}";
                break;
        }
        if (graphMailbox)
        {
            settings["Inbound:Mailbox"] = "asb@example.org";
            settings["Inbound:NotificationUrl"] = "https://asb.example.org/api/inbound/notifications";
            settings["Inbound:ClientState"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
            settings["Inbound:GraphBaseUrl"] = $"http://127.0.0.1:{nothingListens}/v1.0";
        }
        return settings;
    }
}
