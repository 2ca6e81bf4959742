using System.Net;
using System.Net.Http.Json;
using HateCase.LocalHost.SampleFunctions;
using HateCase.Testing;

namespace HateCase.LocalHost.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class HttpFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private SampleHost host = null!;

    public async Task InitializeAsync() => host = await SampleHost.StartAsync(azurite.ConnectionString);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_function_is_served_at_its_route_under_the_host_json_prefix_with_its_route_values()
    {
        var greeting = await host.Client.GetFromJsonAsync<Greeting>("api/greetings/Sam?style=warm");

        Assert.Equal(new Greeting("Sam", "warm"), greeting);
        Assert.Contains("greet:Greet", host.Observed.Events);
    }

    [Fact]
    public async Task A_function_without_a_route_is_served_at_its_name()
    {
        using var response = await host.Client.PostAsync("api/Echo", new StringContent("said once"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("said once", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_method_the_function_does_not_declare_is_refused()
    {
        using var response = await host.Client.DeleteAsync("api/Echo");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Nothing_is_served_outside_the_route_prefix()
    {
        using var response = await host.Client.GetAsync("greetings/Sam");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
