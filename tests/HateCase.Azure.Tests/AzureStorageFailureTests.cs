using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HateCase.Azure.Storage;
using HateCase.Runtime.Ports;

namespace HateCase.Azure.Tests;

// A stand-in server that hangs or answers with a server error, to see how the adapter reports it.
public sealed class AzureStorageFailureTests : IAsyncDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> connections = [];

    public AzureStorageFailureTests() => listener.Start();

    private int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    private string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={HateCase.Testing.AzuriteInstance.AccountKey};" +
        $"TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    [Fact]
    public async Task A_server_that_never_answers_surfaces_as_unavailable_after_the_execution_timeout()
    {
        _ = Serve(answer: null);
        var storage = AzureStorage.FromConnectionString(ConnectionString,
            new AzureStorageOptions { RequestTimeout = TimeSpan.FromSeconds(1) });
        var timer = Stopwatch.StartNew();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => storage.Tables.Get("cases", "case-1", "state", None));

        Assert.InRange(timer.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_server_busy_answer_surfaces_as_unavailable_without_retries()
    {
        var requests = Serve(answer: "HTTP/1.1 503 Server Busy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var storage = AzureStorage.FromConnectionString(ConnectionString);

        await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            storage.Tables.Commit("cases", [new RowWrite(RowOperation.Insert, new TableRow("case-1", "state", "{}"))], None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => storage.Queues.Enqueue("due", "m", null, None));

        Assert.Equal(2, requests.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        lock (connections)
        {
            connections.ForEach(c => c.Dispose());
        }

        stop.Dispose();
    }

    // Counts requests; answers each with `answer`, or holds the connection open without a word.
    private List<string> Serve(string? answer)
    {
        var requests = new List<string>();
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                lock (connections)
                {
                    connections.Add(client);
                }

                _ = Task.Run(async () =>
                {
                    try
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[64 * 1024];
                        var read = await stream.ReadAsync(buffer, stop.Token);
                        lock (requests)
                        {
                            requests.Add(Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 200)));
                        }

                        if (answer is not null)
                        {
                            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), stop.Token);
                            client.Close();
                        }
                    }
                    catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
                    {
                    }
                });
            }
        });
        return requests;
    }
}
