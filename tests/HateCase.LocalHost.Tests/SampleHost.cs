using System.Net;
using Azure.Storage.Queues;
using HateCase.LocalHost.SampleFunctions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HateCase.LocalHost.Tests;

// The sample Function App run by the local host in this process, on a real loopback port.
public sealed class SampleHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private SampleHost(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
        Client = new HttpClient { BaseAddress = endpoint };
    }

    public Uri Endpoint { get; }

    public HttpClient Client { get; }

    public Observed Observed => app.Services.GetRequiredService<Observed>();

    public static string SampleOutput =>
        AppContext.BaseDirectory.Replace("HateCase.LocalHost.Tests", "HateCase.LocalHost.SampleFunctions", StringComparison.Ordinal);

    public static async Task<SampleHost> StartAsync(string storageConnection, DurableTaskClient? durableClient = null, Action<LocalFunctionsOptions>? adjust = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<Observed>();
        if (durableClient is not null)
        {
            builder.Services.AddSingleton(durableClient);
        }
        builder.Services.AddLocalFunctions(typeof(Observed).Assembly, options =>
        {
            options.ReadHostJson(Path.Combine(SampleOutput, "host.json"));
            options.QueueService = (_, _) => new QueueServiceClient(
                storageConnection,
                new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            adjust?.Invoke(options);
        });
        var app = builder.Build();
        app.MapLocalHttpFunctions();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new SampleHost(app, new Uri($"http://127.0.0.1:{new Uri(address).Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
