using System.Net;
using System.Net.Sockets;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HateCase.LocalDurable;

// The public Durable Task sidecar (TaskHubGrpcServer) over DurableTask.AzureStorage, listening
// on a free loopback port. The worker and client connect to it when it is up. Without `dispatches`
// it only serves the client (starting orchestrations, raising events) and runs no work.
public sealed class LocalDurableSidecar(LocalDurableOptions options, bool dispatches = true) : IAsyncDisposable
{
    private readonly TaskCompletionSource<int> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? server;
    private AzureStorageOrchestrationService? service;
    private AzureStorageOrchestrationService? clientService;

    // The client's own calls at once (starting a case, raising an input, reading an instance): the
    // app's requests, a few at a time.
    private const int ClientStorageOperationConcurrency = 16;

    // The dispatcher starts the storage service in the background, and the library's StopAsync
    // fails (on a thread-pool callback, ending the process) for a service that never started: a
    // host stopped within moments of starting does not stop it. Read from the library's own field.
    private static readonly System.Reflection.FieldInfo? IsStartedField = typeof(AzureStorageOrchestrationService)
        .GetField("isStarted", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);

    // The sidecar's address for gRPC clients; connections go to its real port (ConnectToSidecar).
    public static readonly Uri Address = new("http://local-durable-sidecar");

    public async Task Start(ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var service = new AzureStorageOrchestrationService(Settings(options, loggerFactory,
            dispatches ? options.MaxStorageOperationConcurrency : ClientStorageOperationConcurrency));
        await service.CreateIfNotExistsAsync();
        this.service = service;

        // Starting, reading and raising events for cases (the app's requests) go through a service of
        // their own, so they never wait behind the dispatcher's storage calls in its throttle.
        var client = dispatches ? new AzureStorageOrchestrationService(Settings(options, loggerFactory, ClientStorageOperationConcurrency)) : service;
        clientService = dispatches ? client : null;

        // An empty builder: none of the host app's settings (URLs, Kestrel endpoints) apply here.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        builder.Services.Configure<TaskHubGrpcServerOptions>(o =>
            o.Mode = dispatches ? TaskHubGrpcServerMode.ApiServerAndDispatcher : TaskHubGrpcServerMode.ApiServerOnly);
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);
        server = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listening.TrySetResult(new Uri(address).Port);
    }

    private static AzureStorageOrchestrationServiceSettings Settings(LocalDurableOptions options, ILoggerFactory loggerFactory, int storageOperationConcurrency) => new()
    {
        TaskHubName = options.TaskHub,
        StorageAccountClientProvider = StorageClients(options),
        WorkerId = options.WorkerId,
        MaxQueuePollingInterval = options.MaxQueuePollingInterval,
        PartitionCount = options.PartitionCount,
        ControlQueueVisibilityTimeout = options.QueueVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = options.QueueVisibilityTimeout,
        MaxStorageOperationConcurrency = storageOperationConcurrency,
        LoggerFactory = loggerFactory,
    };

    private static StorageAccountClientProvider StorageClients(LocalDurableOptions options)
    {
        if (options.StorageRequestPolicy is not { } policy)
        {
            return new StorageAccountClientProvider(options.StorageConnection);
        }
        var (blobs, queues, tables) = (new BlobClientOptions(), new QueueClientOptions(), new TableClientOptions());
        blobs.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        queues.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        tables.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        return new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(options.StorageConnection, blobs),
            StorageServiceClientProvider.ForQueue(options.StorageConnection, queues),
            StorageServiceClientProvider.ForTable(options.StorageConnection, tables));
    }

    public async Task Stop(CancellationToken cancellationToken)
    {
        if (server is { } running)
        {
            server = null;
            if (await StorageServiceStarted(TimeSpan.FromSeconds(10), cancellationToken))
            {
                await running.StopAsync(cancellationToken);
            }
            await running.DisposeAsync();
        }
        clientService?.Dispose();
        clientService = null;
    }

    private async Task<bool> StorageServiceStarted(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (IsStartedField is null || service is null || !dispatches)
        {
            return true;
        }
        var deadline = DateTime.UtcNow + wait;
        while (IsStartedField.GetValue(service) is not true)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(100, cancellationToken);
        }
        return true;
    }

    // Opens a connection to the sidecar once it listens (the gRPC channel's connect callback).
    public async ValueTask<Stream> ConnectToSidecar(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var port = await listening.Task.WaitAsync(cancellationToken);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await Stop(CancellationToken.None);
}
