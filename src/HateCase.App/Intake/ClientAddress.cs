using System.Net;
using Microsoft.Extensions.Primitives;

namespace HateCase.App.Intake;

// Where a request came from, for counting reports per sender. Under the Functions host every
// request reaches the worker from the host on this machine, and the address the platform's front
// end saw is the last one it added to X-Forwarded-For (anything before it the sender could have
// written). Run on its own, the app is reached directly, and the header is ignored: a sender could
// otherwise give a new address with every report.
public sealed class ClientAddress(bool behindFunctionsHost)
{
    public string Of(IPAddress? connection, StringValues forwardedFor)
    {
        if (behindFunctionsHost && LastForwarded(forwardedFor) is { } forwarded)
        {
            return forwarded.ToString();
        }
        return connection?.ToString() ?? "unknown";
    }

    private static IPAddress? LastForwarded(StringValues forwardedFor)
    {
        var last = forwardedFor.SelectMany(v => (v ?? "").Split(',')).Select(entry => entry.Trim()).LastOrDefault(entry => entry.Length > 0);
        if (last is null)
        {
            return null;
        }
        // "203.0.113.7", "203.0.113.7:52311", "[2001:db8::7]:52311" or "2001:db8::7".
        if (IPEndPoint.TryParse(last, out var endPoint))
        {
            return endPoint.Address;
        }
        return IPAddress.TryParse(last.Trim('[', ']'), out var address) ? address : null;
    }
}
