using System.Net;
using System.Net.Sockets;
using HateCase.App.Tests.Support;
using HateCase.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// The end-to-end tests run several apps in this one process: each must run its own cases, keep
// its own log, and stop alone, with its Durable worker and its port.
[Collection(OwnAppCollection.Name)]
public sealed class InProcessAppTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    [Fact]
    public async Task Two_apps_in_one_process_run_their_own_cases_and_stopping_one_leaves_the_other_running()
    {
        await using var stopped = Watch(await TestApp.StartDevelopment(azurite.ConnectionString));
        var running = await StartOwnApp(azurite.ConnectionString);
        var stoppedHost = Assert.IsType<LoopbackApp<Program>>(stopped.Host);
        var lifetime = stoppedHost.Services.GetRequiredService<IHostApplicationLifetime>();
        var firstVictim = Reports.NewEmail();
        var firstReceipt = await stopped.Report(Reports.Hate(firstVictim));
        await stopped.WaitForMail("with the Victims Code from the first app", m => m.IsTo(firstVictim));

        await stopped.DisposeAsync();

        Assert.True(lifetime.ApplicationStopped.IsCancellationRequested, "The app disposed of has not stopped.");
        Assert.True(PortIsFree(stopped.BaseAddress.Port), $"Port {stopped.BaseAddress.Port} is still held by the app disposed of.");
        // The other app's cases still run on its own Durable worker: a new report is acknowledged.
        var victim = Reports.NewEmail();
        var receipt = await running.Report(Reports.Hate(victim));
        await running.WaitForMail("with the Victims Code from the app still running", m => m.IsTo(victim) && m.Subject.Contains(receipt.Reference, StringComparison.Ordinal));
        // Each app's cases are in its own tables: the one still running does not know the other's.
        using var other = await running.Send(HttpMethod.Get, $"/api/cases/{firstReceipt.CaseId}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        // Each keeps its own log, and neither logs what the reporter wrote or who they are.
        var stoppedLog = stoppedHost.Log.All();
        var runningLog = running.Host.Log.All();
        Assert.NotEmpty(stoppedLog);
        Assert.Contains(stopped.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), stoppedLog, StringComparison.Ordinal);
        Assert.DoesNotContain(stopped.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), runningLog, StringComparison.Ordinal);
        foreach (var personal in new[] { firstVictim, victim, "racist abuse", "Amira Khan" })
        {
            Assert.DoesNotContain(personal, stoppedLog, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(personal, runningLog, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
