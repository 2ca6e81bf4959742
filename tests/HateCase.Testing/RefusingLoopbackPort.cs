using System.Net;
using System.Net.Sockets;

namespace HateCase.Testing;

// A loopback port held bound but never listening: a connection to it is refused at once, and no
// other process can start listening on it while a test relies on nothing being there.
public sealed class RefusingLoopbackPort : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingLoopbackPort()
    {
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    public void Dispose() => socket.Dispose();
}
