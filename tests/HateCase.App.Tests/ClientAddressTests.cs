using System.Net;
using HateCase.App.Intake;

namespace HateCase.App.Tests;

// Reports are counted per sender (Intake:PermitsPerMinute), so the sender's address must be the
// one the platform saw, and one a sender cannot choose.
public sealed class ClientAddressTests
{
    private static readonly IPAddress FunctionsHost = IPAddress.Loopback;

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7:52311", "203.0.113.7")]
    [InlineData("198.51.100.1, 203.0.113.7:52311", "203.0.113.7")]
    [InlineData("[2001:db8::7]:52311", "2001:db8::7")]
    [InlineData("2001:db8::7", "2001:db8::7")]
    public void Under_the_Functions_host_the_sender_is_the_last_address_the_front_end_forwarded(string forwardedFor, string sender) =>
        Assert.Equal(sender, new ClientAddress(behindFunctionsHost: true).Of(FunctionsHost, forwardedFor));

    [Fact]
    public void Under_the_Functions_host_a_request_without_a_forwarded_address_counts_as_the_host()
    {
        Assert.Equal("127.0.0.1", new ClientAddress(behindFunctionsHost: true).Of(FunctionsHost, default));
        Assert.Equal("127.0.0.1", new ClientAddress(behindFunctionsHost: true).Of(FunctionsHost, "not an address"));
    }

    [Fact]
    public void Run_on_its_own_the_app_ignores_a_forwarded_address_a_sender_could_change_with_every_report() =>
        Assert.Equal("198.51.100.20", new ClientAddress(behindFunctionsHost: false).Of(IPAddress.Parse("198.51.100.20"), "203.0.113.7"));
}
