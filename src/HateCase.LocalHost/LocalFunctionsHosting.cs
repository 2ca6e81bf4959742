using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HateCase.LocalHost;

// The local host's two halves: services (the catalog, the timer and queue runner) and endpoints
// (the HTTP functions). The Durable Task worker takes DurableFunctions.AddFunctions.
public static class LocalFunctionsHosting
{
    public static IServiceCollection AddLocalFunctions(this IServiceCollection services, Assembly functionsAssembly,
        Action<LocalFunctionsOptions>? configure = null)
    {
        var catalog = FunctionCatalog.Read(functionsAssembly);
        services.AddSingleton(catalog);
        services.AddOptions<LocalFunctionsOptions>().Configure(options => configure?.Invoke(options));
        services.AddSingleton<IHostedService>(provider => new TriggerService(
            catalog, provider, provider.GetRequiredService<IOptions<LocalFunctionsOptions>>(), provider.GetRequiredService<ILogger<TriggerService>>()));
        return services;
    }

    public static IEndpointRouteBuilder MapLocalHttpFunctions(this IEndpointRouteBuilder app)
    {
        var catalog = app.ServiceProvider.GetRequiredService<IReadOnlyList<FunctionEntry>>();
        var options = app.ServiceProvider.GetRequiredService<IOptions<LocalFunctionsOptions>>().Value;
        HttpFunctions.Map(app, catalog, options.RoutePrefix);
        return app;
    }
}
