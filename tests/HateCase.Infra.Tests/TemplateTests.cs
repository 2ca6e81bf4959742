using System.Text.Json.Nodes;
using HateCase.Domain.Profiles;

namespace HateCase.Infra.Tests;

// Every template in infra/ builds and lints with the Bicep compiler, a warning counting as a
// failure, and every built-in landlord profile has a parameters file that builds.
public sealed class TemplateTests
{
    // What a deployer exports before deploying (infra/README.md); these are examples of the right shape.
    public static readonly IReadOnlyDictionary<string, string> DeployerSecrets = new Dictionary<string, string>
    {
        ["HATECASE_AUTH_CLIENT_SECRET"] = "example-client-secret",
        ["HATECASE_INTAKE_KEY_SECRET"] = new string('k', 48),
        ["HATECASE_SURVEY_TOKEN_KEY"] = Convert.ToBase64String(new byte[32]),
        ["HATECASE_GRAPH_CLIENT_STATE"] = new string('c', 32),
    };

    private static List<string> TemplateFiles() =>
        [.. Directory.GetFiles(Bicep.InfraFolder, "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Bicep.InfraFolder, path))
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> Profiles() => [.. ProfileLoader.BuiltInIds];

    // One run of the compiler for every template (each run takes seconds).
    [Fact]
    public async Task Every_template_builds_without_a_warning()
    {
        var output = Directory.CreateTempSubdirectory("bicep-build-");
        try
        {
            var build = await Bicep.Run(null, "build", "--pattern", "**/*.bicep", "--outdir", output.FullName);

            Assert.True(build.ExitCode == 0 && (build.Output + build.Diagnostics).Trim().Length == 0, $"bicep build:\n{build.Output}{build.Diagnostics}");
            var templates = TemplateFiles();
            Assert.Contains(Path.Combine("modules", "functionapp.bicep"), templates);
            foreach (var template in templates)
            {
                var compiled = Path.Combine(output.FullName, Path.ChangeExtension(template, ".json"));
                Assert.True(File.Exists(compiled), $"{template} was not built.");
                Assert.NotNull(JsonNode.Parse(await File.ReadAllTextAsync(compiled))?["resources"]);
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_template_lints_without_a_warning()
    {
        var lint = await Bicep.Run(null, "lint", "--pattern", "**/*.bicep");

        Assert.True(lint.ExitCode == 0 && (lint.Output + lint.Diagnostics).Trim().Length == 0, $"bicep lint:\n{lint.Output}{lint.Diagnostics}");
    }

    [Fact]
    public async Task Every_parameters_file_lints_without_a_warning()
    {
        var lint = await Bicep.Run(DeployerSecrets, "lint", "--pattern", "params/*.bicepparam");

        Assert.True(lint.ExitCode == 0 && (lint.Output + lint.Diagnostics).Trim().Length == 0, $"bicep lint:\n{lint.Output}{lint.Diagnostics}");
    }

    [Fact]
    public void Each_parameters_file_is_for_a_built_in_landlord_profile()
    {
        var files = Directory.GetFiles(Path.Combine(Bicep.InfraFolder, "params"), "*.bicepparam")
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal);

        Assert.Equal(ProfileLoader.BuiltInIds.Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_landlord_profile_s_parameters_file_builds_without_a_warning_and_sets_that_profile(string profile)
    {
        var file = Path.Combine("params", $"{profile}.bicepparam");

        var build = await Bicep.Run(DeployerSecrets, "build-params", file, "--stdout");
        Assert.True(build.ExitCode == 0 && build.Diagnostics.Trim().Length == 0, $"bicep build-params {file}:\n{build.Diagnostics}");

        var parameters = JsonNode.Parse(JsonNode.Parse(build.Output)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Equal(profile, parameters["landlordProfile"]?["value"]?.GetValue<string>());
        // The secrets come from the deployer's environment, never from the file.
        Assert.Equal(DeployerSecrets["HATECASE_INTAKE_KEY_SECRET"], parameters["intakeKeySecret"]?["value"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_parameters_file_does_not_build_without_the_deployer_s_secrets()
    {
        var noSecrets = DeployerSecrets.Keys.ToDictionary(name => name, _ => "");

        var build = await Bicep.Run(noSecrets, "build-params", Path.Combine("params", "reading.bicepparam"), "--stdout");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("HATECASE_INTAKE_KEY_SECRET", build.Diagnostics, StringComparison.Ordinal);
    }
}
