using System.Text.Json.Nodes;
using HateCase.App.Hosting;
using Microsoft.Extensions.Configuration;

namespace HateCase.Infra.Tests;

// main.bicep compiled once to ARM JSON.
public sealed class CompiledMainTemplate : IAsyncLifetime
{
    public JsonObject Template { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var build = await Bicep.Run(null, "build", "main.bicep", "--stdout");
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"main.bicep did not build:\n{build.Diagnostics}");
        }
        Template = JsonNode.Parse(build.Output)!.AsObject();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // The resources of the template and of every module in it.
    public IEnumerable<JsonObject> Resources(string type) => ResourcesIn(Template).Where(resource => Is(resource, type));

    public JsonObject Single(string type) => Assert.Single(Resources(type));

    // A module's deployment (its parameters, and its template's resources).
    public JsonObject Module(string name) =>
        Assert.Single(Resources("Microsoft.Resources/deployments"), module => (string?)module["name"] == name);

    public static IEnumerable<JsonObject> ResourcesIn(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(node => node!.AsObject()),
            JsonObject symbolic => symbolic.Select(pair => pair.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in ResourcesIn(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    public static bool Is(JsonObject resource, string type) =>
        string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase);
}

// What Azure is asked for, read from the compiled ARM JSON of infra/main.bicep.
public sealed class CompiledTemplateTests(CompiledMainTemplate main) : IClassFixture<CompiledMainTemplate>
{
    private const string AppSettingsPrefix = "appsettings";

    [Fact]
    public void The_storage_account_takes_no_shared_key_only_HTTPS_from_TLS_1_2_and_no_public_blob_access()
    {
        var account = main.Single("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False((bool)account["allowSharedKeyAccess"]!);
        Assert.True((bool)account["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)account["minimumTlsVersion"]);
        Assert.False((bool)account["allowBlobPublicAccess"]!);
        Assert.Equal("None", (string?)main.Single("Microsoft.Storage/storageAccounts/blobServices/containers")["properties"]!["publicAccess"]);
    }

    // The app and Durable Functions on the Azure Storage backend need these data roles on the
    // account; the app's identity reads secrets, sends email and publishes telemetry.
    [Theory]
    [InlineData("storage", "Microsoft.Storage/storageAccounts", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b")] // Storage Blob Data Owner
    [InlineData("storage", "Microsoft.Storage/storageAccounts", "974c5e8b-45b9-4653-ba55-5f855dd0fb88")] // Storage Queue Data Contributor
    [InlineData("storage", "Microsoft.Storage/storageAccounts", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")] // Storage Table Data Contributor
    [InlineData("secrets", "Microsoft.KeyVault/vaults", "4633458b-17de-408a-b874-0445c86b69e6")] // Key Vault Secrets User
    [InlineData("email", "Microsoft.Communication/communicationServices", "09976791-48a7-449e-bb21-39d1a415f350")] // Communication and Email Service Owner
    [InlineData("monitoring", "Microsoft.Insights/components", "3913510d-42f4-4e42-8a64-420c390055eb")] // Monitoring Metrics Publisher
    public void The_app_s_identity_has_its_role_on_the_resource(string module, string resourceType, string roleDefinition)
    {
        var deployment = main.Module(module);
        var assignment = Assert.Single(
            CompiledMainTemplate.ResourcesIn(deployment["properties"]!["template"]!.AsObject())
                .Where(resource => CompiledMainTemplate.Is(resource, "Microsoft.Authorization/roleAssignments")),
            resource => ((string?)resource["properties"]!["roleDefinitionId"])!.Contains($"'{roleDefinition}'", StringComparison.Ordinal));

        Assert.StartsWith($"[resourceId('{resourceType}'", (string?)assignment["scope"], StringComparison.Ordinal);
        Assert.Equal("[parameters('appPrincipalId')]", (string?)assignment["properties"]!["principalId"]);
        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
        // The principal is the app's own user-assigned identity.
        Assert.Equal($"[reference({IdentityId[1..^1]}, '2024-11-30').principalId]", (string?)deployment["properties"]!["parameters"]!["appPrincipalId"]!["value"]);
    }

    [Fact]
    public void The_function_app_runs_dotnet_isolated_10_on_Flex_Consumption_as_the_identity_over_HTTPS_only()
    {
        var plan = main.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);

        var app = Assert.Single(main.Resources("Microsoft.Web/sites"), site => site["properties"] is not null);
        Assert.Equal("functionapp,linux", (string?)app["kind"]);
        var properties = app["properties"]!;
        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        var config = properties["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        var deploymentStorage = config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string?)deploymentStorage["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)deploymentStorage["authentication"]!["type"]);

        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.Equal(IdentityId, (string?)main.Module("functionApp")["properties"]!["parameters"]!["identityId"]!["value"]);
    }

    [Fact]
    public void App_Service_Authentication_signs_staff_in_with_Entra_ID_and_lets_everyone_else_through_to_the_app()
    {
        var auth = Assert.Single(main.Resources("Microsoft.Web/sites/config"), IsNamed("authsettingsV2"))["properties"]!;

        Assert.True((bool)auth["platform"]!["enabled"]!);
        // The public pages, POST /api/reports and Graph's webhook work without signing in; the
        // app's staff routes refuse a request without App Service's principal header.
        Assert.Equal("AllowAnonymous", (string?)auth["globalValidation"]!["unauthenticatedClientAction"]);
        Assert.True((bool)auth["identityProviders"]!["azureActiveDirectory"]!["enabled"]!);
        Assert.Equal("true", AppSettings()["Auth:TrustAppServiceHeader"]);
    }

    // The list is the app's own: the one its start-up checks (RequiredSettings).
    [Fact]
    public void Every_setting_the_app_requires_at_start_up_is_set()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(AppSettings()!).Build();

        Assert.Empty(RequiredSettings.MissingFrom(settings, RequiredSettings.InAzure));
    }

    [Fact]
    public void The_app_reaches_storage_email_and_Graph_with_its_identity_and_reads_its_secrets_from_Key_Vault()
    {
        var settings = AppSettings();

        Assert.DoesNotContain(settings.Keys, key => key == "AzureWebJobsStorage");
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage:credential"]);
        Assert.Equal("AzureCommunicationServices", settings["Mail:Provider"]);
        Assert.Equal("true", settings["Mail:Acs:UseManagedIdentity"]);
        Assert.DoesNotContain(settings.Keys, key => key.StartsWith("Mail:Acs:ConnectionString", StringComparison.Ordinal));
        foreach (var secret in new[] { "Intake:KeySecret", "Surveys:TokenKey", "Inbound:ClientState", "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET" })
        {
            Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", settings[secret], StringComparison.Ordinal);
        }
        Assert.True((bool)main.Single("Microsoft.KeyVault/vaults")["properties"]!["enableRbacAuthorization"]!);
    }

    [Fact]
    public void The_communication_service_sends_from_the_email_domain_linked_to_it()
    {
        var communication = main.Single("Microsoft.Communication/communicationServices");
        var domain = main.Single("Microsoft.Communication/emailServices/domains");

        var linked = Assert.Single(communication["properties"]!["linkedDomains"]!.AsArray());
        Assert.Contains("Microsoft.Communication/emailServices/domains", (string?)linked, StringComparison.Ordinal);
        Assert.NotNull(domain["properties"]!["domainManagement"]);
        Assert.Contains("senderAddress", (string?)AppSettings()["Mail:From"], StringComparison.Ordinal);
    }

    // The user-assigned identity's resource id, as the compiled template writes it.
    private string IdentityId =>
        (string?)main.Module("storage")["properties"]!["parameters"]!["appIdentityId"]!["value"]
        ?? throw new InvalidOperationException("The storage module is given no identity.");

    // The app settings the template sets, by configuration key (app setting '__' read as ':').
    private Dictionary<string, string?> AppSettings() =>
        Assert.Single(main.Resources("Microsoft.Web/sites/config"), IsNamed(AppSettingsPrefix))["properties"]!.AsObject()
            .ToDictionary(setting => setting.Key.Replace("__", ":", StringComparison.Ordinal), setting => (string?)setting.Value);

    private static Predicate<JsonObject> IsNamed(string configName) =>
        resource => ((string?)resource["name"])?.Contains($"'{configName}'", StringComparison.Ordinal) == true;
}
