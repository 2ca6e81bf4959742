using System.Diagnostics;
using System.Net.Sockets;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using HateCase.Azure.Storage;
using HateCase.Runtime.Ports;

namespace HateCase.App.Hosting;

public static class StorageSetup
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    public static IServiceCollection AddCaseStorage(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connection = StorageConnection.Read(key => configuration[key], ConnectionSetting);
        if (connection is StorageConnection.ConnectionString { Value: var value }
            && value.Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<DevelopmentStorage>();
            services.AddHostedService(sp => sp.GetRequiredService<DevelopmentStorage>());
        }
        var storage = connection switch
        {
            StorageConnection.ConnectionString c => AzureStorage.FromConnectionString(c.Value),
            StorageConnection.Identity i => AzureStorage.FromServiceUris(i.TableServiceUri, i.BlobServiceUri, i.QueueServiceUri, Credential(i)),
            _ => throw new InvalidOperationException("Unknown storage connection."),
        };
        services.AddSingleton(storage);
        services.AddSingleton<ITableStore>(storage.Tables);
        services.AddSingleton<IBlobStore>(storage.Blobs);
        services.AddSingleton<IQueueStore>(storage.Queues);
        return services;
    }

    // The local Durable backend reaches storage with a connection string (Azurite's, locally).
    public static string ConnectionString(IConfiguration configuration) =>
        StorageConnection.Read(key => configuration[key], ConnectionSetting) is StorageConnection.ConnectionString { Value: var value }
            ? value
            : throw new InvalidOperationException(
                $"Run locally, the app's Durable backend needs {ConnectionSetting} as a connection string (UseDevelopmentStorage=true for Azurite); under the Functions host the Durable extension reads its own connection.");

    // The queue service the local host's queue triggers poll: the same account, base64 messages as
    // the queue extension reads them.
    public static QueueServiceClient QueueService(IConfiguration configuration)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        return StorageConnection.Read(key => configuration[key], ConnectionSetting) switch
        {
            StorageConnection.ConnectionString c => new QueueServiceClient(c.Value, options),
            StorageConnection.Identity i => new QueueServiceClient(i.QueueServiceUri, Credential(i), options),
            _ => throw new InvalidOperationException("Unknown storage connection."),
        };
    }

    private static TokenCredential Credential(StorageConnection.Identity identity) =>
        identity.ManagedIdentityOnly
            ? new ManagedIdentityCredential(identity.ClientId is { } clientId
                ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = identity.ClientId });
}

// With AzureWebJobsStorage=UseDevelopmentStorage=true and nothing listening on the emulator's
// ports, starts Azurite from node_modules (data kept in .azurite beside the app) and says so;
// stops it, by its own process id, when the app stops.
public sealed partial class DevelopmentStorage(IHostEnvironment environment, ILogger<DevelopmentStorage> logger) : IHostedService, IDisposable
{
    private static readonly int[] Ports = [10000, 10001, 10002];
    private Process? azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await AllListening(cancellationToken))
        {
            LogAlreadyRunning();
            return;
        }
        var root = FindRepositoryRoot(environment.ContentRootPath);
        var script = root is null ? null : Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (script is null || !File.Exists(script))
        {
            throw new InvalidOperationException(
                "AzureWebJobsStorage is UseDevelopmentStorage=true but nothing listens on ports 10000-10002 and Azurite is not installed: run 'npm ci' in the repository, or start Azurite yourself.");
        }
        var location = Path.Combine(root!, ".azurite");
        Directory.CreateDirectory(location);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--location", location, "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose" })
        {
            start.ArgumentList.Add(argument);
        }
        azurite = Process.Start(start) ?? throw new InvalidOperationException("Azurite could not be started.");
        azurite.OutputDataReceived += (_, _) => { };
        azurite.ErrorDataReceived += (_, _) => { };
        azurite.BeginOutputReadLine();
        azurite.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await AllListening(cancellationToken))
        {
            if (azurite.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Azurite was started but did not begin listening on ports 10000-10002 within 30 seconds.");
            }
            await Task.Delay(200, cancellationToken);
        }
        LogStarted(azurite.Id, location);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (azurite is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync(cancellationToken);
            LogStopped(running.Id);
        }
    }

    public void Dispose() => azurite?.Dispose();

    private static async Task<bool> AllListening(CancellationToken cancellationToken)
    {
        foreach (var port in Ports)
        {
            using var client = new TcpClient();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
                await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
        return true;
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "node_modules", "azurite")))
            {
                return directory.FullName;
            }
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite is already listening on ports 10000-10002; using it.")]
    private partial void LogAlreadyRunning();

    [LoggerMessage(Level = LogLevel.Information, Message = "Started Azurite (process {ProcessId}) for UseDevelopmentStorage=true, keeping its data in {Location}.")]
    private partial void LogStarted(int processId, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped Azurite (process {ProcessId}).")]
    private partial void LogStopped(int processId);
}
