using System.Reflection;

namespace HateCase.Testing;

public static class RepositoryRoot
{
    public const string SolutionFileName = "HateCaseFunctions.sln";

    // Walks up from the test assembly; when the build output lives outside the repository
    // (an artifacts path elsewhere), walks up from where this project was built instead.
    public static string Find()
    {
        var buildTimeProjectDirectory = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "HateCase.Testing.ProjectDirectory")?.Value;
        foreach (var start in new[] { AppContext.BaseDirectory, buildTimeProjectDirectory })
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} holds {SolutionFileName}; run the tests from the repository.");
    }
}
