using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HateCase.Testing;

// A real HTTP server (Kestrel) for a fake of a cloud service. It binds loopback port 0, so the
// operating system picks the port as it binds and nothing else can take it in between.
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackHttpServer(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    // http://127.0.0.1:{port}/
    public Uri Endpoint { get; }

    public int Port => Endpoint.Port;

    public static async Task<LoopbackHttpServer> StartAsync(RequestDelegate handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new LoopbackHttpServer(app, new Uri($"http://127.0.0.1:{new Uri(address).Port}/"));
    }

    public static LoopbackHttpServer Start(RequestDelegate handle) => StartAsync(handle).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
