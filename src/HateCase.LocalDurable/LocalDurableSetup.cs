using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HateCase.LocalDurable;

public static class LocalDurableSetup
{
    // Runs the registered orchestrators and activities in this process on DurableTask.AzureStorage
    // and registers a DurableTaskClient for the same task hub. The sidecar starts before the worker
    // and stops after it (hosted services stop in reverse order).
    public static IServiceCollection AddLocalDurableTask(
        this IServiceCollection services, LocalDurableOptions options, Action<DurableTaskRegistry> register) =>
        services.AddLocalDurableTask(options, (registry, _) => register(registry));

    // The same, for tasks made from the app's services (the registry is filled when the worker starts).
    public static IServiceCollection AddLocalDurableTask(
        this IServiceCollection services, LocalDurableOptions options, Action<DurableTaskRegistry, IServiceProvider> register)
    {
        var channel = AddSidecarAndClient(services, options, dispatches: true);
        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            services.AddOptions<DurableTaskRegistry>(worker.Name).Configure<IServiceProvider>(register);
            if (options.DataConverter is { } converter)
            {
                worker.Configure(o => o.DataConverter = converter);
            }
        });
        return services;
    }

    // Only a DurableTaskClient for the task hub: starts orchestrations and raises events through
    // storage for workers in other processes, and runs none itself.
    public static IServiceCollection AddLocalDurableTaskClient(this IServiceCollection services, LocalDurableOptions options)
    {
        AddSidecarAndClient(services, options, dispatches: false);
        return services;
    }

    private static GrpcChannel AddSidecarAndClient(IServiceCollection services, LocalDurableOptions options, bool dispatches)
    {
        var sidecar = new LocalDurableSidecar(options, dispatches);
        services.AddSingleton(sidecar);
        services.AddHostedService(provider => new SidecarService(sidecar, provider.GetRequiredService<ILoggerFactory>()));

        var channel = GrpcChannel.ForAddress(LocalDurableSidecar.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectCallback = sidecar.ConnectToSidecar },
            DisposeHttpClient = true,
        });
        services.AddSingleton(channel);
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(channel);
            client.RegisterDirectly();
            if (options.DataConverter is { } converter)
            {
                client.Configure(o => o.DataConverter = converter);
            }
        });
        return channel;
    }

    private sealed class SidecarService(LocalDurableSidecar sidecar, ILoggerFactory loggerFactory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => sidecar.Start(loggerFactory, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => sidecar.Stop(cancellationToken);
    }
}
