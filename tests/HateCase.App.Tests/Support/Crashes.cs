using System.Diagnostics;

namespace HateCase.App.Tests.Support;

public static class Crashes
{
    // Kills the app as a crash or a lost machine would: SIGKILL, so no shutdown code runs. By the
    // app's own process id; waits until it has gone.
    public static async Task Kill(this TestApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Process.HasExited)
        {
            throw new InvalidOperationException($"The app process {app.Process.ProcessId} had already exited.");
        }
        using var process = Process.GetProcessById(app.Process.ProcessId);
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }
}
