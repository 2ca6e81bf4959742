using System.Net;
using System.Security.Cryptography;
using HateCase.App.Tests.Support;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// The app as it runs in Azure (Production): no development tools, no development sign-in, and it
// refuses to start, naming the setting, when a setting it needs is missing. The app runs in the
// test process: what stops it is the exception its start-up throws, which as a process it exits with.
[Collection(OwnAppCollection.Name)]
public sealed class ProductionTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    // Every setting Production needs, with values that are valid but reach nothing real.
    private Dictionary<string, string> ProductionSettings()
    {
        var runId = TestApp.NewRunId();
        return new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage__TablePrefix"] = "t" + runId,
            ["Intake__KeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Surveys__TokenKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Staff__Teams__case-officers"] = $"case-officers-{runId}@example.org",
            ["Staff__Teams__team-leader"] = $"team-leader-{runId}@example.org",
            ["Staff__Teams__post-room"] = $"post-room-{runId}@example.org",
            ["Landlord__Profile"] = TestApp.Profile,
            ["Landlord__Name"] = "Example Homes",
            ["Landlord__Phone"] = "01632 960 000",
            ["Landlord__Email"] = "asb@example.org",
            ["Landlord__Website"] = "https://example.org/asb",
            ["Landlord__Address"] = "1 Civic Square, Exampletown, EX1 1AA",
            ["Mail__Provider"] = "Smtp",
            ["Mail__From"] = "asb@example.org",
            // A port nothing listens on: nothing is sent in these tests.
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = AppProcessRunner.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["App__PublicBaseUrl"] = "https://asb.example.org",
        };
    }

    [Fact]
    public async Task Production_has_no_development_mailbox_clock_or_sign_in()
    {
        await using var app = await TestApp.Start(ProductionSettings());
        Watch(app);

        using (var ready = await app.Http.GetAsync("/"))
        {
            await Expect.Status(HttpStatusCode.OK, ready);
        }
        using (var mailbox = await app.Http.GetAsync("/api/dev/mail"))
        {
            Assert.Equal(HttpStatusCode.NotFound, mailbox.StatusCode);
        }
        using (var clock = await app.Http.PostAsync("/api/dev/clock/advance", TestApp.Json(new { by = "P14D" })))
        {
            Assert.Equal(HttpStatusCode.NotFound, clock.StatusCode);
        }
        // The development sign-in headers mean nothing here.
        using (var signedIn = await app.Send(HttpMethod.Get, "/api/cases", user: "officer-1", role: "team-leader"))
        {
            await Expect.Problem(HttpStatusCode.Unauthorized, signedIn);
        }
        using (var signInPage = await app.Http.GetAsync("/sign-in"))
        {
            Assert.Equal(HttpStatusCode.NotFound, signInPage.StatusCode);
            Assert.Contains("Staff sign-in is not set up here", await signInPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Reports are still taken.
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail()));
        Assert.Matches(@"^HC-\d{4}-\d{6}$", receipt.Reference);
    }

    [Fact]
    public async Task Behind_App_Service_Authentication_staff_sign_in_with_their_work_account_and_come_back()
    {
        var settings = ProductionSettings();
        settings["Auth__TrustAppServiceHeader"] = "true";
        await using var app = await TestApp.Start(settings);
        Watch(app);

        using var browser = StaffSession.SignedOut(app);
        using var response = await browser.Get("/sign-in?returnUrl=%2Fcases%2Fcase-123");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fcases%2Fcase-123", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("Intake__KeySecret", "Intake:KeySecret")]
    [InlineData("Surveys__TokenKey", "Surveys:TokenKey")]
    [InlineData("Staff__Teams__team-leader", "Staff:Teams:team-leader")]
    [InlineData("Staff__Teams__post-room", "Staff:Teams:post-room")]
    [InlineData("Landlord__Phone", "Landlord:Phone")]
    [InlineData("Mail__Smtp__Host", "Mail:Smtp:Host")]
    [InlineData("App__PublicBaseUrl", "App:PublicBaseUrl")]
    [InlineData("AzureWebJobsStorage", "AzureWebJobsStorage")]
    public async Task A_missing_setting_stops_the_app_at_start_up_naming_it(string variable, string setting)
    {
        var settings = ProductionSettings();
        settings.Remove(variable);

        var failure = await TestApp.StartUpFailure(settings);

        Output.WriteLine(failure ?? "");
        Assert.True(failure is not null, $"The app started without {setting}.");
        Assert.Contains(setting, failure, StringComparison.Ordinal);
    }

    // A placeholder in the app's own settings file must not stand in for the landlord's details,
    // and messages must not go to the development mailbox in Production by default.
    [Theory]
    [InlineData("Landlord__Name", "Landlord:Name")]
    [InlineData("Mail__Provider", "Mail:Provider")]
    public async Task A_setting_with_only_a_development_default_stops_the_app_in_Production(string variable, string setting)
    {
        var settings = ProductionSettings();
        settings.Remove(variable);
        if (variable == "Mail__Provider")
        {
            settings.Remove("Mail__Smtp__Host");
            settings.Remove("Mail__Smtp__Port");
        }

        var failure = await TestApp.StartUpFailure(settings);

        Output.WriteLine(failure ?? "");
        Assert.True(failure is not null, $"The app started in Production without {setting}.");
        Assert.Contains(setting, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Digest__SendFrom", "eight o'clock", "Digest:SendFrom")]
    [InlineData("Digest__SendFrom", "17:30", "Digest:SendFrom")] // after the office closes: it would never go
    [InlineData("Digest__Enabled", "sometimes", "Digest:Enabled")]
    [InlineData("Digest__KeepDays", "0", "Digest:KeepDays")]
    public async Task A_daily_digest_setting_that_makes_no_sense_stops_the_app_naming_it(string variable, string value, string setting)
    {
        var settings = ProductionSettings();
        settings[variable] = value;

        var failure = await TestApp.StartUpFailure(settings);

        Output.WriteLine(failure ?? "");
        Assert.True(failure is not null, $"The app started with {setting} set to '{value}'.");
        Assert.Contains(setting, failure, StringComparison.Ordinal);
    }
}
