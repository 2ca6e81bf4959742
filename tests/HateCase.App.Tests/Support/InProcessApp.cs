using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HateCase.App.Tests.Support;

// The app built in the test process from its own Program, in the environment and with the
// settings given (they reach Program as its command line, so they win over the settings files).
// It starts in a second or so, with no port and no child process: quick enough to start the app
// under every combination of settings that matters for start-up.
public sealed class InProcessApp(string environment, IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
